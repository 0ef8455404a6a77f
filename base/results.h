/*
 * base/results.h: reading and writing results files (docs/results-format.md).
 *
 * Every module that reads results goes through results_load, so a malformed
 * file is refused the same way everywhere. Writing is atomic: a reader or a
 * crash never sees half a file.
 */
#ifndef NGBENCH_BASE_RESULTS_H
#define NGBENCH_BASE_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#define RESULTS_SCHEMA_VERSION 1

/* Limits of what a run may hold (docs/results-format.md, "Validation"). */
#define RESULTS_NAME_MAX 128             /* bytes of a name: allocator, workload, params key, status */
#define RESULTS_THREADS_MAX 1048576
#define RESULTS_REPETITION_MAX 1000000000

/* A new document with this context (reference stolen) and no runs. */
json_t *results_new(json_t *context);

/* Parse and check the top-level shape and each run's identity fields.
 * NULL with err ("FILE: line 3: ..." or "FILE: not an ngbench results file")
 * on failure. */
json_t *results_load(const char *path, char *err, size_t errlen);

/* 0 when run is a valid run record: identity fields present and in range,
 * names printable, not empty, at most RESULTS_NAME_MAX bytes and not
 * reserved; -1 with why ("allocator \"a\\nb\" has a control character")
 * otherwise. results_load checks every run with it. */
int results_check_run(const json_t *run, char *why, size_t len);
/* 0 when pmu is the string "perf" or "cachegrind". */
int results_check_pmu(const json_t *pmu);

/* Write to a temporary file beside path, fsync, rename over path. */
int results_save_atomic(const json_t *doc, const char *path, char *err, size_t errlen);

/* The benchmark a run belongs to: allocator, workload, params (keys sorted),
 * threads, as one string. Caller frees. */
char *results_benchmark_key(const json_t *run);

/* The benchmark key plus warm-up flag and repetition: which run this is. */
char *results_run_key(const json_t *run);

/* Convenience accessors that tolerate a missing key. */
const char *results_str(const json_t *obj, const char *key);
double results_num(const json_t *obj, const char *key);   /* NAN when absent */

#endif
