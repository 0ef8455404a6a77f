/*
 * base/benchmark_name.h: a benchmark's name for people, "allocator workload
 * k=v,k=v tN" (params keys sorted, so the name does not depend on their
 * order), with " (cachegrind)" for simulated runs; control characters
 * escaped (base/text.h), so it stays one line. The gate's rows and the
 * history's trend series show it. Matching uses the identity
 * (base/identity.h), never this.
 *
 * What it must never do: print or decide anything.
 */
#ifndef NGBENCH_BASE_BENCHMARK_NAME_H
#define NGBENCH_BASE_BENCHMARK_NAME_H

#include "base/identity.h"

/* The name of the benchmark; caller frees; NULL when memory runs out. */
char *benchmark_name(const struct bench_id *id);

#endif
