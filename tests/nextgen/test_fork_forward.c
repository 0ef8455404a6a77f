/*
 * test_fork_forward: fork while servers forward frees to each other. Run
 * with NGMALLOC_SERVERS > 1: threads (dealt to different servers) free big
 * batches of blocks that their neighbour allocated, so server-to-server
 * rings fill up, while another thread forks again and again. A server
 * parked for the fork while another waited for room on a ring to it would
 * hang both (the forker first waited for each server in turn); the
 * watchdog turns a hang into a failure. Every block carries a pattern
 * checked at free, in the parent and in the children. Workers and forker
 * do their full count, or their minimum and until BUDGET_S have passed.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/check.h"
#include "tests/nextgen/budget.h"

#define WORKERS    4
#define BATCH      3000      /* blocks per hand-over: more than a ring holds */
#define ROUNDS     60
#define MIN_ROUNDS 6
#define FORKS      150
#define MIN_FORKS  15
#define SIZE       48
#define BUDGET_S   20
#define STALL_S    50        /* no batch or fork finished for this long: hung */

static _Atomic(uint64_t **) mailbox[WORKERS];
static atomic_int failures;

static uint64_t **batch_make(size_t id, size_t round)
{
    uint64_t **b = malloc(BATCH * sizeof *b);
    for (size_t i = 0; b && i < BATCH; i++) {
        b[i] = malloc(SIZE);
        if (!b[i])
            return NULL;
        for (size_t w = 0; w < SIZE / 8; w++)
            b[i][w] = id << 48 | round << 24 | i;
    }
    return b;
}

static void batch_free(uint64_t **b)
{
    for (size_t i = 0; i < BATCH; i++) {
        for (size_t w = 1; w < SIZE / 8; w++)
            if (b[i][w] != b[i][0])
                atomic_fetch_add(&failures, 1);
        free(b[i]);
    }
    free(b);
}

/* Hand a batch to the next worker; free what the previous one handed over. */
static void *worker(void *arg)
{
    size_t id = (size_t)arg;
    for (size_t r = 0; r < ROUNDS && (r < MIN_ROUNDS || !budget_spent()); r++) {
        uint64_t **mine = batch_make(id, r);
        if (!mine) {
            atomic_fetch_add(&failures, 1);
            return NULL;
        }
        uint64_t **old = atomic_exchange(&mailbox[(id + 1) % WORKERS], mine);
        if (old)
            batch_free(old);
        budget_progress();
    }
    return NULL;
}

static void *forker(void *arg)
{
    (void)arg;
    for (int i = 0; i < FORKS && (i < MIN_FORKS || !budget_spent()); i++) {
        pid_t c = fork();
        if (c == 0) {
            char *p = malloc(100);
            int bad = !p;
            free(p);
            for (size_t k = 0; k < WORKERS; k++) {   /* the parent's blocks, as copied */
                uint64_t **b = atomic_load(&mailbox[k]);
                for (size_t j = 0; b && j < BATCH; j += 97)
                    bad |= b[j][1] != b[j][0];
            }
            _exit(bad);
        }
        int st;
        if (c < 0 || waitpid(c, &st, 0) != c || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            atomic_fetch_add(&failures, 1);
        budget_progress();
    }
    return NULL;
}

int main(void)
{
    budget_start(STALL_S, BUDGET_S);
    pthread_t w[WORKERS], f;
    for (size_t i = 0; i < WORKERS; i++)
        CHECK(pthread_create(&w[i], NULL, worker, (void *)i) == 0);
    CHECK(pthread_create(&f, NULL, forker, NULL) == 0);
    for (size_t i = 0; i < WORKERS; i++)
        CHECK(pthread_join(w[i], NULL) == 0);
    CHECK(pthread_join(f, NULL) == 0);
    for (size_t k = 0; k < WORKERS; k++) {
        uint64_t **b = atomic_load(&mailbox[k]);
        if (b)
            batch_free(b);
    }
    CHECK(atomic_load(&failures) == 0);
    return CHECK_DONE();
}
