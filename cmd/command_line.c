/* cmd/command_line.c: what every command does with its options (see commands.h). */
#include <stdio.h>

#include "base/exit_codes.h"
#include "cmd/commands.h"

int command_line(int argc, char **argv, const struct option_spec *specs, size_t nspecs,
                 char **operands, size_t max_operands, size_t *noperands, void (*usage)(FILE *out))
{
    char err[1024];
    switch (options_parse(argc, argv, specs, nspecs, operands, max_operands, noperands, err, sizeof err)) {
    case OPTIONS_OK:
        return -1;
    case OPTIONS_HELP:
        usage(stdout);
        return EXIT_OK;
    case OPTIONS_ERROR:
        break;
    }
    fprintf(stderr, "ngbench %s: %s\n", argv[0], err);
    return EXIT_USAGE;
}
