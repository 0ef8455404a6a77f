/* channel.c: the owner side of the client channels, and the client's slow
 * stock helpers (see channel.h). */
#include "channel.h"

#include "forward.h"
#include "os.h"
#include "own.h"

#define FORWARD_BATCH 64u   /* forwarded blocks taken off the rings at a time */
#define TAKE_BACK_DEPTH 4u  /* queue_take_back serves classes whose stock holds at most this many */

/* ---- Client side, slow ---- */

NG_NOINLINE void stock_low(ng_client_t *c, unsigned cls)
{
    ng_stock_private_t *s = &c->stock_p[cls];
    s->tail_seen = atomic_load_explicit(&c->stock_tail[cls], memory_order_acquire);
    uint32_t h = atomic_load_explicit(&c->stock_c[cls].head, memory_order_relaxed);
    if (s->tail_seen - h >= s->low_mark || atomic_load_explicit(&c->low[cls], memory_order_relaxed))
        return;
    atomic_store_explicit(&c->low[cls], 1, memory_order_release);
    /* Unfenced check: a wake-up lost here costs a later miss, never a hang. */
    bell_ring_if_asleep(heap_bell(c->heap));
}

/* A sleeping server is woken once the queue is half full: until then the
 * frees can wait, which keeps idle threads from waking it. */
NG_NOINLINE void queue_publish(ng_client_t *c)
{
    uint32_t t = c->q_tail_local;
    atomic_store_explicit(&c->q_tail, t, memory_order_release);
    ng_bell_t *bell = heap_bell(c->heap);
    if (t - c->q_head_seen >= NG_QUEUE_CAP / 2 && atomic_load_explicit(&bell->sleeping, memory_order_relaxed)) {
        c->q_head_seen = atomic_load_explicit(&c->q_head, memory_order_acquire);
        if (t - c->q_head_seen >= NG_QUEUE_CAP / 2)
            bell_ring(bell);
    }
}

static uint32_t stock_depth_max(unsigned cls);

/* Only the entries past the published tail are the client's alone: the
 * owner reads up to q_tail. The newest block of the class is taken; the
 * last entry fills its place. Only classes whose stock is a few blocks
 * deep (over 32 KiB) look: a smaller class's stock is refilled ahead, and
 * taking back would keep it empty, every malloc a scan of the queue (150
 * instructions a 64-byte pair under callgrind, against 20 for a hit). */
NG_NOINLINE void *queue_take_back(ng_client_t *c, unsigned cls)
{
    if (stock_depth_max(cls) > TAKE_BACK_DEPTH)
        return NULL;
    uint32_t from = atomic_load_explicit(&c->q_tail, memory_order_relaxed), to = c->q_tail_local;
    for (uint32_t i = to; i-- != from;) {
        void *p = c->queue[i % NG_QUEUE_CAP];
        if (heap_class_of(p) != cls)
            continue;
        for (uint32_t j = from; j != to; j++)
            if (j != i && c->queue[j % NG_QUEUE_CAP] == p)
                os_fatal("double free of %p (size class %zu B)", p, sc_size(cls));
        c->queue[i % NG_QUEUE_CAP] = c->queue[(to - 1) % NG_QUEUE_CAP];
        c->q_tail_local = to - 1;
        return p;
    }
    return NULL;
}

ng_ring_t ng_rings[NG_NCLASS];

/* The deepest stock of class cls: STOCK_CLASS_BYTES of blocks, at least
 * one, at most half the largest ring. */
static uint32_t stock_depth_max(unsigned cls)
{
    uint32_t depth = (uint32_t)(STOCK_CLASS_BYTES / sc_size(cls));
    if (depth < 1)
        depth = 1;
    return depth < NG_STOCK_CAP / 2 ? depth : NG_STOCK_CAP / 2;
}

void stock_rings_init(void)
{
    uint32_t off = 0;
    for (unsigned cls = 0; cls < NG_NCLASS; cls++) {
        uint32_t cap = cls < NG_POOL_CLASSES ? NG_STOCK_CAP : NG_STOCK_CAP / 4;
        if (cap < 2 * stock_depth_max(cls))   /* a full stock and as much taken must fit */
            os_fatal("the stock ring of class %u has %u slots, too few", cls, cap);
        ng_rings[cls] = (ng_ring_t){ off, cap - 1 };
        off += cap;
    }
    if (off > NG_STOCK_SLOTS)
        os_fatal("stock rings need %u slots, NG_STOCK_SLOTS is %u", off, NG_STOCK_SLOTS);
}

void stock_grow(ng_client_t *c, unsigned cls)
{
    size_t size = sc_size(cls);
    uint32_t old = atomic_load_explicit(&c->stock_c[cls].target, memory_order_relaxed);
    uint32_t cap = stock_depth_max(cls);
    uint32_t want = old ? old * 2 : 4;
    if (want > cap)
        want = cap;
    if (want > old && c->stock_bytes_target + (want - old) * size <= STOCK_CLIENT_BYTES) {
        c->stock_bytes_target += (want - old) * size;
        atomic_store_explicit(&c->stock_c[cls].target, want, memory_order_relaxed);
    }
    /* A low stock is worth a word only to a server filling ahead: a thread
     * serving itself refills on its next miss. */
    uint32_t target = atomic_load_explicit(&c->stock_c[cls].target, memory_order_relaxed);
    c->stock_p[cls].low_mark = own_served(c->heap) ? target / 2 : 0;
}

/* ---- Owner side ---- */

/* Mark given every block c took from its cls stock since the last look. */
static void stock_mark_taken(ng_client_t *c, unsigned cls)
{
    ng_stock_owner_t *ss = &c->stock_s[cls];
    uint32_t h = atomic_load_explicit(&c->stock_c[cls].head, memory_order_acquire);
    ss->head_seen = h;   /* given_upto <= head_seen <= head, always */
    char *const *regions = heap_regions(c->heap);
    for (; ss->given_upto != h; ss->given_upto++)
        heap_mark_given(heap_block_at(regions, cls, *stock_slot(c, cls, ss->given_upto)), cls);
}

/* A block handed on from the thread that took it to the thread that frees
 * it: the taking was published before the free, so a fresh look at the
 * stock heads of heap h's clients (the only stocks its blocks sit in) finds
 * it. */
static void stocks_sync_given(unsigned h, unsigned cls)
{
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire), st;
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = client_active_at(i, &st);
        if (c && c->heap == h)
            stock_mark_taken(c, cls);
    }
}

/* Usually a thread frees what it took from its own stock: look there first. */
NG_NOINLINE void owner_free_stocked(ng_client_t *c, void *p, unsigned cls)
{
    if (c && c->heap == heap_of(p))
        stock_mark_taken(c, cls);
    if (ops_free(p, cls, 0)) {
        stocks_sync_given(heap_of(p), cls);
        ops_free(p, cls, 1);
    }
}

/* The block `ref` refers to is the oldest one c took from its stock that
 * the owner has not yet marked given, and c has freed it: it goes back into
 * the stock without ever being marked given, so its bitmap state (busy, not
 * given) needs no change at all. In the common pattern of a thread freeing
 * what it took, in the order it took it, this spares the owner both bitmap
 * updates of a block's round. A block freed twice is not there the second
 * time and takes the checked path. */
static int stock_took_back(ng_client_t *c, ng_stock_owner_t *ss, unsigned cls, uint32_t ref)
{
    if (ss->given_upto == ss->head_seen)
        ss->head_seen = atomic_load_explicit(&c->stock_c[cls].head, memory_order_acquire);
    if (ss->given_upto == ss->head_seen || *stock_slot(c, cls, ss->given_upto) != ref)
        return 0;
    ss->given_upto++;
    return 1;
}

/* Block p, freed by c and not the one stock_took_back looks for, goes
 * back into c's stock: its bitmap state flips from given to stocked, which
 * also checks it was not freed before. 1 when it did. Blocks the client
 * took and has not yet freed hold their ring slots until marked given, so
 * a ring with no room left gets them marked first. */
static int stock_restock(ng_client_t *c, ng_stock_owner_t *ss, unsigned cls, void *p)
{
    if (ss->tail - ss->given_upto >= stock_cap(cls))
        stock_mark_taken(c, cls);
    if (!heap_restock(p, cls))
        return 1;
    stock_mark_taken(c, cls);   /* p was taken and not yet marked: freed out of order */
    return !heap_restock(p, cls);
}

/* 1 while c's stock of cls holds under `limit` blocks. The stock is what
 * the client has not taken (tail - head); blocks it took and has not yet
 * freed are not in it, or a backlog of frees would look like a full stock. */
static int stock_has_room(ng_client_t *c, ng_stock_owner_t *ss, unsigned cls, uint32_t limit)
{
    if (ss->tail - ss->head_seen >= limit)
        ss->head_seen = atomic_load_explicit(&c->stock_c[cls].head, memory_order_acquire);
    return ss->tail - ss->head_seen < limit;
}

/* Put block p of heap h (c's), which c freed, straight back into
 * c's stock of its class while the stock holds under twice its target: the
 * cheapest free for the owner, and the block is likely still in the
 * thread's cache when it is taken again. 0 when it did not fit. The bound
 * holds for blocks taken back too, since a refill tops the stock up while
 * taken blocks are out. The tail is published at once, so the client's
 * stock does not look empty longer than it is. */
static int stock_recycle(unsigned h, ng_client_t *c, void *p, unsigned cls)
{
    ng_stock_owner_t *ss = &c->stock_s[cls];
    uint32_t limit = ss->target_seen * 2;   /* within the ring: stock_rings_init */
    uint32_t ref = heap_block_ref(heap_regions(h), cls, p);
    if (!limit || !stock_has_room(c, ss, cls, limit) ||
        (!stock_took_back(c, ss, cls, ref) && !stock_restock(c, ss, cls, p)))
        return 0;
    uint32_t tail = ss->tail;
    *stock_slot(c, cls, tail) = ref;
    ss->tail = tail + 1;
    atomic_store_explicit(&c->stock_tail[cls], tail + 1, memory_order_release);
    return 1;
}

/* Owner o hands p to the owner of heap `to`. While the ring is full it
 * frees what other heaps forwarded to its own and, when no server serves
 * `to` and nobody owns it for a call, takes `to` for a moment to free what
 * waits for it there: so owners forwarding to each other never wait on
 * each other. */
static void forward_block(const ng_owner_t *o, unsigned to, void *p)
{
    for (unsigned spins = 0; !forward_try_push(o->home, to, p); spins++) {
        if (owner_take_forwarded(o))
            continue;
        if (own_try(to)) {
            ng_owner_t other = { 1u << to, to };
            int any = owner_take_forwarded(&other);
            own_release(to);
            if (any)
                continue;
        }
        if (spins % 64 == 63)     /* the consumer may be waiting for this CPU */
            os_yield();
        else
            os_pause();
    }
}

/* Block p, freed through client c (or NULL), reaches the owner o of c's
 * heap: it is forwarded when a heap o does not own holds it; otherwise it
 * goes straight back into c's stock when it fits, or is freed. Inlined: it
 * is the owner's per-block path. */
static inline __attribute__((always_inline)) void release_block(const ng_owner_t *o, ng_client_t *c, void *p)
{
    unsigned cls = heap_class_of(p);
    if (cls == NG_NCLASS) {                              /* no block of ours: owner_free says so */
        owner_free(c, p, cls);
        return;
    }
    unsigned h = heap_of(p);
    if (NG_UNLIKELY(!owns(o, h))) {
        forward_block(o, h, p);
        return;
    }
    if (!c || c->heap != h || !stock_recycle(h, c, p, cls))
        owner_free(c, p, cls);
}

void owner_release(const ng_owner_t *o, void *p)
{
    unsigned cls = heap_class_of(p);
    if (cls == NG_NCLASS || owns(o, heap_of(p))) {
        owner_free(NULL, p, cls);
        return;
    }
    forward_block(o, heap_of(p), p);
    forward_flush(o->home);
}

int owner_take_forwarded(const ng_owner_t *o)
{
    void *batch[FORWARD_BATCH];
    int any = 0;
    for (uint32_t heaps = o->heaps; heaps; heaps &= heaps - 1) {
        unsigned h = (unsigned)__builtin_ctz(heaps), n;
        if (!forward_mail(h))
            continue;
        while ((n = forward_take(h, batch, FORWARD_BATCH)) != 0) {
            for (unsigned i = 0; i < n; i++)
                owner_free(NULL, batch[i], heap_class_of(batch[i]));
            any = 1;
        }
    }
    return any;
}

int queue_drain(const ng_owner_t *o, ng_client_t *c)
{
    uint32_t t = atomic_load_explicit(&c->q_tail, memory_order_acquire);
    uint32_t h = atomic_load_explicit(&c->q_head, memory_order_relaxed);
    if (h == t)
        return 0;
    for (; h != t; h++)
        release_block(o, c, c->queue[h % NG_QUEUE_CAP]);
    forward_flush(o->home);
    atomic_store_explicit(&c->q_head, h, memory_order_release);
    return 1;
}

/* Fill c's stock of cls up to its target. What the client took is marked
 * given only when the ring would otherwise overrun slots not yet looked at:
 * marking it now would make the blocks it is about to free in the order it
 * took them miss stock_took_back. */
void stock_refill(ng_client_t *c, unsigned cls)
{
    ng_stock_owner_t *ss = &c->stock_s[cls];
    uint32_t head = atomic_load_explicit(&c->stock_c[cls].head, memory_order_acquire);
    ss->head_seen = head;
    uint32_t tail = ss->tail;
    uint32_t target = atomic_load_explicit(&c->stock_c[cls].target, memory_order_relaxed);
    ss->target_seen = target;
    if (head + target - ss->given_upto > stock_cap(cls))
        stock_mark_taken(c, cls);
    unsigned h = c->heap;
    while (tail - head < target) {
        void *p = heap_alloc_small(h, cls, 0);
        if (!p)
            break;
        *stock_slot(c, cls, tail) = heap_block_ref(heap_regions(h), cls, p);
        tail++;
    }
    ss->tail = tail;
    atomic_store_explicit(&c->stock_tail[cls], tail, memory_order_release);
}

int stocks_refill_flagged(ng_client_t *c)
{
    int any = 0;
    for (unsigned cls = 0; cls < NG_NCLASS; cls++) {
        if (!atomic_load_explicit(&c->low[cls], memory_order_acquire))
            continue;
        atomic_store_explicit(&c->low[cls], 0, memory_order_relaxed);
        stock_refill(c, cls);
        any = 1;
    }
    return any;
}

void client_retire(const ng_owner_t *o, ng_client_t *c)
{
    queue_drain(o, c);
    char *const *regions = heap_regions(c->heap);
    for (unsigned cls = 0; cls < NG_NCLASS; cls++) {
        stock_mark_taken(c, cls);
        uint32_t tail = c->stock_s[cls].tail;
        for (uint32_t i = c->stock_s[cls].given_upto; i != tail; i++)
            heap_unstock(heap_block_at(regions, cls, *stock_slot(c, cls, i)), cls);
    }
    atomic_store_explicit(&c->state, NG_CLIENT_FREE, memory_order_release);
}

int client_has_work(ng_client_t *c)
{
    if (atomic_load_explicit(&c->q_tail, memory_order_acquire) !=
        atomic_load_explicit(&c->q_head, memory_order_relaxed))
        return 1;
    if (atomic_load_explicit(&c->req_seq, memory_order_acquire) !=
        atomic_load_explicit(&c->resp_seq, memory_order_relaxed))
        return 1;
    if (atomic_load_explicit(&c->state, memory_order_acquire) == NG_CLIENT_EXITING)
        return 1;
    for (unsigned cls = 0; cls < NG_NCLASS; cls++)
        if (atomic_load_explicit(&c->low[cls], memory_order_relaxed))
            return 1;
    return 0;
}

uint64_t client_stocked_bytes(ng_client_t *c)
{
    uint64_t sum = 0;
    for (unsigned cls = 0; cls < NG_NCLASS; cls++) {
        uint32_t t = atomic_load_explicit(&c->stock_tail[cls], memory_order_acquire);
        uint32_t h = atomic_load_explicit(&c->stock_c[cls].head, memory_order_acquire);
        sum += (uint64_t)(t - h) * sc_size(cls);
    }
    return sum;
}
