/* base/benchmark_name.c: a benchmark's name for people (see benchmark_name.h). */
#include "base/benchmark_name.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *benchmark_name(const struct bench_id *id)
{
    char *params = identity_params_text(id->params), *name = NULL;
    bool simulated = strcmp(id->pmu, "cachegrind") == 0;
    if (params && asprintf(&name, "%s %s %s t%lld%s", id->allocator, id->workload, params, id->threads,
                           simulated ? " (cachegrind)" : "") < 0)
        name = NULL;
    free(params);
    return name;
}
