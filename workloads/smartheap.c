/*
 * sh6bench and sh8bench: model MicroQuill SmartHeap's benchmarks. Built
 * twice: CROSS=0 is sh6bench, CROSS=1 is sh8bench.
 *
 * Each worker thread sweeps sizes from --min-size to --max-size (growing by
 * a quarter each step), allocating --run blocks of each size into a window
 * of at most --window live blocks; whenever the window is full, half of it
 * is freed, oldest first (FIFO) on even iterations and newest first (LIFO)
 * on odd ones, so blocks of mixed sizes are freed in orders unlike their
 * allocation. sh8bench adds a producer thread (the original's main thread)
 * that allocates batches of --run
 * objects of sweeping sizes and hands them through a queue to the workers,
 * which free them: one batch per worker per iteration.
 *
 * Usage: sh6bench|sh8bench [--threads=N] [--iterations=N] [--run=N]
 *        [--window=N] [--min-size=N] [--max-size=N] [--seed=S]
 * Self-check: every block is stamped when allocated and checked before free.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

#ifndef CROSS
#error "build with -DCROSS=0 (sh6bench) or -DCROSS=1 (sh8bench)"
#endif

#if CROSS
#define PROG "sh8bench"
#define SUMMARY "size sweeps freed through a FIFO/LIFO window, plus objects the main thread allocates and workers free"
#else
#define PROG "sh6bench"
#define SUMMARY "size sweeps freed through a FIFO/LIFO window"
#endif

struct item { void *p; size_t size; uint64_t tag; };
struct batch { size_t n; struct item items[]; };

static struct {
    long iterations, run, window, min_size, max_size;
    struct bench_queue handoff;     /* sh8bench: main thread -> workers */
} cfg;

/* The live blocks of one worker, as a double-ended ring. */
struct window { struct item *ring; size_t head, count, cap; };

struct worker { long id; double ops; };

static size_t next_size(size_t size) { return size + size / 4 + 1; }

static void item_new(struct item *it, size_t size, uint64_t tag)
{
    it->p = bench_xmalloc(size);
    it->size = size;
    it->tag = tag;
    bench_stamp(it->p, size, tag);
}

static void item_free(const struct item *it, const char *what)
{
    bench_check_stamp(it->p, it->size, it->tag, what);
    free(it->p);
}

/* Frees one block: the newest (LIFO) or the oldest (FIFO). */
static void window_pop(struct window *w, bool lifo)
{
    if (lifo) {
        item_free(&w->ring[(w->head + w->count - 1) % w->cap], "window block (LIFO)");
    } else {
        item_free(&w->ring[w->head], "window block (FIFO)");
        w->head = (w->head + 1) % w->cap;
    }
    w->count--;
}

static void window_halve(struct window *w, bool lifo)
{
    for (size_t k = w->count / 2; k > 0; k--)
        window_pop(w, lifo);
}

static void window_push(struct window *w, size_t size, uint64_t tag, bool lifo)
{
    if (w->count == w->cap)
        window_halve(w, lifo);
    item_new(&w->ring[(w->head + w->count) % w->cap], size, tag);
    w->count++;
}

static void free_handed_batch(void)
{
    struct batch *b = bench_queue_pop(&cfg.handoff);
    for (size_t i = 0; i < b->n; i++)
        item_free(&b->items[i], "object from the main thread");
    free(b);
}

static void *work(void *arg)
{
    struct worker *wk = arg;
    struct window w = { .cap = (size_t)cfg.window };
    w.ring = bench_xmalloc(w.cap * sizeof *w.ring);
    uint64_t seq = 0;
    for (long it = 0; it < cfg.iterations; it++) {
        for (size_t size = (size_t)cfg.min_size; size <= (size_t)cfg.max_size; size = next_size(size))
            for (long k = 0; k < cfg.run; k++)
                window_push(&w, size, bench_tag((uint64_t)wk->id + 1, seq++), it & 1);
        if (CROSS)
            free_handed_batch();
    }
    while (w.count)
        window_pop(&w, false);
    free(w.ring);
    wk->ops = (double)seq;
    return NULL;
}

/* sh8bench's producer: one batch per worker per iteration. */
static void *hand_out(void *arg)
{
    long batches = *(long *)arg * cfg.iterations;
    size_t size = (size_t)cfg.min_size;
    uint64_t seq = 0;
    for (long b = 0; b < batches; b++) {
        struct batch *bt = bench_xmalloc(sizeof *bt + (size_t)cfg.run * sizeof bt->items[0]);
        bt->n = (size_t)cfg.run;
        for (size_t i = 0; i < bt->n; i++) {
            item_new(&bt->items[i], size, bench_tag(0, seq++));
            size = next_size(size) > (size_t)cfg.max_size ? (size_t)cfg.min_size : next_size(size);
        }
        bench_queue_push(&cfg.handoff, bt);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long threads = 2;
    uint64_t seed = 42;   /* accepted for a uniform command line; nothing is random */
    cfg.iterations = 200; cfg.run = 100; cfg.window = 1000; cfg.min_size = 8; cfg.max_size = 1000;
    struct bench_opt opts[] = {
        { "threads", &threads, 1, 1024, "worker threads" },
        { "iterations", &cfg.iterations, 1, 1L << 30, "size sweeps per thread" },
        { "run", &cfg.run, 1, 1L << 20, "blocks of each size per sweep step" },
        { "window", &cfg.window, 2, 1L << 24, "live blocks per thread before half are freed" },
        { "min-size", &cfg.min_size, 1, 1L << 30, "first size of a sweep" },
        { "max-size", &cfg.max_size, 1, 1L << 30, "last size of a sweep" },
    };
    bench_parse(argc, argv, PROG, SUMMARY, opts, sizeof opts / sizeof opts[0], &seed);
    if (cfg.min_size > cfg.max_size) {
        fprintf(stderr, PROG ": --min-size must not exceed --max-size\n");
        return 2;
    }

    struct worker *ws = bench_xmalloc((size_t)threads * sizeof *ws);
    for (long i = 0; i < threads; i++)
        ws[i] = (struct worker){ .id = i };
    pthread_t main_thread;
    if (CROSS) {
        bench_queue_init(&cfg.handoff, 64);
        bench_spawn(&main_thread, hand_out, &threads);
    }
    double secs = bench_run_workers(threads, work, ws, sizeof *ws);
    double ops = 0;
    for (long i = 0; i < threads; i++)
        ops += ws[i].ops;
    if (CROSS) {
        bench_join(main_thread);
        bench_queue_destroy(&cfg.handoff);
        ops += (double)threads * (double)cfg.iterations * (double)cfg.run;
    }
    free(ws);
    /* An op is one allocation and its free. */
    bench_result(secs, ops, NULL);
    return 0;
}
