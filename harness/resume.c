/* harness/resume.c: the runs a resumed file already has (see resume.h). */
#include "harness/resume.h"

#include <stdlib.h>

#include "base/identity.h"
#include "base/keyset.h"

struct done_runs {
    struct keyset *ids;        /* of struct run_id, pointing into the document */
    const char *file_pmu;
};

static bool same_run(const void *a, const void *b)
{
    return identity_run_equal(a, b);
}

struct done_runs *done_runs_of(const json_t *doc)
{
    struct done_runs *d = malloc(sizeof *d);
    if (!d || !(d->ids = keyset_new(sizeof(struct run_id), same_run))) {
        free(d);
        return NULL;
    }
    d->file_pmu = identity_file_pmu(json_object_get(doc, "context"));
    size_t i;
    const json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run) {
        struct run_id id = identity_run_of(run, d->file_pmu);
        if (keyset_add(d->ids, &id, identity_run_hash(&id), NULL) == KEYSET_NONE) {
            done_runs_free(d);
            return NULL;
        }
    }
    return d;
}

bool done_runs_has(const struct done_runs *d, const json_t *run)
{
    if (!d)
        return false;
    struct run_id id = identity_run_of(run, d->file_pmu);
    return keyset_find(d->ids, &id, identity_run_hash(&id)) != KEYSET_NONE;
}

size_t done_runs_count(const struct done_runs *d)
{
    return d ? keyset_count(d->ids) : 0;
}

void done_runs_free(struct done_runs *d)
{
    if (d)
        keyset_free(d->ids);
    free(d);
}
