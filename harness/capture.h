/*
 * harness/capture.h: run a helper program (never a workload) and read what it
 * prints. For facts about this machine that only another program knows
 * (dpkg's package versions). Workloads go through runner.h instead.
 */
#ifndef NGBENCH_HARNESS_CAPTURE_H
#define NGBENCH_HARNESS_CAPTURE_H

#include <stddef.h>

/* Runs argv (PATH searched) with stdin /dev/null and stderr discarded; copies
 * its stdout, trailing newline removed, into buf. Returns its exit status, or
 * -1 when it could not be run. */
int capture_output(char *const argv[], char *buf, size_t buflen);

#endif
