/* reports/inputs.c: several results files as one run set (see inputs.h). */
#include "reports/inputs.h"

#include <stdio.h>

#include "base/identity.h"
#include "base/results.h"

struct loading {
    struct run_set *set;
    const char *file_pmu;      /* of the file being read */
};

static int take_context(void *ctx, const json_t *context, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    ((struct loading *)ctx)->file_pmu = identity_file_pmu(context);
    return 0;
}

static int take_run(void *ctx, json_t *run, size_t index, char *err, size_t errlen)
{
    struct loading *l = ctx;
    (void)index;
    if (run_set_add(l->set, run, l->file_pmu) == 0)
        return 0;
    snprintf(err, errlen, "out of memory");
    return -1;
}

struct run_set *inputs_load(char *const *paths, size_t n, char *err, size_t errlen)
{
    if (n == 0) {
        snprintf(err, errlen, "no results file given");
        return NULL;
    }
    struct loading l = { run_set_new(), "perf" };
    struct results_reader reader = { take_context, take_run, &l };
    for (size_t i = 0; l.set && i < n; i++)
        if (results_read(paths[i], &reader, err, errlen) != 0) {
            run_set_free(l.set);
            return NULL;
        }
    if (!l.set || run_set_finish(l.set) != 0) {
        run_set_free(l.set);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    return l.set;
}
