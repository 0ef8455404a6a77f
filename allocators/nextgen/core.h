/*
 * core.h: the process-wide state of NextGen-Malloc and the per-thread
 * handles: data only, defined in core.c, read by every layer above the heap.
 * Nothing here calls another module; nothing here is touched on the offload
 * fast paths except tl_client.
 */
#ifndef NGMALLOC_CORE_H
#define NGMALLOC_CORE_H

#include "bell.h"
#include "lock.h"
#include "types.h"

/* Client states in the registry. */
enum { NG_CLIENT_LIVE = 1, NG_CLIENT_EXITING = 2, NG_CLIENT_FREE = 3, NG_CLIENT_CLAIMED = 4,
       NG_CLIENT_RETIRING = 5 };

/* How far start-up has got. Before NG_PHASE_READY (the constructor has not
 * run: calls from the loader or from earlier constructors) every call runs
 * directly on heap 0 under its lock. */
enum { NG_PHASE_NONE, NG_PHASE_HEAP, NG_PHASE_READY, NG_PHASE_BROKEN };

/* What the calling thread is to the allocator. */
enum { NG_ROLE_CLIENT, NG_ROLE_SERVER, NG_ROLE_BOOT };

/* Who runs owner-side code (types.h: owner): the heaps it owns (a bit
 * each) and the heap it forwards from and counts large blocks against. A
 * serving server owns its heaps; a thread holding a heap's lock owns that
 * heap; a forked child's only thread, or server 0 ending the process, owns
 * them all. */
typedef struct {
    uint32_t heaps;
    unsigned home;
} ng_owner_t;

static inline int owns(const ng_owner_t *o, unsigned h) { return (o->heaps >> h) & 1; }

/* Who owns heap h now (own.c): a server serving it holds its lock for as
 * long as it serves it; otherwise a thread serving itself holds it for one
 * call. `served` changes only under the lock. */
#define NG_UNSERVED UINT32_MAX
typedef struct {
    _Alignas(NG_CACHELINE) ng_lock_t lock;
    _Atomic uint32_t served;           /* index of the server serving it, or NG_UNSERVED */
} ng_heap_owner_t;

/* One server thread, its fields grouped by how often who writes them:
 * clients read `bell.sleeping` on their slow paths, so nothing the server
 * writes per pass may share its line. */
typedef struct {
    /* --- the wake-up protocol: read by clients --- */
    _Alignas(NG_CACHELINE) ng_bell_t bell;
    int cpu;                           /* from NGMALLOC_CPU; -1 for the default placement */
    /* --- handshakes: fork, exit --- */
    _Alignas(NG_CACHELINE) _Atomic uint32_t parked;    /* park_req value it parked for */
    _Atomic uint32_t barrier_req;      /* bumped by a thread wanting every queue drained */
    _Atomic uint32_t barrier_done;     /* barrier_req as of the server's last drain of all */
    _Atomic uint32_t barrier_served;   /* it served its heaps then (else it had none to drain) */
    /* --- figures the server publishes for the statistics --- */
    _Alignas(NG_CACHELINE) _Atomic uint64_t busy_ticks, up_ticks;
    _Atomic uint64_t offload_ns, inplace_ns;   /* time its heaps were served by it, and in place, */
    _Atomic uint64_t way_since_ns;     /* ... up to this moment, since when they were */
    _Atomic uint32_t serving;          /* ... served by it (1) or in place (0) */
    _Atomic uint64_t switches;         /* changes between the two */
} ng_server_t;

typedef struct {
    ng_mode_t mode;                    /* set once, before the heaps are made */
    unsigned nservers;                 /* NGMALLOC_SERVERS (no thread runs in modes inline, inplace) */
    unsigned nheaps;                   /* heap h is served by server h % nservers */
    ng_owner_t all;                    /* every heap (a forked child's only thread) */
    ng_owner_t one[NG_MAX_HEAPS];      /* heap h alone, as a thread claiming it owns it */
    unsigned switch_every_ms;          /* NGMALLOC_SWITCH_EVERY_MS: auto switches by the clock */
    const char *stats_path;            /* NGMALLOC_STATS or NULL */
    uint64_t start_ns;                 /* when the heaps were made */
    _Atomic int phase;
    _Atomic int server_up;             /* every server thread exists */
    _Atomic int server_failed;         /* a server thread could not be created: no retry */
    ng_heap_owner_t heaps[NG_MAX_HEAPS];
    ng_lock_t init_lock;               /* start-up and server start */
    ng_lock_t orphan_lock;             /* serialises users of the orphan client */
    ng_client_t *orphan;               /* channel for threads past their exit */
    _Atomic(ng_client_t *) clients[NG_MAX_CLIENTS];
    _Atomic uint32_t nclients;         /* high-water mark of used slots */
    _Atomic uint32_t next_heap;        /* threads are dealt to heaps in turn */
    _Atomic uint32_t server_go;        /* the servers may touch their heaps */
    _Atomic uint32_t park_req;         /* odd: fork wants the servers parked */
    _Atomic uint32_t halt;             /* servers other than 0 stop for good (see server.c) */
    _Atomic uint32_t parking;          /* servers that reached the end of a pass to park */
    uint32_t parkers;                  /* how many will (set before a park or halt is asked) */
    _Atomic uint64_t done[CNT_COUNT];  /* counts of exited threads and of unregistered calls */
    ng_server_t servers[NG_MAX_SERVERS];
} ng_global_t;

extern ng_global_t ng;
extern __thread ng_client_t *tl_client;   /* own client when the fast paths apply (offload) */
extern __thread ng_client_t *tl_self;     /* own client in any mode; NULL if none */
extern __thread int tl_role;
extern __thread int tl_exited;            /* thread passed its exit destructor */
extern __thread unsigned tl_server;       /* a server thread's index */
extern __thread const ng_owner_t *tl_owner;   /* the heaps a server serves now; NULL if none */

/* The server that serves heap h when it is served. */
static inline unsigned heap_server(unsigned h) { return h % ng.nservers; }

/* The bell of the server that serves heap h. */
static inline ng_bell_t *heap_bell(unsigned h) { return &ng.servers[heap_server(h)].bell; }

/* 1 in the modes whose clients have stocks and free queues (the fast
 * paths): auto, offload, inplace. */
static inline int mode_stocks(void)
{
    return ng.mode == NG_MODE_AUTO || ng.mode == NG_MODE_OFFLOAD || ng.mode == NG_MODE_INPLACE;
}

/* 1 in the modes that run server threads: auto, offload, sync. */
static inline int mode_servers(void)
{
    return ng.mode == NG_MODE_AUTO || ng.mode == NG_MODE_OFFLOAD || ng.mode == NG_MODE_SYNC;
}

/* Registry slot i's client if it is live or exiting (its owner still
 * serves it); else NULL. *state receives its state. */
static inline ng_client_t *client_active_at(uint32_t i, uint32_t *state)
{
    ng_client_t *c = atomic_load_explicit(&ng.clients[i], memory_order_acquire);
    *state = c ? atomic_load_explicit(&c->state, memory_order_acquire) : 0;
    return *state == NG_CLIENT_LIVE || *state == NG_CLIENT_EXITING ? c : NULL;
}

/* Count one event of kind k (CNT_*) for the calling thread. */
static inline void count_event(unsigned k)
{
    if (tl_self)
        tl_self->counts[k]++;
    else
        atomic_fetch_add_explicit(&ng.done[k], 1, memory_order_relaxed);
}

#endif
