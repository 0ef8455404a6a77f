/*
 * glibc-simple: models glibc's benchtests bench-malloc-simple. One thread
 * allocates batches of --batch blocks of one fixed size, then frees them in
 * FIFO order (oldest first) on even iterations and LIFO order on odd ones,
 * for each of the sizes 16, 64, 256, 1024 and 4096 bytes in turn. Stresses
 * the single-threaded fast path.
 *
 * Usage: glibc-simple [--iterations=N] [--batch=N] [--seed=S]
 * Self-check: every block is stamped when allocated and checked before free.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

static const size_t sizes[] = { 16, 64, 256, 1024, 4096 };
#define NSIZES (sizeof sizes / sizeof sizes[0])

static void run_batch(void **slots, size_t batch, size_t size, bool lifo, uint64_t *seq)
{
    uint64_t first = *seq;
    for (size_t i = 0; i < batch; i++) {
        slots[i] = bench_xmalloc(size);
        bench_stamp(slots[i], size, bench_tag(0, first + i));
    }
    for (size_t k = 0; k < batch; k++) {
        size_t i = lifo ? batch - 1 - k : k;
        bench_check_stamp(slots[i], size, bench_tag(0, first + i), "batch block");
        free(slots[i]);
    }
    *seq += batch;
}

int main(int argc, char **argv)
{
    long iterations = 2000, batch = 1000;
    uint64_t seed = 42;   /* accepted for a uniform command line; nothing is random */
    struct bench_opt opts[] = {
        { "iterations", &iterations, 1, 1L << 40, "rounds over all sizes" },
        { "batch", &batch, 1, 1L << 24, "blocks allocated before they are freed" },
    };
    bench_parse(argc, argv, "glibc-simple", "fixed-size batches freed FIFO and LIFO",
                opts, sizeof opts / sizeof opts[0], &seed);

    void **slots = bench_xmalloc((size_t)batch * sizeof *slots);
    uint64_t seq = 0;
    double t0 = bench_now();
    for (long it = 0; it < iterations; it++)
        for (size_t s = 0; s < NSIZES; s++)
            run_batch(slots, (size_t)batch, sizes[s], it & 1, &seq);
    double secs = bench_now() - t0;
    free(slots);
    /* An op is one malloc or one free. */
    bench_result(secs, 2.0 * (double)seq, NULL);
    return 0;
}
