/*
 * base/context.h: the machine and build a results file was measured on
 * (docs/results-format.md, "context"). Facts only: nothing here runs workloads.
 */
#ifndef NGBENCH_BASE_CONTEXT_H
#define NGBENCH_BASE_CONTEXT_H

#include <jansson.h>

/* date, host, cpu_model, cores, kernel, compiler, ngbench_version, git_commit. */
json_t *context_machine(void);

/* "0.1.0 (git 6c0ce00abcde)": the project version and `git describe` of
 * the tree it was built from, taken at build time. */
const char *context_version(void);

#endif
