/*
 * base/identity.h: the one definition of what a run measured (docs/results-format.md,
 * "Identity of a benchmark"). A benchmark is its allocator, workload,
 * params, thread count and counter backend (pmu: cachegrind's simulated runs
 * are not the native ones); a run is a benchmark plus its warm-up flag and
 * repetition. Report, plot, model, gate, merge and --resume all group and
 * match runs with these structured keys and their hashes, never with a
 * joined string, so no choice of names can make two keys collide.
 *
 * What it must never do: read files, or accept a run that results_check_run refused.
 */
#ifndef NGBENCH_BASE_IDENTITY_H
#define NGBENCH_BASE_IDENTITY_H

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>

struct bench_id {
    const char *allocator;
    const char *workload;
    const json_t *params;      /* an object; compared as JSON, key order ignored */
    long long threads;
    const char *pmu;           /* "perf" or "cachegrind" */
};

struct run_id {
    struct bench_id bench;
    bool warmup;
    long long repetition;
};

/* The backend of a file's runs that do not name theirs: context.counters.backend, else "perf". */
const char *identity_file_pmu(const json_t *context);

/* The identity of a checked run (results_check_run); its strings point into
 * run, and into file_pmu when the run has no "pmu". */
struct bench_id identity_of(const json_t *run, const char *file_pmu);
struct run_id identity_run_of(const json_t *run, const char *file_pmu);

/* Hashes are the same on every machine and in every run (the gate seeds its
 * resampling with them); equal identities hash alike, whatever the order of
 * params' keys. */
uint64_t identity_hash(const struct bench_id *id);
bool identity_equal(const struct bench_id *a, const struct bench_id *b);
uint64_t identity_run_hash(const struct run_id *id);
/* The same hashing for a name alone (to intern names). */
uint64_t identity_hash_string(const char *s);
bool identity_run_equal(const struct run_id *a, const struct run_id *b);

/* params as people read it: "k=v,k=v", keys sorted, string values as they
 * are, others as JSON; control characters escaped. A new string. */
char *identity_params_text(const json_t *params);
/* The identity as a JSON object (allocator, workload, params, threads, pmu). */
json_t *identity_to_json(const struct bench_id *id);
/* The identity as one text, for a database column or an object's key:
 * compact JSON [allocator, workload, params (keys sorted), threads, pmu].
 * Equal identities give the same text and different ones different texts
 * (JSON quotes every string). A new string; NULL when memory runs out. */
char *identity_key_text(const struct bench_id *id);

#endif
