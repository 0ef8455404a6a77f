/*
 * harness/same_output.h: --same-output (and a workload file's
 * "same_output"): every run of such a workload must print what the first
 * allocator's run printed, so an allocator that changes a program's
 * results is caught, not timed. Runs are compared by stdout_sha256 (the
 * output without its figure lines, workloads/user.h).
 *
 * What it must never do: read outputs itself, or judge a run that did not
 * end ok (it has nothing to compare).
 */
#ifndef NGBENCH_HARNESS_SAME_OUTPUT_H
#define NGBENCH_HARNESS_SAME_OUTPUT_H

#include <jansson.h>

/* run (status ok, with stdout_sha256) against the reference: the first run
 * in runs of the same workload, params and threads by the allocator named
 * reference that ended ok. A different digest makes run failed, with an
 * error naming both digests. Nothing happens when run is the reference or
 * there is none yet (the reference allocator's runs all failed). */
void same_output_check(const json_t *runs, json_t *run, const char *reference);

#endif
