/* serve.c: the owner's work for its clients (see serve.h). */
#include "serve.h"

#include "forward.h"
#include "os.h"

/* Registry slot i's client if o owns its heap and it is live (or exiting);
 * else NULL. */
static ng_client_t *served_at(const ng_owner_t *o, uint32_t i, uint32_t *state)
{
    ng_client_t *c = client_active_at(i, state);
    return c && owns(o, c->heap) ? c : NULL;
}

void serve_drain_all(const ng_owner_t *o)
{
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire), st;
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = served_at(o, i, &st);
        if (c)
            queue_drain(o, c);
    }
    owner_take_forwarded(o);
    for (uint32_t heaps = o->heaps; heaps; heaps &= heaps - 1)
        heap_sweep_settled((unsigned)__builtin_ctz(heaps));   /* a trim asked for is done by now */
}

void *serve_op(const ng_owner_t *o, ng_op_t op, void *ptr, size_t size)
{
    switch (op) {
    case NG_OP_MALLOC:              /* size carries the class */
        return ops_alloc(o->home, (unsigned)size);
    case NG_OP_FREE:
        owner_release(o, ptr);
        return NULL;
    case NG_OP_BARRIER:
        serve_drain_all(o);
        return NULL;
    case NG_OP_NONE:
        return NULL;
    }
    return NULL;
}

void serve_answer(const ng_owner_t *o, ng_client_t *c, uint32_t seq)
{
    ng_op_t op = (ng_op_t)c->req_op;
    /* A miss: the stock is filled ahead too, once the client has its block
     * and runs again (filling first kept it waiting for every block of the
     * refill, and their prefaulting). The request is read now: once
     * answered, the client may post the next one. */
    int refill = op == NG_OP_MALLOC && mode_stocks();
    unsigned cls = (unsigned)c->req_size;
    ng_owner_t mine = { o->heaps, c->heap };   /* its malloc takes from its own heap */
    c->resp_ptr = serve_op(&mine, op, c->req_ptr, c->req_size);
    atomic_store_explicit(&c->resp_seq, seq, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(&c->waiting, memory_order_relaxed))
        os_futex_wake(&c->resp_seq, 1);
    if (refill)
        stock_refill(c, cls);
}

/* One client's share of a pass; 1 if it had work. */
static int serve_client(const ng_owner_t *o, ng_client_t *c, uint32_t state)
{
    int work = queue_drain(o, c);
    work |= stocks_refill_flagged(c);
    uint32_t seq = atomic_load_explicit(&c->req_seq, memory_order_acquire);
    if (seq != atomic_load_explicit(&c->resp_seq, memory_order_relaxed)) {
        serve_answer(o, c, seq);
        work = 1;
    }
    if (state == NG_CLIENT_EXITING) {
        client_retire(o, c);
        work = 1;
    }
    return work;
}

void serve_self(ng_client_t *c)
{
    const ng_owner_t *o = &ng.one[c->heap];
    owner_take_forwarded(o);
    serve_client(o, c, NG_CLIENT_LIVE);
    heap_sweep_due(c->heap);
}

int serve_pass(const ng_owner_t *o)
{
    int work = owner_take_forwarded(o);
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire), st;
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = served_at(o, i, &st);
        if (c)
            work |= serve_client(o, c, st);
    }
    return work;
}

int serve_has_work(const ng_owner_t *o)
{
    for (uint32_t heaps = o->heaps; heaps; heaps &= heaps - 1)
        if (forward_pending((unsigned)__builtin_ctz(heaps)))
            return 1;
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire), st;
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = served_at(o, i, &st);
        if (c && client_has_work(c))
            return 1;
    }
    return 0;
}
