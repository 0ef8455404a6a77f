/* harness/resume.c: the runs a resumed file already has (see resume.h). */
#include "harness/resume.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/identity.h"
#include "base/keyset.h"
#include "base/text.h"

/* ---- Settings ---- */

/* The settings in the order messages name them, and whether a run's
 * identity keeps runs of different values apart (so --extend may add them). */
static const struct {
    const char *key;
    bool kept_apart;
} settings_keys[] = {
    { "size", true }, { "threads", true }, { "pmu", true }, { "events", false }, { "cpus", false }, { "shard", false },
};
enum { NSETTINGS = sizeof settings_keys / sizeof settings_keys[0] };

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names of the planned events (counters.events), sorted, as an array. */
static json_t *event_names(const json_t *counters)
{
    const json_t *events = json_object_get(counters, "events");
    size_t n = json_object_size(events), i = 0;
    const char **names = malloc((n + 1) * sizeof *names);
    json_t *out = json_array();
    const char *name;
    json_t *value;
    if (!names || !out) {
        free(names);
        return out;
    }
    json_object_foreach((json_t *)events, name, value)
        names[i++] = name;
    qsort(names, n, sizeof *names, compare_strings);
    for (i = 0; i < n; i++)
        json_array_append_new(out, json_string(names[i]));
    free(names);
    return out;
}

json_t *resume_settings(const char *size, const int *threads, size_t nthreads, const json_t *counters,
                        const char *cpus, const char *shard)
{
    json_t *t = json_array();
    for (size_t i = 0; i < nthreads; i++)
        json_array_append_new(t, json_integer(threads[i]));
    const char *backend = json_string_value(json_object_get(counters, "backend"));
    return json_pack("{s:s,s:o,s:s,s:o,s:s?,s:s}", "size", size, "threads", t, "pmu",
                     backend && strcmp(backend, "cachegrind") == 0 ? "cachegrind" : "perf",
                     "events", event_names(counters), "cpus", cpus, "shard", shard);
}

/* The settings the file's matrix was made with, from its context (files
 * from before settings were recorded included: a merged file is shard 1/1). */
static json_t *original_settings(const json_t *context)
{
    const json_t *matrix = json_object_get(context, "matrix");
    const json_t *threads = json_object_get(matrix, "threads");
    const char *shard = json_string_value(json_object_get(matrix, "shard"));
    return json_pack("{s:O?,s:o,s:s,s:o,s:O?,s:s}", "size", json_object_get(matrix, "size"),
                     "threads", json_is_array(threads) ? json_deep_copy(threads) : json_array(),
                     "pmu", identity_file_pmu(context), "events", event_names(json_object_get(context, "counters")),
                     "cpus", json_object_get(context, "cpus"), "shard", shard ? shard : "1/1");
}

/* A setting as the option that gives it: "--size=tiny", "--threads=1,2", "no --cpus". */
static void option_text(FILE *out, const char *key, const json_t *value)
{
    char q[TEXT_QUOTED_LEN];
    if (json_is_null(value) || !value) {
        fprintf(out, " no --%s", key);
        return;
    }
    if (json_is_array(value) && json_array_size(value) == 0) {
        fprintf(out, " --%s=(%s)", key, strcmp(key, "threads") == 0 ? "each workload's own" : "none");
        return;
    }
    if (json_is_string(value)) {
        fprintf(out, " --%s=%s", key, text_quote(json_string_value(value), q, sizeof q));
        return;
    }
    char *list = NULL;
    size_t len = 0;
    FILE *l = open_memstream(&list, &len);
    for (size_t i = 0; l && i < json_array_size(value); i++) {
        const json_t *v = json_array_get(value, i);
        if (json_is_string(v))
            fprintf(l, "%s%s", i ? "," : "", json_string_value(v));
        else
            fprintf(l, "%s%lld", i ? "," : "", (long long)json_integer_value(v));
    }
    if (l)
        fclose(l);
    fprintf(out, " --%s=%s", key, text_quote(list ? list : "", q, sizeof q));
    free(list);
}

/* The differing settings, as options ("--size=tiny" and "--size=quick");
 * returns whether every difference is one identities keep apart (events
 * count as kept apart when the backend differs too: each has its own). */
static bool differences(const json_t *was, const json_t *now, char **before, char **after)
{
    size_t lb = 0, la = 0;
    FILE *b = open_memstream(before, &lb), *a = open_memstream(after, &la);
    bool pmu_differs = !json_equal(json_object_get(was, "pmu"), json_object_get(now, "pmu"));
    bool apart = true;
    for (size_t k = 0; b && a && k < NSETTINGS; k++) {
        const char *key = settings_keys[k].key;
        if (json_equal(json_object_get(was, key), json_object_get(now, key)))
            continue;
        option_text(b, key, json_object_get(was, key));
        option_text(a, key, json_object_get(now, key));
        apart &= settings_keys[k].kept_apart || (pmu_differs && strcmp(key, "events") == 0);
    }
    if (b)
        fclose(b);
    if (a)
        fclose(a);
    return apart;
}

/* Whether settings are those of the file's matrix or of one of its extensions. */
static bool already_there(const json_t *context, const json_t *original, const json_t *settings)
{
    if (json_equal((json_t *)original, (json_t *)settings))
        return true;
    size_t i;
    const json_t *extension;
    json_array_foreach(json_object_get(context, "matrix_extensions"), i, extension)
        if (json_equal((json_t *)extension, (json_t *)settings))
            return true;
    return false;
}

int resume_check(json_t *context, const json_t *settings, bool extend, const char *qpath,
                 char *err, size_t errlen)
{
    json_t *original = original_settings(context);
    if (!original || already_there(context, original, settings)) {
        json_decref(original);
        return original ? 0 : -1;
    }
    char *before = NULL, *after = NULL;
    bool apart = differences(original, settings, &before, &after);
    int rc = -1;
    if (!extend)
        snprintf(err, errlen, "--resume: %s was made with%s, not%s (add --extend to keep the new runs beside the "
                              "old ones, or use another --out)", qpath, before ? before : "", after ? after : "");
    else if (!apart)
        snprintf(err, errlen, "--extend: %s was made with%s, not%s: runs would be pooled (only --size, --threads "
                              "and --pmu are kept apart); use another --out", qpath, before ? before : "",
                 after ? after : "");
    else {
        json_t *extensions = json_object_get(context, "matrix_extensions");
        if (!json_is_array(extensions))
            json_object_set_new(context, "matrix_extensions", extensions = json_array());
        rc = json_array_append(extensions, (json_t *)settings) == 0 ? 0 : -1;
    }
    free(before);
    free(after);
    json_decref(original);
    return rc;
}

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
