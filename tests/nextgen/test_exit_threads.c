/*
 * test_exit_threads: a process whose threads are still allocating (and one
 * blocked holding blocks) exits without hanging. The scenario runs in a
 * child, its own allocating loop cut at 1-2 s; the parent allows it a
 * generous 20 s to be gone.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/check.h"

static void *allocate_forever(void *arg)
{
    size_t n = (size_t)arg;
    for (;;) {
        void *p = malloc(n);
        memset(p, 3, n);
        free(p);
    }
    return NULL;
}

static void *hold_and_block(void *arg)
{
    (void)arg;
    void *keep = malloc(1000);
    pause();
    free(keep);
    return NULL;
}

static void scenario(void)
{
    pthread_t t;
    for (size_t i = 0; i < 3; i++)
        pthread_create(&t, NULL, allocate_forever, (void *)(64 + i * 1000));
    pthread_create(&t, NULL, hold_and_block, NULL);
    /* Mode sync makes each call a round trip to a server that a loaded
     * machine may leave waiting for a CPU: 1-2 s at most, whatever
     * the count. */
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 0; i < 100000; i++) {
        free(malloc(48));
        if (i % 256 == 0) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (now.tv_sec - start.tv_sec >= 2)
                break;
        }
    }
    exit(0);
}

int main(void)
{
    pid_t pid = fork();
    if (pid == 0)
        scenario();
    int st = 0, gone = 0;
    for (int tick = 0; tick < 2000 && !gone; tick++) {
        gone = waitpid(pid, &st, WNOHANG) == pid;
        if (!gone) {
            struct timespec ts = { 0, 10000000 };
            nanosleep(&ts, NULL);
        }
    }
    if (!gone) {
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
    }
    CHECK(gone && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return CHECK_DONE();
}
