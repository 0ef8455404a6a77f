/*
 * test_main_exit: main calls pthread_exit while detached threads allocate;
 * when the last of them exits, the process must end with status 0 and run
 * its atexit handlers, as under glibc. The server thread once kept such a
 * process alive for ever (it was the last thread). Runs the scenario in a
 * child and gives it a deadline.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/check.h"

#define WORKERS 4
#define DEADLINE_MS 10000

static int marker_fd;

static void at_exit_marker(void)
{
    char *p = malloc(100);      /* the heap still works from atexit handlers */
    strcpy(p, "atexit");
    (void)!write(marker_fd, p, strlen(p));
    free(p);
}

static void *worker(void *arg)
{
    size_t id = (size_t)arg;
    for (int i = 0; i < 20000; i++) {
        char *p = malloc(16 + (id * 53 + (size_t)i * 7) % 3000);
        if (!p)
            abort();
        p[0] = 1;
        free(p);
    }
    return NULL;
}

static void scenario(void)
{
    atexit(at_exit_marker);
    free(malloc(10));           /* main is a registered client */
    for (size_t i = 0; i < WORKERS; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, worker, (void *)i) != 0 || pthread_detach(t) != 0)
            _exit(3);
    }
    pthread_exit(NULL);
}

int main(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        marker_fd = fds[1];
        scenario();
    }
    close(fds[1]);
    CHECK(pid > 0);
    int st = 0, waited = 0;
    pid_t r;
    while ((r = waitpid(pid, &st, WNOHANG)) == 0 && waited < DEADLINE_MS) {
        struct timespec ms10 = { 0, 10000000 };
        nanosleep(&ms10, NULL);
        waited += 10;
    }
    if (r == 0) {
        fprintf(stderr, "the process did not end after its last thread exited\n");
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
    }
    CHECK(r == pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    char buf[16] = { 0 };
    CHECK(read(fds[0], buf, sizeof buf - 1) == 6 && strcmp(buf, "atexit") == 0);
    CHECK_DONE();
}
