/*
 * tests/nextgen/churn.h: a thread that allocates and frees busily (64
 * blocks of 16 to 2,032 bytes at a time) until *stop is set: the load the
 * crowded-CPU tests put on the allocator; churn_rounds counts its rounds.
 * Header-only.
 */
#ifndef NGBENCH_TESTS_NEXTGEN_CHURN_H
#define NGBENCH_TESTS_NEXTGEN_CHURN_H

#include <stdatomic.h>
#include <stdlib.h>

/* Rounds done so far by every churning thread together. */
static _Atomic long churn_rounds;

static void churn_until(_Atomic int *stop)
{
    void *v[64];
    while (!atomic_load(stop)) {
        for (int i = 0; i < 64; i++)
            v[i] = malloc((size_t)(16 + 32 * i));
        for (int i = 0; i < 64; i++)
            free(v[i]);
        atomic_fetch_add_explicit(&churn_rounds, 1, memory_order_relaxed);
    }
}

#endif
