/* own.c: heap ownership (see own.h). */
#include "own.h"

#define CLAIM_WAIT_MS 1   /* a claimant looks again whether a server took over */

int own_claim(unsigned h)
{
    ng_heap_owner_t *o = &ng.heaps[h];
    for (;;) {
        if (own_served(h))
            return 0;
        if (lock_acquire_ms(&o->lock, CLAIM_WAIT_MS))
            return 1;
    }
}

int own_serve_try(unsigned h, unsigned s, long ms)
{
    if (!lock_acquire_ms(&ng.heaps[h].lock, ms))
        return 0;
    atomic_store_explicit(&ng.heaps[h].served, s, memory_order_seq_cst);
    return 1;
}

void own_serve_stop(unsigned h)
{
    atomic_store_explicit(&ng.heaps[h].served, NG_UNSERVED, memory_order_seq_cst);
}

void own_serve_release(unsigned h)
{
    lock_release(&ng.heaps[h].lock);
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire), st;
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = client_active_at(i, &st);
        if (c && c->heap == h && atomic_load_explicit(&c->waiting, memory_order_seq_cst))
            os_futex_wake(&c->resp_seq, 1);
    }
}

void own_reset(void)
{
    for (unsigned h = 0; h < NG_MAX_HEAPS; h++) {
        lock_reset(&ng.heaps[h].lock);
        atomic_store(&ng.heaps[h].served, NG_UNSERVED);
    }
}
