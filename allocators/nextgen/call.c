/* call.c: a slow path's way to its heap's owner (see call.h). */
#include "call.h"

#include "forward.h"
#include "os.h"
#include "own.h"
#include "serve.h"
#include "server.h"

#define CLIENT_SPIN_TICKS 100000  /* TSC ticks (~30-45 us) a client waits for an answer before sleeping */
#define CLIENT_YIELD_EVERY 64     /* pause rounds between sched_yield calls: lets the server run on a full machine */
#define CLIENT_NAP_MS 4           /* asleep, a client looks this often whether its heap is still served */

/* Wait for the answer to request `seq` while c's heap is served: 1 when it
 * came, 0 when the heap stopped being served first. The spin is long
 * enough for a server to drain a full free queue or prefault a refill
 * before the client sleeps, since a wake-up costs 10-50 us. */
static int await_server(ng_client_t *c, uint32_t seq)
{
    unsigned h = c->heap;
    uint64_t until = os_ticks() + CLIENT_SPIN_TICKS;
    for (unsigned i = 1; os_ticks() < until; i++) {
        if (atomic_load_explicit(&c->resp_seq, memory_order_acquire) == seq)
            return 1;
        if (!own_served(h))
            return 0;
        if (i % CLIENT_YIELD_EVERY == 0)
            os_yield();
        else
            os_pause();
    }
    int answered;
    for (;;) {
        atomic_store_explicit(&c->waiting, 1, memory_order_seq_cst);
        if ((answered = atomic_load_explicit(&c->resp_seq, memory_order_seq_cst) == seq) || !own_served(h))
            break;
        os_futex_wait_ms(&c->resp_seq, seq - 1, CLIENT_NAP_MS);
    }
    atomic_store_explicit(&c->waiting, 0, memory_order_relaxed);
    return answered;
}

void call_heap(ng_client_t *c, ng_op_t op, void *ptr, size_t size)
{
    if (mode_servers())
        server_ensure();
    queue_publish(c);          /* the owner drains these before answering */
    c->req_op = op;
    c->req_ptr = ptr;
    c->req_size = size;
    uint32_t seq = atomic_load_explicit(&c->req_seq, memory_order_relaxed) + 1;
    atomic_store_explicit(&c->req_seq, seq, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);   /* posted before `served` is read: own.h */
    unsigned h = c->heap;
    for (;;) {
        if (own_served(h)) {
            bell_ring_if_asleep(heap_bell(h));
            if (await_server(c, seq)) {
                c->counts[CNT_ROUND_TRIPS]++;
                return;
            }
        }
        if (own_claim(h)) {
            serve_self(c);    /* answers the request unless a stopping server did */
            own_release(h);
            c->counts[CNT_IN_PLACE]++;
            return;
        }
    }
}

int call_direct(unsigned h, ng_op_t op, void *ptr, size_t size, void **result)
{
    if (NG_UNLIKELY(!own_try(h)) && !own_claim(h))
        return 0;
    if (NG_UNLIKELY(forward_pending(h)))   /* other heaps' owners freed blocks of this one */
        owner_take_forwarded(&ng.one[h]);
    *result = serve_op(&ng.one[h], op, ptr, size);
    own_release(h);
    return 1;
}

void call_retire(ng_client_t *c)
{
    queue_publish(c);
    atomic_store_explicit(&c->state, NG_CLIENT_EXITING, memory_order_seq_cst);
    unsigned h = c->heap;
    /* Served: the server retires it. Else the thread does, unless a server
     * saw it EXITING first and did (the record may then be another's). */
    if (own_served(h) || !own_claim(h)) {
        bell_ring(heap_bell(h));
        return;
    }
    uint32_t exiting = NG_CLIENT_EXITING;
    if (atomic_compare_exchange_strong(&c->state, &exiting, NG_CLIENT_RETIRING)) {
        client_retire(&ng.one[h], c);
    }
    own_release(h);
}
