/*
 * reports/trend.h: how benchmarks moved from one results document to the
 * next (`ngbench history show` and `history plot`): one row per document,
 * in the order given (oldest first), labelled by the caller ("#3 814fd16");
 * for each benchmark, named as base/benchmark_name.h names it, a median
 * column and a MAD column of one metric (analysis/metric.h) over the
 * document's measured ok runs; "n/a" where a document lacks the benchmark.
 * The same table is the trend figure's data (gnuplot.h, FIGURE_TREND): the
 * x labels first, then a value and an error column per series, as every
 * figure's data is laid out (figures.h).
 *
 * What it must never do: read files or a database, or print.
 */
#ifndef NGBENCH_REPORTS_TREND_H
#define NGBENCH_REPORTS_TREND_H

#include <stddef.h>
#include <jansson.h>

#include "reports/table.h"

/* NULL with err set when no run has the metric (or memory runs out). */
struct table *trend_table(const json_t *const *docs, const char *const *labels, size_t n, const char *metric,
                          char *err, size_t errlen);

#endif
