/*
 * analysis/cli.h: the small option-parsing helpers the analysis and report
 * commands share ("--name=value" options, numbers checked whole).
 *
 * What it must never do: print or exit; callers report errors.
 */
#ifndef NGBENCH_ANALYSIS_CLI_H
#define NGBENCH_ANALYSIS_CLI_H

#include <stdbool.h>

/* The value of arg when it is "--name=value" (name given with its dashes), else NULL. */
const char *cli_value(const char *arg, const char *name);
/* A whole finite number ("1.5e3", "279759405"); false on trailing junk. */
bool cli_number(const char *s, double *out);

#endif
