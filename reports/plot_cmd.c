/* reports/plot_cmd.c: PLACEHOLDER until the reports module lands: 'ngbench plot' is not built yet. */
#include <stdio.h>
#include "harness/commands.h"

int cmd_plot(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "ngbench plot: not built yet\n");
    return EXIT_USAGE;
}
