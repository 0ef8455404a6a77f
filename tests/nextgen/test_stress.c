/*
 * test_stress: threads allocate blocks of mixed sizes, write a pattern into
 * every byte, and verify it when the block is freed, by themselves or by
 * another thread (blocks cross threads through a shared exchange). Threads
 * come and go in waves. Bounded by operation counts, not time. Also run
 * with every thread, the server included, on one CPU.
 */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/check.h"
#include "tests/nextgen/pattern.h"

#define WAVES      6
#define THREADS    4
#define OPS        12000
#define LIVE       512
#define EXCHANGE   256

static pthread_mutex_t xlock = PTHREAD_MUTEX_INITIALIZER;
static block_t exchange[EXCHANGE];

static size_t pick_size(uint64_t *rng)
{
    *rng = *rng * 6364136223846793005ull + 1442695040888963407ull;
    unsigned r = (unsigned)(*rng >> 33);
    if (r % 1000 == 0)
        return 100000 + r % 700000;     /* large and the top classes */
    if (r % 10 == 0)
        return r % 8192;
    return r % 256;
}

/* Swap b with a random exchange slot; returns what was there. */
static block_t swap_exchange(block_t b, unsigned slot)
{
    pthread_mutex_lock(&xlock);
    block_t old = exchange[slot % EXCHANGE];
    exchange[slot % EXCHANGE] = b;
    pthread_mutex_unlock(&xlock);
    return old;
}

/* Sync mode pays a round trip per call: fewer operations keep it to seconds. */
static int ops_for_mode(void)
{
    const char *m = getenv("NGMALLOC_MODE");
    return m && strcmp(m, "sync") == 0 ? OPS / 8 : OPS;
}

static void *worker(void *arg)
{
    int ops = ops_for_mode();
    uint64_t rng = (uintptr_t)arg * 7919 + 1;
    block_t live[LIVE] = { { 0, 0 } };
    for (int op = 0; op < ops; op++) {
        unsigned k = (unsigned)(rng >> 40) % LIVE;
        size_t n = pick_size(&rng);
        if (live[k].p) {
            if ((rng >> 20) % 4 == 0)         /* hand it to whichever thread comes next */
                live[k] = swap_exchange(live[k], (unsigned)(rng >> 50));
            if (live[k].p)
                verify_free(live[k]);
            live[k].p = NULL;
        }
        if ((rng >> 30) % 8 == 0 && op > 0) { /* realloc keeps the prefix */
            unsigned j = (k + 1) % LIVE;
            if (live[j].p) {
                size_t keep = live[j].n < n ? live[j].n : n;
                unsigned char *q = realloc(live[j].p, n ? n : 1);
                for (size_t i = 0; i < keep; i++)
                    if (q[i] != pattern(live[j].p, live[j].n, i)) { corrupt++; break; }
                live[j] = (block_t){ q, n };
                fill(live[j]);
            }
        }
        unsigned char *p = (rng & 1) ? malloc(n) : calloc(1, n);
        if (!p) { corrupt++; continue; }
        live[k] = (block_t){ p, n };
        fill(live[k]);
    }
    for (int k = 0; k < LIVE; k++)
        if (live[k].p)
            verify_free(live[k]);
    return NULL;
}

/* With NG_TEST_ONE_CPU set (and NGMALLOC_CPU=0 for the server) every
 * thread shares CPU 0: more runnable threads than cores must not collapse. */
static void maybe_one_cpu(void)
{
    if (!getenv("NG_TEST_ONE_CPU"))
        return;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    CHECK(sched_setaffinity(0, sizeof one, &one) == 0);
}

int main(void)
{
    maybe_one_cpu();
    for (int w = 0; w < WAVES; w++) {
        pthread_t t[THREADS];
        for (int i = 0; i < THREADS; i++)
            CHECK(pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)(w * THREADS + i + 1)) == 0);
        for (int i = 0; i < THREADS; i++)
            pthread_join(t[i], NULL);
    }
    for (int i = 0; i < EXCHANGE; i++)
        if (exchange[i].p)
            verify_free(exchange[i]);
    CHECK(corrupt == 0);
    return CHECK_DONE();
}
