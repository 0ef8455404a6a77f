/*
 * analysis/metric.h: the one number a gate or a trend compares, read from a run.
 *
 * Names: wall (wall_s), cpu (user_s + sys_s), rss (max_rss_kb), instructions
 * (the hardware counter when the run has its value, else the simulated
 * "sim-instructions" of the cachegrind backend), or any counter name in the
 * run's "counters" object (docs/counters.md).
 *
 * What it must never do: decide anything about the value, or read files.
 */
#ifndef NGBENCH_ANALYSIS_METRIC_H
#define NGBENCH_ANALYSIS_METRIC_H

#include <stdbool.h>
#include <jansson.h>

/* The metric's value for this run into *out; false when the run lacks it
 * (a counter that was unavailable, a field not recorded). */
bool metric_value(const json_t *run, const char *metric, double *out);

#endif
