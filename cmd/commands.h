/*
 * cmd/commands.h: the ngbench subcommands, the top layer. Each takes the argv
 * that starts at its own name (argv[0] = "run", ...), parses its options,
 * calls the libraries below (harness, analysis, reports, ci) and returns an
 * exit status from base/exit_codes.h.
 *
 * What it must never do: hold logic a library could own; nothing below cmd/
 * includes a header from here.
 */
#ifndef NGBENCH_CMD_COMMANDS_H
#define NGBENCH_CMD_COMMANDS_H

#include <stddef.h>
#include <stdio.h>

#include "base/options.h"

int cmd_list(int argc, char **argv);        /* cmd/list_cmd.c */
int cmd_run(int argc, char **argv);         /* cmd/run_cmd.c */
int cmd_merge(int argc, char **argv);       /* cmd/merge_cmd.c */
int cmd_model(int argc, char **argv);       /* cmd/model_cmd.c */
int cmd_calibrate(int argc, char **argv);   /* cmd/calibrate_cmd.c */
int cmd_report(int argc, char **argv);      /* cmd/report_cmd.c */
int cmd_plot(int argc, char **argv);        /* cmd/plot_cmd.c */
int cmd_gate(int argc, char **argv);        /* cmd/gate_cmd.c */
int cmd_history(int argc, char **argv);     /* cmd/history_cmd.c */

/* A command's options through options_parse (base/options.h): -1 when parsed
 * and the command goes on; else the exit status to return, after printing
 * usage to stdout for --help (EXIT_OK) or "ngbench CMD: <error>" to stderr
 * (EXIT_USAGE). */
int command_line(int argc, char **argv, const struct option_spec *specs, size_t nspecs,
                 char **operands, size_t max_operands, size_t *noperands, void (*usage)(FILE *out));

#endif
