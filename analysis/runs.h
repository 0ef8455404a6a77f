/*
 * analysis/runs.h: the runs of one or more results files, grouped once by
 * benchmark (base/identity.h: allocator, workload, params, threads, pmu),
 * and the statistics of stats.h over each benchmark's measured runs.
 *
 * A set is built in one pass (run_set_add for each checked run, then
 * run_set_finish) and answers in time proportional to what is asked: a
 * benchmark's runs are found by hash, never by scanning the file. Runs of
 * different parameters, thread counts or counter backends are never pooled.
 *
 * A case is what allocators are compared on: the benchmarks that differ
 * only in their allocator (one row of the summary, one bar group of Figure 1).
 *
 * What it must never do: print, format, or read files; it sees json only.
 */
#ifndef NGBENCH_ANALYSIS_RUNS_H
#define NGBENCH_ANALYSIS_RUNS_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "base/identity.h"

struct run_set;

struct bench {
    struct bench_id id;        /* strings and params owned by the set */
    size_t allocator;          /* its index in run_set_allocator order */
    size_t case_index;         /* its case, as run_set_case numbers them */
};

struct run_case {
    const char *workload;
    const json_t *params;
    long long threads;
    const char *pmu;
    size_t workload_index;     /* its workload, numbered in the order workloads first appeared */
};

/* A field over a benchmark's measured runs. */
enum run_field { RUN_WALL_S, RUN_MAX_RSS_KB };
struct field_sample {
    double median, mad, max;
    size_t n;          /* runs with status ok that had the field */
    size_t failed;     /* measured runs whose status was not ok */
};

enum counter_source { COUNTER_NONE, COUNTER_HARDWARE, COUNTER_SOFTWARE, COUNTER_SIMULATED };

/* A counter (run["counters"][event]) over a benchmark's measured runs. */
struct counter_sample {
    double median;               /* NAN when no run had a value */
    size_t n;
    enum counter_source source;  /* of the runs that had a value (else of any run) */
    const char *unavailable;     /* the reason given when no run had a value; "not
                                    simulated by cachegrind" when simulated runs never
                                    recorded it; NULL if other runs never recorded it */
};

/* Whose times measured runs hold: the machine's, or those of the cachegrind
 * simulation (a run that recorded a simulated counter ran under it: about
 * 50x slower, threads serialised), or some of each. */
enum run_timing { TIMES_MEASURED, TIMES_SIMULATED, TIMES_MIXED };

/* True for a run that analyses use: not a warm-up, status ok. */
bool runs_is_measured_ok(const json_t *run);

/* ---- Building ---- */

struct run_set *run_set_new(void);
/* Adds a run that results_check_run accepted; file_pmu as identity_of.
 * 0, or -1 when memory runs out. */
int run_set_add(struct run_set *s, const json_t *run, const char *file_pmu);
/* Groups what was added; call once, after the last add, before any question. */
int run_set_finish(struct run_set *s);
/* Every run of a checked document (results_load), finished. NULL when memory runs out. */
struct run_set *run_set_of_doc(const json_t *doc);
void run_set_free(struct run_set *s);

/* ---- What it holds ---- */

/* Allocators, in the order their first run appeared. */
size_t run_set_allocator_count(const struct run_set *s);
const char *run_set_allocator(const struct run_set *s, size_t i);
/* The index of the allocator named name, or (size_t)-1. */
size_t run_set_allocator_index(const struct run_set *s, const char *name);

/* Cases in report order: by workload (first seen), then in the order each first appeared. */
size_t run_set_case_count(const struct run_set *s);
const struct run_case *run_set_case(const struct run_set *s, size_t i);
/* Allocator a's benchmark in case c (an index of run_set_case), or NULL when it has no runs there. */
const struct bench *run_set_find(const struct run_set *s, size_t c, size_t allocator);

/* How case c differs from the other cases of its workload, for labels: the
 * params whose values vary among them ("size=tiny") and the backend when
 * it varies ("cachegrind"), joined by ", "; "" when nothing varies. A new
 * string, control characters escaped. */
char *run_set_case_distinction(const struct run_set *s, size_t c);
/* How many thread counts case c's workload ran with (with its params and backend). */
size_t run_set_case_thread_counts(const struct run_set *s, size_t c);

/* ---- Statistics of one benchmark ---- */

struct field_sample run_set_field(const struct run_set *s, const struct bench *b, enum run_field field);
struct counter_sample run_set_counter(const struct run_set *s, const struct bench *b, const char *event);
/* Whether any measured ok run of b has a value for event. */
bool run_set_has_value(const struct run_set *s, const struct bench *b, const char *event);

/* Whose times the measured ok runs of these benchmarks hold (NULL, 0: of the whole set). */
enum run_timing run_set_timing(const struct run_set *s, const struct bench *const *benches, size_t n);

/* Calls to malloc-family functions and free in one run of the benchmark:
 * NextGen's allocator_stats.calls, else the counting shim's call_counts
 * (warm-up runs included, the shim runs in the first warm-up). Sums every
 * entry of the object. NAN when no run has either. */
double run_set_call_count(const struct run_set *s, const struct bench *b);

/* ---- Choosing what a table is about ---- */

struct case_request {
    const char *workload;      /* NULL: the only one */
    const char *params;        /* "k=v,k=v": the params must have these values; NULL: the only set */
    const char *pmu;           /* NULL: the only backend */
    long threads;              /* 0: the only thread count (when one is wanted) */
};

/* The cases of the one workload, parameter set and backend that req names
 * (or the only ones), ascending threads; with one_thread_count, only that of
 * req->threads (or the only thread count). Fills cases (indexes of
 * run_set_case; the caller frees it) and returns their number, at least 1;
 * -1 with err ("no runs of workload 'x' (there are: a, b)", "several
 * parameter sets of workload 'x' (size=quick; size=tiny): choose one with
 * --params", ...) otherwise. */
long runs_select_cases(const struct run_set *s, const struct case_request *req, bool one_thread_count,
                       size_t **cases, char *err, size_t errlen);

#endif
