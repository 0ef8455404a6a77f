/*
 * glibc-simple: models glibc's bench-malloc-simple: batches of fixed-size
 * blocks allocated and then freed in FIFO and in LIFO order, for a few sizes.
 * Stresses the allocator's single-threaded fast path.
 *
 * Usage: glibc-simple [--iterations=N] [--batch=N] [--seed=S]
 * Self-check: each block is stamped with its index and checked before free.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const size_t sizes[] = { 16, 64, 256, 1024 };

static int run_batch(void **slots, size_t batch, size_t size, int lifo)
{
    for (size_t i = 0; i < batch; i++) {
        slots[i] = malloc(size);
        if (!slots[i])
            return -1;
        memset(slots[i], (int)(i & 0xff), size);
    }
    for (size_t k = 0; k < batch; k++) {
        size_t i = lifo ? batch - 1 - k : k;
        unsigned char *b = slots[i];
        if (b[0] != (unsigned char)(i & 0xff) || b[size - 1] != (unsigned char)(i & 0xff))
            return -1;
        free(b);
    }
    return 0;
}

int main(int argc, char **argv)
{
    long iterations = 2000, batch = 1000;
    for (int i = 1; i < argc; i++) {
        if (sscanf(argv[i], "--iterations=%ld", &iterations) == 1) continue;
        if (sscanf(argv[i], "--batch=%ld", &batch) == 1) continue;
        if (strncmp(argv[i], "--seed=", 7) == 0) continue;
        fprintf(stderr, "glibc-simple: unknown argument '%s'\n", argv[i]);
        return 2;
    }
    if (iterations <= 0 || batch <= 0) {
        fprintf(stderr, "glibc-simple: --iterations and --batch must be positive\n");
        return 2;
    }
    void **slots = malloc((size_t)batch * sizeof *slots);
    if (!slots)
        return 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long it = 0; it < iterations; it++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
            if (run_batch(slots, (size_t)batch, sizes[s], (int)(it & 1)) != 0) {
                fprintf(stderr, "glibc-simple: self-check failed\n");
                return 1;
            }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    free(slots);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    double ops = 2.0 * (double)iterations * (double)batch * (double)(sizeof sizes / sizeof sizes[0]);
    printf("ngbench-result: ops=%.0f ops_per_sec=%.4e\n", ops, ops / secs);
    return 0;
}
