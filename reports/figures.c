/* reports/figures.c: the data behind each figure (see figures.h). */
#include "reports/figures.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/runs.h"
#include "reports/tables.h"

int figure_parse(const char *name, enum figure *out)
{
    static const char *const names[] = { [FIGURE_1] = "1", [FIGURE_SCALING] = "scaling",
                                         [FIGURE_SUMMARY] = "summary" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i], name) == 0) {
            *out = (enum figure)i;
            return 0;
        }
    return -1;
}

/* A table with the x label column and, per allocator, a value and a MAD column. */
static struct table *series_table(const char *title, const char *x_label, const json_t *allocators)
{
    size_t n = json_array_size(allocators);
    const char **headers = calloc(2 * n + 1, sizeof *headers);
    char (*mad)[96] = calloc(n + 1, sizeof *mad);
    headers[0] = x_label;
    for (size_t a = 0; a < n; a++) {
        headers[1 + 2 * a] = json_string_value(json_array_get(allocators, a));
        snprintf(mad[a], sizeof mad[a], "%s MAD", headers[1 + 2 * a]);
        headers[2 + 2 * a] = mad[a];
    }
    struct table *t = table_new(title, 2 * n + 1, headers);
    free(headers);
    free(mad);
    return t;
}

/* One row: each allocator's median and MAD of f's benchmark, divided by scale. */
static void series_row(struct table *t, const json_t *doc, const json_t *allocators,
                       struct run_filter f, size_t row, double scale)
{
    for (size_t a = 0; a < json_array_size(allocators); a++) {
        f.allocator = json_string_value(json_array_get(allocators, a));
        struct field_sample wall = runs_field(doc, &f, "wall_s");
        table_set_num(t, row, 1 + 2 * a, "%.6g", wall.median / scale);
        table_set_num(t, row, 2 + 2 * a, "%.6g", wall.mad / scale);
    }
}

/* What a figure of times shows, the machine's or the simulation's:
 * "execution time", "simulated execution time (cachegrind)", ... The first
 * letter capitalised when it starts the title. */
static void timing_words(enum run_timing timing, const char *what, bool starts_title, char *buf, size_t len)
{
    if (timing == TIMES_SIMULATED)
        snprintf(buf, len, "simulated %s (cachegrind)", what);
    else if (timing == TIMES_MIXED)
        snprintf(buf, len, "%s (some runs simulated by cachegrind)", what);
    else
        snprintf(buf, len, "%s", what);
    if (starts_title)
        buf[0] = (char)toupper((unsigned char)buf[0]);
}

struct table *figure1_data(const json_t *doc, const struct report_request *req,
                           char *err, size_t errlen)
{
    json_t *allocators = runs_distinct(doc, NULL, "allocator");
    json_t *workloads = runs_distinct(doc, NULL, "workload");
    if (json_array_size(allocators) == 0) {
        snprintf(err, errlen, "no runs to plot");
        json_decref(allocators);
        json_decref(workloads);
        return NULL;
    }
    const char *reference = select_reference(doc, req->baseline, err, errlen);
    if (!reference) {
        json_decref(allocators);
        json_decref(workloads);
        return NULL;
    }
    char title[200], what[96];
    timing_words(runs_timing(doc, NULL), "execution time", true, what, sizeof what);
    snprintf(title, sizeof title, "%s relative to %s (bars: median, whiskers: MAD)", what, reference);
    struct table *t = series_table(title, "workload", allocators);
    size_t w, k;
    const json_t *workload, *threads;
    json_array_foreach(workloads, w, workload) {
        struct run_filter g = { NULL, json_string_value(workload), -1 };
        json_t *counts = runs_distinct(doc, &g, "threads");
        json_array_foreach(counts, k, threads) {
            char label[160];
            g.threads = (long)json_integer_value(threads);
            if (json_array_size(counts) > 1)
                snprintf(label, sizeof label, "%s (%ld thr)", g.workload, g.threads);
            else
                snprintf(label, sizeof label, "%s", g.workload);
            struct run_filter ref = { reference, g.workload, g.threads };
            size_t row = table_add_row(t);
            table_set_text(t, row, 0, label);
            series_row(t, doc, allocators, g, row, runs_field(doc, &ref, "wall_s").median);
        }
        json_decref(counts);
    }
    json_decref(workloads);
    json_decref(allocators);
    return t;
}

struct table *scaling_data(const json_t *doc, const struct report_request *req,
                           char *err, size_t errlen)
{
    struct run_filter f;
    if (select_workload(doc, req, false, &f, err, errlen) != 0)
        return NULL;
    json_t *allocators = runs_distinct(doc, &f, "allocator");
    size_t n;
    long *threads = select_thread_counts(doc, &f, &n);
    char title[200], what[96];
    timing_words(runs_timing(doc, &f), "wall time", false, what, sizeof what);
    snprintf(title, sizeof title, "%s: %s by number of threads", f.workload, what);
    struct table *t = series_table(title, "threads", allocators);
    for (size_t i = 0; i < n; i++) {
        size_t row = table_add_row(t);
        f.threads = threads[i];
        table_set_num(t, row, 0, "%.0f", (double)threads[i]);
        series_row(t, doc, allocators, f, row, 1.0);
    }
    free(threads);
    json_decref(allocators);
    return t;
}

struct table *summary_chart_data(const json_t *doc, const struct report_request *req,
                                 char *err, size_t errlen)
{
    struct report_request r = *req;
    if (!(r.baseline = select_reference(doc, req->baseline, err, errlen)))
        return NULL;
    struct table *summary = summary_build(doc, &r, err, errlen);
    if (!summary)
        return NULL;
    char title[200], what[96];
    timing_words(runs_timing(doc, NULL), "time", false, what, sizeof what);
    snprintf(title, sizeof title, "Geometric mean of %s relative to %s", what, r.baseline);
    const char *headers[] = { "allocator", "geometric mean" };
    struct table *t = table_new(title, 2, headers);
    /* The summary table ends with one "geometric mean" row per allocator:
     * the allocator in its third column, the ratio in its last. */
    for (size_t row = 0; row < summary->nrows; row++) {
        if (strcmp(table_cell(summary, row, 0)->text, "geometric mean") != 0)
            continue;
        size_t out = table_add_row(t);
        table_set_text(t, out, 0, table_cell(summary, row, 2)->text);
        table_set_num(t, out, 1, "%.6g", table_cell(summary, row, summary->ncols - 1)->value);
    }
    table_free(summary);
    return t;
}
