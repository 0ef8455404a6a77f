/*
 * test_errors: each misuse runs in a child, which must die of SIGABRT after
 * writing exactly one line to stderr that starts "ngmalloc: " and names the
 * problem. The child exits normally after the misuse, so a detection the
 * server defers must still happen before the process ends; and the
 * misusing call must not return at all, except for the cases that the
 * modes with free queues (auto, offload, inplace) detect late
 * (docs/nextgen.md, Errors): a small block's double or interior free,
 * which its heap's owner checks when it drains the thread's free queue.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/check.h"

static void double_free_small(void) { void *p = malloc(64); free(p); free(p); }
static void double_free_large(void) { void *p = malloc(2 << 20); free(p); free(p); }
static void double_free_taken_back(void)
{
    void *p = malloc(200000);
    free(p);
    free(p);
    p = malloc(200000);   /* with queues: the stock is empty, the queue holds p twice */
    (void)p;
}
static void interior_free(void) { char *p = malloc(100); free(p + 16); }
static void foreign_free(void) { static char not_heap[64]; free(not_heap + 16); }
static void stack_free(void) { char local[32]; free(local); }
static void interior_realloc(void) { char *p = malloc(200); p = realloc(p + 8, 400); (void)p; }

typedef struct { const char *name; void (*misuse)(void); const char *says; int late_with_queues; } scenario_t;

static const scenario_t scenarios[] = {
    { "double free (small)", double_free_small, "double free", 1 },
    { "double free (200 KB), then malloc", double_free_taken_back, "double free", 1 },
    { "double free (large)", double_free_large, "already freed", 0 },
    { "interior free", interior_free, "interior pointer", 1 },
    { "free of a static", foreign_free, "never handed out", 0 },
    { "free of the stack", stack_free, "never handed out", 0 },
    { "realloc of an interior pointer", interior_realloc, "interior pointer", 0 },
};

/* The modes whose frees go through the thread's free queue. */
static int queues(void)
{
    const char *m = getenv("NGMALLOC_MODE");
    return !m || !*m || strcmp(m, "auto") == 0 || strcmp(m, "offload") == 0 || strcmp(m, "inplace") == 0;
}

static void expect_abort(const scenario_t *s)
{
    int fds[2], mark[2];
    CHECK(pipe(fds) == 0 && pipe(mark) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        close(mark[0]);
        s->misuse();
        ssize_t r = write(mark[1], "r", 1);   /* the misusing call returned */
        (void)r;
        exit(0);
    }
    close(fds[1]);
    close(mark[1]);
    char out[1024];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof out - 1 && (n = read(fds[0], out + len, sizeof out - 1 - len)) > 0)
        len += (size_t)n;
    out[len] = 0;
    close(fds[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    char r;
    int returned = read(mark[0], &r, 1) == 1;
    close(mark[0]);
    int ok = WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT && strncmp(out, "ngmalloc: ", 10) == 0 &&
             strstr(out, s->says) && strchr(out, '\n') == out + len - 1 &&
             (!returned || (s->late_with_queues && queues()));
    if (!ok)
        fprintf(stderr, "%s: status %#x, stderr \"%s\", the call %s\n", s->name, st, out,
                returned ? "returned" : "did not return");
    CHECK(ok);
}

int main(void)
{
    for (size_t i = 0; i < sizeof scenarios / sizeof *scenarios; i++)
        expect_abort(&scenarios[i]);
    return CHECK_DONE();
}
