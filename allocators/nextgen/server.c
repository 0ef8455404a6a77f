/*
 * server.c: the allocator core's thread. It alone writes heap metadata in
 * modes offload and sync; it drains free queues, refills stocks, answers
 * round trips, spins briefly when idle and then sleeps on a futex. It never
 * calls malloc; all signals are blocked. One server today: more would each
 * own a shard of the registry and a heap (see docs/nextgen.md).
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "channel.h"
#include "core.h"
#include "heap.h"
#include "os.h"

#define CLIENT_SPINS   64     /* pause rounds a client spins before yielding */
#define CLIENT_YIELDS  16     /* sched_yield rounds before sleeping: lets the server run on a full machine */
#define SERVER_IDLE_TICKS 2000000  /* TSC ticks (~1 ms) the server spins idle before sleeping */
#define SHARED_IDLE_TICKS 30000    /* (~10 us) the same while its CPU is shared */
#define SERVER_YIELD_EVERY 64      /* idle passes between sched_yield calls while spinning */
#define SERVER_STACK   (256u << 10)
#define SERVER_LONE_CHECK_MS 200   /* while asleep: is the server the last thread left? */
#define SERVER_SWEEP_MS 12         /* while asleep with empty spans: when to look again */
#define SHARE_CHECK_TICKS 8000000  /* (~2.5 ms) between looks at how long the server waited for its CPU */
#define SHARE_WAIT_PER_MILLE 50    /* waiting over 5% of such a window: the CPU is shared */
#define SHARE_CALM_CHECKS 40       /* windows (~100 ms) without that before spinning long again */

/* ---- Waking ---- */

void server_wake(void)
{
    atomic_fetch_add_explicit(&ng.server_futex, 1, memory_order_seq_cst);
    os_futex_wake(&ng.server_futex, 1);
}

/* ---- Round trips (client side) ---- */

static void answer(ng_client_t *c, uint32_t seq);

/* No server could be started (out of memory): the caller does the server's
 * work for its own request under heap_lock, unless a server came up. */
static int answer_without_server(ng_client_t *c, uint32_t seq)
{
    lock_acquire(&ng.heap_lock);
    int alone = !atomic_load_explicit(&ng.server_up, memory_order_acquire);
    if (alone) {
        queue_drain(c);
        answer(c, seq);
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
    if (atomic_load_explicit(&ng.server_sleeping, memory_order_relaxed))
        server_wake();
    c->counts.sync_round_trips++;
    for (int i = 0; i < CLIENT_SPINS + CLIENT_YIELDS; i++) {
        if (atomic_load_explicit(&c->resp_seq, memory_order_acquire) == seq)
            return;
        if (i < CLIENT_SPINS)
            os_pause();
        else
            os_yield();
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

static void all_queues_drain(void)
{
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire);
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = atomic_load_explicit(&ng.clients[i], memory_order_acquire);
        uint32_t st = c ? atomic_load_explicit(&c->state, memory_order_acquire) : 0;
        if (st == NG_CLIENT_LIVE || st == NG_CLIENT_EXITING)
            queue_drain(c);
    }
}

/* Busy and total time are in TSC ticks: only their ratio is reported. */
static void publish_figures(uint64_t busy, uint64_t up)
{
    atomic_store_explicit(&ng.snap_out, heap_bytes_out(), memory_order_relaxed);
    atomic_store_explicit(&ng.snap_peak, heap_bytes_peak(), memory_order_relaxed);
    atomic_store_explicit(&ng.busy_ticks, busy, memory_order_relaxed);
    atomic_store_explicit(&ng.up_ticks, up, memory_order_relaxed);
}

static void answer(ng_client_t *c, uint32_t seq)
{
    size_t out = 0;
    ng_op_t op = (ng_op_t)c->req_op;
    if (op == NG_OP_BARRIER)
        all_queues_drain();
    c->resp_ptr = op_run(op, c->req_ptr, c->req_size, c->req_align, &out);
    c->resp_size = out;
    if (op == NG_OP_MALLOC && ng.mode == NG_MODE_OFFLOAD)
        stock_refill(c, (unsigned)c->req_size);   /* a miss: fill ahead too */
    atomic_store_explicit(&c->resp_seq, seq, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(&c->waiting, memory_order_relaxed))
        os_futex_wake(&c->resp_seq, 1);
}

/* One client's share of a pass; 1 if it had work. Frees first, so a
 * request sees every free its thread made before it. */
static int serve_client(ng_client_t *c, uint32_t state)
{
    int work = queue_drain(c);
    work |= stocks_refill_flagged(c);
    uint32_t seq = atomic_load_explicit(&c->req_seq, memory_order_acquire);
    if (seq != atomic_load_explicit(&c->resp_seq, memory_order_relaxed)) {
        answer(c, seq);
        work = 1;
    }
    if (state == NG_CLIENT_EXITING) {
        client_retire(c);
        work = 1;
    }
    return work;
}

static int serve_pass(void)
{
    int work = 0;
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire);
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = atomic_load_explicit(&ng.clients[i], memory_order_acquire);
        uint32_t st = c ? atomic_load_explicit(&c->state, memory_order_acquire) : 0;
        if (st == NG_CLIENT_LIVE || st == NG_CLIENT_EXITING)
            work |= serve_client(c, st);
    }
    return work;
}

static int any_work(void)
{
    if (atomic_load_explicit(&ng.park_req, memory_order_seq_cst) & 1)
        return 1;
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire);
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = atomic_load_explicit(&ng.clients[i], memory_order_acquire);
        uint32_t st = c ? atomic_load_explicit(&c->state, memory_order_acquire) : 0;
        if ((st == NG_CLIENT_LIVE || st == NG_CLIENT_EXITING) && client_has_work(c))
            return 1;
    }
    return 0;
}

/* The main thread called pthread_exit and every other thread has gone:
 * glibc ends the process with exit(0) from the last thread, but that was
 * an application thread while the server lived, so the server does it.
 * From here on it is an ordinary thread of the process: later calls (from
 * atexit handlers, destructors) run directly on the heap under heap_lock. */
NG_NOINLINE static void server_exit_process(void)
{
    while (serve_pass())
        ;
    tl_role = NG_ROLE_BOOT;
    atomic_store_explicit(&ng.server_up, 0, memory_order_release);
    atomic_store_explicit(&ng.server_failed, 1, memory_order_release);
    exit(0);
}

/* ---- Sharing a CPU ----
 * A server that spins on a CPU other runnable threads need takes their
 * time (on two CPUs with two busy workers it took half of one, and the
 * worker that shared its CPU fell far behind the other). So the server
 * looks every few milliseconds at how long it waited for its CPU: while
 * that is over 5% of the time, it spins only briefly before sleeping and,
 * unless NGMALLOC_CPU placed it, lets the scheduler place it on any of the
 * process's CPUs. It goes back to its own CPU and the long spin after
 * ~100 ms without waiting, or after sleeping that long with nothing to do.
 * Coming back only to find the CPU shared again doubles the calm it waits
 * for next time (up to ~2 s), so a busy machine does not flip it to and
 * fro. */
#define SHARE_CALM_MAX (SHARE_CALM_CHECKS * 20)
#define SHARE_IDLE_NS  100000000u

typedef struct {
    uint64_t next_check, wait_ns, now_ns;
    unsigned calm;        /* windows in a row without waiting */
    unsigned calm_needed; /* windows of calm that end sharing */
    unsigned since_home;  /* windows since sharing last ended */
    int shared;           /* the server's CPU is shared: short spins */
} ng_cpu_share_t;
static ng_cpu_share_t cpu_share;

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
    if (ng.cpu < 0) {     /* the default placement may move; NGMALLOC_CPU's may not */
        if (shared)
            os_unpin_self();
        else
            os_pin_self(-1);
    }
}

/* Start a new window now. */
static void share_rebase(void)
{
    cpu_share.next_check = os_ticks() + SHARE_CHECK_TICKS;
    cpu_share.wait_ns = os_thread_wait_ns();
    cpu_share.now_ns = os_now_ns();
}

static void share_reset(void)
{
    cpu_share = (ng_cpu_share_t){ .calm_needed = SHARE_CALM_CHECKS, .since_home = SHARE_CALM_CHECKS };
    share_rebase();
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
    if (waited * 1000 > elapsed * SHARE_WAIT_PER_MILLE)
        share_set(1);
    else if (++cpu_share.calm >= cpu_share.calm_needed)
        share_set(0);
}

static uint64_t idle_spin_ticks(void)
{
    return cpu_share.shared ? SHARED_IDLE_TICKS : SERVER_IDLE_TICKS;
}

/* Sleep until a client bumps server_futex; the flag-then-recheck order
 * pairs with round_trip's publish-then-check, so no wake-up is lost.
 * Empty spans are released as they come due (see heap_sweep). A program
 * idle for SHARE_IDLE_NS gets its server back on its own CPU. */
static void server_sleep(void)
{
    uint32_t f = atomic_load_explicit(&ng.server_futex, memory_order_seq_cst);
    uint64_t since = os_now_ns();
    atomic_store_explicit(&ng.server_sleeping, 1, memory_order_seq_cst);
    while (!any_work() && atomic_load_explicit(&ng.server_futex, memory_order_seq_cst) == f) {
        int pending = heap_sweep();
        os_futex_wait_ms(&ng.server_futex, f, pending ? SERVER_SWEEP_MS : SERVER_LONE_CHECK_MS);
        if (cpu_share.shared && os_now_ns() - since >= SHARE_IDLE_NS) {
            share_set(0);
            cpu_share.calm_needed = SHARE_CALM_CHECKS;
        }
        if (os_main_gone_and_alone())
            server_exit_process();
    }
    atomic_store_explicit(&ng.server_sleeping, 0, memory_order_relaxed);
    share_rebase();   /* time asleep says nothing about the CPU */
}

/* Fork: stop between passes, where the heap is consistent, until released. */
static void server_check_park(void)
{
    uint32_t r = atomic_load_explicit(&ng.park_req, memory_order_acquire);
    if (!(r & 1))
        return;
    atomic_store_explicit(&ng.parked, r, memory_order_release);
    os_futex_wake(&ng.parked, 1);
    while (atomic_load_explicit(&ng.park_req, memory_order_acquire) == r)
        os_futex_wait(&ng.park_req, r);
}

static void *server_main(void *arg)
{
    (void)arg;
    tl_role = NG_ROLE_SERVER;
    os_pin_self(ng.cpu);
    share_reset();   /* a forked child's server starts afresh */
    while (!atomic_load_explicit(&ng.server_go, memory_order_acquire))
        os_futex_wait(&ng.server_go, 0);
    uint64_t start = os_ticks(), busy = 0, idle_since = start;
    unsigned idle_spins = 0;
    for (;;) {
        server_check_park();
        uint64_t t0 = os_ticks();
        share_check(t0);
        if (serve_pass()) {
            uint64_t t1 = os_ticks();
            busy += t1 - t0;
            publish_figures(busy, t1 - start);
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
        publish_figures(busy, t0 - start);
        server_sleep();
        idle_since = os_ticks();
    }
    return NULL;
}

/* ---- Start, park ---- */

NG_NOINLINE static void server_start(void)
{
    lock_acquire(&ng.init_lock);
    if (!atomic_load_explicit(&ng.server_up, memory_order_acquire)) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&attr, SERVER_STACK);
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);   /* the server inherits it */
        int saved_role = tl_role;
        ng_client_t *saved_client = tl_client;
        tl_role = NG_ROLE_BOOT;    /* pthread_create's own allocations go direct */
        tl_client = NULL;
        pthread_t t;
        int rc = pthread_create(&t, &attr, server_main, NULL);
        tl_client = saved_client;
        tl_role = saved_role;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        pthread_attr_destroy(&attr);
        if (rc != 0) {
            atomic_store_explicit(&ng.server_failed, 1, memory_order_relaxed);
        } else {
            /* Callers working without a server (answer_without_server) finish
             * first, or see server_up once they hold the lock. */
            lock_acquire(&ng.heap_lock);
            atomic_store_explicit(&ng.server_up, 1, memory_order_release);
            lock_release(&ng.heap_lock);
            atomic_store_explicit(&ng.server_go, 1, memory_order_release);
            os_futex_wake(&ng.server_go, 1);
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

void server_park(void)
{
    if (!atomic_load_explicit(&ng.server_up, memory_order_acquire))
        return;
    uint32_t r = atomic_fetch_add_explicit(&ng.park_req, 1, memory_order_seq_cst) + 1;
    server_wake();
    /* Sleep only on the value just found unequal: reloading it for the
     * wait let the server's store and wake fall between the two loads,
     * and the forker slept on the parked value for ever. */
    uint32_t p;
    while ((p = atomic_load_explicit(&ng.parked, memory_order_acquire)) != r)
        os_futex_wait(&ng.parked, p);
}

void server_unpark(void)
{
    if (!(atomic_load_explicit(&ng.park_req, memory_order_relaxed) & 1))
        return;
    atomic_fetch_add_explicit(&ng.park_req, 1, memory_order_seq_cst);
    os_futex_wake(&ng.park_req, 1);
}
