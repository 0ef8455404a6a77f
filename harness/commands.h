/*
 * harness/commands.h: the ngbench subcommands. Each takes the argv that starts
 * at its own name (argv[0] = "run", ...) and returns the process exit code.
 *
 * Exit codes, the same for every command: 0 ok, 1 a run or check failed,
 * 2 bad usage or unreadable input, 3 inconclusive (gate only).
 */
#ifndef NGBENCH_HARNESS_COMMANDS_H
#define NGBENCH_HARNESS_COMMANDS_H

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_INCONCLUSIVE = 3 };

int cmd_list(int argc, char **argv);        /* harness/list_cmd.c */
int cmd_run(int argc, char **argv);         /* harness/run_cmd.c */
int cmd_merge(int argc, char **argv);       /* harness/merge_cmd.c */
int cmd_model(int argc, char **argv);       /* analysis/model_cmd.c */
int cmd_calibrate(int argc, char **argv);   /* analysis/calibrate_cmd.c */
int cmd_report(int argc, char **argv);      /* reports/report_cmd.c */
int cmd_plot(int argc, char **argv);        /* reports/plot_cmd.c */
int cmd_gate(int argc, char **argv);        /* ci/gate_cmd.c */

#endif
