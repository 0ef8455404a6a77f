/* harness/run_cmd.c: being written. */
#include <stdio.h>
#include "harness/commands.h"
int cmd_run(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "ngbench run: not built yet\n"); return EXIT_USAGE; }
