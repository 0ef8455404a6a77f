/* reports/report_cmd.c: PLACEHOLDER until the reports module lands: 'ngbench report' is not built yet. */
#include <stdio.h>
#include "harness/commands.h"

int cmd_report(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "ngbench report: not built yet\n");
    return EXIT_USAGE;
}
