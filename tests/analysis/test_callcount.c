/*
 * The call-counting shim (libngcount.so) on a program with known calls
 * (callcount_target.c), alone and preloaded before another allocator, as
 * `ngbench run --count-calls` does: the counts grow by exactly what the
 * program does, across threads that exited.
 * usage: test_callcount LIBNGCOUNT TARGET [ALLOCATOR_LIB...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <jansson.h>

#include "tests/check.h"

/* Runs TARGET n under LD_PRELOAD=preload; the shim's JSON, or NULL. */
static json_t *counts_of(const char *preload, const char *target, long n)
{
    char out[] = "/tmp/ngcount-test-XXXXXX";
    int fd = mkstemp(out);
    if (fd < 0)
        return NULL;
    close(fd);
    pid_t pid = fork();
    if (pid == 0) {
        char arg[32];
        snprintf(arg, sizeof arg, "%ld", n);
        setenv("LD_PRELOAD", preload, 1);
        setenv("NGCOUNT_OUT", out, 1);
        execl(target, target, arg, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    json_error_t jerr;
    json_t *doc = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? json_load_file(out, 0, &jerr) : NULL;
    if (!doc)
        fprintf(stderr, "no counts from %s under %s (status %d)\n", target, preload, status);
    unlink(out);
    return doc;
}

static double delta(const json_t *a, const json_t *b, const char *key)
{
    return (double)(json_integer_value(json_object_get(b, key)) -
                    json_integer_value(json_object_get(a, key)));
}

static void counts_grow_by_the_programs_calls(const char *preload, const char *target)
{
    json_t *zero = counts_of(preload, target, 0), *hundred = counts_of(preload, target, 100);
    CHECK(zero && hundred);
    if (zero && hundred) {
        fprintf(stderr, "%s: N=0 %s\n", preload, json_dumps(zero, JSON_COMPACT));
        CHECK(json_object_size(hundred) == 5);
        CHECK_NEAR(delta(zero, hundred, "malloc"), 300, 0);
        CHECK_NEAR(delta(zero, hundred, "calloc"), 300, 0);
        CHECK_NEAR(delta(zero, hundred, "realloc"), 300, 0);
        CHECK_NEAR(delta(zero, hundred, "aligned"), 900, 0);
        CHECK_NEAR(delta(zero, hundred, "free"), 1500, 0);
    }
    json_decref(zero);
    json_decref(hundred);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_callcount LIBNGCOUNT TARGET [ALLOCATOR_LIB...]\n");
        return 2;
    }
    counts_grow_by_the_programs_calls(argv[1], argv[2]);
    for (int i = 3; i < argc; i++) {
        char preload[4096];
        snprintf(preload, sizeof preload, "%s:%s", argv[1], argv[i]);
        if (access(argv[i], R_OK) == 0)
            counts_grow_by_the_programs_calls(preload, argv[2]);
    }
    return CHECK_DONE();
}
