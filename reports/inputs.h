/*
 * reports/inputs.h: the results files a report or plot is drawn from, loaded
 * with results_load and combined into one document (runs concatenated, the
 * first file's context), so shards or separate matrices report together.
 *
 * What it must never do: write files.
 */
#ifndef NGBENCH_REPORTS_INPUTS_H
#define NGBENCH_REPORTS_INPUTS_H

#include <stddef.h>
#include <jansson.h>

json_t *inputs_load(char *const *paths, size_t n, char *err, size_t errlen);

#endif
