/*
 * malloc-large: models mimalloc-bench's malloc-large. One thread
 * allocates --iterations blocks of random size between 5 and 25 MiB,
 * keeping the last --live of them, so the allocator's large-object path
 * (mmap or its own large pages, reuse, returning memory) is what is
 * measured. Each block is touched only where it is stamped: its first and
 * last words and one word per MiB, as a program filling a buffer lazily
 * would.
 *
 * Usage: malloc-large [--iterations=N] [--live=N] [--seed=S]
 * Self-check: every stamped word is checked before the block is freed.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

#define MIB ((size_t)1 << 20)

struct large { char *p; size_t size; uint64_t tag; };

static void large_stamp(struct large *b)
{
    for (size_t off = MIB; off + 8 <= b->size; off += MIB)
        bench_stamp(b->p + off, 8, b->tag ^ off);
    bench_stamp(b->p, b->size, b->tag);
}

static void large_check(const struct large *b)
{
    for (size_t off = MIB; off + 8 <= b->size; off += MIB)
        bench_check_stamp(b->p + off, 8, b->tag ^ off, "large block, inner word");
    bench_check_stamp(b->p, b->size, b->tag, "large block");
}

int main(int argc, char **argv)
{
    long iterations = 2000, live = 20;
    uint64_t seed = 42;
    struct bench_opt opts[] = {
        { "iterations", &iterations, 1, 1L << 30, "large blocks allocated in all" },
        { "live", &live, 1, 1024, "blocks kept live (a ring)" },
    };
    bench_parse(argc, argv, "malloc-large", "repeated 5 to 25 MiB allocations",
                opts, sizeof opts / sizeof opts[0], &seed);

    struct rng r = rng_for(seed, 0);
    struct large *ring = bench_xmalloc((size_t)live * sizeof *ring);
    for (long i = 0; i < live; i++)
        ring[i].p = NULL;
    double t0 = bench_now();
    for (long it = 0; it < iterations; it++) {
        struct large *b = &ring[it % live];
        if (b->p) {
            large_check(b);
            free(b->p);
        }
        b->size = rng_range(&r, 5 * MIB, 25 * MIB);
        b->tag = bench_tag(0, (uint64_t)it);
        b->p = bench_xmalloc(b->size);
        large_stamp(b);
    }
    for (long i = 0; i < live; i++)
        if (ring[i].p) {
            large_check(&ring[i]);
            free(ring[i].p);
        }
    double secs = bench_now() - t0;
    free(ring);
    /* An op is one allocation and its free. */
    bench_result(secs, (double)iterations, NULL);
    return 0;
}
