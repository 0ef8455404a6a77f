/*
 * pmu/plan.h: what a plan holds, shared by pmu/plan.c (deciding what to
 * count, once per matrix), pmu/run.c (counting one run) and the backends.
 *
 * What it must never do: be included outside pmu/; the harness sees only
 * pmu/pmu.h.
 */
#ifndef NGBENCH_PMU_PLAN_H
#define NGBENCH_PMU_PLAN_H

#include <limits.h>
#include "pmu/pmu.h"
#include "pmu/encode.h"
#include "pmu/perf.h"

#define PMU_REASON_MAX 160

struct plan_event {
    struct pmu_event ev;               /* for cachegrind: name, role, encoding = "Ir"... */
    char unavailable[PMU_REASON_MAX];  /* why it cannot be counted here; "" when it can */
    int kernel_dropped;                /* kernel side excluded because it is not permitted */
};

struct pmu_backend_ops;

struct pmu_plan {
    const struct pmu_backend_ops *ops; /* the backend (pmu/backend.h) */
    struct plan_event *events;
    size_t nevents;
    struct pmu_host host;              /* perf: what this machine allows */
    char valgrind[PATH_MAX];           /* cachegrind: the program to exec */
    char notice[2048];                 /* "" when there is nothing to say */
};

/* The names of the events that feed the derived figures. */
struct plan_roles {
    const char *cycles, *instructions;
    const char **misses;               /* plan->nevents slots */
    size_t nmisses;
};

/* Fills roles from the plan (misses allocated; free it). -1 out of memory. */
int pmu_plan_roles(const struct pmu_plan *plan, struct plan_roles *roles);

#endif
