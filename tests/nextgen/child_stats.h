/*
 * tests/nextgen/child_stats.h: run the test itself again as a child with
 * NGMALLOC_STATS set, and read the statistics the child wrote at exit.
 * Header-only; the caller includes tests/check.h first.
 */
#ifndef NGBENCH_TESTS_NEXTGEN_CHILD_STATS_H
#define NGBENCH_TESTS_NEXTGEN_CHILD_STATS_H

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run `self arg` (on CPU `only` alone when >= 0), which must exit 0; its
 * statistics file into stats (empty when there is none). */
static void child_stats(const char *self, const char *arg, int only, char *stats, size_t size)
{
    char path[] = "/tmp/ngmalloc-child-stats-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    pid_t pid = fork();
    if (pid == 0) {
        if (only >= 0) {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(only, &one);
            sched_setaffinity(0, sizeof one, &one);
        }
        setenv("NGMALLOC_STATS", path, 1);
        execl("/proc/self/exe", self, arg, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    stats[0] = 0;
    FILE *f = fopen(path, "r");
    if (f) {
        stats[fread(stats, 1, size - 1, f)] = 0;
        fclose(f);
    }
    unlink(path);
}

/* The number after "key": in stats, or -1 when it is not there. */
static double stat_of(const char *stats, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *at = strstr(stats, pat);
    return at ? atof(at + strlen(pat)) : -1;
}

#endif
