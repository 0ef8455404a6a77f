/*
 * ring-churn: the workload docs/extending.md adds, built by the test suite
 * only. Each thread keeps a ring of --live blocks of random size (8 to
 * --max-size bytes) and, --steps times, frees the oldest and allocates a new
 * one in its place: FIFO replacement, every block stamped and checked.
 *
 * Usage: ring-churn [--threads=N] [--steps=N] [--live=N] [--max-size=N] [--seed=S]
 */
#include "workloads/bench.h"

#include <stdlib.h>

struct worker {
    long id, steps, live, max_size;
    uint64_t seed;
};

static void *churn(void *arg)
{
    struct worker *w = arg;
    struct slot_set ring;
    struct rng r = rng_for(w->seed, (uint64_t)w->id);
    slot_set_init(&ring, (size_t)w->live);
    for (long step = 0; step < w->steps; step++)
        slot_set_put(&ring, (size_t)(step % w->live), rng_range(&r, 8, (size_t)w->max_size),
                     bench_tag((uint64_t)w->id, (uint64_t)step));
    slot_set_clear(&ring);
    return NULL;
}

int main(int argc, char **argv)
{
    long threads = 2, steps = 100000, live = 1000, max_size = 512;
    uint64_t seed = 42;
    struct bench_opt opts[] = {
        { "threads", &threads, 1, 1024, "threads, each with its own ring" },
        { "steps", &steps, 1, 1L << 40, "replacements per thread" },
        { "live", &live, 1, 1L << 24, "blocks in each ring" },
        { "max-size", &max_size, 8, 1L << 20, "largest block in bytes" },
    };
    bench_parse(argc, argv, "ring-churn", "FIFO replacement in per-thread rings",
                opts, sizeof opts / sizeof opts[0], &seed);
    struct worker *workers = bench_xmalloc((size_t)threads * sizeof *workers);
    for (long i = 0; i < threads; i++)
        workers[i] = (struct worker){ i, steps, live, max_size, seed };
    double secs = bench_run_workers(threads, churn, workers, sizeof *workers);
    free(workers);
    /* An op is one replacement: a free and a malloc. */
    bench_result(secs, (double)(threads * steps), NULL);
    return 0;
}
