/* ci/gate_cmd.c: PLACEHOLDER until the gate module lands: 'ngbench gate' is not built yet. */
#include <stdio.h>
#include "harness/commands.h"

int cmd_gate(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "ngbench gate: not built yet\n");
    return EXIT_USAGE;
}
