/*
 * types.h: the map of NextGen-Malloc.
 *
 *   arena    one reservation split into equal, aligned regions, 64 per
 *            server's heap, so a block's heap follows from its address, and
 *            its class from its region or, in the pool, from the class map
 *            (a byte per 64 KiB span).
 *   pool     a heap's first regions: 64 KiB spans that the classes of blocks
 *            up to 8 KiB share, so a span one class emptied serves another.
 *   region   each larger class's own run of spans.
 *   span     the unit of reuse and of returning memory to the OS (madvise);
 *            spans are handed out bump-wise, then reused.
 *   block    what malloc returns. Nothing is ever stored in or beside it: its
 *            state is two bits in server-only bitmaps (busy, given).
 *   large    requests above NG_SMALL_MAX: their own mmap, in a server-only table.
 *   client   one per thread: an SPSC free queue to the server, one SPSC stock
 *            ring per class from the server (32-bit references into the
 *            class's region or pool; rings of 256 or 1024 slots, packed),
 *            and a request slot for round trips.
 *   server   a thread that alone writes its heap's metadata (modes offload,
 *            sync) and serves a share of the clients; in mode inline the
 *            calling thread does, under the heap lock. Blocks a client frees
 *            from another server's heap are forwarded to that server.
 *
 * Ownership rule for every shared field below: exactly one side writes it
 * (the low flags excepted: the client raises them, the server lowers them).
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
#define NG_QUEUE_BATCH 32u             /* frees appended per publication to the server */
#define NG_MAX_CLIENTS 4096u           /* registry slots (recycled on thread exit) */
#define NG_MAX_SERVERS 16u             /* NGMALLOC_SERVERS at most */
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

typedef enum { NG_MODE_OFFLOAD, NG_MODE_SYNC, NG_MODE_INLINE } ng_mode_t;

/* Requests a client makes in a round trip with the server. */
typedef enum {
    NG_OP_NONE, NG_OP_MALLOC, NG_OP_LARGE, NG_OP_FREE, NG_OP_REALLOC_LARGE,
    NG_OP_USABLE_LARGE, NG_OP_BARRIER,
} ng_op_t;

/* Per-thread call counts, written only by the owning thread. */
typedef struct {
    uint64_t malloc, free, calloc, realloc, aligned, usable_size;
    uint64_t stock_hits, stock_misses, sync_round_trips;
} ng_counts_t;

/* One stock ring's fields the server reads now and then (at a refill). */
typedef struct {
    _Atomic uint32_t head;   /* next slot the client takes */
    _Atomic uint32_t target; /* depth the server keeps it filled to; grows on misses */
} ng_stock_shared_t;

/* One stock ring's fields only the client touches. */
typedef struct {
    uint32_t tail_seen;      /* last tail the client loaded (saves a shared load) */
    uint32_t low_mark;       /* below this many blocks, ask for a refill */
} ng_stock_private_t;

/* Server-private state of a stock ring. */
typedef struct {
    uint32_t tail;           /* one past the last filled slot (published as stock_tail) */
    uint32_t given_upto;     /* slots before this were marked given in the bitmap */
    uint32_t head_seen;      /* the client's head as last loaded */
    uint32_t target_seen;    /* target as of the last refill */
} ng_stock_server_t;

/* Fields are grouped by who writes them and how often the other side reads
 * them, so the fast paths write only lines the server seldom reads. */
typedef struct ng_client {
    /* --- client-private: the server never reads these while the thread lives --- */
    _Alignas(NG_CACHELINE) ng_counts_t counts;
    uint32_t q_tail_local;           /* free queue: one past the last appended pointer */
    uint32_t q_head_seen;            /* last q_head loaded */
    uint64_t stock_bytes_target;     /* sum of target*size over classes (the bound) */
    /* heap_regions(server), kept here: stock_pop decodes slots with it. The
     * server calls heap_regions instead: reading this line, which the
     * client writes on every call, cost 7 ns a malloc+free pair. */
    char *const *regions;
    ng_stock_private_t stock_p[NG_NCLASS];
    /* --- client-written, read by the server now and then --- */
    _Alignas(NG_CACHELINE) ng_stock_shared_t stock_c[NG_NCLASS];
    /* --- client-written, polled by the server: written once per batch or request --- */
    _Alignas(NG_CACHELINE) _Atomic uint32_t q_tail;  /* q_tail_local as last published */
    _Atomic uint32_t req_seq;        /* bumped when a request is posted */
    _Atomic uint32_t waiting;        /* client sleeps on resp_seq */
    _Atomic uint32_t state;          /* NG_CLIENT_*: client sets LIVE, EXITING; owner FREE */
    uint32_t server;                 /* the server that serves it: set before it goes LIVE */
    int tid;                         /* its thread's id (server.c: CPU waiting): set before LIVE */
    uint32_t req_op;                 /* ng_op_t of the posted request */
    void *req_ptr;
    size_t req_size, req_align;
    /* --- flags both sides write: client sets 1, server clears after refilling --- */
    _Alignas(NG_CACHELINE) _Atomic uint8_t low[NG_NCLASS];
    /* --- written by the server --- */
    _Alignas(NG_CACHELINE) _Atomic uint32_t q_head;  /* free queue: next pointer to drain */
    _Atomic uint32_t resp_seq;       /* equals req_seq once the response is ready */
    void *resp_ptr;
    size_t resp_size;
    /* --- written by the server, read by the client when its stock looks empty --- */
    _Alignas(NG_CACHELINE) _Atomic uint32_t stock_tail[NG_NCLASS];  /* stock_s[].tail as published */
    /* --- server-private: the client never reads these --- */
    _Alignas(NG_CACHELINE) ng_stock_server_t stock_s[NG_NCLASS];
    uint64_t wait_seen, wait_seen_ns; /* its thread's run delay at the server's last look, and when */
    /* --- slots --- */
    _Alignas(NG_CACHELINE) void *queue[NG_QUEUE_CAP];
    uint32_t stock[NG_STOCK_SLOTS];  /* rings of heap_block_ref references, packed (ng_rings) */
} ng_client_t;

#endif
