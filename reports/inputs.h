/*
 * reports/inputs.h: the results files a report, plot or model is drawn
 * from, read run by run (results_read) into one run set (analysis/runs.h),
 * so shards or separate matrices report together and a file of a million
 * runs never has to fit in memory as JSON.
 *
 * What it must never do: write files.
 */
#ifndef NGBENCH_REPORTS_INPUTS_H
#define NGBENCH_REPORTS_INPUTS_H

#include <stddef.h>

#include "analysis/runs.h"

/* The runs of every file, finished; NULL with err (the first unreadable
 * file's reason, or "no results file given"). */
struct run_set *inputs_load(char *const *paths, size_t n, char *err, size_t errlen);

#endif
