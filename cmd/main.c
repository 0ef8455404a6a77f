/*
 * cmd/main.c: the ngbench program. Reads the subcommand and hands over to
 * its file in cmd/ (NAME_cmd.c), which drives the libraries below.
 */
#include <stdio.h>
#include <string.h>

#include "base/context.h"
#include "base/exit_codes.h"
#include "cmd/commands.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    { "list", cmd_list, "show the allocators, workloads and counter events available here" },
    { "run", cmd_run, "run a matrix of allocators x workloads x threads into a results file" },
    { "merge", cmd_merge, "combine results files (e.g. shards of one matrix) into one" },
    { "report", cmd_report, "paper-style tables from results files" },
    { "plot", cmd_plot, "paper-style figures from results files (gnuplot)" },
    { "model", cmd_model, "the paper's break-even model for offloading malloc and free" },
    { "calibrate", cmd_calibrate, "measure synchronisation and malloc/free costs on this machine" },
    { "gate", cmd_gate, "statistical performance-regression gate between two results files" },
    { "history", cmd_history, "results files over time in an SQLite database: list, trends, plots" },
};

static void print_usage(FILE *out)
{
    fprintf(out, "usage: ngbench COMMAND [OPTIONS]\n       ngbench --version\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'ngbench COMMAND --help' describes one command.\n"
                 "\nexit status (every command):\n"
                 "  %3d  ok (the gate: passed)\n"
                 "  %3d  a run or check failed, or a result could not be written\n"
                 "  %3d  bad usage or unreadable input\n"
                 "  %3d  inconclusive (gate: not shown changed or unchanged, nothing worse)\n"
                 "  %3d  interrupted (run: Ctrl-C or SIGTERM; the results file keeps every finished run)\n",
            EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INCONCLUSIVE, EXIT_INTERRUPTED);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        print_usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("ngbench %s\n", context_version());
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "ngbench: unknown command '%s' (try 'ngbench --help')\n", argv[1]);
    return EXIT_USAGE;
}
