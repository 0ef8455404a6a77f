/*
 * tests/pmu/spawn.h: runs a command the way the harness does for the pmu
 * tests: fork, the child waits on a pipe (after optional work of its own
 * that must not be counted), the parent attaches the counters, releases the
 * child, which execs the run's argv; after the reap, the counters.
 */
#ifndef NGBENCH_TESTS_PMU_SPAWN_H
#define NGBENCH_TESTS_PMU_SPAWN_H

#include <jansson.h>
#include "pmu/pmu.h"

/* Returns the run's counters (new reference) or NULL on a setup failure;
 * *status is the wait status. pre_exec_pages: pages the child touches
 * before exec, which the counters must not see. */
json_t *spawn_counted(const struct pmu_plan *plan, char *const argv[], long pre_exec_pages,
                      int *status);

#endif
