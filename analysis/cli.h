/*
 * analysis/cli.h: the small option-parsing helpers the analysis and report
 * commands share ("--name=value" options, numbers checked whole).
 *
 * What it must never do: print or exit; callers report errors.
 */
#ifndef NGBENCH_ANALYSIS_CLI_H
#define NGBENCH_ANALYSIS_CLI_H

#include <stdbool.h>
#include <stddef.h>

/* The value of arg when it is "--name=value" (name given with its dashes), else NULL. */
const char *cli_value(const char *arg, const char *name);
/* A whole finite number ("1.5e3", "279759405"); false on trailing junk. */
bool cli_number(const char *s, double *out);

/* The command line after argv[0]: arguments that do not start with "--" go
 * to operands (room for argc entries), the rest to option(arg, ctx), which
 * returns 0 or -1. Returns 0; 1 for --help or -h; -1 with *bad set to the
 * option that option() refused. */
int cli_walk(int argc, char **argv, char **operands, size_t *noperands,
             int (*option)(const char *arg, void *ctx), void *ctx, const char **bad);

#endif
