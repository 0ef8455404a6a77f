/* harness/merge_cmd.c: PLACEHOLDER until the gate module lands: 'ngbench merge' is not built yet. */
#include <stdio.h>
#include "harness/commands.h"

int cmd_merge(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "ngbench merge: not built yet\n");
    return EXIT_USAGE;
}
