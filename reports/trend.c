/* reports/trend.c: a metric's median and MAD per benchmark and document (see trend.h). */
#include "reports/trend.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/metric.h"
#include "analysis/runs.h"
#include "analysis/stats.h"
#include "base/benchmark_name.h"
#include "base/identity.h"
#include "base/results.h"

/* ---- The series: every benchmark of any document, sorted by name ---- */

struct series {
    char *key, *name;
};

static int compare_series(const void *a, const void *b)
{
    return strcmp(((const struct series *)a)->name, ((const struct series *)b)->name);
}

/* keys: benchmark key -> series index, once the series are sorted. */
static struct series *collect_series(const json_t *const *docs, size_t n, json_t *keys, size_t *count)
{
    json_t *names = json_object();   /* key -> name, first seen */
    for (size_t d = 0; d < n; d++) {
        const char *file_pmu = identity_file_pmu(json_object_get(docs[d], "context"));
        size_t i;
        const json_t *run;
        json_array_foreach(json_object_get(docs[d], "runs"), i, run) {
            struct bench_id id = identity_of(run, file_pmu);
            char *key = identity_key_text(&id);
            if (key && !json_object_get(names, key)) {
                char *name = benchmark_name(&id);
                json_object_set_new(names, key, json_string(name ? name : key));
                free(name);
            }
            free(key);
        }
    }
    *count = json_object_size(names);
    struct series *s = calloc(*count ? *count : 1, sizeof *s);
    size_t k = 0;
    const char *key;
    json_t *name;
    json_object_foreach(names, key, name)
        if (s)
            s[k++] = (struct series){ strdup(key), strdup(json_string_value(name)) };
    if (s)
        qsort(s, *count, sizeof *s, compare_series);
    for (k = 0; s && k < *count; k++)
        json_object_set_new(keys, s[k].key, json_integer((json_int_t)k));
    json_decref(names);
    return s;
}

static void free_series(struct series *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        free(s[i].key);
        free(s[i].name);
    }
    free(s);
}

/* ---- One row: a document ---- */

struct samples {
    double *values;
    size_t n, cap;
};

static bool add_sample(struct samples *s, double v)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        double *p = realloc(s->values, cap * sizeof *p);
        if (!p)
            return false;
        s->values = p;
        s->cap = cap;
    }
    s->values[s->n++] = v;
    return true;
}

/* The row's cells; the number of samples found. */
static size_t fill_row(struct table *t, size_t row, const json_t *doc, const json_t *keys, size_t nseries,
                       const char *metric)
{
    struct samples *per = calloc(nseries ? nseries : 1, sizeof *per);
    const char *file_pmu = identity_file_pmu(json_object_get(doc, "context"));
    size_t found = 0, i;
    const json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run) {
        double v;
        if (!per || !runs_is_measured_ok(run) || !metric_value(run, metric, &v))
            continue;
        struct bench_id id = identity_of(run, file_pmu);
        char *key = identity_key_text(&id);
        const json_t *at = key ? json_object_get(keys, key) : NULL;
        free(key);
        if (at && add_sample(&per[json_integer_value(at)], v))
            found++;
    }
    for (size_t k = 0; per && k < nseries; k++) {
        table_set_num(t, row, 1 + 2 * k, "%.4g", stats_median(per[k].values, per[k].n));
        table_set_num(t, row, 2 + 2 * k, "%.2g", stats_mad(per[k].values, per[k].n));
        free(per[k].values);
    }
    free(per);
    return found;
}

/* ---- The table ---- */

static struct table *empty_table(const char *metric, const struct series *s, size_t nseries)
{
    const char **headers = calloc(1 + 2 * nseries, sizeof *headers);
    char **mad = calloc(nseries ? nseries : 1, sizeof *mad);
    struct table *t = NULL;
    if (headers && mad) {
        headers[0] = "import";
        for (size_t k = 0; k < nseries; k++) {
            headers[1 + 2 * k] = s[k].name;
            if (asprintf(&mad[k], "%s MAD", s[k].name) < 0)
                mad[k] = NULL;
            headers[2 + 2 * k] = mad[k] ? mad[k] : "MAD";
        }
        char title[160];
        snprintf(title, sizeof title, "%s by import: median and MAD of the measured ok runs", metric);
        t = table_new(title, 1 + 2 * nseries, headers);
    }
    for (size_t k = 0; mad && k < nseries; k++)
        free(mad[k]);
    free(mad);
    free(headers);
    return t;
}

struct table *trend_table(const json_t *const *docs, const char *const *labels, size_t n, const char *metric,
                          char *err, size_t errlen)
{
    json_t *keys = json_object();
    size_t nseries = 0;
    struct series *s = collect_series(docs, n, keys, &nseries);
    struct table *t = s ? empty_table(metric, s, nseries) : NULL;
    size_t found = 0;
    for (size_t d = 0; t && d < n; d++) {
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, labels[d]);
        found += fill_row(t, row, docs[d], keys, nseries, metric);
    }
    if (!t)
        snprintf(err, errlen, "out of memory");
    else if (found == 0) {
        if (nseries)
            snprintf(err, errlen, "metric '%s' is in no measured ok run of the selected imports", metric);
        else
            snprintf(err, errlen, "no runs selected");
        table_free(t);
        t = NULL;
    }
    free_series(s, nseries);
    json_decref(keys);
    return t;
}
