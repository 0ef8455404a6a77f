/* forward.c: the rings between heaps (see forward.h). */
#include "forward.h"

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

static ng_forward_t *rings;                    /* rings[from * ng.nheaps + to] */
static uint32_t unflushed[NG_MAX_HEAPS];       /* per producer: bit per heap it pushed to */
static _Atomic uint64_t forwarded[NG_MAX_HEAPS];   /* per producer, written by it alone */
/* Per consumer: raised after every publication to it, taken down by
 * forward_mail before it drains, so one load says whether anything waits. */
static _Atomic uint32_t mail[NG_MAX_HEAPS];

static ng_forward_t *ring(unsigned from, unsigned to)
{
    return &rings[from * ng.nheaps + to];
}

int forward_init(void)
{
    if (ng.nheaps < 2)
        return 0;
    rings = os_map((size_t)ng.nheaps * ng.nheaps * sizeof *rings);
    return rings ? 0 : -1;
}

static void ring_publish(unsigned from, unsigned to)
{
    ng_forward_t *r = ring(from, to);
    atomic_store_explicit(&r->tail, r->tail_local, memory_order_release);
    atomic_store_explicit(&mail[to], 1, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    bell_ring_if_asleep(heap_bell(to));
}

int forward_try_push(unsigned from, unsigned to, void *p)
{
    ng_forward_t *r = ring(from, to);
    uint32_t t = r->tail_local;
    if (t - r->head_seen >= FORWARD_CAP) {
        r->head_seen = atomic_load_explicit(&r->head, memory_order_acquire);
        if (t - r->head_seen >= FORWARD_CAP) {
            ring_publish(from, to);   /* the consumer must see the full ring to drain it */
            return 0;
        }
    }
    r->slot[t % FORWARD_CAP] = p;
    r->tail_local = t + 1;
    unflushed[from] |= 1u << to;
    ng_count(&forwarded[from], 1);
    return 1;
}

void forward_flush(unsigned from)
{
    while (unflushed[from]) {
        unsigned to = (unsigned)__builtin_ctz(unflushed[from]);
        unflushed[from] &= ~(1u << to);
        ring_publish(from, to);
    }
}

unsigned forward_take(unsigned to, void **out, unsigned max)
{
    unsigned n = 0;
    for (unsigned from = 0; from < ng.nheaps && n < max; from++) {
        if (from == to)
            continue;
        ng_forward_t *r = ring(from, to);
        uint32_t t = atomic_load_explicit(&r->tail, memory_order_acquire);
        uint32_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
        if (h == t)
            continue;
        for (; h != t && n < max; h++)
            out[n++] = r->slot[h % FORWARD_CAP];
        atomic_store_explicit(&r->head, h, memory_order_release);
    }
    return n;
}

int forward_pending(unsigned to) { return atomic_load_explicit(&mail[to], memory_order_relaxed) != 0; }

int forward_mail(unsigned to)
{
    return forward_pending(to) && atomic_exchange_explicit(&mail[to], 0, memory_order_acquire);
}

uint64_t forward_count(unsigned from) { return atomic_load_explicit(&forwarded[from], memory_order_relaxed); }
