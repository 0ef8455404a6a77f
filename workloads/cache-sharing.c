/*
 * cache-scratch and cache-thrash: model Hoard's false-sharing benchmarks.
 * Built twice: with PASSIVE=1 it is cache-scratch, with PASSIVE=0
 * cache-thrash.
 *
 * Each thread repeatedly allocates a tiny object, writes every byte of it
 * --repetitions times, and frees it. In cache-scratch (passive false
 * sharing) the main thread first allocates one object per thread, back to
 * back, and each thread starts by freeing the one it was handed: an
 * allocator that gives that freed block back to the thread puts threads'
 * hot objects into one cache line. In cache-thrash (active false sharing)
 * threads allocate their own objects concurrently from the start.
 *
 * Usage: cache-scratch|cache-thrash [--threads=N] [--iterations=N]
 *        [--repetitions=N] [--object-size=N] [--seed=S]
 * Self-check: after its writes every byte of the object must hold the
 * number of writes made to it (mod 256).
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PASSIVE
#error "build with -DPASSIVE=1 (cache-scratch) or -DPASSIVE=0 (cache-thrash)"
#endif

#if PASSIVE
#define PROG "cache-scratch"
#define SUMMARY "passive false sharing: threads reuse blocks the main thread handed them"
#else
#define PROG "cache-thrash"
#define SUMMARY "active false sharing: threads write tiny objects allocated concurrently"
#endif

struct worker {
    long iterations, repetitions;
    size_t object_size;
    unsigned char *handed;      /* cache-scratch: the object to free first */
};

/* The hot loop: volatile so every write reaches the cache line. */
static void write_object(volatile unsigned char *obj, size_t size, long repetitions)
{
    for (long r = 0; r < repetitions; r++)
        for (size_t k = 0; k < size; k++)
            obj[k]++;
}

static void check_object(const unsigned char *obj, size_t size, long repetitions)
{
    for (size_t k = 0; k < size; k++)
        if (obj[k] != (unsigned char)repetitions)
            bench_fail("byte %zu of object %p holds %u after %ld writes", k, (const void *)obj,
                       obj[k], repetitions);
}

static void *work(void *arg)
{
    struct worker *w = arg;
    free(w->handed);
    for (long i = 0; i < w->iterations; i++) {
        unsigned char *obj = bench_xmalloc(w->object_size);
        memset(obj, 0, w->object_size);
        write_object(obj, w->object_size, w->repetitions);
        bench_fault_point(obj, w->object_size);
        check_object(obj, w->object_size, w->repetitions);
        free(obj);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long threads = 2, iterations = 1000, repetitions = 1000000, object_size = 8;
    uint64_t seed = 42;   /* accepted for a uniform command line; nothing is random */
    struct bench_opt opts[] = {
        { "threads", &threads, 1, 1024, "worker threads" },
        { "iterations", &iterations, 1, 1L << 40, "objects each thread allocates in turn" },
        { "repetitions", &repetitions, 1, 1L << 40, "writes to each byte of an object" },
        { "object-size", &object_size, 1, 1 << 20, "object size in bytes" },
    };
    bench_parse(argc, argv, PROG, SUMMARY, opts, sizeof opts / sizeof opts[0], &seed);

    struct worker *ws = bench_xmalloc((size_t)threads * sizeof *ws);
    for (long i = 0; i < threads; i++)
        ws[i] = (struct worker){ .iterations = iterations, .repetitions = repetitions,
                                 .object_size = (size_t)object_size,
                                 .handed = PASSIVE ? bench_xmalloc((size_t)object_size) : NULL };
    double secs = bench_run_workers(threads, work, ws, sizeof *ws);
    free(ws);
    /* An op is one write of one byte; allocations are few by design. */
    bench_result(secs, (double)threads * (double)iterations * (double)repetitions * (double)object_size,
                 NULL);
    return 0;
}
