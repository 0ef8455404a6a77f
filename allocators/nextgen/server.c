/*
 * server.c: the server threads (see server.h).
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "server.h"

#include "adapt.h"
#include "large.h"
#include "os.h"
#include "own.h"
#include "serve.h"
#include "share.h"

#define SERVER_IDLE_TICKS 2000000  /* TSC ticks (~1 ms) the server spins idle before sleeping */
#define SHARED_IDLE_TICKS 30000    /* (~10 us) the same while its CPU is shared (modes offload, sync) */
#define SERVER_YIELD_EVERY 64      /* idle passes between sched_yield calls while spinning */
#define SERVER_STACK   (256u << 10)
#define SERVER_LONE_CHECK_MS 200   /* while asleep: is the server the last thread left? */
#define SERVER_SWEEP_MS 12         /* while asleep with empty spans: when to look again */
#define SHARE_CLIENTS_LOOKED 4     /* clients whose waiting a window looks at, in turn */
#define SHARE_CLIENTS_TRIED 64     /* registry slots a window goes through for them, at most */
#define STANDBY_MAX_MS 200         /* mode auto in place, the process idle: windows grow to this */
#define STANDBY_IDLE_MILLI 20      /* a process using under 2% of a CPU is idle */

/* Each server's own state; only the server thread touches it. */
typedef struct {
    ng_owner_t owner;      /* the heaps it serves while offloading */
    int serving;           /* it holds them now (serve_begin) */
    ng_share_t share;      /* is its CPU shared? (while serving) */
    ng_adapt_t adapt;      /* mode auto: offload or in place? */
    uint32_t next_looked;  /* registry slot the next look at clients starts from */
    unsigned standby_ms;   /* how long a window lasts while serving in place */
    uint64_t lone_checked_ns;   /* server 0: when it last looked for the end of the process */
} ng_server_state_t;

static __thread ng_server_state_t me;

static int serve_barrier(unsigned s);

/* ---- Serving or not ---- */

/* The heaps of server s are served by it from now on (`serving`), or in
 * place: the time since the last change goes to the way that ends. */
static void account_way(unsigned s, int serving)
{
    ng_server_t *srv = &ng.servers[s];
    uint64_t now = os_now_ns();
    uint64_t since = atomic_load_explicit(&srv->way_since_ns, memory_order_relaxed);
    ng_count(atomic_load_explicit(&srv->serving, memory_order_relaxed) ? &srv->offload_ns : &srv->inplace_ns,
             now - since);
    atomic_store_explicit(&srv->serving, (uint32_t)serving, memory_order_relaxed);
    atomic_store_explicit(&srv->way_since_ns, now, memory_order_relaxed);
    me.serving = serving;
}

/* Start serving every heap of server s; 0 (owning none) when a park was
 * asked for meanwhile. While it waits for a heap that a thread owns for a
 * call, it frees what was forwarded to those it has, since that thread may
 * be waiting for room on a ring to them. */
static int serve_begin(unsigned s)
{
    ng_owner_t held = { 0, s };
    for (uint32_t heaps = me.owner.heaps; heaps; heaps &= heaps - 1) {
        unsigned h = (unsigned)__builtin_ctz(heaps);
        while (!own_serve_try(h, s, 1)) {
            if (atomic_load_explicit(&ng.park_req, memory_order_acquire) & 1) {
                for (uint32_t got = held.heaps; got; got &= got - 1)
                    own_serve_stop((unsigned)__builtin_ctz(got));
                for (uint32_t got = held.heaps; got; got &= got - 1)
                    own_serve_release((unsigned)__builtin_ctz(got));
                return 0;
            }
            if (held.heaps)
                owner_take_forwarded(&held);
        }
        held.heaps |= 1u << h;
    }
    account_way(s, 1);
    tl_owner = &me.owner;
    return 1;
}

/* Modes offload and sync: the heaps were taken for server s when it was
 * started (server_start). */
static int serving_handed(unsigned s)
{
    account_way(s, 1);
    tl_owner = &me.owner;
    return 1;
}

/* Stop serving: the heaps go unserved first, so a request posted from now
 * on is served by its own thread; a last pass answers those posted before;
 * then the heaps are let go. */
static void serve_end(unsigned s)
{
    for (uint32_t heaps = me.owner.heaps; heaps; heaps &= heaps - 1)
        own_serve_stop((unsigned)__builtin_ctz(heaps));
    serve_barrier(s);
    serve_pass(&me.owner);
    for (uint32_t heaps = me.owner.heaps; heaps; heaps &= heaps - 1)
        own_serve_release((unsigned)__builtin_ctz(heaps));
    account_way(s, 0);
    tl_owner = NULL;
}

/* ---- Serving ---- */

/* Busy and total time are in TSC ticks: only their ratio is reported. */
static void publish_figures(unsigned s, uint64_t busy, uint64_t up)
{
    atomic_store_explicit(&ng.servers[s].busy_ticks, busy, memory_order_relaxed);
    atomic_store_explicit(&ng.servers[s].up_ticks, up, memory_order_relaxed);
}

/* A thread asked for every queue to be drained (servers_settle): done by a
 * serving server; one not serving owns no heap and has nothing to drain. */
static int serve_barrier(unsigned s)
{
    ng_server_t *srv = &ng.servers[s];
    uint32_t req = atomic_load_explicit(&srv->barrier_req, memory_order_acquire);
    if (req == atomic_load_explicit(&srv->barrier_done, memory_order_relaxed))
        return 0;
    if (me.serving)
        serve_drain_all(&me.owner);
    atomic_store_explicit(&srv->barrier_served, (uint32_t)me.serving, memory_order_relaxed);
    atomic_store_explicit(&srv->barrier_done, req, memory_order_seq_cst);
    os_futex_wake(&srv->barrier_done, INT32_MAX);
    return 1;
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
    return me.serving && serve_has_work(&me.owner);
}

/* The main thread called pthread_exit and every other thread but the
 * servers has gone: glibc ends the process with exit(0) from the last
 * thread, but that was an application thread while the servers lived, so
 * server 0 does it. It stops the others for good (they park between
 * passes), serves what is pending, and from then on is an ordinary thread
 * of the process that owns every heap: later calls (from atexit handlers,
 * destructors) run directly on the heaps. */
NG_NOINLINE static void server_exit_process(void)
{
    ng.parkers = ng.nservers - 1;
    atomic_store_explicit(&ng.parking, 0, memory_order_seq_cst);
    atomic_store_explicit(&ng.halt, 1, memory_order_seq_cst);
    for (unsigned s = 1; s < ng.nservers; s++)   /* all at once: they stop together */
        bell_ring(&ng.servers[s].bell);
    for (unsigned s = 1; s < ng.nservers; s++) {
        uint32_t p;
        while ((p = atomic_load_explicit(&ng.servers[s].parked, memory_order_acquire)) != UINT32_MAX)
            if (!me.serving || !owner_take_forwarded(&me.owner))   /* one may be waiting for room on a ring */
                os_futex_wait_ms(&ng.servers[s].parked, p, 1);
    }
    tl_role = NG_ROLE_BOOT;     /* owns every heap now: forwards become frees */
    tl_owner = &ng.all;
    own_reset();
    while (serve_pass(&ng.all))
        ;
    atomic_store_explicit(&ng.server_up, 0, memory_order_release);
    atomic_store_explicit(&ng.server_failed, 1, memory_order_release);
    exit(0);
}

/* ---- Sharing a CPU (share.h decides; this measures and places) ---- */

/* Widen or narrow the server's placement after the verdict changed (mode
 * offload): the default placement may move, NGMALLOC_CPU's may not. */
static void share_place(void)
{
    if (ng.servers[tl_server].cpu >= 0)
        return;
    if (me.share.shared)
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
        ng_client_t *c = atomic_load_explicit(&ng.clients[me.next_looked++ % n], memory_order_acquire);
        if (!c || atomic_load_explicit(&c->state, memory_order_acquire) != NG_CLIENT_LIVE ||
            heap_server(c->heap) != s)
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

/* Mode auto with NGMALLOC_SWITCH_EVERY_MS: switch by the clock (tests). */
static int switch_due(uint64_t now)
{
    uint64_t since = atomic_load_explicit(&ng.servers[tl_server].way_since_ns, memory_order_relaxed);
    return ng.switch_every_ms && now - since >= (uint64_t)ng.switch_every_ms * 1000000u;
}

/* While serving: look at the CPU now and then. In modes offload and sync a shared
 * CPU shortens the idle spin and widens the placement; in mode auto it
 * ends offloading (1: the caller stops serving). */
static int share_check(unsigned s, uint64_t now_ticks)
{
    if (ng.mode == NG_MODE_AUTO && ng.switch_every_ms)
        return switch_due(os_now_ns());
    if (!share_due(&me.share, now_ticks))
        return 0;
    uint64_t now = os_now_ns(), elapsed;
    int hot = share_server_waited(&me.share, now_ticks, os_thread_wait_ns(), now, &elapsed) ||
              clients_waited(s, now);
    int changed = share_record(&me.share, hot);
    if (ng.mode == NG_MODE_AUTO)
        return adapt_offloading(&me.adapt, me.share.shared, os_cpus_allowed(), now);
    if (changed)
        share_place();
    return 0;
}

static uint64_t idle_spin_ticks(void)
{
    return me.share.shared ? SHARED_IDLE_TICKS : SERVER_IDLE_TICKS;
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
        int pending = s == 0 && large_sweep();
        for (uint32_t heaps = me.owner.heaps; heaps; heaps &= heaps - 1)
            pending |= heap_sweep((unsigned)__builtin_ctz(heaps));
        os_futex_wait_ms(&bell->futex, f, pending ? SERVER_SWEEP_MS : SERVER_LONE_CHECK_MS);
        if (share_idle(&me.share, os_now_ns() - since) && ng.mode != NG_MODE_AUTO)
            share_place();
        if (s == 0 && os_main_gone_and_alone(ng.nservers))
            server_exit_process();
    }
    atomic_store_explicit(&bell->sleeping, 0, memory_order_relaxed);
    share_skip(&me.share, os_now_ns() - since, os_ticks() - since_ticks);
}

/* Serving in place, the heaps' own threads may all be idle: the server
 * frees what was forwarded to them and gives back spans that have stayed
 * empty, on any heap nobody owns for a call just now. */
static void tidy_unserved(void)
{
    for (uint32_t heaps = me.owner.heaps; heaps; heaps &= heaps - 1) {
        unsigned h = (unsigned)__builtin_ctz(heaps);
        if (!own_try(h))
            continue;
        ng_owner_t o = { 1u << h, h };
        owner_take_forwarded(&o);
        heap_sweep_due(h);
        own_release(h);
    }
}

/* Mode auto, serving in place: wake every ADAPT_WINDOW_MS (or when rung:
 * a park, a halt, a barrier), tidy the heaps and judge the window; 1 when
 * it is time to offload. The bell's `sleeping` stays down: clients have
 * nothing for a server that does not serve. */
static int server_stand_by(unsigned s)
{
    ng_bell_t *bell = &ng.servers[s].bell;
    uint64_t t0 = os_now_ns(), cpu0 = os_process_cpu_ns(), wait0 = os_thread_wait_ns();
    uint32_t f = atomic_load_explicit(&bell->futex, memory_order_seq_cst);
    if (!any_work(s))
        os_futex_wait_ms(&bell->futex, f, me.standby_ms);
    serve_barrier(s);
    tidy_unserved();
    if (s == 0)
        large_sweep();
    uint64_t now = os_now_ns(), elapsed = now - t0;
    if (s == 0 && now - me.lone_checked_ns >= SERVER_LONE_CHECK_MS * 1000000ull) {
        me.lone_checked_ns = now;
        if (os_main_gone_and_alone(ng.nservers))
            server_exit_process();
    }
    if (ng.switch_every_ms)
        return switch_due(now);
    if (elapsed < me.standby_ms * 1000000ull / 2)   /* woken early: not a window */
        return 0;
    uint64_t busy = (os_process_cpu_ns() - cpu0) * 1000 / elapsed;
    /* An idle process is looked at less and less often. */
    me.standby_ms = busy < STANDBY_IDLE_MILLI ? (me.standby_ms * 2 > STANDBY_MAX_MS ? STANDBY_MAX_MS : me.standby_ms * 2)
                                              : ADAPT_WINDOW_MS;
    int waited = share_client_waited(os_thread_wait_ns() - wait0, elapsed) || clients_waited(s, now);
    return adapt_in_place(&me.adapt, busy > 64000 ? 64000u : (unsigned)busy, os_cpus_allowed(), waited, now);
}

/* ---- Parking ---- */

/* A server stops only once every server asked to (and the forker, once
 * it owns every heap no server serves) has arrived: until then it keeps
 * freeing what others forward to it, since one of them may be waiting for
 * room on a full ring to it. After that nobody forwards any more, and a
 * last drain empties its rings. */
static void park_rendezvous(void)
{
    atomic_fetch_add_explicit(&ng.parking, 1, memory_order_seq_cst);
    while (atomic_load_explicit(&ng.parking, memory_order_seq_cst) < ng.parkers)
        if (!me.serving || !owner_take_forwarded(&me.owner))
            os_pause();
    if (me.serving)
        owner_take_forwarded(&me.owner);
}

/* Fork: stop between passes, where the heaps are consistent, until
 * released. Halt (server_exit_process): stop for good, marking `parked`
 * UINT32_MAX. */
static void server_check_park(unsigned s)
{
    ng_server_t *srv = &ng.servers[s];
    if (s != 0 && atomic_load_explicit(&ng.halt, memory_order_acquire)) {
        park_rendezvous();
        atomic_store_explicit(&srv->parked, UINT32_MAX, memory_order_release);
        os_futex_wake(&srv->parked, 1);
        for (;;)
            os_futex_wait(&ng.halt, 1);
    }
    uint32_t r = atomic_load_explicit(&ng.park_req, memory_order_acquire);
    if (!(r & 1))
        return;
    park_rendezvous();
    atomic_store_explicit(&srv->parked, r, memory_order_release);
    os_futex_wake(&srv->parked, 1);
    while (atomic_load_explicit(&ng.park_req, memory_order_acquire) == r)
        os_futex_wait(&ng.park_req, r);
}

/* ---- The thread ---- */

/* Serve until idle for the spin time, then sleep; in mode auto, return
 * when it is time to serve in place instead. */
static void server_serve(unsigned s)
{
    uint64_t start = os_ticks(), busy = 0, idle_since = start;
    unsigned idle_spins = 0;
    for (;;) {
        server_check_park(s);
        uint64_t t0 = os_ticks();
        if (share_check(s, t0))
            return;
        int work = serve_barrier(s);
        if (serve_pass(&me.owner) | work) {
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
}

static void *server_main(void *arg)
{
    unsigned s = (unsigned)(uintptr_t)arg;
    tl_role = NG_ROLE_SERVER;
    tl_server = s;
    me = (ng_server_state_t){ .owner = { 0, s }, .standby_ms = ADAPT_WINDOW_MS };
    for (unsigned h = s; h < ng.nheaps; h += ng.nservers)
        me.owner.heaps |= 1u << h;
    os_pin_self(ng.servers[s].cpu, s);
    while (!atomic_load_explicit(&ng.server_go, memory_order_acquire))
        os_futex_wait(&ng.server_go, 0);
    uint64_t now = os_now_ns();
    atomic_store_explicit(&ng.servers[s].way_since_ns, now, memory_order_relaxed);
    adapt_start(&me.adapt, ng.mode == NG_MODE_AUTO ? os_cpus_allowed() : 2, now);
    for (;;) {
        server_check_park(s);
        if (!me.adapt.offload) {
            if (server_stand_by(s)) {
                me.adapt.offload = 1;
                me.adapt.since_ns = os_now_ns();
                ng_count(&ng.servers[s].switches, 1);
            }
            continue;
        }
        if (ng.mode == NG_MODE_AUTO ? !serve_begin(s) : !serving_handed(s))
            continue;   /* a park came first */
        share_start(&me.share, os_ticks(), os_thread_wait_ns(), os_now_ns());
        server_serve(s);
        serve_end(s);
        me.adapt.offload = 0;
        me.adapt.since_ns = os_now_ns();
        ng_count(&ng.servers[s].switches, 1);
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

/* In modes offload and sync every heap is served from the start: once the
 * threads exist, the starting thread takes the heaps for them before they
 * run, so that no call is served in place meanwhile. */
static void heaps_hand_to_servers(void)
{
    for (unsigned h = 0; h < ng.nheaps; h++) {
        lock_acquire(&ng.heaps[h].lock);
        atomic_store_explicit(&ng.heaps[h].served, heap_server(h), memory_order_seq_cst);
    }
}

NG_NOINLINE static void server_start(void)
{
    lock_acquire(&ng.init_lock);
    if (!atomic_load_explicit(&ng.server_up, memory_order_acquire) &&
        !atomic_load_explicit(&ng.server_failed, memory_order_relaxed)) {
        os_cpus_snapshot();
        int forced = ng.mode != NG_MODE_AUTO;
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
        /* Servers already created when one fails wait on server_go for
         * ever: they never touch a heap, and every heap stays unserved. */
        if (rc != 0) {
            atomic_store_explicit(&ng.server_failed, 1, memory_order_relaxed);
        } else {
            if (forced)
                heaps_hand_to_servers();
            atomic_store_explicit(&ng.server_up, 1, memory_order_release);
            atomic_store_explicit(&ng.server_go, 1, memory_order_release);
            os_futex_wake(&ng.server_go, INT32_MAX);
        }
    }
    lock_release(&ng.init_lock);
}

void server_ensure(void)
{
    if (NG_LIKELY(atomic_load_explicit(&ng.server_up, memory_order_acquire)) ||
        atomic_load_explicit(&ng.server_failed, memory_order_relaxed))
        return;
    server_start();
}

/* Server s drains every queue of the heaps it serves, if it serves them:
 * 1 when it did. */
static int server_barrier(unsigned s)
{
    ng_server_t *srv = &ng.servers[s];
    uint32_t req = atomic_fetch_add_explicit(&srv->barrier_req, 1, memory_order_seq_cst) + 1;
    bell_ring(&srv->bell);
    uint32_t done;
    while ((int32_t)((done = atomic_load_explicit(&srv->barrier_done, memory_order_acquire)) - req) < 0)
        os_futex_wait(&srv->barrier_done, done);
    return (int)atomic_load_explicit(&srv->barrier_served, memory_order_relaxed);
}

/* Heap h drained: by the caller while no server serves it, else by a
 * barrier of its server while it serves it (mode auto: a server may start
 * serving between its barrier and the claim, so it is asked again).
 * `drained` has a bit per server whose barrier this round drained. */
static void settle_heap(unsigned h, uint32_t *drained)
{
    for (;;) {
        if (own_claim(h)) {
            ng_owner_t o = { 1u << h, h };
            serve_drain_all(&o);
            own_release(h);
            return;
        }
        unsigned s = heap_server(h);
        if (*drained & (1u << s))
            return;
        if (server_barrier(s))
            *drained |= 1u << s;
    }
}

void servers_settle(void)
{
    int up = atomic_load_explicit(&ng.server_up, memory_order_acquire);
    for (int round = 0; round < 2; round++) {   /* the second frees what the first forwarded */
        uint32_t drained = 0;
        if (up)
            for (unsigned s = 0; s < ng.nservers; s++)
                if (server_barrier(s))
                    drained |= 1u << s;
        for (unsigned h = 0; h < ng.nheaps; h++)
            settle_heap(h, &drained);
    }
}

/* The forker owns every heap no server serves (servers keep their own):
 * while it waits for one, it frees what was forwarded to those it has, so
 * a thread owning the next one and waiting for room on a ring to them
 * finishes. */
static void park_claim_unserved(void)
{
    ng_owner_t held = { 0, 0 };
    for (unsigned h = 0; h < ng.nheaps; h++) {
        if (own_served(h))
            continue;
        while (!lock_acquire_ms(&ng.heaps[h].lock, 1))
            if (held.heaps)
                owner_take_forwarded(&held);
        if (!held.heaps)
            held.home = h;
        held.heaps |= 1u << h;
    }
}

void server_park(void)
{
    int up = atomic_load_explicit(&ng.server_up, memory_order_acquire);
    if (!up) {
        park_claim_unserved();
        return;
    }
    ng.parkers = ng.nservers + 1;   /* and the forker */
    atomic_store_explicit(&ng.parking, 0, memory_order_seq_cst);
    uint32_t r = atomic_fetch_add_explicit(&ng.park_req, 1, memory_order_seq_cst) + 1;
    for (unsigned s = 0; s < ng.nservers; s++)   /* all at once: they park together */
        bell_ring(&ng.servers[s].bell);
    /* Once every server has arrived, none serves or stops serving a heap. */
    uint32_t arrived;
    while ((arrived = atomic_load_explicit(&ng.parking, memory_order_seq_cst)) < ng.nservers)
        os_futex_wait_ms(&ng.parking, arrived, 1);
    park_claim_unserved();
    atomic_fetch_add_explicit(&ng.parking, 1, memory_order_seq_cst);
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
    for (unsigned h = 0; h < ng.nheaps; h++)
        if (!own_served(h))
            own_release(h);
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
    own_reset();
}
