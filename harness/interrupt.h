/*
 * harness/interrupt.h: Ctrl-C and SIGTERM during a matrix. The handler only
 * sets a flag; the runner kills the current workload's process group and the
 * matrix stops after the last complete run, whose results are already saved.
 * The one piece of global mutable state in the harness, because a signal
 * handler can reach nothing else.
 */
#ifndef NGBENCH_HARNESS_INTERRUPT_H
#define NGBENCH_HARNESS_INTERRUPT_H

#include <stdbool.h>

void interrupt_install(void);
bool interrupt_requested(void);

#endif
