/*
 * harness/calibrate_probe.c: ngcalibrate-probe, the measuring half of
 * `ngbench calibrate`. Run as a child process (under an allocator's preload
 * for the malloc/free modes), pinned to the CPUs it is given, it measures one
 * thing and prints "ngbench-result: ns=X" (nanoseconds per operation), or
 * "ngbench-result: ghz=X" for the clock. Each figure is the fastest of many
 * short batches (under a millisecond each): on a busy machine most batches
 * are stretched by preemption, and the fastest is the one that ran alone.
 *
 * usage: ngcalibrate-probe clock CPU
 *        ngcalibrate-probe atomic CPU
 *        ngcalibrate-probe roundtrip CPU_A CPU_B
 *        ngcalibrate-probe mallocfree CPU SIZE
 *        (NGCALIBRATE_QUICK=1: smaller batches and a shorter time budget, for tests)
 *
 * What it must never do: write files, or run inside ngbench.
 */
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool quick(void)
{
    const char *env = getenv("NGCALIBRATE_QUICK");
    return env && *env == '1';
}

/* Operations per batch (quick: a tenth). */
static long batch_size(long n)
{
    return quick() ? n / 10 : n;
}

/* How long one figure may take. On a busy machine a batch that needs two
 * threads running at once (the round trip, NextGen's sync mode) can wait a
 * scheduler slice at every step; the figure must still come back, from the
 * batches that fitted. */
static double budget_ns(void)
{
    return quick() ? 0.25e9 : 10e9;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int pin(pthread_t thread, int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (pthread_setaffinity_np(thread, sizeof set, &set) != 0) {
        fprintf(stderr, "ngcalibrate-probe: cannot pin to CPU %d\n", cpu);
        return -1;
    }
    return 0;
}

/* The fastest of up to nbatches runs of batch(n), in ns per operation:
 * every batch that fits in the time budget, at least one. */
static double fastest(double (*batch)(long n), long n, int nbatches)
{
    double best = -1, deadline = now_ns() + budget_ns();
    for (int b = 0; b < nbatches && (b == 0 || now_ns() < deadline); b++) {
        double t0 = now_ns();
        double ops = batch(n);
        double per_op = (now_ns() - t0) / ops;
        if (best < 0 || per_op < best)
            best = per_op;
    }
    return best;
}

/* ---- Clock: a chain of dependent adds retires one per cycle ---- */

#define ADDS_PER_STEP 200

/* Register adds, not immediate ones: recent x86 cores fold chains of adds
 * of a constant at register renaming (a Xeon here measured "16 GHz"). */
static double add_chain(long n)
{
    uint64_t x = 0, one = 1;
    for (long i = 0; i < n; i++) {
#if defined(__x86_64__) || defined(__i386__)
        __asm__ volatile(".rept 200\n\tadd %1, %0\n\t.endr" : "+r"(x) : "r"(one));
#elif defined(__aarch64__)
        __asm__ volatile(".rept 200\n\tadd %0, %0, %1\n\t.endr" : "+r"(x) : "r"(one));
#endif
    }
    return (double)n * ADDS_PER_STEP;
}

static int measure_clock(void)
{
#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__)
    printf("ngbench-result: ghz=%.4f\n", 1.0 / fastest(add_chain, batch_size(10000), 100));
    return 0;
#else
    fprintf(stderr, "ngcalibrate-probe: no dependent-add clock measure for this architecture\n");
    return 1;
#endif
}

/* ---- An uncontended atomic read-modify-write ---- */

static _Alignas(64) uint64_t counter;

static double atomic_adds(long n)
{
    for (long i = 0; i < n; i++)
        __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
    return (double)n;
}

/* ---- A cache line's round trip between two cores ---- */

static _Alignas(64) uint64_t ball;
static bool done;   /* the measuring side is finished: the partner stops */

/* The partner: answers every odd value with the next even one. */
static void *partner(void *arg)
{
    (void)arg;
    for (uint64_t want = 1;; want += 2) {
        while (__atomic_load_n(&ball, __ATOMIC_ACQUIRE) != want)
            if (__atomic_load_n(&done, __ATOMIC_RELAXED))
                return NULL;
        __atomic_store_n(&ball, want + 1, __ATOMIC_RELEASE);
    }
}

/* The main thread serves the next n odd values, each waiting for its answer. */
static uint64_t next_serve = 1;

static double round_trips(long n)
{
    for (long i = 0; i < n; i++, next_serve += 2) {
        __atomic_store_n(&ball, next_serve, __ATOMIC_RELEASE);
        while (__atomic_load_n(&ball, __ATOMIC_ACQUIRE) != next_serve + 1)
            ;
    }
    return (double)n;
}

static int measure_round_trip(int partner_cpu)
{
    const long per_batch = batch_size(2000);
    pthread_t t;
    if (pthread_create(&t, NULL, partner, NULL) != 0 || pin(t, partner_cpu) != 0)
        return 1;
    /* One unmeasured batch first, so the partner is running before the clock starts. */
    round_trips(per_batch);
    double best = fastest(round_trips, per_batch, 200);
    __atomic_store_n(&done, true, __ATOMIC_RELAXED);
    pthread_join(t, NULL);
    printf("ngbench-result: ns=%.3f\n", best);
    return 0;
}

/* ---- A malloc + free pair under whatever allocator is preloaded ---- */

static size_t pair_size;
static void *volatile sink;

static double malloc_free_pairs(long n)
{
    for (long i = 0; i < n; i++) {
        sink = malloc(pair_size);
        free(sink);
    }
    return (double)n;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: ngcalibrate-probe clock|atomic|roundtrip|mallocfree CPU [CPU_B|SIZE]\n");
        return 2;
    }
    const char *mode = argv[1];
    int cpu = atoi(argv[2]);
    /* A first pair before pinning, so an allocator's own threads (NextGen's
     * server) start with the whole CPU set rather than the probe's one CPU. */
    sink = malloc(16);
    free(sink);
    if (pin(pthread_self(), cpu) != 0)
        return 1;
    if (strcmp(mode, "clock") == 0)
        return measure_clock();
    if (strcmp(mode, "atomic") == 0) {
        printf("ngbench-result: ns=%.3f\n", fastest(atomic_adds, batch_size(100000), 100));
        return 0;
    }
    if (strcmp(mode, "roundtrip") == 0 && argc > 3)
        return measure_round_trip(atoi(argv[3]));
    if (strcmp(mode, "mallocfree") == 0 && argc > 3) {
        pair_size = (size_t)atol(argv[3]);
        printf("ngbench-result: ns=%.3f\n", fastest(malloc_free_pairs, batch_size(50000), 100));
        return 0;
    }
    fprintf(stderr, "ngcalibrate-probe: unknown mode '%s'\n", mode);
    return 2;
}
