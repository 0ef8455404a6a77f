/*
 * test_idle: the server sleeps when the program is idle, and exists only in
 * the modes that have one, pinned to the last CPU by default. Reads the
 * threads' CPU time and affinity from /proc.
 */
#include <dirent.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/check.h"

/* CPU ticks of every thread but the calling one; thread count in *n and
 * the last one's allowed CPUs (as /proc prints them) in cpus. */
static long other_threads_ticks(int *n, char cpus[64])
{
    char path[64];
    long total = 0;
    *n = 0;
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.' || atoi(e->d_name) == getpid())
            continue;
        snprintf(path, sizeof path, "/proc/self/task/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        char buf[1024];
        if (f && fgets(buf, sizeof buf, f)) {
            char *p = strrchr(buf, ')');
            long utime = 0, stime = 0;
            /* fields after the command: state ... utime (14th) stime (15th) */
            if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %ld %ld", &utime, &stime) == 2)
                total += utime + stime;
            (*n)++;
        }
        if (f)
            fclose(f);
        snprintf(path, sizeof path, "/proc/self/task/%s/status", e->d_name);
        f = fopen(path, "r");
        while (f && fgets(buf, sizeof buf, f))
            if (sscanf(buf, "Cpus_allowed_list: %63s", cpus) == 1)
                break;
        if (f)
            fclose(f);
    }
    if (d)
        closedir(d);
    return total;
}

int main(void)
{
    const char *mode = getenv("NGMALLOC_MODE");
    for (int i = 0; i < 100000; i++)
        free(malloc((size_t)(i % 500)));
    int threads;
    char cpus[64] = "", last[16];
    long before = other_threads_ticks(&threads, cpus);
    struct timespec idle = { 1, 0 };
    nanosleep(&idle, NULL);
    long after = other_threads_ticks(&threads, cpus);
    cpu_set_t set;
    int last_cpu = 0;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        for (int c = 0; c < CPU_SETSIZE; c++)
            if (CPU_ISSET(c, &set))
                last_cpu = c;
    snprintf(last, sizeof last, "%d", last_cpu);
    /* A server that found its CPU shared during the burst above (other
     * tests running) may run anywhere until it has slept ~100 ms; give it
     * up to two more seconds to go home. */
    int dummy;
    for (int i = 0; i < 20 && strcmp(cpus, last) != 0; i++) {
        struct timespec tick = { 0, 100000000 };
        nanosleep(&tick, NULL);
        other_threads_ticks(&dummy, cpus);
    }
    long hz = sysconf(_SC_CLK_TCK);
    if (mode && (strcmp(mode, "inline") == 0 || strcmp(mode, "inplace") == 0)) {
        CHECK(threads == 0);
    } else {
        CHECK(threads == 1);
        CHECK(after - before < hz / 4);   /* a spinning server would show about hz */
        CHECK_STR(cpus, last);            /* pinned to the last CPU by default */
    }
    if (check_failures)
        fprintf(stderr, "threads %d, server ticks while idle %ld (of %ld a second), allowed CPUs %s\n",
                threads, after - before, hz, cpus);
    return CHECK_DONE();
}
