/*
 * harness/resume.h: continuing a results file (`ngbench run --resume`):
 * whether this run's settings may continue it, and the runs it already has,
 * found by identity (base/identity.h), so a resumed matrix skips exactly those.
 *
 * Settings that decide what a run measures must match the file's: its size,
 * thread counts, counter backend and events, CPU affinity and shard. With
 * --extend, size, threads and backend may differ, because a run's identity
 * keeps them apart (params.size, threads, pmu); the file then records each
 * extension's settings in context.matrix_extensions.
 *
 * What it must never do: read or write files; it sees the loaded document.
 */
#ifndef NGBENCH_HARNESS_RESUME_H
#define NGBENCH_HARNESS_RESUME_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

struct done_runs;

/* The settings of this run that a resumed file must share (a JSON object:
 * size, threads, pmu, events (the planned event names, sorted), cpus, shard).
 * counters: the counter plan's description (pmu_plan_describe). */
json_t *resume_settings(const char *size, const int *threads, size_t nthreads, const json_t *counters,
                        const char *cpus, const char *shard);

/* 0 when settings match the file's (its matrix, or one of its extensions);
 * with extend, also when they differ only in what identities keep apart, and
 * then the extension is recorded in context. -1 with a one-line err naming
 * the differing settings otherwise. qpath: the file, quoted for the message. */
int resume_check(json_t *context, const json_t *settings, bool extend, const char *qpath,
                 char *err, size_t errlen);

/* The runs of doc (a checked results document); NULL when memory runs out.
 * It points into doc, which must outlive it. */
struct done_runs *done_runs_of(const json_t *doc);
/* Whether doc already has the run whose identity fields (allocator,
 * workload, params, threads, pmu, warmup, repetition) run holds; false for
 * d NULL (nothing done). */
bool done_runs_has(const struct done_runs *d, const json_t *run);
size_t done_runs_count(const struct done_runs *d);
void done_runs_free(struct done_runs *d);

#endif
