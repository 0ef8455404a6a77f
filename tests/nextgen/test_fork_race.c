/*
 * test_fork_race: many threads fork at once, thousands of times, while
 * allocating; each child frees and allocates before _exit. Every fork parks
 * the server and releases it, so a lost wake-up in that handshake (the
 * forker once slept for ever on the value the server had just stored; seen
 * as a hung `timeout git status` in mode sync) shows up as a hang, which
 * the watchdog turns into a failure. Each forker forks FORKS times, or at
 * least MIN_FORKS times and until BUDGET_S have passed: every fork waits
 * for the servers to park, which takes long when they wait for a CPU.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/check.h"
#include "tests/nextgen/budget.h"

#define FORKERS   4
#define FORKS     600
#define MIN_FORKS 25
#define BUDGET_S  20
#define STALL_S   50    /* no fork finished for this long: hung */

static void *forker(void *arg)
{
    size_t id = (size_t)arg;
    for (int i = 0; i < FORKS && (i < MIN_FORKS || !budget_spent()); i++) {
        size_t len = 16 + (id * 131 + (size_t)i * 29) % 4000;
        char *p = malloc(len);
        if (!p)
            return (void *)1;
        memset(p, (int)id, len);
        pid_t c = fork();
        if (c == 0) {
            char *q = malloc(64);
            int bad = !q || p[len - 1] != (char)id;
            free(q);
            free(p);
            _exit(bad);
        }
        int st;
        if (c < 0 || waitpid(c, &st, 0) != c || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            return (void *)1;
        free(p);
        budget_progress();
    }
    return NULL;
}

int main(void)
{
    budget_start(STALL_S, BUDGET_S);   /* a hang in the fork handshake fails rather than stalls */
    pthread_t t[FORKERS];
    for (size_t i = 0; i < FORKERS; i++)
        CHECK(pthread_create(&t[i], NULL, forker, (void *)i) == 0);
    for (size_t i = 0; i < FORKERS; i++) {
        void *r;
        CHECK(pthread_join(t[i], &r) == 0);
        CHECK(r == NULL);
    }
    CHECK_DONE();
}
