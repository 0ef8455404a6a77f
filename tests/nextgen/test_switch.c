/*
 * test_switch: mode auto switching between offloading and serving in place
 * while threads allocate loses and leaks nothing. The test re-executes
 * itself as a child with NGMALLOC_STATS set (and the NGMALLOC_MODE=auto,
 * NGMALLOC_SWITCH_EVERY_MS=N that meson gives it, which make the server
 * switch every N ms): THREADS threads each keep LIVE blocks of mixed sizes
 * with a pattern in every byte, free and replace them, and hand blocks to
 * each other through an exchange (so blocks cross heaps and are forwarded);
 * every block is verified when freed, and at the end every block is freed.
 * The parent reads the child's statistics: both ways of serving were used,
 * the server switched, and the heaps hold no more than the C library's own
 * few blocks afterwards.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/check.h"
#include "tests/nextgen/child_stats.h"
#include "tests/nextgen/pattern.h"
#include "tests/nextgen/budget.h"

#define THREADS    4
#define LIVE       256
#define EXCHANGE   128
#define MIN_ROUNDS 20000
#define MAX_ROUNDS 400000
#define BUDGET_S   3
#define STALL_S    60
#define LEFT_MAX   (64L << 10)   /* the C library's own blocks at exit */

static pthread_mutex_t xlock = PTHREAD_MUTEX_INITIALIZER;
static block_t exchange[EXCHANGE];
static _Atomic long missing;

static block_t make(size_t n)
{
    block_t b = { malloc(n), n };
    if (!b.p) {
        missing++;
        return (block_t){ NULL, 0 };
    }
    fill(b);
    return b;
}

static size_t pick_size(uint64_t *rng)
{
    *rng = *rng * 6364136223846793005ull + 1442695040888963407ull;
    unsigned r = (unsigned)(*rng >> 33);
    if (r % 2000 == 0)
        return 600000 + r % 200000;     /* large */
    if (r % 16 == 0)
        return r % 16384;
    return 1 + r % 200;
}

static void *worker(void *arg)
{
    uint64_t rng = (uintptr_t)arg * 7919 + 1;
    block_t live[LIVE];
    for (int i = 0; i < LIVE; i++)
        live[i] = make(pick_size(&rng));
    for (long r = 0; r < MAX_ROUNDS && (r < MIN_ROUNDS || !budget_spent()); r++) {
        unsigned k = (unsigned)(rng >> 40) % LIVE;
        if (r % 7 == 0) {                /* hand one over: freed by another thread */
            pthread_mutex_lock(&xlock);
            block_t old = exchange[k % EXCHANGE];
            exchange[k % EXCHANGE] = live[k];
            pthread_mutex_unlock(&xlock);
            live[k] = old.p ? old : make(pick_size(&rng));
        } else {
            verify_free(live[k]);
            live[k] = make(pick_size(&rng));
        }
        if (r % 1024 == 0)
            budget_progress();
    }
    for (int i = 0; i < LIVE; i++)
        verify_free(live[i]);
    return NULL;
}

static int child(void)
{
    budget_start(STALL_S, BUDGET_S);
    pthread_t t[THREADS];
    for (size_t i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, worker, (void *)i) != 0)
            return 3;
    for (size_t i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < EXCHANGE; i++)
        verify_free(exchange[i]);
    if (corrupt || missing)
        fprintf(stderr, "child: %ld blocks corrupt, %ld allocations failed\n", (long)corrupt, (long)missing);
    return corrupt || missing ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0)
        return child();
    char stats[4096];
    child_stats(argv[0], "child", -1, stats, sizeof stats);
    printf("%s", stats);
    double switches = stat_of(stats, "switches"), offload = stat_of(stats, "offload_s");
    double in_place = stat_of(stats, "in_place_s"), left = stat_of(stats, "bytes_in_use");
    CHECK(switches >= 4);
    CHECK(offload > 0 && in_place > 0);
    CHECK(stat_of(stats, "served_in_place") > 0 && stat_of(stats, "sync_round_trips") > 0);
    CHECK(stat_of(stats, "blocks_forwarded") > 0);
    CHECK(left >= 0 && left <= LEFT_MAX);
    return CHECK_DONE();
}
