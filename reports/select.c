/* reports/select.c: choosing what a table is about, and counter cells (see tables.h). */
#include "reports/tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "a, b, c" into buf. */
static void list_values(const json_t *values, char *buf, size_t len)
{
    size_t i, used = 0;
    const json_t *v;
    buf[0] = '\0';
    json_array_foreach(values, i, v) {
        char one[128];
        if (json_is_string(v))
            snprintf(one, sizeof one, "%s", json_string_value(v));
        else
            snprintf(one, sizeof one, "%lld", (long long)json_integer_value(v));
        int k = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", one);
        if (k < 0 || (size_t)k >= len - used)
            break;
        used += (size_t)k;
    }
}

const char *select_one(const json_t *doc, const struct run_filter *f, const char *key,
                       const char *wanted, char *err, size_t errlen)
{
    json_t *values = runs_distinct(doc, f, key);
    const char *found = NULL;
    size_t i;
    const json_t *v;
    json_array_foreach(values, i, v)
        if (!wanted || strcmp(json_string_value(v), wanted) == 0)
            found = json_string_value(v);
    char list[512];
    list_values(values, list, sizeof list);
    if (wanted && !found)
        snprintf(err, errlen, "no runs of %s '%s' (there are: %s)", key, wanted, list);
    else if (!found)
        snprintf(err, errlen, "no runs to report");
    else if (!wanted && json_array_size(values) > 1) {
        snprintf(err, errlen, "several %ss (%s): choose one with --%s", key, list, key);
        found = NULL;
    }
    json_decref(values);   /* the strings stay owned by the runs in doc */
    return found;
}

long select_threads(const json_t *doc, const struct run_filter *f, long wanted,
                    char *err, size_t errlen)
{
    json_t *values = runs_distinct(doc, f, "threads");
    long found = -1;
    size_t i;
    const json_t *v;
    json_array_foreach(values, i, v)
        if (wanted == 0 || json_integer_value(v) == wanted)
            found = (long)json_integer_value(v);
    char list[512];
    list_values(values, list, sizeof list);
    if (wanted && found < 0)
        snprintf(err, errlen, "no runs with %ld threads (there are: %s)", wanted, list);
    else if (found < 0)
        snprintf(err, errlen, "no runs to report");
    else if (!wanted && json_array_size(values) > 1) {
        snprintf(err, errlen, "several thread counts (%s): choose one with --threads", list);
        found = -1;
    }
    json_decref(values);
    return found;
}

int select_workload(const json_t *doc, const struct report_request *req, bool one_thread_count,
                    struct run_filter *out, char *err, size_t errlen)
{
    struct run_filter any = { NULL, NULL, -1 };
    *out = any;
    out->workload = select_one(doc, &any, "workload", req->workload, err, errlen);
    if (!out->workload)
        return -1;
    if (one_thread_count)
        out->threads = select_threads(doc, out, req->threads, err, errlen);
    return out->threads < 0 && one_thread_count ? -1 : 0;
}

void note_counter(struct table *t, size_t row, size_t col, const struct counter_sample *c,
                  const char *event)
{
    char note[512];
    if (c->n == 0) {
        snprintf(note, sizeof note, "%s: %s", event,
                 c->unavailable ? c->unavailable : "not recorded in these runs");
        table_note(t, row, col, note);
    } else if (c->source == COUNTER_SIMULATED) {
        snprintf(note, sizeof note, "simulated (cachegrind), not measured by the PMU");
        table_note(t, row, col, note);
    }
}

void note_simulated_time(struct table *t, size_t row, size_t col, const json_t *doc,
                         const struct run_filter *f)
{
    enum run_timing timing = runs_timing(doc, f);
    if (timing == TIMES_SIMULATED)
        table_note(t, row, col, "simulated: the time of the cachegrind simulation (about 50x slower, "
                                "threads serialised), not the machine's");
    else if (timing == TIMES_MIXED)
        table_note(t, row, col, "some of these runs ran under the cachegrind simulation: their times "
                                "are not the machine's");
}

void put_counter(struct table *t, size_t row, size_t col, const struct counter_sample *c,
                 const char *event)
{
    table_set_num(t, row, col, "%.3E", c->median);
    note_counter(t, row, col, c, event);
}

const char *select_reference(const json_t *doc, const char *requested, char *err, size_t errlen)
{
    struct run_filter any = { NULL, NULL, -1 };
    if (requested)
        return select_one(doc, &any, "allocator", requested, err, errlen);
    json_t *allocators = runs_distinct(doc, NULL, "allocator");
    const char *ref = NULL;
    size_t i;
    const json_t *a;
    json_array_foreach(allocators, i, a)
        if (!ref || strcmp(json_string_value(a), "glibc") == 0)
            ref = json_string_value(a);
    json_decref(allocators);
    if (!ref)
        snprintf(err, errlen, "no runs to report");
    return ref;
}

static int compare_longs(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

long *select_thread_counts(const json_t *doc, const struct run_filter *f, size_t *n)
{
    json_t *counts = runs_distinct(doc, f, "threads");
    *n = json_array_size(counts);
    long *threads = calloc(*n + 1, sizeof *threads);
    for (size_t i = 0; i < *n; i++)
        threads[i] = (long)json_integer_value(json_array_get(counts, i));
    json_decref(counts);
    qsort(threads, *n, sizeof *threads, compare_longs);
    return threads;
}
