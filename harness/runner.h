/*
 * harness/runner.h: one isolated run of a workload under an allocator.
 *
 * fork + exec of the workload itself (no shell), its own process group, the
 * allocator preloaded into the child only, optional CPU affinity, a timeout
 * that kills the whole group, and wait4's resource usage.
 *
 * What it must never do: format anything for people, or decide what a run
 * means beyond its status (ok, failed, timeout, crashed).
 */
#ifndef NGBENCH_HARNESS_RUNNER_H
#define NGBENCH_HARNESS_RUNNER_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "harness/registry.h"
#include "pmu/pmu.h"

struct run_spec {
    const struct allocator *allocator;
    char *const *argv;            /* argv[0] is a path; run with execv */
    const char *stdin_path;       /* NULL: /dev/null */
    const char *stdout_path;      /* NULL: captured; either way scanned for "ngbench-result:" */
    const char *preload_first;    /* a library preloaded before the allocator (call counting), or NULL */
    const char *const *extra_env; /* more "KEY=VALUE", NULL-terminated, or NULL; a key set
                                     twice takes the last value */
    const char *cwd;              /* the folder to run in; NULL: ngbench's own */
    const cpu_set_t *cpus;        /* NULL: inherit */
    double timeout_s;             /* <= 0: none */
    const struct pmu_plan *pmu;   /* NULL: no counters */
};

/* Runs it and returns the run's measured fields as a new object: status,
 * exit_code, signal, error, wall_s, user_s, sys_s, max_rss_kb, minor_faults,
 * major_faults, vol_ctx_switches, invol_ctx_switches, metrics, counters,
 * and for a run that did not end ok, stderr_tail (its last lines). NULL with err only when the run could
 * not be started at all (fork failed, pipe failed). */
json_t *runner_run(const struct run_spec *spec, char *err, size_t errlen);

/* Parse "ngbench-result: a=1 b=x" into {"a": 1, "b": "x"}; NULL if line isn't one. */
json_t *runner_parse_result_line(const char *line);

#endif
