/*
 * channel.h: a client's SPSC channels to its heap's owner. The client side
 * (stock_pop, queue_push) is the offload fast path: plain loads and
 * release stores on client-owned fields, no lock, no read-modify-write.
 * The owner side runs only on the owner of the client's heap (types.h):
 * it drains free queues, fills stocks, frees blocks with their checks, and
 * hands blocks of heaps it does not own to theirs (forward.h). Nothing here
 * waits for another thread, except for room on a full forwarding ring.
 */
#ifndef NGMALLOC_CHANNEL_H
#define NGMALLOC_CHANNEL_H

#include "core.h"
#include "heap.h"
#include "ops.h"

#define STOCK_CLASS_BYTES  (128u << 10)   /* most a stock may hold for one class */
#define STOCK_CLIENT_BYTES (4u << 20)     /* most a thread's stocks may hold in all */

/* Where class c's stock ring sits in a client's slots, and its capacity
 * less one (a power of two). A ring holds the stock and, until the owner
 * marks them given, the blocks the thread took: a batch freed in the
 * order it was taken goes back without marking while it fits. So the
 * pool's classes keep 1024 slots and the larger ones 256, packed one after
 * another. Set once by stock_rings_init, before any client exists. */
typedef struct { uint32_t off, mask; } ng_ring_t;
extern ng_ring_t ng_rings[NG_NCLASS];
void stock_rings_init(void);

/* The slot of class cls's ring that position i of its stock is in. */
static inline uint32_t *stock_slot(ng_client_t *c, unsigned cls, uint32_t i)
{
    return &c->stock[ng_rings[cls].off + (i & ng_rings[cls].mask)];
}

static inline uint32_t stock_cap(unsigned cls) { return ng_rings[cls].mask + 1; }

void stock_low(ng_client_t *c, unsigned cls);   /* below the low mark: ask for a refill */
void queue_publish(ng_client_t *c);            /* show the owner the frees appended so far */

/* ---- Client side: the fast paths ---- */

/* A block of class cls from the thread's stock, or NULL on a miss. */
static inline void *stock_pop(ng_client_t *c, unsigned cls)
{
    ng_stock_private_t *s = &c->stock_p[cls];
    uint32_t h = atomic_load_explicit(&c->stock_c[cls].head, memory_order_relaxed);
    if (NG_UNLIKELY(h == s->tail_seen)) {
        s->tail_seen = atomic_load_explicit(&c->stock_tail[cls], memory_order_acquire);
        if (h == s->tail_seen)
            return NULL;
    }
    void *p = heap_block_at(c->regions, cls, *stock_slot(c, cls, h));
    atomic_store_explicit(&c->stock_c[cls].head, h + 1, memory_order_release);
    if (NG_UNLIKELY(s->tail_seen - (h + 1) < s->low_mark))
        stock_low(c, cls);
    c->counts[CNT_HITS]++;
    return p;
}

/* Append p to the thread's free queue; 0 when the queue is full. The owner
 * sees appended frees a batch at a time, so that the line it polls is
 * written once per batch rather than once per free. */
static inline int queue_push(ng_client_t *c, void *p)
{
    uint32_t t = c->q_tail_local;
    if (NG_UNLIKELY(t - c->q_head_seen >= NG_QUEUE_CAP))
        return 0;
    c->queue[t % NG_QUEUE_CAP] = p;
    c->q_tail_local = t + 1;
    if (NG_UNLIKELY((t + 1) % NG_QUEUE_BATCH == 0))
        queue_publish(c);
    return 1;
}

/* Client side, slow: grow the stock depth of cls after a miss, and set
 * the mark below which the thread asks its heap's server for more. */
void stock_grow(ng_client_t *c, unsigned cls);
/* Client side, slow: for a class of blocks over 32 KiB, a block of it that
 * the thread freed since it last published its queue, taken back out of
 * the queue (the owner has not seen it: to the heap it is still the
 * thread's), or NULL. Aborts on a block appended there twice. */
void *queue_take_back(ng_client_t *c, unsigned cls);

/* ---- Owner side ---- */

/* owner_free's rare half: p is in a stock as far as the heap knows. */
void owner_free_stocked(ng_client_t *c, void *p, unsigned cls);

/* Free arena address p, of class cls as heap_class_of(p) says, which
 * client c (or NULL) passed on, as the owner of p's heap, resolving "still
 * in a stock?" by refreshing what clients took. Inline: it is on every
 * free's path. */
static inline void owner_free(ng_client_t *c, void *p, unsigned cls)
{
    if (ops_free(p, cls, 0))
        owner_free_stocked(c, p, cls);
}
/* Free p for a round trip, forwarding it when another heap holds it. */
void owner_release(const ng_owner_t *o, void *p);
/* Free what other heaps forwarded to the heaps o owns; 1 if there was any. */
int owner_take_forwarded(const ng_owner_t *o);
/* Drain c's free queue (c's heap is o's); 1 if there was anything. */
int queue_drain(const ng_owner_t *o, ng_client_t *c);
/* Refill the stocks c flagged low; 1 if any. */
int stocks_refill_flagged(ng_client_t *c);
void stock_refill(ng_client_t *c, unsigned cls);
/* Return c's stocks and pending frees to the heap and mark c reusable. */
void client_retire(const ng_owner_t *o, ng_client_t *c);
/* 1 when c has anything for its owner to do. */
int client_has_work(ng_client_t *c);
/* Bytes sitting in c's stocks. */
uint64_t client_stocked_bytes(ng_client_t *c);

#endif
