/*
 * pmu/run.c: counting one run. perf: open the plan's countable events on the
 * forked child before it execs, read them after it is reaped. cachegrind:
 * wrap the argv in valgrind, read its output file after the run.
 */
#include "pmu/plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pmu/cachegrind.h"
#include "pmu/counter.h"

struct pmu_run {
    const struct pmu_plan *plan;
    char *const *argv;                   /* what to exec */
    char **wrapped_argv;                 /* cachegrind: owned, argv points to it */
    char outfile[PATH_MAX];              /* cachegrind: its output file; "" when none */
    int *fds;                            /* perf: per plan event, -1 when not open */
    char (*failed)[PMU_REASON_MAX];      /* perf: why an event failed to open on the child */
};

static int make_outfile(struct pmu_run *run, char *err, size_t errlen)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(run->outfile, sizeof run->outfile, "%s/ngbench-cachegrind-XXXXXX",
             tmp && tmp[0] ? tmp : "/tmp");
    int fd = mkstemp(run->outfile);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create cachegrind output file %s: %s", run->outfile,
                 strerror(errno));
        run->outfile[0] = '\0';
        return -1;
    }
    close(fd);
    return 0;
}

static int new_cachegrind_run(struct pmu_run *run, char *const argv[], char *err, size_t errlen)
{
    if (make_outfile(run, err, errlen) < 0)
        return -1;
    run->wrapped_argv = pmu_cg_argv(run->plan->valgrind, &pmu_cg_geometry, run->outfile, argv);
    if (!run->wrapped_argv) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    run->argv = run->wrapped_argv;
    return 0;
}

static int new_perf_run(struct pmu_run *run, char *err, size_t errlen)
{
    size_t n = run->plan->nevents ? run->plan->nevents : 1;
    run->fds = malloc(n * sizeof *run->fds);
    /* every fd is -1 before anything can fail: pmu_run_free reads them all */
    for (size_t i = 0; run->fds && i < n; i++)
        run->fds[i] = -1;
    run->failed = calloc(n, sizeof *run->failed);
    if (!run->fds || !run->failed) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

struct pmu_run *pmu_run_new(const struct pmu_plan *plan, char *const argv[],
                            char *err, size_t errlen)
{
    struct pmu_run *run = calloc(1, sizeof *run);
    if (!run) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    run->plan = plan;
    run->argv = argv;
    int rc = plan->backend == PMU_BACKEND_CACHEGRIND ? new_cachegrind_run(run, argv, err, errlen)
                                                     : new_perf_run(run, err, errlen);
    if (rc < 0) {
        pmu_run_free(run);
        return NULL;
    }
    return run;
}

char *const *pmu_run_argv(const struct pmu_run *run)
{
    return run->argv;
}

static void attach_failure(struct pmu_run *run, size_t i, int err)
{
    const struct plan_event *pe = &run->plan->events[i];
    char reason[PMU_REASON_MAX - 32];
    pmu_perf_reason(err, pe->ev.source, &run->plan->host, reason, sizeof reason);
    snprintf(run->failed[i], sizeof run->failed[i], "could not attach to the run: %s", reason);
}

int pmu_run_attach(struct pmu_run *run, pid_t child, char *err, size_t errlen)
{
    const struct pmu_plan *plan = run->plan;
    if (plan->backend != PMU_BACKEND_PERF)
        return 0;   /* valgrind counts from inside the child */
    for (size_t i = 0; i < plan->nevents; i++) {
        const struct plan_event *pe = &plan->events[i];
        if (pe->unavailable[0] || run->fds[i] >= 0)
            continue;
        int fd = pmu_perf_open(&pe->ev.attr, child);
        if (fd == -ESRCH) {
            snprintf(err, errlen, "process %d is gone before its counters were attached",
                     (int)child);
            return -1;
        }
        if (fd < 0)   /* probed fine but failed on the child: data, not a failed run */
            attach_failure(run, i, -fd);
        else
            run->fds[i] = fd;
    }
    return 0;
}

static json_t *collect_perf_event(struct pmu_run *run, size_t i)
{
    const struct plan_event *pe = &run->plan->events[i];
    const char *source = pmu_source_name(pe->ev.source);
    if (pe->unavailable[0])
        return pmu_counter_unavailable(source, pe->unavailable);
    if (run->failed[i][0])
        return pmu_counter_unavailable(source, run->failed[i]);
    if (run->fds[i] < 0)
        return pmu_counter_unavailable(source, "not attached to the run");
    struct pmu_reading reading;
    int rc = pmu_perf_read(run->fds[i], &reading);
    close(run->fds[i]);
    run->fds[i] = -1;
    if (rc < 0) {
        char reason[PMU_REASON_MAX];
        snprintf(reason, sizeof reason, "read failed: %s", strerror(-rc));
        return pmu_counter_unavailable(source, reason);
    }
    return pmu_counter_measured(source, &reading);
}

static json_t *collect_perf(struct pmu_run *run)
{
    json_t *counters = json_object();
    for (size_t i = 0; i < run->plan->nevents; i++)
        json_object_set_new(counters, run->plan->events[i].ev.name, collect_perf_event(run, i));
    return counters;
}

static json_t *collect_cachegrind(struct pmu_run *run)
{
    const struct pmu_plan *plan = run->plan;
    const char *names[plan->nevents + 1];
    for (size_t i = 0; i < plan->nevents; i++)
        names[i] = plan->events[i].ev.name;
    char reason[PATH_MAX + 128];
    json_t *counters = pmu_cg_parse(run->outfile, names, plan->nevents, reason, sizeof reason);
    if (counters)
        return counters;
    /* The run failed before valgrind wrote anything (or valgrind itself
     * failed): every event says so, and the run's own status says why. */
    counters = json_object();
    for (size_t i = 0; i < plan->nevents; i++)
        json_object_set_new(counters, names[i], pmu_counter_unavailable("simulated", reason));
    return counters;
}

json_t *pmu_run_collect(struct pmu_run *run)
{
    json_t *counters = run->plan->backend == PMU_BACKEND_PERF ? collect_perf(run)
                                                              : collect_cachegrind(run);
    struct plan_roles roles;
    if (pmu_plan_roles(run->plan, &roles) == 0) {
        json_object_set_new(counters, "derived",
                            pmu_derived(counters, roles.cycles, roles.instructions,
                                        roles.misses, roles.nmisses));
        free(roles.misses);
    }
    return counters;
}

void pmu_run_free(struct pmu_run *run)
{
    if (!run)
        return;
    for (size_t i = 0; run->fds && i < run->plan->nevents; i++)
        if (run->fds[i] >= 0)
            close(run->fds[i]);
    if (run->outfile[0])
        unlink(run->outfile);
    free(run->fds);
    free(run->failed);
    free(run->wrapped_argv);
    free(run);
}
