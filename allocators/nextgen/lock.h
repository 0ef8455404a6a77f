/*
 * lock.h: a small futex lock for the slow paths (mode inline, bootstrap,
 * server start, fork). Never used on the offload fast paths.
 */
#ifndef NGMALLOC_LOCK_H
#define NGMALLOC_LOCK_H

#include "os.h"
#include "types.h"

typedef struct { _Atomic uint32_t word; } ng_lock_t;   /* 0 free, 1 held, 2 held with waiters */

static inline void lock_acquire(ng_lock_t *l)
{
    uint32_t expected = 0;
    if (NG_LIKELY(atomic_compare_exchange_strong_explicit(&l->word, &expected, 1,
                                                          memory_order_acquire, memory_order_relaxed)))
        return;
    for (int spin = 0; spin < 100; spin++) {
        os_pause();
        expected = 0;
        if (atomic_load_explicit(&l->word, memory_order_relaxed) == 0 &&
            atomic_compare_exchange_strong_explicit(&l->word, &expected, 1,
                                                    memory_order_acquire, memory_order_relaxed))
            return;
    }
    while (atomic_exchange_explicit(&l->word, 2, memory_order_acquire) != 0)
        os_futex_wait(&l->word, 2);
}

/* 1 when the lock was free and is now the caller's; never waits. */
static inline int lock_try(ng_lock_t *l)
{
    uint32_t expected = 0;
    return atomic_compare_exchange_strong_explicit(&l->word, &expected, 1, memory_order_acquire,
                                                   memory_order_relaxed);
}

/* Like lock_acquire, but gives up after sleeping about `ms` milliseconds
 * once: 1 when the lock is now the caller's. */
static inline int lock_acquire_ms(ng_lock_t *l, long ms)
{
    for (int spin = 0; spin < 100; spin++) {
        if (atomic_load_explicit(&l->word, memory_order_relaxed) == 0 && lock_try(l))
            return 1;
        os_pause();
    }
    if (atomic_exchange_explicit(&l->word, 2, memory_order_acquire) == 0)
        return 1;
    os_futex_wait_ms(&l->word, 2, ms);
    return atomic_exchange_explicit(&l->word, 2, memory_order_acquire) == 0;
}

static inline void lock_release(ng_lock_t *l)
{
    if (atomic_exchange_explicit(&l->word, 0, memory_order_release) == 2)
        os_futex_wake(&l->word, 1);
}

/* For a forked child, where the holder no longer exists. */
static inline void lock_reset(ng_lock_t *l) { atomic_store_explicit(&l->word, 0, memory_order_relaxed); }

#endif
