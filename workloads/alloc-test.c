/*
 * alloc-test: models the alloc-test benchmark from the node-dot-cpp memory
 * allocator tests (as run by mimalloc-bench). Each thread owns --slots
 * slots and, --iterations times, picks a slot with a Pareto distribution
 * (shape 1.16, the "80-20" shape: a few hot slots are picked most of the
 * time), frees what it holds and allocates a new block there. Sizes are
 * mostly small: 8-64 bytes 9 times in 10, 65-1024 bytes 9 times in 100,
 * up to 64 KiB otherwise. Hot slots churn quickly while most blocks live
 * long.
 *
 * Usage: alloc-test [--threads=N] [--iterations=N] [--slots=N] [--seed=S]
 * Self-check: every block is stamped when allocated and checked before free.
 */
#include "bench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define PARETO_SHAPE 1.16

/* Pareto(x_m = 1, shape) by inverse transform, folded onto the slots. */
static size_t pareto_slot(struct rng *r, size_t slots)
{
    double u = (double)(rng_below(r, 1u << 30) + 1) / (double)((1u << 30) + 1);
    double x = pow(u, -1.0 / PARETO_SHAPE);
    return (size_t)fmod(x - 1.0, (double)slots);
}

static size_t mostly_small_size(struct rng *r)
{
    uint64_t c = rng_below(r, 100);
    if (c < 90)
        return rng_range(r, 8, 64);
    if (c < 99)
        return rng_range(r, 65, 1024);
    return rng_range(r, 1025, 64 << 10);
}

int main(int argc, char **argv)
{
    return churn_main(argc, argv, "alloc-test", "Pareto-distributed slot replacement, mostly small sizes", 10000000, 1 << 16, pareto_slot, mostly_small_size);
}
