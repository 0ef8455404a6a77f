/* tests/pmu/pmu_child.c: a small workload for the counter tests, whose
 * counts are known in advance: it touches a given number of fresh pages
 * (page faults) or cache lines (simulated misses), in this process, in
 * threads, or in a forked child.
 *
 *   pmu_child pages N           touch N fresh pages
 *   pmu_child threads T N       T threads, each touching N fresh pages
 *   pmu_child fork N            a child process touches N fresh pages
 *   pmu_child lines N           write every 64-byte line of N KiB once
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void touch(size_t bytes, size_t stride)
{
    volatile char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("pmu_child: mmap");
        exit(1);
    }
    for (size_t i = 0; i < bytes; i += stride)
        p[i] = 1;
    munmap((void *)p, bytes);
}

static void touch_pages(long n)
{
    touch((size_t)n * (size_t)sysconf(_SC_PAGESIZE), (size_t)sysconf(_SC_PAGESIZE));
}

static void *thread_main(void *arg)
{
    touch_pages(*(long *)arg);
    return NULL;
}

static int run_threads(int nthreads, long pages)
{
    pthread_t t[64];
    if (nthreads < 1 || nthreads > 64)
        return 2;
    for (int i = 0; i < nthreads; i++)
        if (pthread_create(&t[i], NULL, thread_main, &pages) != 0)
            return 1;
    for (int i = 0; i < nthreads; i++)
        pthread_join(t[i], NULL);
    return 0;
}

static int run_fork(long pages)
{
    pid_t pid = fork();
    if (pid == 0) {
        touch_pages(pages);
        _exit(0);
    }
    int status;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)
           && WEXITSTATUS(status) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "pages") == 0)
        touch_pages(atol(argv[2]));
    else if (argc == 4 && strcmp(argv[1], "threads") == 0)
        return run_threads(atoi(argv[2]), atol(argv[3]));
    else if (argc == 3 && strcmp(argv[1], "fork") == 0)
        return run_fork(atol(argv[2]));
    else if (argc == 3 && strcmp(argv[1], "lines") == 0)
        touch((size_t)atol(argv[2]) * 1024, 64);
    else {
        fprintf(stderr, "usage: pmu_child pages N | threads T N | fork N | lines KIB\n");
        return 2;
    }
    return 0;
}
