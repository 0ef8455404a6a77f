/*
 * harness/context.h: the machine and build a results file was measured on
 * (docs/results-format.md, "context"). Facts only: nothing here runs workloads.
 */
#ifndef NGBENCH_HARNESS_CONTEXT_H
#define NGBENCH_HARNESS_CONTEXT_H

#include <jansson.h>

/* date, host, cpu_model, cores, kernel, compiler, ngbench_version, git_commit. */
json_t *context_machine(void);

#endif
