/*
 * analysis/runs.h: questions asked of a results document's runs, answered
 * with the statistics of stats.h: which allocators, workloads and thread
 * counts it holds, and the median of a field or a counter over the measured
 * (non-warm-up, status ok) runs of one benchmark.
 *
 * What it must never do: print, format, or read files; it sees json only.
 */
#ifndef NGBENCH_ANALYSIS_RUNS_H
#define NGBENCH_ANALYSIS_RUNS_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

/* Which runs: NULL or threads < 0 means any. */
struct run_filter {
    const char *allocator;
    const char *workload;
    long threads;
};

/* A field (wall_s, max_rss_kb, ...) over the matching measured runs. */
struct field_sample {
    double median, mad, max;
    size_t n;          /* runs with status ok that had the field */
    size_t failed;     /* measured runs whose status was not ok */
};

enum counter_source { COUNTER_NONE, COUNTER_HARDWARE, COUNTER_SOFTWARE, COUNTER_SIMULATED };

/* A counter (run["counters"][event]) over the matching measured runs. */
struct counter_sample {
    double median;               /* NAN when no run had a value */
    size_t n;
    enum counter_source source;  /* of the runs that had a value (else of any run) */
    const char *unavailable;     /* the reason given when no run had a value; "not
                                    simulated by cachegrind" when simulated runs never
                                    recorded it; NULL if other runs never recorded it */
};

bool runs_match(const json_t *run, const struct run_filter *f);
/* True for a run that analyses use: not a warm-up, status ok. */
bool runs_is_measured_ok(const json_t *run);

/* Whose times the matching measured runs hold: the machine's, or those of
 * the cachegrind simulation (a run that recorded a simulated counter ran
 * under it: about 50x slower, threads serialised), or some of each. */
enum run_timing { TIMES_MEASURED, TIMES_SIMULATED, TIMES_MIXED };
enum run_timing runs_timing(const json_t *doc, const struct run_filter *f);

struct field_sample runs_field(const json_t *doc, const struct run_filter *f, const char *field);
struct counter_sample runs_counter(const json_t *doc, const struct run_filter *f, const char *event);

/* Distinct values in first-seen order, among runs matching f (NULL = all).
 * New json arrays (of strings, or of integers for threads). */
json_t *runs_distinct(const json_t *doc, const struct run_filter *f, const char *key);

/* Calls to malloc-family functions and free in one run of the benchmark:
 * NextGen's allocator_stats.calls, else the counting shim's call_counts
 * (warm-up runs included, the shim runs in the first warm-up). Sums every
 * entry of the object. NAN when no run has either. */
double runs_call_count(const json_t *doc, const struct run_filter *f);

#endif
