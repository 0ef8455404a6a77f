/* forward.c: the server-to-server rings (see forward.h). */
#include "forward.h"

#include "channel.h"
#include "core.h"
#include "os.h"

#define FORWARD_CAP 1024u   /* slots per ring (power of two) */

/* One ring, its fields grouped by writer. */
typedef struct {
    _Alignas(NG_CACHELINE) _Atomic uint32_t tail;   /* published by the producer */
    _Alignas(NG_CACHELINE) uint32_t tail_local;     /* producer-private: next slot to fill */
    uint32_t head_seen;                              /* producer-private: last head loaded */
    _Alignas(NG_CACHELINE) _Atomic uint32_t head;   /* written by the consumer */
    _Alignas(NG_CACHELINE) void *slot[FORWARD_CAP];
} ng_forward_t;

static ng_forward_t *rings;        /* rings[from * ng.nservers + to] */
static uint32_t unflushed[NG_MAX_SERVERS];   /* per producer: bit per server it pushed to */

static ng_forward_t *ring(unsigned from, unsigned to)
{
    return &rings[from * ng.nservers + to];
}

int forward_init(void)
{
    if (ng.nservers < 2)
        return 0;
    rings = os_map((size_t)ng.nservers * ng.nservers * sizeof *rings);
    return rings ? 0 : -1;
}

static void ring_publish(unsigned from, unsigned to)
{
    ng_forward_t *r = ring(from, to);
    atomic_store_explicit(&r->tail, r->tail_local, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(&ng.servers[to].sleeping, memory_order_relaxed))
        server_wake(to);
}

void forward_push(unsigned from, unsigned to, void *p)
{
    ng_forward_t *r = ring(from, to);
    uint32_t t = r->tail_local;
    for (unsigned spins = 0; t - r->head_seen >= FORWARD_CAP; spins++) {
        r->head_seen = atomic_load_explicit(&r->head, memory_order_acquire);
        if (t - r->head_seen < FORWARD_CAP)
            break;
        ring_publish(from, to);   /* the consumer must see the full ring to drain it */
        if (forward_drain(from))
            continue;
        if (spins % 64 == 63)     /* the consumer may be waiting for this CPU */
            os_yield();
        else
            os_pause();
    }
    r->slot[t % FORWARD_CAP] = p;
    r->tail_local = t + 1;
    unflushed[from] |= 1u << to;
    ng_count(&ng.servers[from].forwarded, 1);
}

void forward_flush(unsigned from)
{
    while (unflushed[from]) {
        unsigned to = (unsigned)__builtin_ctz(unflushed[from]);
        unflushed[from] &= ~(1u << to);
        ring_publish(from, to);
    }
}

int forward_drain(unsigned to)
{
    int any = 0;
    for (unsigned from = 0; from < ng.nservers; from++) {
        if (from == to)
            continue;
        ng_forward_t *r = ring(from, to);
        uint32_t t = atomic_load_explicit(&r->tail, memory_order_acquire);
        uint32_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
        if (h == t)
            continue;
        for (; h != t; h++) {
            void *p = r->slot[h % FORWARD_CAP];
            owner_free(to, NULL, p, heap_class_of(p));
        }
        atomic_store_explicit(&r->head, h, memory_order_release);
        any = 1;
    }
    return any;
}

int forward_pending(unsigned to)
{
    for (unsigned from = 0; from < ng.nservers; from++)
        if (from != to &&
            atomic_load_explicit(&ring(from, to)->tail, memory_order_acquire) !=
            atomic_load_explicit(&ring(from, to)->head, memory_order_relaxed))
            return 1;
    return 0;
}
