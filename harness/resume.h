/*
 * harness/resume.h: continuing a results file (`ngbench run --resume`):
 * the runs it already has, found by identity (base/identity.h), so a
 * resumed matrix skips exactly those.
 *
 * What it must never do: read or write files; it sees the loaded document.
 */
#ifndef NGBENCH_HARNESS_RESUME_H
#define NGBENCH_HARNESS_RESUME_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

struct done_runs;

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
