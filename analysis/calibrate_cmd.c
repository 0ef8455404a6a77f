/* analysis/calibrate_cmd.c: PLACEHOLDER until the analysis module lands: 'ngbench calibrate' is not built yet. */
#include <stdio.h>
#include "harness/commands.h"

int cmd_calibrate(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "ngbench calibrate: not built yet\n");
    return EXIT_USAGE;
}
