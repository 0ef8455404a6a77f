/*
 * init.c: lifecycle (see init.h). Start-up never recurses: until the
 * constructor has run, and while the server thread is being created, calls
 * run directly on the heap under heap_lock (api.c).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "init.h"

#include "channel.h"
#include "forward.h"
#include "heap.h"
#include "large.h"
#include "os.h"
#include "server.h"
#include "stats.h"

static pthread_key_t exit_key;
static int exit_key_ok;
static pid_t owner_pid;   /* the process whose exit writes NGMALLOC_STATS */

/* ---- Registry ---- */

/* Bind client c to a heap (in turn, or `heap` when not -1) and to the
 * calling thread. */
static void client_assign(ng_client_t *c, int heap)
{
    if (heap < 0)
        heap = (int)(atomic_fetch_add_explicit(&ng.next_heap, 1, memory_order_relaxed) % ng.nheaps);
    c->heap = (uint32_t)heap;
    c->regions = heap_regions((unsigned)heap);
    c->tid = os_gettid();
}

/* Publish freshly mapped client c, already assigned, in an empty slot; 0
 * on success. */
static int registry_insert(ng_client_t *c)
{
    atomic_store_explicit(&c->state, NG_CLIENT_LIVE, memory_order_release);
    for (uint32_t i = 0; i < NG_MAX_CLIENTS; i++) {
        ng_client_t *expected = NULL;
        if (atomic_load_explicit(&ng.clients[i], memory_order_relaxed) == NULL &&
            atomic_compare_exchange_strong(&ng.clients[i], &expected, c)) {
            uint32_t n = atomic_load(&ng.nclients);
            while (n < i + 1 && !atomic_compare_exchange_weak(&ng.nclients, &n, i + 1))
                ;
            return 0;
        }
    }
    return -1;
}

/* Take a client a finished thread left behind, reset for a new owner. */
static ng_client_t *registry_reuse(void)
{
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire);
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = atomic_load_explicit(&ng.clients[i], memory_order_acquire);
        uint32_t expected = NG_CLIENT_FREE;
        if (c && atomic_compare_exchange_strong(&c->state, &expected, NG_CLIENT_CLAIMED)) {
            memset(c, 0, offsetof(ng_client_t, queue));   /* control fields only */
            client_assign(c, -1);
            atomic_store_explicit(&c->state, NG_CLIENT_LIVE, memory_order_release);
            return c;
        }
    }
    return NULL;
}

ng_client_t *ng_register_thread(void)
{
    ng_client_t *c = registry_reuse();
    if (!c) {
        c = os_map(sizeof *c);
        if (!c)
            return NULL;
        client_assign(c, -1);
        if (registry_insert(c) != 0) {
            os_unmap(c, sizeof *c);
            return NULL;
        }
    }
    tl_self = c;
    if (ng.mode == NG_MODE_OFFLOAD)
        tl_client = c;
    if (exit_key_ok)
        pthread_setspecific(exit_key, c);
    return c;
}

/* Key destructor: fold the thread's counts, then hand the client back (the
 * server retires it, returning stocks and pending frees).
 * Calls the thread makes after this go through the orphan channel. */
static void thread_exit(void *arg)
{
    ng_client_t *c = arg;
    tl_client = NULL;
    tl_self = NULL;
    tl_exited = 1;
    large_thread_exit();
    for (unsigned k = 0; k < CNT_COUNT; k++) {
        atomic_fetch_add_explicit(&ng.done[k], c->counts[k], memory_order_relaxed);
        c->counts[k] = 0;
    }
    if (ng.mode == NG_MODE_INLINE) {   /* no server reads client records */
        atomic_store_explicit(&c->state, NG_CLIENT_FREE, memory_order_release);
        return;
    }
    /* Only the owner makes a record FREE, so it never reads one that a new
     * thread is resetting. */
    queue_publish(c);
    atomic_store_explicit(&c->state, NG_CLIENT_EXITING, memory_order_seq_cst);
    bell_ring(heap_bell(c->heap));
}

/* ---- Start-up ---- */

static unsigned servers_from_env(void);

/* The number of servers shapes the heap (a heap each), so it is read here,
 * with the environment as it is before any constructor if need be. */
NG_NOINLINE void ng_ensure_ready(void)
{
    if (atomic_load_explicit(&ng.phase, memory_order_acquire) != NG_PHASE_NONE)
        return;
    int saved = errno;
    lock_acquire(&ng.init_lock);
    if (atomic_load_explicit(&ng.phase, memory_order_relaxed) == NG_PHASE_NONE) {
        ng.nservers = servers_from_env();
        ng.nheaps = ng.nservers;
        ng.all.heaps = (uint32_t)((1ull << ng.nheaps) - 1);
        stock_rings_init();
        int ok = heap_init(ng.nheaps) == 0 && forward_init() == 0;
        atomic_store_explicit(&ng.phase, ok ? NG_PHASE_HEAP : NG_PHASE_BROKEN, memory_order_release);
    }
    lock_release(&ng.init_lock);
    errno = saved;
}

static ng_mode_t mode_from_env(void)
{
    const char *m = os_getenv("NGMALLOC_MODE");
    if (!m || !*m || strcmp(m, "offload") == 0)
        return NG_MODE_OFFLOAD;
    if (strcmp(m, "sync") == 0)
        return NG_MODE_SYNC;
    if (strcmp(m, "inline") == 0)
        return NG_MODE_INLINE;
    os_fatal("NGMALLOC_MODE=%s: expected offload, sync or inline", m);
}

/* NGMALLOC_CPU: a CPU number per server, comma-separated; servers past
 * the list take the default placement. */
static void cpus_from_env(void)
{
    const char *s = os_getenv("NGMALLOC_CPU");
    for (unsigned k = 0; k < NG_MAX_SERVERS; k++)
        ng.servers[k].cpu = -1;
    if (!s || !*s)
        return;
    const char *p = s;
    for (unsigned k = 0;; k++) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || (*end && *end != ',') || v < 0 || v > 4095 || k >= NG_MAX_SERVERS)
            os_fatal("NGMALLOC_CPU=%s: expected a CPU number, or one per server separated by commas", s);
        ng.servers[k].cpu = (int)v;
        if (!*end)
            return;
        p = end + 1;
    }
}

static unsigned servers_from_env(void)
{
    const char *s = os_getenv("NGMALLOC_SERVERS");
    if (!s || !*s)
        return 1;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 1 || v > (long)NG_MAX_SERVERS)
        os_fatal("NGMALLOC_SERVERS=%s: expected a number of servers from 1 to %u", s, NG_MAX_SERVERS);
    return (unsigned)v;
}

/* NGMALLOC_PREFAULT: 1 (the default) or 0. */
static int prefault_from_env(void)
{
    const char *s = os_getenv("NGMALLOC_PREFAULT");
    if (!s || !*s || strcmp(s, "1") == 0)
        return 1;
    if (strcmp(s, "0") == 0)
        return 0;
    os_fatal("NGMALLOC_PREFAULT=%s: expected 0 or 1", s);
}

static void fork_prepare(void);
static void fork_parent(void);
static void fork_child(void);
static void thread_exit(void *arg);

__attribute__((constructor(101))) static void ng_constructor(void)
{
    ng_ensure_ready();
    ng.mode = mode_from_env();
    cpus_from_env();
    heap_set_prefault(prefault_from_env());
    if (ng.mode == NG_MODE_INLINE && ng.nservers > 1)
        os_fatal("NGMALLOC_SERVERS=%u: mode inline has no server", ng.nservers);
    stats_keep_path(os_getenv("NGMALLOC_STATS"));
    owner_pid = getpid();
    exit_key_ok = pthread_key_create(&exit_key, thread_exit) == 0;
    pthread_atfork(fork_prepare, fork_parent, fork_child);
    if (ng.mode != NG_MODE_INLINE) {
        ng.orphan = os_map(sizeof *ng.orphan);
        if (ng.orphan) {
            client_assign(ng.orphan, 0);
            ng.orphan->tid = 0;   /* any thread's: no thread's CPU waiting to look at */
        }
        if (ng.orphan && registry_insert(ng.orphan) != 0)
            ng.orphan = NULL;
    }
    if (atomic_load_explicit(&ng.phase, memory_order_relaxed) == NG_PHASE_HEAP)
        atomic_store_explicit(&ng.phase, NG_PHASE_READY, memory_order_release);
}

/* ---- Fork ---- */

/* The parent's server stops between passes, so the heap is consistent
 * when the address space is copied. */
static void fork_prepare(void)
{
    lock_acquire(&ng.init_lock);
    lock_acquire(&ng.heap_lock);
    lock_acquire(&ng.orphan_lock);
    server_park();
    large_fork_prepare();
}

static void fork_parent(void)
{
    large_fork_parent();
    server_unpark();
    lock_release(&ng.orphan_lock);
    lock_release(&ng.heap_lock);
    lock_release(&ng.init_lock);
}

/* Only this thread survives: retire every other thread's client and free
 * what servers had forwarded to each other (as the owner of every heap for
 * now), and let the next call that needs servers start them. */
static void fork_child(void)
{
    lock_reset(&ng.orphan_lock);
    lock_reset(&ng.heap_lock);
    lock_reset(&ng.init_lock);
    large_fork_child();
    servers_reset();
    if (tl_self)
        tl_self->tid = os_gettid();   /* the child's only thread */
    uint32_t n = atomic_load(&ng.nclients), st;
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = client_active_at(i, &st);
        if (c && c != tl_self && c != ng.orphan)
            client_retire(&ng.all, c);
    }
    owner_take_forwarded(&ng.all);
}

/* ---- Process exit ---- */

/* Settle every pending free (so a double free is reported before exit) and
 * write the statistics. Live threads are left running: no join, no hang. */
__attribute__((destructor)) static void ng_destructor(void)
{
    if (ng.mode != NG_MODE_INLINE && atomic_load(&ng.phase) == NG_PHASE_READY) {
        if (tl_self)
            queue_publish(tl_self);
        servers_settle();
    }
    if (ng.stats_path && getpid() == owner_pid)
        stats_write();
}
