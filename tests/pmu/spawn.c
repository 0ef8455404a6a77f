/* tests/pmu/spawn.c: see spawn.h. */
#include "spawn.h"

#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void touch_pages(long n)
{
    long page = sysconf(_SC_PAGESIZE);
    if (n <= 0)
        return;
    volatile char *p = mmap(NULL, (size_t)(n * page), PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        _exit(126);
    for (long i = 0; i < n; i++)
        p[i * page] = 1;
}

static void child(int gate, char *const argv[], long pre_exec_pages)
{
    char go;
    setpgid(0, 0);
    touch_pages(pre_exec_pages);
    if (read(gate, &go, 1) < 0)
        _exit(125);
    execv(argv[0], argv);
    _exit(127);
}

json_t *spawn_counted(const struct pmu_plan *plan, char *const argv[], long pre_exec_pages,
                      int *status)
{
    char err[512];
    struct pmu_run *run = pmu_run_new(plan, argv, err, sizeof err);
    if (!run) {
        fprintf(stderr, "pmu_run_new: %s\n", err);
        return NULL;
    }
    int gate[2];
    if (pipe(gate) < 0) {
        pmu_run_free(run);
        return NULL;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(gate[1]);
        child(gate[0], pmu_run_argv(run), pre_exec_pages);
    }
    close(gate[0]);
    int attached = pid > 0 ? pmu_run_attach(run, pid, err, sizeof err) : -1;
    if (attached < 0)
        fprintf(stderr, "pmu_run_attach: %s\n", err);
    close(gate[1]);   /* EOF releases the child */
    json_t *counters = NULL;
    if (pid > 0 && waitpid(pid, status, 0) == pid && attached == 0)
        counters = pmu_run_collect(run);
    pmu_run_free(run);
    return counters;
}
