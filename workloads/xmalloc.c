/*
 * xmalloc: models Lever and Boreham's xmalloc-test. Producer threads
 * allocate batches of small objects (8-64 bytes) and pass them through a
 * bounded queue to a consumer thread that frees them, so every free is a
 * remote free. --threads=N runs N producers and N consumers (pair i shares
 * queue i).
 *
 * Usage: xmalloc [--threads=N] [--batches=N] [--batch=N] [--queue=N] [--seed=S]
 * Self-check: every object is stamped by its producer and checked by the
 * consumer before free.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

struct item { void *p; size_t size; uint64_t tag; };
struct batch { size_t n; struct item items[]; };

struct pair {
    struct bench_queue queue;
    long id, batches, batch;
    uint64_t seed;
    pthread_t producer, consumer;
};

/* Small objects, up to 64 bytes as mimalloc-bench runs the original (-s 64). */
static size_t object_size(struct rng *r) { return rng_range(r, 8, 64); }

static void *produce(void *arg)
{
    struct pair *pr = arg;
    struct rng r = rng_for(pr->seed, (uint64_t)pr->id);
    uint64_t seq = 0;
    for (long b = 0; b < pr->batches; b++) {
        struct batch *bt = bench_xmalloc(sizeof *bt + (size_t)pr->batch * sizeof bt->items[0]);
        bt->n = (size_t)pr->batch;
        for (size_t i = 0; i < bt->n; i++) {
            struct item *it = &bt->items[i];
            it->size = object_size(&r);
            it->tag = bench_tag((uint64_t)pr->id, seq++);
            it->p = bench_xmalloc(it->size);
            bench_stamp(it->p, it->size, it->tag);
        }
        bench_queue_push(&pr->queue, bt);
    }
    bench_queue_push(&pr->queue, NULL);
    return NULL;
}

static void *consume(void *arg)
{
    struct pair *pr = arg;
    struct batch *bt;
    while ((bt = bench_queue_pop(&pr->queue)) != NULL) {
        for (size_t i = 0; i < bt->n; i++) {
            struct item *it = &bt->items[i];
            bench_check_stamp(it->p, it->size, it->tag, "object freed by consumer");
            free(it->p);
        }
        free(bt);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long threads = 2, batches = 20000, batch = 100, queue = 64;
    uint64_t seed = 42;
    struct bench_opt opts[] = {
        { "threads", &threads, 1, 256, "producer/consumer pairs" },
        { "batches", &batches, 1, 1L << 40, "batches each producer sends" },
        { "batch", &batch, 1, 1L << 20, "objects per batch" },
        { "queue", &queue, 1, 1L << 20, "batches a queue holds before the producer waits" },
    };
    bench_parse(argc, argv, "xmalloc", "producers allocate, consumers free (remote frees)",
                opts, sizeof opts / sizeof opts[0], &seed);

    struct pair *pairs = bench_xmalloc((size_t)threads * sizeof *pairs);
    double t0 = bench_now();
    for (long i = 0; i < threads; i++) {
        pairs[i] = (struct pair){ .id = i, .batches = batches, .batch = batch, .seed = seed };
        bench_queue_init(&pairs[i].queue, (size_t)queue);
        bench_spawn(&pairs[i].consumer, consume, &pairs[i]);
        bench_spawn(&pairs[i].producer, produce, &pairs[i]);
    }
    for (long i = 0; i < threads; i++) {
        bench_join(pairs[i].producer);
        bench_join(pairs[i].consumer);
        bench_queue_destroy(&pairs[i].queue);
    }
    double secs = bench_now() - t0;
    free(pairs);
    /* An op is one malloc or one free of an object (batch arrays not counted). */
    bench_result(secs, 2.0 * (double)threads * (double)batches * (double)batch, NULL);
    return 0;
}
