/*
 * test_errors: each misuse runs in a child, which must die of SIGABRT after
 * writing exactly one line to stderr that starts "ngmalloc: " and names the
 * problem. The child exits normally after the misuse, so a detection the
 * server defers (offload mode) must still happen before the process ends.
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
static void interior_free(void) { char *p = malloc(100); free(p + 16); }
static void foreign_free(void) { static char not_heap[64]; free(not_heap + 16); }
static void stack_free(void) { char local[32]; free(local); }
static void interior_realloc(void) { char *p = malloc(200); p = realloc(p + 8, 400); (void)p; }

typedef struct { const char *name; void (*misuse)(void); const char *says; } scenario_t;

static const scenario_t scenarios[] = {
    { "double free (small)", double_free_small, "double free" },
    { "double free (large)", double_free_large, "never handed out" },
    { "interior free", interior_free, "interior pointer" },
    { "free of a static", foreign_free, "never handed out" },
    { "free of the stack", stack_free, "never handed out" },
    { "realloc of an interior pointer", interior_realloc, "interior pointer" },
};

static void expect_abort(const scenario_t *s)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        s->misuse();
        exit(0);
    }
    close(fds[1]);
    char out[1024];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof out - 1 && (n = read(fds[0], out + len, sizeof out - 1 - len)) > 0)
        len += (size_t)n;
    out[len] = 0;
    close(fds[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    int ok = WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT && strncmp(out, "ngmalloc: ", 10) == 0 &&
             strstr(out, s->says) && strchr(out, '\n') == out + len - 1;
    if (!ok)
        fprintf(stderr, "%s: status %#x, stderr \"%s\"\n", s->name, st, out);
    CHECK(ok);
}

int main(void)
{
    for (size_t i = 0; i < sizeof scenarios / sizeof *scenarios; i++)
        expect_abort(&scenarios[i]);
    return CHECK_DONE();
}
