/* analysis/model_cmd.c: PLACEHOLDER until the analysis module lands: 'ngbench model' is not built yet. */
#include <stdio.h>
#include "harness/commands.h"

int cmd_model(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "ngbench model: not built yet\n");
    return EXIT_USAGE;
}
