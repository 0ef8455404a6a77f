/*
 * reports/tables.h: the table builders, one per table of `ngbench report`,
 * and the helpers they share (choosing a workload or allocator, putting a
 * counter in a cell). Each builder returns a new table or NULL with err set.
 *
 * What it must never do: print; rendering is render.c's.
 */
#ifndef NGBENCH_REPORTS_TABLES_H
#define NGBENCH_REPORTS_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "analysis/runs.h"
#include "reports/report.h"
#include "reports/table.h"

struct table *table1_build(const json_t *doc, const struct report_request *req, char *err, size_t errlen);
struct table *table2_build(const json_t *doc, const struct report_request *req, char *err, size_t errlen);
struct table *table3_build(const json_t *doc, const struct report_request *req, char *err, size_t errlen);
struct table *summary_build(const json_t *doc, const struct report_request *req, char *err, size_t errlen);

/* The value of `key` ("workload", "allocator") that the request names, checked
 * to exist among the runs matching f; or, when wanted is NULL, the only one.
 * NULL with err ("no runs of workload 'x'", "several workloads (a, b): choose
 * one with --workload") otherwise. The string lives as long as doc. */
const char *select_one(const json_t *doc, const struct run_filter *f, const char *key,
                       const char *wanted, char *err, size_t errlen);
/* The thread count the request names (0 = the only one) among runs matching f;
 * -1 with err set otherwise. */
long select_threads(const json_t *doc, const struct run_filter *f, long wanted,
                    char *err, size_t errlen);

/* The runs a table is about: the workload the request names (or the only
 * one) and, when one_thread_count is set, its thread count (likewise).
 * 0, or -1 with err set. */
int select_workload(const json_t *doc, const struct report_request *req, bool one_thread_count,
                    struct run_filter *out, char *err, size_t errlen);

/* The reference allocator for ratios: the requested one, which must have
 * runs (else NULL with err "no runs of allocator 'x' (there are: ...)"),
 * else glibc when it ran, else the first allocator (NULL with err when
 * there are no runs). */
const char *select_reference(const json_t *doc, const char *requested, char *err, size_t errlen);

/* The thread counts of the runs matching f, ascending; caller frees. */
long *select_thread_counts(const json_t *doc, const struct run_filter *f, size_t *n);

/* A counter's median into a cell, "%.3E"; n/a with a footnote saying why when
 * no run had it, a footnote marking it simulated when it was. */
void put_counter(struct table *t, size_t row, size_t col, const struct counter_sample *c,
                 const char *event);
/* A time cell of runs that ran under cachegrind gets the footnote saying
 * its time is the simulation's, not the machine's. */
void note_simulated_time(struct table *t, size_t row, size_t col, const json_t *doc,
                         const struct run_filter *f);
/* Only the footnote of put_counter (for cells computed from counters). */
void note_counter(struct table *t, size_t row, size_t col, const struct counter_sample *c,
                  const char *event);

#endif
