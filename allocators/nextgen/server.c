/*
 * server.c: the allocator core's threads (NGMALLOC_SERVERS of them, one by
 * default). Server s alone writes heap s's metadata in modes offload and
 * sync; it serves the clients dealt to it: drains their free queues
 * (forwarding blocks of other heaps to their servers), refills their stocks,
 * answers their round trips, frees what other servers forward to it, spins
 * briefly when idle and then sleeps on a futex. It never calls malloc; all
 * signals are blocked.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "channel.h"
#include "core.h"
#include "forward.h"
#include "heap.h"
#include "os.h"

#define CLIENT_SPIN_TICKS 100000  /* TSC ticks (~30-45 us) a client waits for an answer before sleeping */
#define CLIENT_YIELD_EVERY 64     /* pause rounds between sched_yield calls: lets the server run on a full machine */
#define SERVER_IDLE_TICKS 2000000  /* TSC ticks (~1 ms) the server spins idle before sleeping */
#define SHARED_IDLE_TICKS 30000    /* (~10 us) the same while its CPU is shared */
#define SERVER_YIELD_EVERY 64      /* idle passes between sched_yield calls while spinning */
#define SERVER_STACK   (256u << 10)
#define SERVER_LONE_CHECK_MS 200   /* while asleep: is the server the last thread left? */
#define SERVER_SWEEP_MS 12         /* while asleep with empty spans: when to look again */
#define SHARE_CHECK_TICKS 8000000  /* (~2.5 ms) between looks at how long the server waited for its CPU */
#define SHARE_WAIT_PER_MILLE 50    /* waiting over 5% of such a window: the CPU is shared */
#define SHARE_HOT_CHECKS 2         /* windows in a row with that before spinning briefly */
#define SHARE_CALM_CHECKS 40       /* windows (~100 ms) without that before spinning long again */
#define SHARE_CLIENTS_LOOKED 4     /* clients whose waiting a window looks at, in turn */
#define SHARE_CLIENTS_TRIED 64     /* registry slots a window goes through for them, at most */
#define SHARE_CLIENT_WAIT_PER_MILLE 200  /* a client waiting over 20% of the time: CPUs are short */

/* ---- Waking ---- */

void server_wake(unsigned s)
{
    atomic_fetch_add_explicit(&ng.servers[s].futex, 1, memory_order_seq_cst);
    os_futex_wake(&ng.servers[s].futex, 1);
}

/* ---- Round trips (client side) ---- */

static void answer(unsigned s, ng_client_t *c, uint32_t seq);

/* No server could be started (out of memory): the caller does the server's
 * work for its own request under heap_lock, unless a server came up. */
static int answer_without_server(ng_client_t *c, uint32_t seq)
{
    lock_acquire(&ng.heap_lock);
    int alone = !atomic_load_explicit(&ng.server_up, memory_order_acquire);
    if (alone) {
        queue_drain(c);
        answer(c->server, c, seq);
    }
    lock_release(&ng.heap_lock);
    return alone;
}

void round_trip(ng_client_t *c, ng_op_t op, void *ptr, size_t size, size_t align)
{
    int have_server = server_ensure();
    queue_publish(c);          /* the server drains these before answering */
    c->req_op = op;
    c->req_ptr = ptr;
    c->req_size = size;
    c->req_align = align;
    uint32_t seq = atomic_load_explicit(&c->req_seq, memory_order_relaxed) + 1;
    if (NG_UNLIKELY(!have_server)) {
        c->counts.sync_round_trips++;
        atomic_store_explicit(&c->req_seq, seq, memory_order_relaxed);
        if (answer_without_server(c, seq))
            return;
    }
    atomic_store_explicit(&c->req_seq, seq, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(&ng.servers[c->server].sleeping, memory_order_relaxed))
        server_wake(c->server);
    c->counts.sync_round_trips++;
    /* Spin long enough for the server to drain a full free queue or prefault
     * a refill: a client that slept after a few microseconds (64 pauses, 16
     * yields) paid a wake-up (10-50 us here) on one round trip in ten. */
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

/* Client c if server s serves it and it is live (or exiting); else NULL. */
static ng_client_t *served_by(unsigned s, uint32_t i, uint32_t *state)
{
    ng_client_t *c = atomic_load_explicit(&ng.clients[i], memory_order_acquire);
    *state = c ? atomic_load_explicit(&c->state, memory_order_acquire) : 0;
    if ((*state != NG_CLIENT_LIVE && *state != NG_CLIENT_EXITING) || c->server != s)
        return NULL;
    return c;
}

static void all_queues_drain(unsigned s)
{
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire), st;
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = served_by(s, i, &st);
        if (c)
            queue_drain(c);
    }
    forward_drain(s);
}

/* Busy and total time are in TSC ticks: only their ratio is reported. */
static void publish_figures(unsigned s, uint64_t busy, uint64_t up)
{
    atomic_store_explicit(&ng.servers[s].busy_ticks, busy, memory_order_relaxed);
    atomic_store_explicit(&ng.servers[s].up_ticks, up, memory_order_relaxed);
}

static void answer(unsigned s, ng_client_t *c, uint32_t seq)
{
    size_t out = 0;
    ng_op_t op = (ng_op_t)c->req_op;
    if (op == NG_OP_BARRIER)
        all_queues_drain(s);
    /* A miss: the stock is filled ahead too, once the client has its block
     * and runs again (filling first kept it waiting for every block of the
     * refill, and their prefaulting). The request is read now: once
     * answered, the client may post the next one. */
    int refill = op == NG_OP_MALLOC && ng.mode == NG_MODE_OFFLOAD;
    unsigned cls = (unsigned)c->req_size;
    c->resp_ptr = op_run(s, op, c->req_ptr, c->req_size, c->req_align, &out);
    c->resp_size = out;
    atomic_store_explicit(&c->resp_seq, seq, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(&c->waiting, memory_order_relaxed))
        os_futex_wake(&c->resp_seq, 1);
    if (refill)
        stock_refill(c, cls);
}

/* One client's share of a pass; 1 if it had work. Frees first, so a
 * request sees every free its thread made before it. */
static int serve_client(unsigned s, ng_client_t *c, uint32_t state)
{
    int work = queue_drain(c);
    work |= stocks_refill_flagged(c);
    uint32_t seq = atomic_load_explicit(&c->req_seq, memory_order_acquire);
    if (seq != atomic_load_explicit(&c->resp_seq, memory_order_relaxed)) {
        answer(s, c, seq);
        work = 1;
    }
    if (state == NG_CLIENT_EXITING) {
        client_retire(c);
        work = 1;
    }
    return work;
}

/* A thread asked for every queue to be drained (servers_barrier). */
static int serve_barrier(unsigned s)
{
    ng_server_t *me = &ng.servers[s];
    uint32_t req = atomic_load_explicit(&me->barrier_req, memory_order_acquire);
    if (req == atomic_load_explicit(&me->barrier_done, memory_order_relaxed))
        return 0;
    all_queues_drain(s);
    atomic_store_explicit(&me->barrier_done, req, memory_order_seq_cst);
    os_futex_wake(&me->barrier_done, INT32_MAX);
    return 1;
}

static int serve_pass(unsigned s)
{
    int work = serve_barrier(s);
    work |= forward_drain(s);
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire), st;
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = served_by(s, i, &st);
        if (c)
            work |= serve_client(s, c, st);
    }
    return work;
}

static int any_work(unsigned s)
{
    if (atomic_load_explicit(&ng.park_req, memory_order_seq_cst) & 1)
        return 1;
    if (s != 0 && atomic_load_explicit(&ng.halt, memory_order_seq_cst))
        return 1;
    if (forward_pending(s) || atomic_load_explicit(&ng.servers[s].barrier_req, memory_order_seq_cst) !=
                              atomic_load_explicit(&ng.servers[s].barrier_done, memory_order_relaxed))
        return 1;
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire), st;
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = served_by(s, i, &st);
        if (c && client_has_work(c))
            return 1;
    }
    return 0;
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
    ng.parkers = ng.nservers - 1;
    atomic_store_explicit(&ng.parking, 0, memory_order_seq_cst);
    atomic_store_explicit(&ng.halt, 1, memory_order_seq_cst);
    for (unsigned s = 1; s < ng.nservers; s++)   /* all at once: they stop together */
        server_wake(s);
    for (unsigned s = 1; s < ng.nservers; s++) {
        uint32_t p;
        while ((p = atomic_load_explicit(&ng.servers[s].parked, memory_order_acquire)) != UINT32_MAX)
            if (!forward_drain(0))   /* one may be waiting for room on its ring to 0 */
                os_futex_wait_ms(&ng.servers[s].parked, p, 1);
    }
    tl_role = NG_ROLE_BOOT;     /* owns every heap now: forwards become frees */
    for (unsigned s = 0; s < ng.nservers; s++)
        while (serve_pass(s))
            ;
    atomic_store_explicit(&ng.server_up, 0, memory_order_release);
    atomic_store_explicit(&ng.server_failed, 1, memory_order_release);
    exit(0);
}

/* ---- Sharing a CPU ----
 * A server that spins on a CPU other runnable threads need takes their
 * time (on two CPUs with two busy workers it took half of one, and the
 * worker that shared its CPU fell far behind the other). So the server
 * looks every few milliseconds at how long it waited for its CPU, and how
 * long a few of its clients (in turn) waited for theirs: once the server
 * waited over 5% of the time, or a client over 20%, in two looks in a row,
 * it spins only briefly before sleeping and, unless NGMALLOC_CPU placed
 * it, lets the scheduler place it on any of the process's CPUs. (Its own
 * waiting alone missed the case of two workers sharing one CPU while the
 * server spun on the other: rptest on two CPUs then peaked at 40-45 MB in
 * half the runs instead of 28, its threads' batches waiting in their
 * mailboxes; mimalloc's rptest does the same with a busy loop beside it.)
 * It goes back to its own CPU and the long spin after ~100 ms without
 * waiting, or after sleeping that long with nothing to do. A look's window
 * counts only the time the server was awake, summed across its sleeps:
 * windows restarted at every wake-up never completed for a server sleeping
 * every few hundred microseconds, which left it spinning briefly for good
 * after one busy moment (a kernel thread on its CPU at start-up), every
 * stock miss then a wake-up. (Letting the window run on through sleeps
 * instead counted sleep as calm and sent a server that truly shared its
 * CPU home too soon.) One busy window alone does not count.
 * Coming back only to find the CPU shared again doubles the calm it waits
 * for next time (up to ~2 s), so a busy machine does not flip it to and
 * fro. */
#define SHARE_CALM_MAX (SHARE_CALM_CHECKS * 20)
#define SHARE_IDLE_NS  100000000u

typedef struct {
    uint64_t next_check, wait_ns, now_ns;
    unsigned calm;        /* windows without waiting since the last change */
    unsigned hot;         /* windows in a row with waiting */
    unsigned calm_needed; /* windows of calm that end sharing */
    unsigned since_home;  /* windows since sharing last ended */
    uint32_t next_client; /* registry slot the next look at clients starts from */
    int shared;           /* the server's CPU is shared: short spins */
} ng_cpu_share_t;
static __thread ng_cpu_share_t cpu_share;   /* each server's own */

static void share_set(int shared)
{
    if (cpu_share.shared == shared)
        return;
    cpu_share.shared = shared;
    cpu_share.calm = 0;
    if (shared && cpu_share.since_home < SHARE_CALM_CHECKS / 4 &&
        cpu_share.calm_needed < SHARE_CALM_MAX)
        cpu_share.calm_needed *= 2;
    cpu_share.since_home = 0;
    ng_server_t *me = &ng.servers[tl_server];
    if (me->cpu < 0) {    /* the default placement may move; NGMALLOC_CPU's may not */
        if (shared)
            os_unpin_self();
        else
            os_pin_self(-1, tl_server);
    }
}

/* Home, with a first window starting now. */
static void share_reset(void)
{
    cpu_share = (ng_cpu_share_t){ .calm_needed = SHARE_CALM_CHECKS, .since_home = SHARE_CALM_CHECKS,
                                  .next_check = os_ticks() + SHARE_CHECK_TICKS,
                                  .wait_ns = os_thread_wait_ns(), .now_ns = os_now_ns() };
}

/* The server slept for `ns` (`ticks`): leave that time out of the window,
 * which measures only time the server wanted to run. (Restarting the
 * window at every wake-up instead meant a server sleeping every few hundred
 * microseconds never completed one.) */
static void share_skip(uint64_t ns, uint64_t ticks)
{
    cpu_share.now_ns += ns;
    cpu_share.next_check += ticks;
}

/* 1 when one of the next SHARE_CLIENTS_LOOKED live clients of server s
 * (in turn) waited for a CPU over SHARE_CLIENT_WAIT_PER_MILLE of the time
 * since the server last looked at it; `now` is the time of this look. */
static int clients_waited(unsigned s, uint64_t now)
{
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire);
    int waited = 0;
    for (uint32_t tried = 0, looked = 0; tried < n && tried < SHARE_CLIENTS_TRIED && looked < SHARE_CLIENTS_LOOKED;
         tried++) {
        ng_client_t *c = atomic_load_explicit(&ng.clients[cpu_share.next_client++ % n], memory_order_acquire);
        if (!c || atomic_load_explicit(&c->state, memory_order_acquire) != NG_CLIENT_LIVE || c->server != s)
            continue;
        looked++;
        uint64_t wait;
        if (!os_task_wait_ns(c->tid, &wait))
            continue;
        if (c->wait_seen_ns && (wait - c->wait_seen) * 1000 > (now - c->wait_seen_ns) * SHARE_CLIENT_WAIT_PER_MILLE)
            waited = 1;
        c->wait_seen = wait;
        c->wait_seen_ns = now;
    }
    return waited;
}

static void share_check(uint64_t now_ticks)
{
    if (now_ticks < cpu_share.next_check)
        return;
    cpu_share.next_check = now_ticks + SHARE_CHECK_TICKS;
    uint64_t wait = os_thread_wait_ns(), now = os_now_ns();
    uint64_t waited = wait - cpu_share.wait_ns, elapsed = now - cpu_share.now_ns;
    cpu_share.wait_ns = wait;
    cpu_share.now_ns = now;
    cpu_share.since_home++;
    if (waited * 1000 <= elapsed * SHARE_WAIT_PER_MILLE && !clients_waited(tl_server, now)) {
        cpu_share.hot = 0;
        if (++cpu_share.calm >= cpu_share.calm_needed)
            share_set(0);
    } else if (++cpu_share.hot >= SHARE_HOT_CHECKS) {
        share_set(1);
    }
}

static uint64_t idle_spin_ticks(void)
{
    return cpu_share.shared ? SHARED_IDLE_TICKS : SERVER_IDLE_TICKS;
}

/* Sleep until a client or another server bumps the server's futex; the
 * flag-then-recheck order pairs with the wakers' publish-then-check, so no
 * wake-up is lost. Empty spans are released as they come due (see
 * heap_sweep). A program idle for SHARE_IDLE_NS gets its server back on its
 * own CPU. Only server 0 looks for the end of a process whose main thread
 * has gone (see server_exit_process). */
static void server_sleep(unsigned s)
{
    ng_server_t *me = &ng.servers[s];
    uint32_t f = atomic_load_explicit(&me->futex, memory_order_seq_cst);
    uint64_t since = os_now_ns(), since_ticks = os_ticks();
    atomic_store_explicit(&me->sleeping, 1, memory_order_seq_cst);
    while (!any_work(s) && atomic_load_explicit(&me->futex, memory_order_seq_cst) == f) {
        int pending = heap_sweep(s);
        os_futex_wait_ms(&me->futex, f, pending ? SERVER_SWEEP_MS : SERVER_LONE_CHECK_MS);
        if (cpu_share.shared && os_now_ns() - since >= SHARE_IDLE_NS) {
            share_set(0);
            cpu_share.calm_needed = SHARE_CALM_CHECKS;
        }
        if (s == 0 && os_main_gone_and_alone(ng.nservers))
            server_exit_process();
    }
    atomic_store_explicit(&me->sleeping, 0, memory_order_relaxed);
    share_skip(os_now_ns() - since, os_ticks() - since_ticks);
}

/* A server stops only once every server asked to has finished its pass:
 * until then it keeps freeing what the others forward to it, since one of
 * them may be waiting for room on a full ring to it. After that nobody
 * forwards any more, and a last drain empties its rings. */
static void park_rendezvous(unsigned s)
{
    atomic_fetch_add_explicit(&ng.parking, 1, memory_order_seq_cst);
    while (atomic_load_explicit(&ng.parking, memory_order_seq_cst) < ng.parkers)
        if (!forward_drain(s))
            os_pause();
    forward_drain(s);
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
    share_reset();   /* a forked child's servers start afresh */
    while (!atomic_load_explicit(&ng.server_go, memory_order_acquire))
        os_futex_wait(&ng.server_go, 0);
    uint64_t start = os_ticks(), busy = 0, idle_since = start;
    unsigned idle_spins = 0;
    for (;;) {
        server_check_park(s);
        uint64_t t0 = os_ticks();
        share_check(t0);
        if (serve_pass(s)) {
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

void servers_barrier(void)
{
    if (!atomic_load_explicit(&ng.server_up, memory_order_acquire))
        return;
    for (int round = 0; round < 2; round++)
        for (unsigned s = 0; s < ng.nservers; s++) {
            ng_server_t *srv = &ng.servers[s];
            uint32_t req = atomic_fetch_add_explicit(&srv->barrier_req, 1, memory_order_seq_cst) + 1;
            server_wake(s);
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
        server_wake(s);
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
        atomic_store(&ng.servers[s].sleeping, 0);
        atomic_store(&ng.servers[s].parked, 0);
    }
}
