/*
 * pmu/counter.h: a run's counter values as results-file JSON.
 *
 * Pure functions: multiplex scaling (value = raw * enabled / running), the
 * per-event objects of docs/counters.md, and the derived figures (IPC, MPKI).
 *
 * What it must never do: open, read or probe anything; these are arithmetic
 * and formatting of numbers already read, so they are tested without a PMU.
 */
#ifndef NGBENCH_PMU_COUNTER_H
#define NGBENCH_PMU_COUNTER_H

#include <stdint.h>
#include <jansson.h>

/* What read() returns for one event with TOTAL_TIME_ENABLED|TOTAL_TIME_RUNNING. */
struct pmu_reading {
    uint64_t raw;
    uint64_t time_enabled_ns;
    uint64_t time_running_ns;
};

/* The count estimated for the whole enabled time, and the fraction of it the
 * event was actually on a counter. -1 when it never ran (time_running 0). */
int pmu_scale(const struct pmu_reading *r, double *value, double *running_fraction);

/* {"value", "raw", "source", "time_enabled_ns", "time_running_ns",
 *  "running_fraction"}; value null plus "unavailable": "never scheduled" when
 * the event never ran. */
json_t *pmu_counter_measured(const char *source, const struct pmu_reading *r);
/* {"value": null, "source", "unavailable": reason} */
json_t *pmu_counter_unavailable(const char *source, const char *reason);
/* {"value", "raw", "source": "simulated"}: exact counts, nothing to scale. */
json_t *pmu_counter_simulated(uint64_t count);

/* The counters' numeric value, or -1 when absent or null. */
double pmu_counter_value(const json_t *counters, const char *name);

/* counters["derived"]: {"ipc": cycles and instructions, "mpki": {miss event:
 * misses per 1000 instructions}}, null where an input is missing. cycles or
 * instructions may be NULL (not requested). */
json_t *pmu_derived(const json_t *counters, const char *cycles, const char *instructions,
                    const char *const *misses, size_t nmisses);

#endif
