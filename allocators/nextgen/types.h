/*
 * types.h: the map of NextGen-Malloc.
 *
 *   arena    one reservation split into equal, aligned regions, 64 per heap,
 *            so a block's heap follows from its address, and its class from
 *            its region or, in the pool, from the class map (a byte per 64 KiB).
 *   heap     a pool of 64 KiB spans that the classes up to 8 KiB share, and a
 *            region of spans per larger class (heap.c); one owner at a time.
 *   span     the unit of reuse and of returning memory to the OS (madvise).
 *   block    what malloc returns. Nothing is ever stored in or beside it: its
 *            state is two bits in owner-only bitmaps (busy, given).
 *   large    blocks above NG_SMALL_MAX: their own mmap, in one table, reused
 *            through per-thread caches; any thread serves them (large.c).
 *   client   one per thread, bound to a heap: an SPSC free queue to the heap's
 *            owner, an SPSC stock ring per class from it (32-bit references),
 *            and a request slot for round trips (channel.c).
 *   owner    whoever runs owner-side code for a heap: its server thread
 *            (serve.c run by server.c) while it serves the heap, or a thread
 *            holding the heap's lock for one call (own.h).
 *            Blocks freed into another heap are forwarded to it (forward.c).
 *
 * Ownership rule for every shared field below: exactly one side writes it
 * (the low flags excepted: the client raises them, the owner lowers them).
 */
#ifndef NGMALLOC_TYPES_H
#define NGMALLOC_TYPES_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define NG_NCLASS      56              /* 16..128 step 16, then 4 per doubling */
#define NG_SMALL_MAX   (512u << 10)    /* largest size-class block */
#define NG_STOCK_CAP   1024u           /* slots of the largest stock ring (power of two) */
#define NG_STOCK_SLOTS 38912u          /* slots of all rings (stock_rings_init checks) */
#define NG_QUEUE_CAP   1024u           /* slots in a client's free queue */
#define NG_QUEUE_BATCH 32u             /* frees appended per publication to the owner */
#define NG_MAX_CLIENTS 4096u           /* registry slots (recycled on thread exit) */
#define NG_MAX_SERVERS 16u             /* NGMALLOC_SERVERS at most */
#define NG_MAX_HEAPS   16u             /* heaps at most (init.c: heaps_for_mode) */
#define NG_CACHELINE   64

#define NG_LIKELY(x)   __builtin_expect(!!(x), 1)
#define NG_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define NG_NOINLINE    __attribute__((noinline))
#define NG_API         __attribute__((visibility("default")))

/* Add n to a counter only the calling thread writes and any may read: a
 * relaxed load and store, no read-modify-write. */
static inline void ng_count(_Atomic uint64_t *counter, uint64_t n)
{
    atomic_store_explicit(counter, atomic_load_explicit(counter, memory_order_relaxed) + n,
                          memory_order_relaxed);
}

/* How calls reach the heaps (docs/nextgen.md, Modes). */
typedef enum { NG_MODE_AUTO, NG_MODE_OFFLOAD, NG_MODE_INPLACE, NG_MODE_SYNC, NG_MODE_INLINE } ng_mode_t;

/* Requests a client makes in a round trip with its heap's owner. */
typedef enum {
    NG_OP_NONE, NG_OP_MALLOC, NG_OP_FREE, NG_OP_BARRIER,
} ng_op_t;

/* Per-thread event counts, an array indexed by this enum, written only by
 * the owning thread (core.h's count_event). */
enum { CNT_MALLOC, CNT_FREE, CNT_CALLOC, CNT_REALLOC, CNT_ALIGNED, CNT_USABLE,
       CNT_HITS, CNT_MISSES, CNT_TAKEN_BACK, CNT_ROUND_TRIPS, CNT_IN_PLACE, CNT_COUNT };

/* One stock ring's fields the owner reads now and then (at a refill). */
typedef struct {
    _Atomic uint32_t head;   /* next slot the client takes */
    _Atomic uint32_t target; /* depth the owner keeps it filled to; grows on misses */
} ng_stock_shared_t;

/* One stock ring's fields only the client touches. */
typedef struct {
    uint32_t tail_seen;      /* last tail the client loaded (saves a shared load) */
    uint32_t low_mark;       /* below this many blocks, ask for a refill */
} ng_stock_private_t;

/* Owner-private state of a stock ring. */
typedef struct {
    uint32_t tail;           /* one past the last filled slot (published as stock_tail) */
    uint32_t given_upto;     /* slots before this were marked given in the bitmap */
    uint32_t head_seen;      /* the client's head as last loaded */
    uint32_t target_seen;    /* target as of the last refill */
} ng_stock_owner_t;

/* Fields are grouped by who writes them and how often the other side reads
 * them, so the fast paths write only lines the owner seldom reads. */
typedef struct ng_client {
    /* --- client-private: the owner never reads these while the thread lives --- */
    _Alignas(NG_CACHELINE) uint64_t counts[CNT_COUNT];
    uint32_t q_tail_local;           /* free queue: one past the last appended pointer */
    uint32_t q_head_seen;            /* last q_head loaded */
    uint64_t stock_bytes_target;     /* sum of target*size over classes (the bound) */
    /* heap_regions(heap), kept here: stock_pop decodes slots with it. The
     * owner calls heap_regions instead: this line is written by the client
     * on every call. */
    char *const *regions;
    ng_stock_private_t stock_p[NG_NCLASS];
    /* --- client-written, read by the owner now and then --- */
    _Alignas(NG_CACHELINE) ng_stock_shared_t stock_c[NG_NCLASS];
    /* --- client-written, polled by the owner: written once per batch or request --- */
    _Alignas(NG_CACHELINE) _Atomic uint32_t q_tail;  /* q_tail_local as last published */
    _Atomic uint32_t req_seq;        /* bumped when a request is posted */
    _Atomic uint32_t waiting;        /* client sleeps on resp_seq */
    _Atomic uint32_t state;          /* NG_CLIENT_*: client sets LIVE, EXITING; owner FREE */
    uint32_t heap;                   /* the heap that serves it: set before it goes LIVE */
    int tid;                         /* its thread's id (server.c: CPU waiting): set before LIVE */
    uint32_t req_op;                 /* ng_op_t of the posted request */
    void *req_ptr;
    size_t req_size;
    /* --- flags both sides write: client sets 1, owner clears after refilling --- */
    _Alignas(NG_CACHELINE) _Atomic uint8_t low[NG_NCLASS];
    /* --- written by the owner --- */
    _Alignas(NG_CACHELINE) _Atomic uint32_t q_head;  /* free queue: next pointer to drain */
    _Atomic uint32_t resp_seq;       /* equals req_seq once the response is ready */
    void *resp_ptr;
    /* --- written by the owner, read by the client when its stock looks empty --- */
    _Alignas(NG_CACHELINE) _Atomic uint32_t stock_tail[NG_NCLASS];  /* stock_s[].tail as published */
    /* --- owner-private: the client never reads these --- */
    _Alignas(NG_CACHELINE) ng_stock_owner_t stock_s[NG_NCLASS];
    uint64_t wait_seen, wait_seen_ns; /* its thread's run delay at the server's last look, and when */
    /* --- slots --- */
    _Alignas(NG_CACHELINE) void *queue[NG_QUEUE_CAP];
    uint32_t stock[NG_STOCK_SLOTS];  /* rings of heap_block_ref references, packed (ng_rings) */
} ng_client_t;

#endif
