/*
 * server.c: the server threads (see server.h).
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "server.h"

#include "large.h"
#include "os.h"
#include "serve.h"
#include "share.h"

#define CLIENT_SPIN_TICKS 100000  /* TSC ticks (~30-45 us) a client waits for an answer before sleeping */
#define CLIENT_YIELD_EVERY 64     /* pause rounds between sched_yield calls: lets the server run on a full machine */
#define SERVER_IDLE_TICKS 2000000  /* TSC ticks (~1 ms) the server spins idle before sleeping */
#define SHARED_IDLE_TICKS 30000    /* (~10 us) the same while its CPU is shared */
#define SERVER_YIELD_EVERY 64      /* idle passes between sched_yield calls while spinning */
#define SERVER_STACK   (256u << 10)
#define SERVER_LONE_CHECK_MS 200   /* while asleep: is the server the last thread left? */
#define SERVER_SWEEP_MS 12         /* while asleep with empty spans: when to look again */
#define SHARE_CLIENTS_LOOKED 4     /* clients whose waiting a window looks at, in turn */
#define SHARE_CLIENTS_TRIED 64     /* registry slots a window goes through for them, at most */

/* What server s owns: its heap. */
static ng_owner_t server_owner(unsigned s) { return (ng_owner_t){ 1u << s, s }; }

/* ---- Round trips (client side) ---- */

/* No server could be started (out of memory): the caller does the server's
 * work for its own request under heap_lock, unless a server came up. */
static int answer_without_server(ng_client_t *c, uint32_t seq)
{
    lock_acquire(&ng.heap_lock);
    int alone = !atomic_load_explicit(&ng.server_up, memory_order_acquire);
    if (alone) {
        queue_drain(&ng.all, c);
        serve_answer(&ng.all, c, seq);
    }
    lock_release(&ng.heap_lock);
    return alone;
}

void round_trip(ng_client_t *c, ng_op_t op, void *ptr, size_t size)
{
    int have_server = server_ensure();
    queue_publish(c);          /* the server drains these before answering */
    c->req_op = op;
    c->req_ptr = ptr;
    c->req_size = size;
    uint32_t seq = atomic_load_explicit(&c->req_seq, memory_order_relaxed) + 1;
    c->counts[CNT_ROUND_TRIPS]++;
    if (NG_UNLIKELY(!have_server)) {
        atomic_store_explicit(&c->req_seq, seq, memory_order_relaxed);
        if (answer_without_server(c, seq))
            return;
    }
    atomic_store_explicit(&c->req_seq, seq, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    bell_ring_if_asleep(heap_bell(c->heap));
    /* Spin long enough for the server to drain a full free queue or prefault
     * a refill before sleeping: a wake-up costs 10-50 us here. */
    uint64_t until = os_ticks() + CLIENT_SPIN_TICKS;
    for (unsigned i = 1; os_ticks() < until; i++) {
        if (atomic_load_explicit(&c->resp_seq, memory_order_acquire) == seq)
            return;
        if (i % CLIENT_YIELD_EVERY == 0)
            os_yield();
        else
            os_pause();
    }
    while (atomic_load_explicit(&c->resp_seq, memory_order_acquire) != seq) {
        atomic_store_explicit(&c->waiting, 1, memory_order_seq_cst);
        if (atomic_load_explicit(&c->resp_seq, memory_order_seq_cst) == seq)
            break;
        os_futex_wait(&c->resp_seq, seq - 1);
    }
    atomic_store_explicit(&c->waiting, 0, memory_order_relaxed);
}

/* ---- Serving ---- */

/* Busy and total time are in TSC ticks: only their ratio is reported. */
static void publish_figures(unsigned s, uint64_t busy, uint64_t up)
{
    atomic_store_explicit(&ng.servers[s].busy_ticks, busy, memory_order_relaxed);
    atomic_store_explicit(&ng.servers[s].up_ticks, up, memory_order_relaxed);
}

/* A thread asked for every queue to be drained (servers_settle). */
static int serve_barrier(unsigned s)
{
    ng_server_t *me = &ng.servers[s];
    uint32_t req = atomic_load_explicit(&me->barrier_req, memory_order_acquire);
    if (req == atomic_load_explicit(&me->barrier_done, memory_order_relaxed))
        return 0;
    ng_owner_t o = server_owner(s);
    serve_drain_all(&o);
    atomic_store_explicit(&me->barrier_done, req, memory_order_seq_cst);
    os_futex_wake(&me->barrier_done, INT32_MAX);
    return 1;
}

/* One pass of server s: a barrier asked for, then its clients. */
static int server_pass(unsigned s)
{
    ng_owner_t o = server_owner(s);
    int work = serve_barrier(s);
    return serve_pass(&o) | work;
}

static int any_work(unsigned s)
{
    if (atomic_load_explicit(&ng.park_req, memory_order_seq_cst) & 1)
        return 1;
    if (s != 0 && atomic_load_explicit(&ng.halt, memory_order_seq_cst))
        return 1;
    if (atomic_load_explicit(&ng.servers[s].barrier_req, memory_order_seq_cst) !=
        atomic_load_explicit(&ng.servers[s].barrier_done, memory_order_relaxed))
        return 1;
    ng_owner_t o = server_owner(s);
    return serve_has_work(&o);
}

/* The main thread called pthread_exit and every other thread but the
 * servers has gone: glibc ends the process with exit(0) from the last
 * thread, but that was an application thread while the servers lived, so
 * server 0 does it. It stops the others for good (they park between
 * passes), serves what is pending, and from then on is an ordinary thread
 * of the process: later calls (from atexit handlers, destructors) run
 * directly on the heaps under heap_lock. */
NG_NOINLINE static void server_exit_process(void)
{
    ng_owner_t o = server_owner(0);
    ng.parkers = ng.nservers - 1;
    atomic_store_explicit(&ng.parking, 0, memory_order_seq_cst);
    atomic_store_explicit(&ng.halt, 1, memory_order_seq_cst);
    for (unsigned s = 1; s < ng.nservers; s++)   /* all at once: they stop together */
        bell_ring(&ng.servers[s].bell);
    for (unsigned s = 1; s < ng.nservers; s++) {
        uint32_t p;
        while ((p = atomic_load_explicit(&ng.servers[s].parked, memory_order_acquire)) != UINT32_MAX)
            if (!owner_take_forwarded(&o))   /* one may be waiting for room on its ring to 0 */
                os_futex_wait_ms(&ng.servers[s].parked, p, 1);
    }
    tl_role = NG_ROLE_BOOT;     /* owns every heap now: forwards become frees */
    while (serve_pass(&ng.all))
        ;
    atomic_store_explicit(&ng.server_up, 0, memory_order_release);
    atomic_store_explicit(&ng.server_failed, 1, memory_order_release);
    exit(0);
}

/* ---- Sharing a CPU (share.h decides; this measures and places) ---- */

static __thread ng_share_t cpu_share;   /* each server's own */
static __thread uint32_t next_looked;   /* registry slot the next look at clients starts from */

/* Widen or narrow the server's placement after the verdict changed: the
 * default placement may move, NGMALLOC_CPU's may not. */
static void share_place(void)
{
    if (ng.servers[tl_server].cpu >= 0)
        return;
    if (cpu_share.shared)
        os_unpin_self();
    else
        os_pin_self(-1, tl_server);
}

/* 1 when one of the next SHARE_CLIENTS_LOOKED live clients of server s
 * (in turn) waited for a CPU long enough since the server last looked at
 * it (share_client_waited); `now` is the time of this look. */
static int clients_waited(unsigned s, uint64_t now)
{
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire);
    int waited = 0;
    for (uint32_t tried = 0, looked = 0; tried < n && tried < SHARE_CLIENTS_TRIED && looked < SHARE_CLIENTS_LOOKED;
         tried++) {
        ng_client_t *c = atomic_load_explicit(&ng.clients[next_looked++ % n], memory_order_acquire);
        if (!c || atomic_load_explicit(&c->state, memory_order_acquire) != NG_CLIENT_LIVE || c->heap != s)
            continue;
        looked++;
        uint64_t wait;
        if (!os_task_wait_ns(c->tid, &wait))
            continue;
        if (c->wait_seen_ns && share_client_waited(wait - c->wait_seen, now - c->wait_seen_ns))
            waited = 1;
        c->wait_seen = wait;
        c->wait_seen_ns = now;
    }
    return waited;
}

static void share_check(uint64_t now_ticks)
{
    if (!share_due(&cpu_share, now_ticks))
        return;
    uint64_t now = os_now_ns(), elapsed;
    int hot = share_server_waited(&cpu_share, now_ticks, os_thread_wait_ns(), now, &elapsed) ||
              clients_waited(tl_server, now);
    if (share_record(&cpu_share, hot))
        share_place();
}

static uint64_t idle_spin_ticks(void)
{
    return cpu_share.shared ? SHARED_IDLE_TICKS : SERVER_IDLE_TICKS;
}

/* Sleep until a client or another server rings the bell; the
 * flag-then-recheck order pairs with the ringers' publish-then-check, so no
 * wake-up is lost. Empty spans are released as they come due (see
 * heap_sweep). A program idle for SHARE_IDLE_NS gets its server back on its
 * own CPU. Only server 0 looks for the end of a process whose main thread
 * has gone (see server_exit_process). */
static void server_sleep(unsigned s)
{
    ng_bell_t *bell = &ng.servers[s].bell;
    uint32_t f = atomic_load_explicit(&bell->futex, memory_order_seq_cst);
    uint64_t since = os_now_ns(), since_ticks = os_ticks();
    atomic_store_explicit(&bell->sleeping, 1, memory_order_seq_cst);
    while (!any_work(s) && atomic_load_explicit(&bell->futex, memory_order_seq_cst) == f) {
        int pending = heap_sweep(s) | (s == 0 && large_sweep());
        os_futex_wait_ms(&bell->futex, f, pending ? SERVER_SWEEP_MS : SERVER_LONE_CHECK_MS);
        if (share_idle(&cpu_share, os_now_ns() - since))
            share_place();
        if (s == 0 && os_main_gone_and_alone(ng.nservers))
            server_exit_process();
    }
    atomic_store_explicit(&bell->sleeping, 0, memory_order_relaxed);
    share_skip(&cpu_share, os_now_ns() - since, os_ticks() - since_ticks);
}

/* A server stops only once every server asked to has finished its pass:
 * until then it keeps freeing what the others forward to it, since one of
 * them may be waiting for room on a full ring to it. After that nobody
 * forwards any more, and a last drain empties its rings. */
static void park_rendezvous(unsigned s)
{
    ng_owner_t o = server_owner(s);
    atomic_fetch_add_explicit(&ng.parking, 1, memory_order_seq_cst);
    while (atomic_load_explicit(&ng.parking, memory_order_seq_cst) < ng.parkers)
        if (!owner_take_forwarded(&o))
            os_pause();
    owner_take_forwarded(&o);
}

/* Fork: stop between passes, where the heap is consistent, until released.
 * Halt (server_exit_process): stop for good, marking `parked` UINT32_MAX. */
static void server_check_park(unsigned s)
{
    ng_server_t *me = &ng.servers[s];
    if (s != 0 && atomic_load_explicit(&ng.halt, memory_order_acquire)) {
        park_rendezvous(s);
        atomic_store_explicit(&me->parked, UINT32_MAX, memory_order_release);
        os_futex_wake(&me->parked, 1);
        for (;;)
            os_futex_wait(&ng.halt, 1);
    }
    uint32_t r = atomic_load_explicit(&ng.park_req, memory_order_acquire);
    if (!(r & 1))
        return;
    park_rendezvous(s);
    atomic_store_explicit(&me->parked, r, memory_order_release);
    os_futex_wake(&me->parked, 1);
    while (atomic_load_explicit(&ng.park_req, memory_order_acquire) == r)
        os_futex_wait(&ng.park_req, r);
}

static void *server_main(void *arg)
{
    unsigned s = (unsigned)(uintptr_t)arg;
    tl_role = NG_ROLE_SERVER;
    tl_server = s;
    os_pin_self(ng.servers[s].cpu, s);
    share_start(&cpu_share, os_ticks(), os_thread_wait_ns(), os_now_ns());   /* a forked child's servers start afresh */
    while (!atomic_load_explicit(&ng.server_go, memory_order_acquire))
        os_futex_wait(&ng.server_go, 0);
    uint64_t start = os_ticks(), busy = 0, idle_since = start;
    unsigned idle_spins = 0;
    for (;;) {
        server_check_park(s);
        uint64_t t0 = os_ticks();
        share_check(t0);
        if (server_pass(s)) {
            uint64_t t1 = os_ticks();
            busy += t1 - t0;
            publish_figures(s, busy, t1 - start);
            idle_since = t1;
            continue;
        }
        if (t0 - idle_since < idle_spin_ticks()) {
            /* A client waiting on this CPU (more threads than cores) gets
             * it now and then, rather than after the whole spin. */
            if (++idle_spins % SERVER_YIELD_EVERY == 0)
                os_yield();
            else
                os_pause();
            continue;
        }
        publish_figures(s, busy, t0 - start);
        server_sleep(s);
        idle_since = os_ticks();
    }
    return NULL;
}

/* ---- Start, park ---- */

/* Create server thread s; 0 on success. */
static int server_create(unsigned s)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, SERVER_STACK);
    pthread_t t;
    int rc = pthread_create(&t, &attr, server_main, (void *)(uintptr_t)s);
    pthread_attr_destroy(&attr);
    return rc;
}

NG_NOINLINE static void server_start(void)
{
    lock_acquire(&ng.init_lock);
    if (!atomic_load_explicit(&ng.server_up, memory_order_acquire)) {
        os_cpus_snapshot();
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);   /* the servers inherit it */
        int saved_role = tl_role;
        ng_client_t *saved_client = tl_client;
        tl_role = NG_ROLE_BOOT;    /* pthread_create's own allocations go direct */
        tl_client = NULL;
        int rc = 0;
        for (unsigned s = 0; s < ng.nservers && rc == 0; s++)
            rc = server_create(s);
        tl_client = saved_client;
        tl_role = saved_role;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (rc != 0) {
            /* Servers already created wait on server_go for ever: they
             * never touch a heap. */
            atomic_store_explicit(&ng.server_failed, 1, memory_order_relaxed);
        } else {
            /* Callers working without a server (answer_without_server) finish
             * first, or see server_up once they hold the lock. */
            lock_acquire(&ng.heap_lock);
            atomic_store_explicit(&ng.server_up, 1, memory_order_release);
            lock_release(&ng.heap_lock);
            atomic_store_explicit(&ng.server_go, 1, memory_order_release);
            os_futex_wake(&ng.server_go, INT32_MAX);
        }
    }
    lock_release(&ng.init_lock);
}

int server_ensure(void)
{
    if (NG_LIKELY(atomic_load_explicit(&ng.server_up, memory_order_acquire)))
        return 1;
    if (!atomic_load_explicit(&ng.server_failed, memory_order_relaxed))
        server_start();
    return atomic_load_explicit(&ng.server_up, memory_order_acquire);
}

void servers_settle(void)
{
    lock_acquire(&ng.heap_lock);
    int alone = !atomic_load_explicit(&ng.server_up, memory_order_acquire);
    if (alone)               /* no server may start while this is held (server_start) */
        serve_drain_all(&ng.all);
    lock_release(&ng.heap_lock);
    if (alone)
        return;
    for (int round = 0; round < 2; round++)
        for (unsigned s = 0; s < ng.nservers; s++) {
            ng_server_t *srv = &ng.servers[s];
            uint32_t req = atomic_fetch_add_explicit(&srv->barrier_req, 1, memory_order_seq_cst) + 1;
            bell_ring(&srv->bell);
            uint32_t done;
            while ((int32_t)((done = atomic_load_explicit(&srv->barrier_done, memory_order_acquire)) - req) < 0)
                os_futex_wait(&srv->barrier_done, done);
        }
}

void server_park(void)
{
    if (!atomic_load_explicit(&ng.server_up, memory_order_acquire))
        return;
    ng.parkers = ng.nservers;
    atomic_store_explicit(&ng.parking, 0, memory_order_seq_cst);
    uint32_t r = atomic_fetch_add_explicit(&ng.park_req, 1, memory_order_seq_cst) + 1;
    for (unsigned s = 0; s < ng.nservers; s++)   /* all at once: they park together */
        bell_ring(&ng.servers[s].bell);
    for (unsigned s = 0; s < ng.nservers; s++) {
        /* Sleep only on the value just found unequal: reloading it for the
         * wait let the server's store and wake fall between the two loads,
         * and the forker slept on the parked value for ever. */
        uint32_t p;
        while ((p = atomic_load_explicit(&ng.servers[s].parked, memory_order_acquire)) != r)
            os_futex_wait(&ng.servers[s].parked, p);
    }
}

void server_unpark(void)
{
    if (!(atomic_load_explicit(&ng.park_req, memory_order_relaxed) & 1))
        return;
    atomic_fetch_add_explicit(&ng.park_req, 1, memory_order_seq_cst);
    os_futex_wake(&ng.park_req, INT32_MAX);
}

void servers_reset(void)
{
    atomic_store(&ng.server_up, 0);
    atomic_store(&ng.server_failed, 0);
    atomic_store(&ng.server_go, 0);
    atomic_store(&ng.park_req, 0);
    for (unsigned s = 0; s < ng.nservers; s++) {
        atomic_store(&ng.servers[s].bell.sleeping, 0);
        atomic_store(&ng.servers[s].parked, 0);
    }
}
