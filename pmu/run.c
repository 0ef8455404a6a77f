/*
 * pmu/run.c: counting one run with the plan's backend (pmu/backend.h):
 * start it (the argv to exec), attach to the forked child before it execs,
 * collect after the reap, and add the derived figures.
 */
#include "pmu/backend.h"

#include <stdio.h>
#include <stdlib.h>

#include "pmu/counter.h"

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
    if (plan->ops->start(run, argv, err, errlen) < 0) {
        pmu_run_free(run);
        return NULL;
    }
    return run;
}

char *const *pmu_run_argv(const struct pmu_run *run)
{
    return run->argv;
}

int pmu_run_attach(struct pmu_run *run, pid_t child, char *err, size_t errlen)
{
    return run->plan->ops->attach ? run->plan->ops->attach(run, child, err, errlen) : 0;
}

json_t *pmu_run_collect(struct pmu_run *run)
{
    json_t *counters = run->plan->ops->collect(run);
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
    if (run->plan->ops->finish)
        run->plan->ops->finish(run);
    free(run);
}
