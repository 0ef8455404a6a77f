/*
 * harness/matrix.h: what a `ngbench run` will run, resolved before anything
 * runs: the allocators (looked up in the registry), and the blocks, one per
 * (workload, thread count), each run for every allocator side by side.
 *
 * A shard is a deterministic slice of the blocks (block i belongs to shard
 * i mod N + 1), so all allocators of a block always run on one machine.
 */
#ifndef NGBENCH_HARNESS_MATRIX_H
#define NGBENCH_HARNESS_MATRIX_H

#include <stddef.h>

#include "harness/registry.h"
#include "harness/run_options.h"
#include "workloads/catalog.h"

struct block {
    const struct workload *workload;
    int threads;
};

struct matrix {
    struct allocator *allocators;
    size_t n_allocators;
    struct block *blocks;
    size_t n_blocks;          /* in this shard */
    size_t n_blocks_total;    /* before sharding */
};

/* Resolves names and sets. Unknown or missing things named explicitly are
 * errors (-1, err set); ones that came from a set are skipped with a
 * line on stderr. */
int matrix_build(const struct run_options *o, struct matrix *m, char *err, size_t errlen);
void matrix_free(struct matrix *m);

#endif
