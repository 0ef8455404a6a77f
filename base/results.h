/*
 * base/results.h: reading and writing results files (docs/results-format.md).
 *
 * Every module that reads results goes through results_load, so a malformed
 * file is refused the same way everywhere. Writing (results_out.h) is
 * atomic: a reader or a crash never sees half a file.
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

/* What a reader does with each part of a file, as it is read: context once,
 * then each run, checked (results_check_run). Both get borrowed values
 * (json_incref to keep one) and return 0 to go on or -1, with err set, to
 * stop. Either may be NULL. */
struct results_reader {
    int (*context)(void *ctx, const json_t *context, char *err, size_t errlen);
    int (*run)(void *ctx, json_t *run, size_t index, char *err, size_t errlen);
    void *ctx;
};

/* Reads path run by run, never holding more than one run: the top-level
 * shape, schema_version, context (an object; counters.backend, when there,
 * a known pmu) and every run are checked. 0, or -1 with err ("FILE: line 3:
 * ...", "FILE: runs[2]: allocator ...", "FILE: not an ngbench results file",
 * "FILE: is a directory, not a results file"), the path and any value from
 * the file shown on one line, escaped. */
int results_read(const char *path, const struct results_reader *reader, char *err, size_t errlen);

/* The whole document, read and checked by results_read. NULL with err on failure. */
json_t *results_load(const char *path, char *err, size_t errlen);

/* 0 when run is a valid run record: identity fields present and in range,
 * names printable, not empty, at most RESULTS_NAME_MAX bytes and not
 * reserved; -1 with why ("allocator \"a\\nb\" has a control character")
 * otherwise. results_load checks every run with it. */
int results_check_run(const json_t *run, char *why, size_t len);
/* 0 when pmu is the string "perf" or "cachegrind". */
int results_check_pmu(const json_t *pmu);

/* Convenience accessors that tolerate a missing key. */
const char *results_str(const json_t *obj, const char *key);
double results_num(const json_t *obj, const char *key);   /* NAN when absent */

#endif
