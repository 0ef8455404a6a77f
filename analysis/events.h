/*
 * analysis/events.h: the counter events the paper's tables and model use, and
 * the simulated event that stands in for each when the machine has no PMU
 * (cachegrind's, see docs/counters.md). One table, so the reports and the
 * model agree on what "LLC load misses" means.
 *
 * What it must never do: compute statistics; it names events only.
 */
#ifndef NGBENCH_ANALYSIS_EVENTS_H
#define NGBENCH_ANALYSIS_EVENTS_H

#include <jansson.h>

#include "analysis/runs.h"

enum paper_event {
    EV_CYCLES, EV_INSTRUCTIONS, EV_LLC_LOAD_MISSES, EV_LLC_STORE_MISSES,
    EV_DTLB_LOAD_MISSES, EV_DTLB_STORE_MISSES, EV_COUNT
};

/* The hardware event name ("LLC-load-misses"), as in the paper's tables. */
const char *event_name(enum paper_event e);

/* The name under which the benchmarks record e: the hardware name when any
 * of their runs has a value for it, else the simulated one when any has
 * that, else the hardware name (so its unavailability reason is reported). */
const char *event_recorded_name(const struct run_set *s, const struct bench *const *benches, size_t n,
                                enum paper_event e);

#endif
