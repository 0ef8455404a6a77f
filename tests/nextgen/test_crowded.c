/*
 * test_crowded: two busy threads share one CPU while the server has
 * another to itself. The server's own CPU is not shared, but its clients
 * wait for theirs, so it must take to short spins and, placed by default,
 * let the scheduler move it: its allowed CPUs widen from the last CPU to
 * the process's set. (Looking only at its own CPU, it stayed pinned and
 * spinning while the workers ran at half speed.) Needs two CPUs; a skip
 * (77) otherwise.
 */
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "tests/check.h"
#include "tests/nextgen/churn.h"

#define WORKERS 2

static _Atomic int stop;
static _Atomic int tids[WORKERS];
static int shared_cpu;

static void *worker(void *arg)
{
    int me = (int)(long)arg;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(shared_cpu, &one);
    pthread_setaffinity_np(pthread_self(), sizeof one, &one);
    atomic_store(&tids[me], (int)syscall(SYS_gettid));
    churn_until(&stop);
    return NULL;
}

/* 1 when a thread other than the caller and the workers may run on more
 * than one CPU (its Cpus_allowed_list has a ',' or '-'). */
static int server_widened(void)
{
    int widened = 0;
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        int tid = atoi(e->d_name);
        if (e->d_name[0] == '.' || tid == getpid() || tid == atomic_load(&tids[0]) || tid == atomic_load(&tids[1]))
            continue;
        char path[64], buf[256], cpus[64] = "";
        snprintf(path, sizeof path, "/proc/self/task/%d/status", tid);
        FILE *f = fopen(path, "r");
        while (f && fgets(buf, sizeof buf, f))
            if (sscanf(buf, "Cpus_allowed_list: %63s", cpus) == 1)
                break;
        if (f)
            fclose(f);
        widened |= strchr(cpus, ',') != NULL || strchr(cpus, '-') != NULL;
    }
    if (d)
        closedir(d);
    return widened;
}

int main(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0 || CPU_COUNT(&set) < 2) {
        printf("skip: needs two CPUs\n");
        return 77;
    }
    for (shared_cpu = 0; !CPU_ISSET(shared_cpu, &set); shared_cpu++)
        ;   /* the first CPU: the server's default is the last */
    free(malloc(1));   /* the server exists, pinned, before the workers start */
    pthread_t t[WORKERS];
    for (long i = 0; i < WORKERS; i++)
        CHECK(pthread_create(&t[i], NULL, worker, (void *)i) == 0);
    while (!atomic_load(&tids[0]) || !atomic_load(&tids[1])) {   /* known, and pinned */
        struct timespec wait = { 0, 1000000 };
        nanosleep(&wait, NULL);
    }
    int widened = 0;
    for (int tick = 0; tick < 60 && !widened; tick++) {   /* up to 3 s */
        struct timespec wait = { 0, 50000000 };
        nanosleep(&wait, NULL);
        widened = server_widened();
    }
    atomic_store(&stop, 1);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(t[i], NULL);
    if (!widened)
        fprintf(stderr, "the server stayed pinned while its clients shared CPU %d\n", shared_cpu);
    CHECK(widened);
    return CHECK_DONE();
}
