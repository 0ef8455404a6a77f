/*
 * bell.h: how a thread with work for a server that may be asleep wakes it.
 * The server raises `sleeping` before it sleeps on `futex` and checks for
 * work after; a waker publishes its work, then reads `sleeping` and bumps
 * `futex` (the flag-then-recheck protocol: no wake-up needed for progress
 * is lost). Never allocates; never blocks.
 */
#ifndef NGMALLOC_BELL_H
#define NGMALLOC_BELL_H

#include <stdatomic.h>
#include <stdint.h>

#include "os.h"

typedef struct {
    _Atomic uint32_t sleeping;   /* the server is (about to be) in futex_wait */
    _Atomic uint32_t futex;      /* bumped to wake it */
} ng_bell_t;

static inline void bell_ring(ng_bell_t *b)
{
    atomic_fetch_add_explicit(&b->futex, 1, memory_order_seq_cst);
    os_futex_wake(&b->futex, 1);
}

/* Ring only if the server sleeps: the caller published its work first. */
static inline void bell_ring_if_asleep(ng_bell_t *b)
{
    if (atomic_load_explicit(&b->sleeping, memory_order_relaxed))
        bell_ring(b);
}

#endif
