/*
 * pmu/pmu.h: counts what a workload does.
 *
 * Backends: "perf" (hardware events encoded by libpfm4, plus software events,
 * through perf_event_open) and "cachegrind" (Valgrind's simulated caches, for
 * machines without a PMU). A plan is made once per matrix; each run gets a
 * pmu_run that may rewrite the argv (cachegrind wraps it), attaches to the
 * forked child before it execs, and collects after the child is reaped.
 *
 * What it must never do: count anything of ngbench itself, print per run, or
 * format tables. Unavailable events are data (value null plus a reason), never
 * a failed run.
 */
#ifndef NGBENCH_PMU_PMU_H
#define NGBENCH_PMU_PMU_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <jansson.h>

enum pmu_backend { PMU_BACKEND_PERF, PMU_BACKEND_CACHEGRIND };

struct pmu_plan;
struct pmu_run;

/* events: "paper", "none", "default" or NULL (software events only), or a
 * comma-separated list of event names. Returns NULL with err set on a bad spec. */
struct pmu_plan *pmu_plan_new(enum pmu_backend backend, const char *events,
                              char *err, size_t errlen);
void pmu_plan_free(struct pmu_plan *plan);

/* `ngbench list events`: the PMUs and events libpfm4 knows here, and whether
 * each can be opened on this machine. 0 ok, -1 with err set. */
int pmu_list_events(FILE *out, char *err, size_t errlen);
int pmu_backend_parse(const char *name, enum pmu_backend *out);   /* 0 ok, -1 unknown */
const char *pmu_backend_name(enum pmu_backend backend);             /* "perf", "cachegrind" */

/* For the results file's context.counters: backend, each event's availability
 * and reason, cache geometry for simulated backends. New reference. */
json_t *pmu_plan_describe(const struct pmu_plan *plan);

/* One line for the user when some requested events cannot be counted here,
 * or NULL. The harness prints it once per matrix. */
const char *pmu_plan_notice(const struct pmu_plan *plan);

/* argv: what the harness would exec. NULL with err set on failure. */
struct pmu_run *pmu_run_new(const struct pmu_plan *plan, char *const argv[],
                            char *err, size_t errlen);
/* What to exec instead (argv itself for perf; valgrind ... -- argv for cachegrind). */
char *const *pmu_run_argv(const struct pmu_run *run);
/* Called in the parent after fork, while the child waits before exec. */
int pmu_run_attach(struct pmu_run *run, pid_t child, char *err, size_t errlen);
/* Called after the child is reaped: the run's "counters" object (new reference). */
json_t *pmu_run_collect(struct pmu_run *run);
void pmu_run_free(struct pmu_run *run);

#endif
