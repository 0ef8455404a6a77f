/*
 * test_fork: fork while other threads allocate; the child allocates, starts
 * a thread, forks again, and execs. Every process checks its own blocks.
 * ROUNDS forks, or MIN_ROUNDS and until BUDGET_S have passed (in mode sync
 * every call waits for the server, which waits for a CPU on a loaded
 * machine); a watchdog turns a hang into a failure.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/check.h"
#include "tests/nextgen/budget.h"

#define ROUNDS     8
#define MIN_ROUNDS 2
#define BUDGET_S   25
#define STALL_S    60   /* no round finished for this long: hung */

static atomic_int stop;

/* Allocate, fill, check and free n blocks; 0 when all were intact. */
static int churn(int n, unsigned seed)
{
    char **v = malloc((size_t)n * sizeof *v);
    if (!v)
        return 1;
    int bad = 0;
    for (int i = 0; i < n; i++) {
        size_t len = (seed + (unsigned)i * 37u) % 3000 + 1;
        v[i] = malloc(len);
        if (!v[i])
            return 1;
        memset(v[i], (char)(i & 0x7f), len);
    }
    for (int i = 0; i < n; i++) {
        size_t len = (seed + (unsigned)i * 37u) % 3000 + 1;
        bad |= v[i][0] != (char)(i & 0x7f) || v[i][len - 1] != (char)(i & 0x7f);
        free(v[i]);
    }
    free(v);
    return bad;
}

static void *busy(void *arg)
{
    unsigned seed = (unsigned)(size_t)arg;
    while (!atomic_load(&stop)) {
        if (churn(200, seed++))
            abort();
        struct timespec pause_ = { 0, 200000 };   /* busy, but leave the CPUs to the forks */
        nanosleep(&pause_, NULL);
    }
    return NULL;
}

static int wait_ok(pid_t pid)
{
    int st;
    return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void *child_thread(void *arg)
{
    (void)arg;
    return (void *)(size_t)churn(2000, 7);
}

/* In the child: allocate, use a thread, fork again, fork and exec. */
static int child_main(const char *self)
{
    if (churn(5000, 3))
        return 1;
    pthread_t t;
    void *r;
    if (pthread_create(&t, NULL, child_thread, NULL) != 0 || pthread_join(t, &r) != 0 || r)
        return 2;
    pid_t g = fork();
    if (g == 0)
        _exit(churn(3000, 5));
    if (g < 0 || !wait_ok(g))
        return 3;
    pid_t e = fork();
    if (e == 0) {
        execl(self, self, "exec-child", (char *)NULL);
        _exit(99);
    }
    return e > 0 && wait_ok(e) ? 0 : 4;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "exec-child") == 0)
        return churn(4000, 11);
    budget_start(STALL_S, BUDGET_S);
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        CHECK(pthread_create(&t[i], NULL, busy, (void *)(size_t)(i * 1000)) == 0);
    for (int round = 0; round < ROUNDS && (round < MIN_ROUNDS || !budget_spent()); round++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(child_main(argv[0]));
        CHECK(pid > 0 && wait_ok(pid));
        CHECK(churn(1000, (unsigned)round) == 0);
        budget_progress();
    }
    atomic_store(&stop, 1);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    return CHECK_DONE();
}
