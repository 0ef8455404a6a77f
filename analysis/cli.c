/* analysis/cli.c: option helpers (see cli.h). */
#include "analysis/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *cli_value(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && arg[n] == '=' ? arg + n + 1 : NULL;
}

bool cli_number(const char *s, double *out)
{
    char *end;
    if (!s || !*s)
        return false;
    double v = strtod(s, &end);
    if (*end != '\0' || !isfinite(v))
        return false;
    *out = v;
    return true;
}

int cli_walk(int argc, char **argv, char **operands, size_t *noperands,
             int (*option)(const char *arg, void *ctx), void *ctx, const char **bad)
{
    *noperands = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
        if (strncmp(argv[i], "--", 2) != 0)
            operands[(*noperands)++] = argv[i];
        else if (option(argv[i], ctx) != 0) {
            *bad = argv[i];
            return -1;
        }
    }
    return 0;
}
