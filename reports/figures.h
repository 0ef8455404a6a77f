/*
 * reports/figures.h: the data behind each figure of `ngbench plot`, as a
 * table (table.h) whose first column labels the x axis and whose other
 * columns are series: for each allocator a value column followed by its
 * error column (MAD), except the summary chart's one value per allocator.
 * gnuplot.c writes these as data files and draws them.
 *
 * What it must never do: print, write files or run gnuplot.
 */
#ifndef NGBENCH_REPORTS_FIGURES_H
#define NGBENCH_REPORTS_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "reports/report.h"
#include "reports/table.h"

/* FIGURE_TREND is drawn from `ngbench history` (reports/trend.h), not
 * named on plot's command line. */
enum figure { FIGURE_1, FIGURE_SCALING, FIGURE_SUMMARY, FIGURE_TREND };

/* "1", "scaling", "summary": 0, or -1 if unknown. */
int figure_parse(const char *name, enum figure *out);

/* Figure 1: per case (workload, and its parameters or threads when the
 * workload ran with several), each allocator's median wall time and MAD
 * divided by the reference allocator's median. */
struct table *figure1_data(const struct run_set *s, const struct report_request *req,
                           char *err, size_t errlen);
/* Scaling: for one workload and parameter set, per thread count, each
 * allocator's median wall time and MAD in seconds. */
struct table *scaling_data(const struct run_set *s, const struct report_request *req,
                           char *err, size_t errlen);
/* Summary: per allocator, the geometric mean of its time relative to the
 * reference (the summary table's last rows). */
struct table *summary_chart_data(const struct run_set *s, const struct report_request *req,
                                 char *err, size_t errlen);

/* Whether a figure's data has any value to draw (every run may have failed). */
bool figure_has_values(const struct table *data);

#endif
