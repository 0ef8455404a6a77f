/*
 * own.h: who owns a heap (types.h: owner). A server serving heap h holds
 * its lock for as long as it serves it (own_serve_begin .. own_serve_end);
 * any other thread owns it for one call at a time by claiming it, which
 * succeeds only while no server serves it. `served` changes only under the
 * lock, so a claimant holding the lock knows no server touches the heap.
 * Nothing here allocates.
 */
#ifndef NGMALLOC_OWN_H
#define NGMALLOC_OWN_H

#include "core.h"

static inline int own_served(unsigned h)
{
    return atomic_load_explicit(&ng.heaps[h].served, memory_order_seq_cst) != NG_UNSERVED;
}

/* Own heap h for a call: 1 with its lock held once no server serves it
 * (waiting while another thread owns it for a call); 0 as soon as a server
 * serves it, and the caller must ask that server instead. */
int own_claim(unsigned h);
/* own_claim without waiting: 0 when a server serves h or another thread
 * owns it. */
static inline int own_try(unsigned h)
{
    return !own_served(h) && lock_try(&ng.heaps[h].lock);
}
/* Give heap h back after own_claim or own_try. */
static inline void own_release(unsigned h) { lock_release(&ng.heaps[h].lock); }
/* Server s starts serving heap h: 1 when it could take the heap within
 * about `ms` milliseconds (a thread owning it for a call may be finishing). */
int own_serve_try(unsigned h, unsigned s, long ms);
/* Server s stops serving heap h, still owning it: requests posted from now
 * on are served by their own threads, once own_serve_release lets it go. */
void own_serve_stop(unsigned h);
/* ... and lets it go: clients asleep waiting for an answer are woken to
 * serve themselves. */
void own_serve_release(unsigned h);
/* A forked child: no server serves any heap and no lock is held. */
void own_reset(void);

#endif
