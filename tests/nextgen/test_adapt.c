/*
 * test_adapt: mode auto serves in place when the process has no core to
 * spare, from what the server measures. Each case re-executes the test as
 * a child with NGMALLOC_STATS set and reads its statistics:
 *
 *  - crowded: two threads allocating busily, both pinned to the first CPU,
 *    while the server starts offloading from the last one. Its own CPU is
 *    free but its clients wait for theirs: it must stop offloading (time
 *    served in place, at least one switch).
 *  - one_cpu: the whole process may run on one CPU only: the server never
 *    offloads, and every slow path is served in place.
 *
 * The workers run for 1.5 s, and longer until they have done 4000 rounds
 * of churn.h between them (at most 20 s more): a loaded machine may leave
 * them without a CPU for a while.
 *
 * Needs two CPUs (a skip, 77, otherwise).
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/check.h"
#include "tests/nextgen/child_stats.h"
#include "tests/nextgen/churn.h"

#define WORKERS 2
#define RUN_MS  1500
#define MIN_ROUNDS 4000        /* of 64 blocks (churn.h) */
#define MAX_EXTRA_MS 20000

static _Atomic int stop;
static int first_cpu;

static void pin_to(int cpu)
{
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    pthread_setaffinity_np(pthread_self(), sizeof one, &one);
}

static void *worker(void *arg)
{
    if (arg)
        pin_to(first_cpu);
    churn_until(&stop);
    return NULL;
}

/* Two busy workers for RUN_MS (and MIN_ROUNDS), pinned to the first CPU
 * when `pin`. */
static int child(int pin)
{
    free(malloc(1));   /* the server starts, offloading, before the workers */
    pthread_t t[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        if (pthread_create(&t[i], NULL, worker, pin ? (void *)1 : NULL) != 0)
            return 3;
    struct timespec run = { RUN_MS / 1000, (RUN_MS % 1000) * 1000000L }, tick = { 0, 10000000L };
    nanosleep(&run, NULL);
    for (int ticks = 0; ticks < MAX_EXTRA_MS / 10 && atomic_load(&churn_rounds) < MIN_ROUNDS; ticks++)
        nanosleep(&tick, NULL);
    atomic_store(&stop, 1);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(t[i], NULL);
    return 0;
}

int main(int argc, char **argv)
{
    cpu_set_t set;
    CHECK(sched_getaffinity(0, sizeof set, &set) == 0);
    for (first_cpu = 0; first_cpu < CPU_SETSIZE - 1 && !CPU_ISSET(first_cpu, &set); first_cpu++)
        ;
    if (argc > 1)
        return child(strcmp(argv[1], "crowded") == 0);
    if (CPU_COUNT(&set) < 2) {
        printf("skip: needs two CPUs\n");
        return 77;
    }
    char stats[4096];
    child_stats(argv[0], "crowded", -1, stats, sizeof stats);
    printf("crowded: %s", stats);
    CHECK(stat_of(stats, "in_place_s") > 0);
    CHECK(stat_of(stats, "switches") >= 1);
    CHECK(stat_of(stats, "served_in_place") > 0);
    child_stats(argv[0], "one_cpu", first_cpu, stats, sizeof stats);
    printf("one_cpu: %s", stats);
    CHECK(stat_of(stats, "offload_s") == 0);
    CHECK(stat_of(stats, "switches") == 0);
    CHECK(stat_of(stats, "sync_round_trips") == 0);
    CHECK(stat_of(stats, "served_in_place") > 0);
    return CHECK_DONE();
}
