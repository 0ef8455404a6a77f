/*
 * base/benchmark_name.h: a benchmark's name for people, "allocator workload
 * k=v,k=v tN" (params keys sorted, so the name does not depend on their
 * order; control characters escaped, base/text.h, so it stays one line),
 * as the gate's rows and the history's trend series show it.
 * Matching uses results_benchmark_key (results.h), not this.
 *
 * What it must never do: print or decide anything.
 */
#ifndef NGBENCH_BASE_BENCHMARK_NAME_H
#define NGBENCH_BASE_BENCHMARK_NAME_H

#include <jansson.h>

/* The name of the benchmark run belongs to; caller frees; NULL when memory runs out. */
char *benchmark_name(const json_t *run);

#endif
