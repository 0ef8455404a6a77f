/*
 * analysis/measured.h: the model's inputs read from a results document: for
 * two benchmarks (usually two allocators on one workload), the median cycles,
 * wall time and LLC + dTLB misses, and the allocator call count.
 *
 * Misses are the sum of LLC-load, LLC-store, dTLB-load and dTLB-store misses
 * over the events that both sides recorded (simulated stand-ins where the
 * hardware events are missing); which ones were summed is reported, so a
 * penalty from fewer events is never mistaken for the paper's.
 *
 * What it must never do: print or read files.
 */
#ifndef NGBENCH_ANALYSIS_MEASURED_H
#define NGBENCH_ANALYSIS_MEASURED_H

#include <stddef.h>
#include <jansson.h>

#include "analysis/model.h"
#include "analysis/runs.h"

struct measured_side {
    struct miss_totals totals;   /* cycles NAN when not counted */
    const char *no_cycles;       /* why cycles is NAN ("not simulated by cachegrind",
                                    "no hardware PMU ..."); NULL when counted */
    double wall_s;               /* median; NAN without runs that have it */
    enum run_timing timing;      /* whose times wall_s is: the machine's or cachegrind's */
    double calls;                /* run_set_call_count; NAN when not counted */
};

/* Two allocators' benchmarks in one case (an index of run_set_case): the
 * number of miss events summed (1 to 4), or -1 with err set (no runs for
 * one side, no miss event both recorded). events receives their names,
 * comma-separated. */
int measured_pair(const struct run_set *s, size_t case_index, const char *const allocators[2],
                  struct measured_side out[2], char *events, size_t events_len,
                  char *err, size_t errlen);

#endif
