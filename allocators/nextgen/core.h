/*
 * core.h: the process-wide state of NextGen-Malloc and the per-thread
 * handles, shared by the modules that route calls (api.c), run the server
 * (server.c), own the channels (channel.c), manage lifecycles (init.c) and
 * report (stats.c). Nothing here is touched on the offload fast paths except
 * tl_client.
 */
#ifndef NGMALLOC_CORE_H
#define NGMALLOC_CORE_H

#include "lock.h"
#include "types.h"

/* Client states in the registry. */
enum { NG_CLIENT_LIVE = 1, NG_CLIENT_EXITING = 2, NG_CLIENT_FREE = 3, NG_CLIENT_CLAIMED = 4 };

/* How far start-up has got. Before NG_PHASE_READY (environment not read,
 * e.g. calls from the loader or from earlier constructors) every call runs
 * on the heap directly under heap_lock. */
enum { NG_PHASE_NONE, NG_PHASE_HEAP, NG_PHASE_READY, NG_PHASE_BROKEN };

/* What the calling thread is to the allocator. */
enum { NG_ROLE_CLIENT, NG_ROLE_SERVER, NG_ROLE_BOOT };

/* One server thread, its fields grouped by how often who writes them:
 * clients read `sleeping` on their slow paths, so nothing the server writes
 * per pass may share its line (that cost 3 ns a malloc+free pair). */
typedef struct {
    /* --- the wake-up protocol: read by clients --- */
    _Alignas(NG_CACHELINE) _Atomic uint32_t sleeping;  /* is (about to be) in futex_wait */
    _Atomic uint32_t futex;            /* bumped to wake it */
    int cpu;                           /* from NGMALLOC_CPU; -1 for the default placement */
    /* --- handshakes: fork, exit --- */
    _Alignas(NG_CACHELINE) _Atomic uint32_t parked;    /* park_req value it parked for */
    _Atomic uint32_t barrier_req;      /* bumped by a thread wanting every queue drained */
    _Atomic uint32_t barrier_done;     /* barrier_req as of the server's last drain of all */
    /* --- figures the server publishes for the statistics --- */
    _Alignas(NG_CACHELINE) _Atomic uint64_t busy_ticks, up_ticks;
    _Atomic uint64_t forwarded;        /* blocks it forwarded to other servers */
} ng_server_t;

typedef struct {
    ng_mode_t mode;                    /* set once by the constructor */
    unsigned nservers;                 /* NGMALLOC_SERVERS, read before the heap is made */
    const char *stats_path;            /* NGMALLOC_STATS or NULL */
    _Atomic int phase;
    _Atomic int server_up;             /* every server thread exists */
    _Atomic int server_failed;         /* a server thread could not be created: no retry */
    ng_lock_t heap_lock;               /* heap owner lock when no server owns it */
    ng_lock_t init_lock;               /* start-up and server start */
    ng_lock_t orphan_lock;             /* serialises users of the orphan client */
    ng_client_t *orphan;               /* channel for threads past their exit */
    _Atomic(ng_client_t *) clients[NG_MAX_CLIENTS];
    _Atomic uint32_t nclients;         /* high-water mark of used slots */
    _Atomic uint32_t next_server;      /* threads are dealt to servers in turn */
    _Atomic uint32_t server_go;        /* the servers may touch their heaps */
    _Atomic uint32_t park_req;         /* odd: fork wants the servers parked */
    _Atomic uint32_t halt;             /* servers other than 0 stop for good (see server.c) */
    _Atomic uint32_t parking;          /* servers that reached the end of a pass to park */
    uint32_t parkers;                  /* how many will (set before a park or halt is asked) */
    _Atomic uint64_t done[9];          /* counts of exited threads and of direct calls (ng_counts_t order) */
    ng_server_t servers[NG_MAX_SERVERS];
} ng_global_t;

extern ng_global_t ng;
extern __thread ng_client_t *tl_client;   /* own client when the fast paths apply (offload) */
extern __thread ng_client_t *tl_self;     /* own client in any mode; NULL if none */
extern __thread int tl_role;
extern __thread int tl_exited;            /* thread passed its exit destructor */
extern __thread unsigned tl_server;       /* a server thread's index (its heap) */

/* ---- init.c ---- */
void ng_ensure_ready(void);               /* first-call initialisation */
ng_client_t *ng_register_thread(void);    /* NULL when impossible (then use the orphan) */
/* Assign client c to a server (in turn, or `server` when not -1) and to
 * the calling thread. */
void ng_client_assign(ng_client_t *c, int server);

/* ---- api.c ---- */
/* Run op as the calling thread may: directly on the heap under heap_lock, or
 * by a round trip through its own client or the orphan client. */
void *ng_call(ng_op_t op, void *ptr, size_t size, size_t align, size_t *out_size);

/* ---- server.c ---- */
/* Start the servers if they are not running; 0 when they cannot be (no
 * memory for a thread), in which case round trips are answered by the caller. */
int server_ensure(void);
void server_wake(unsigned s);
/* One request through client c's slot to its server; the response lands in
 * c->resp_*. */
void round_trip(ng_client_t *c, ng_op_t op, void *ptr, size_t size, size_t align);
/* Every server drains every queue of its clients and what was forwarded to
 * it, twice over (so blocks forwarded in the first round are freed too). */
void servers_barrier(void);
void server_park(void);                   /* fork prepare: every server */
void server_unpark(void);                 /* fork parent */
void servers_reset(void);                 /* fork child: no server exists */

/* ---- ops.c: an operation run by the owner of heap h (its server, or the
 * lock holder, who owns every heap) ---- */
void *op_run(unsigned h, ng_op_t op, void *ptr, size_t size, size_t align, size_t *out_size);

/* ---- stats.c ---- */
void stats_write(void);

/* Count one event of kind k (index into ng_counts_t) for the calling thread. */
static inline void count_event(unsigned k)
{
    if (tl_self)
        ((uint64_t *)&tl_self->counts)[k]++;
    else
        atomic_fetch_add_explicit(&ng.done[k], 1, memory_order_relaxed);
}
enum { CNT_MALLOC, CNT_FREE, CNT_CALLOC, CNT_REALLOC, CNT_ALIGNED, CNT_USABLE,
       CNT_HITS, CNT_MISSES, CNT_ROUND_TRIPS };

#endif
