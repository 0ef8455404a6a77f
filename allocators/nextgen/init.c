/*
 * init.c: lifecycle (see init.h). Start-up never recurses: until the
 * constructor has run, and while the server thread is being created, calls
 * run directly on a heap (api.c).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "init.h"

#include "call.h"
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
    if (mode_stocks())
        tl_client = c;
    if (exit_key_ok)
        pthread_setspecific(exit_key, c);
    return c;
}

/* Key destructor: fold the thread's counts, then hand the client back
 * (call_retire: its stocks and pending frees return to its heap). Calls
 * the thread makes after this go through the orphan channel. */
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
    call_retire(c);
}

/* ---- Start-up ---- */

static unsigned servers_from_env(void);
static ng_mode_t mode_from_env(void);

/* Heaps for the mode: one per server where only servers serve them (modes
 * offload, sync); where threads serve themselves, enough that threads
 * seldom share one (two per CPU the process may use, at most
 * NG_MAX_HEAPS). */
static unsigned heaps_for_mode(void)
{
    if (ng.mode == NG_MODE_OFFLOAD || ng.mode == NG_MODE_SYNC)
        return ng.nservers;
    unsigned want = 2 * os_cpus_allowed();
    if (want < ng.nservers)
        want = ng.nservers;
    return want < NG_MAX_HEAPS ? want : NG_MAX_HEAPS;
}

/* The mode and the number of servers shape the heaps, so they are read
 * here, with the environment as it is before any constructor if need be. */
NG_NOINLINE void ng_ensure_ready(void)
{
    if (atomic_load_explicit(&ng.phase, memory_order_acquire) != NG_PHASE_NONE)
        return;
    int saved = errno;
    lock_acquire(&ng.init_lock);
    if (atomic_load_explicit(&ng.phase, memory_order_relaxed) == NG_PHASE_NONE) {
        ng.mode = mode_from_env();
        ng.nservers = servers_from_env();
        if ((ng.mode == NG_MODE_INLINE || ng.mode == NG_MODE_INPLACE) && ng.nservers > 1)
            os_fatal("NGMALLOC_SERVERS=%u: mode %s has no server", ng.nservers,
                     ng.mode == NG_MODE_INLINE ? "inline" : "inplace");
        ng.nheaps = heaps_for_mode();
        ng.start_ns = os_now_ns();
        ng.all.heaps = (uint32_t)((1ull << ng.nheaps) - 1);
        for (unsigned h = 0; h < NG_MAX_HEAPS; h++)
            ng.one[h] = (ng_owner_t){ 1u << h, h };
        stock_rings_init();
        int ok = heap_init(ng.nheaps) == 0 && forward_init() == 0;
        atomic_store_explicit(&ng.phase, ok ? NG_PHASE_HEAP : NG_PHASE_BROKEN, memory_order_release);
    }
    lock_release(&ng.init_lock);
    errno = saved;
}

static ng_mode_t mode_from_env(void)
{
    static const struct { const char *name; ng_mode_t mode; } modes[] = {
        { "auto", NG_MODE_AUTO }, { "offload", NG_MODE_OFFLOAD }, { "inplace", NG_MODE_INPLACE },
        { "sync", NG_MODE_SYNC }, { "inline", NG_MODE_INLINE },
    };
    const char *m = os_getenv("NGMALLOC_MODE");
    if (!m || !*m)
        return NG_MODE_AUTO;
    for (unsigned i = 0; i < sizeof modes / sizeof *modes; i++)
        if (strcmp(m, modes[i].name) == 0)
            return modes[i].mode;
    os_fatal("NGMALLOC_MODE=%s: expected auto, offload, inplace, sync or inline", m);
}

/* Environment variable `name` as a number from min to max, `unset` when it
 * is unset or empty; anything else stops the program with `expected`. */
static unsigned number_from_env(const char *name, long min, long max, unsigned unset, const char *expected)
{
    const char *s = os_getenv(name);
    if (!s || !*s)
        return unset;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < min || v > max)
        os_fatal("%s=%s: expected %s", name, s, expected);
    return (unsigned)v;
}

/* NGMALLOC_SWITCH_EVERY_MS: mode auto switches between offloading and
 * serving in place by the clock, every so many milliseconds (1-60000), to
 * test the switch; unset, it decides from what the server measures. */
static unsigned switch_every_from_env(void)
{
    long max = ng.mode == NG_MODE_AUTO ? 60000 : 0;   /* in other modes, any value is refused */
    return number_from_env("NGMALLOC_SWITCH_EVERY_MS", 1, max, 0, "1 to 60000 milliseconds, in mode auto");
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
    return number_from_env("NGMALLOC_SERVERS", 1, NG_MAX_SERVERS, 1, "a number of servers from 1 to 16");
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
    cpus_from_env();
    heap_set_prefault(prefault_from_env());
    ng.switch_every_ms = switch_every_from_env();
    stats_keep_path(os_getenv("NGMALLOC_STATS"));
    owner_pid = getpid();
    exit_key_ok = pthread_key_create(&exit_key, thread_exit) == 0;
    pthread_atfork(fork_prepare, fork_parent, fork_child);
    if (ng.mode != NG_MODE_INLINE) {   /* inline: threads past exit call the heaps directly */
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

/* The parent's servers stop between passes and the forker owns every
 * other heap, so the heaps are consistent when the address space is
 * copied. */
static void fork_prepare(void)
{
    lock_acquire(&ng.init_lock);
    lock_acquire(&ng.orphan_lock);
    server_park();
    large_fork_prepare();
}

static void fork_parent(void)
{
    large_fork_parent();
    server_unpark();
    lock_release(&ng.orphan_lock);
    lock_release(&ng.init_lock);
}

/* Only this thread survives: retire every other thread's client and free
 * what servers had forwarded to each other (as the owner of every heap for
 * now), and let the next call that needs servers start them. */
static void fork_child(void)
{
    lock_reset(&ng.orphan_lock);
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
    if (atomic_load(&ng.phase) == NG_PHASE_READY) {
        if (tl_self)
            queue_publish(tl_self);
        servers_settle();
    }
    if (ng.stats_path && getpid() == owner_pid)
        stats_write();
}
