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
#include "workloads/user.h"

struct block {
    const struct workload *workload;
    int threads;
};

struct matrix {
    struct user_set defined;  /* workloads of the command and the workload file */
    struct allocator *allocators;
    size_t n_allocators;
    struct block *blocks;
    size_t n_blocks;          /* in this shard */
    size_t n_blocks_total;    /* before sharding */
};

/* Defines the command's and the workload file's workloads (a missing
 * program, a bad file: -1, err set), then resolves names and sets; a name
 * is looked up among those first. Unknown or missing things named
 * explicitly are errors (-1, err set); ones that came from a set are
 * skipped with a line on stderr. */
int matrix_build(const struct run_options *o, struct matrix *m, char *err, size_t errlen);
void matrix_free(struct matrix *m);

#endif
