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

/* A builder: the table the request asks of s, or NULL with err set. */
typedef struct table *table_builder(const struct run_set *s, const struct report_request *req, char *err,
                                    size_t errlen);

table_builder table1_build, table2_build, table3_build, summary_build;

/* Each allocator's geometric mean of time relative to reference over the
 * cases both ran (the summary's last rows), in run_set_allocator order;
 * NAN for one without such a case. Caller frees; NULL when memory runs out. */
double *summary_geomeans(const struct run_set *s, const char *reference);

/* The cases (indexes of run_set_case) a table is about: the workload,
 * parameter set and backend the request names, or the only ones; with
 * one_thread_count, the thread count it names (or the only one). Their
 * number (>= 1) with *cases to free, or -1 with err set. */
long select_cases(const struct run_set *s, const struct report_request *req, bool one_thread_count,
                  size_t **cases, char *err, size_t errlen);

/* The allocator (an index) that wanted names, checked to have runs in the
 * cases; or, when wanted is NULL, the only one there. -1 with err ("no runs
 * of allocator 'x' (there are: a, b)", "several allocators (a, b): choose
 * one with --allocator") otherwise. */
long select_allocator(const struct run_set *s, const size_t *cases, size_t n, const char *wanted,
                      char *err, size_t errlen);

/* The reference allocator for ratios: the requested one, which must have
 * runs (else NULL with err "no runs of allocator 'x' (there are: ...)"),
 * else glibc when it ran, else the first allocator (NULL with err when
 * there are no runs). */
const char *select_reference(const struct run_set *s, const char *requested, char *err, size_t errlen);

/* "workload", then " (what differs)" when the workload has several parameter
 * sets or backends, then " (N thr)" with with_threads when it has several
 * thread counts. A new string. */
char *case_label(const struct run_set *s, size_t c, bool with_threads);

/* A counter's median into a cell, "%.3E"; n/a with a footnote saying why when
 * no run had it, a footnote marking it simulated when it was. */
void put_counter(struct table *t, size_t row, size_t col, const struct counter_sample *c,
                 const char *event);
/* A time cell of runs that ran under cachegrind gets the footnote saying
 * its time is the simulation's, not the machine's. */
void note_simulated_time(struct table *t, size_t row, size_t col, const struct run_set *s,
                         const struct bench *b);
/* Only the footnote of put_counter (for cells computed from counters). */
void note_counter(struct table *t, size_t row, size_t col, const struct counter_sample *c,
                  const char *event);

#endif
