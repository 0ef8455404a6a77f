/*
 * glibc-thread: models glibc's benchtests bench-malloc-thread. Each thread
 * keeps a working set of --slots blocks and, --iterations times, frees a
 * random one and allocates a replacement whose size follows an
 * inverse-square distribution between 4 and 32768 bytes (small sizes are
 * by far the most common, large ones still appear). Per-thread caches under
 * random replacement.
 *
 * Usage: glibc-thread [--threads=N] [--iterations=N] [--slots=N] [--seed=S]
 * Self-check: every block is stamped when allocated and checked before free.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

#define MIN_SIZE 4
#define MAX_SIZE 32768

static size_t uniform_slot(struct rng *r, size_t slots) { return (size_t)rng_below(r, slots); }

/* Inverse transform of a density proportional to 1/s^2 on [MIN, MAX]. */
static size_t inverse_square_size(struct rng *r)
{
    double u = (double)rng_below(r, 1u << 24) / (double)(1u << 24);
    double inv = 1.0 / MIN_SIZE - u * (1.0 / MIN_SIZE - 1.0 / MAX_SIZE);
    size_t s = (size_t)(1.0 / inv);
    return s < MIN_SIZE ? MIN_SIZE : s > MAX_SIZE ? MAX_SIZE : s;
}

int main(int argc, char **argv)
{
    return churn_main(argc, argv, "glibc-thread", "per-thread random replacement, inverse-square sizes", 5000000, 4000, uniform_slot, inverse_square_size);
}
