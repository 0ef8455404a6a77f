/* harness/list_cmd.c: being written. */
#include <stdio.h>
#include "harness/commands.h"
int cmd_list(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "ngbench list: not built yet\n"); return EXIT_USAGE; }
