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
