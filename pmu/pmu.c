/* pmu/pmu.c: PLACEHOLDER until the counters module lands: counts nothing, so
 * every run's "counters" is empty. Replaced whole by the pmu module. */
#include "pmu/pmu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pmu_plan { enum pmu_backend backend; };
struct pmu_run { char *const *argv; };

int pmu_backend_parse(const char *name, enum pmu_backend *out)
{
    if (strcmp(name, "perf") == 0) { *out = PMU_BACKEND_PERF; return 0; }
    if (strcmp(name, "cachegrind") == 0) { *out = PMU_BACKEND_CACHEGRIND; return 0; }
    return -1;
}

struct pmu_plan *pmu_plan_new(enum pmu_backend backend, const char *events, char *err, size_t errlen)
{
    (void)events; (void)err; (void)errlen;
    struct pmu_plan *p = calloc(1, sizeof *p);
    if (p) p->backend = backend;
    return p;
}
void pmu_plan_free(struct pmu_plan *plan) { free(plan); }
int pmu_list_events(FILE *out, char *err, size_t errlen) { (void)out; snprintf(err, errlen, "not built yet"); return -1; }
json_t *pmu_plan_describe(const struct pmu_plan *plan) { (void)plan; return json_pack("{s:s}", "backend", "none"); }
const char *pmu_plan_notice(const struct pmu_plan *plan) { (void)plan; return NULL; }
struct pmu_run *pmu_run_new(const struct pmu_plan *plan, char *const argv[], char *err, size_t errlen)
{
    (void)plan; (void)err; (void)errlen;
    struct pmu_run *r = calloc(1, sizeof *r);
    if (r) r->argv = argv;
    return r;
}
char *const *pmu_run_argv(const struct pmu_run *run) { return run->argv; }
int pmu_run_attach(struct pmu_run *run, pid_t child, char *err, size_t errlen) { (void)run; (void)child; (void)err; (void)errlen; return 0; }
json_t *pmu_run_collect(struct pmu_run *run) { (void)run; return json_object(); }
void pmu_run_free(struct pmu_run *run) { free(run); }
