/*
 * reports/counter_tables.c: tables 1 and 2, the paper's counter tables. Both
 * are the paper's six events (rows) against a set of benchmarks (columns):
 * allocators for one workload (table 1), thread counts for one allocator and
 * workload (table 2). Each cell is the median over the measured runs.
 */
#include "reports/tables.h"

#include <stdio.h>
#include <stdlib.h>

#include "analysis/events.h"

/* Rows: the paper's events; columns: one per filter, after the row label. */
static struct table *counter_table(const json_t *doc, const struct run_filter *all,
                                   const char *title, const char *corner,
                                   const struct run_filter *filters, const char *const *labels,
                                   size_t n)
{
    const char *headers[n + 1];
    headers[0] = corner;
    for (size_t i = 0; i < n; i++)
        headers[i + 1] = labels[i];
    struct table *t = table_new(title, n + 1, headers);
    for (int e = 0; e < EV_COUNT; e++) {
        const char *event = event_recorded_name(doc, all, (enum paper_event)e);
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, event);
        for (size_t i = 0; i < n; i++) {
            struct counter_sample c = runs_counter(doc, &filters[i], event);
            put_counter(t, row, i + 1, &c, event);
        }
    }
    return t;
}

struct table *table1_build(const json_t *doc, const struct report_request *req, char *err, size_t errlen)
{
    struct run_filter f;
    if (select_workload(doc, req, true, &f, err, errlen) != 0)
        return NULL;
    const char *workload = f.workload;
    long threads = f.threads;
    json_t *allocators = runs_distinct(doc, &f, "allocator");
    size_t n = json_array_size(allocators);
    struct run_filter filters[n];
    const char *labels[n];
    for (size_t i = 0; i < n; i++) {
        labels[i] = json_string_value(json_array_get(allocators, i));
        filters[i] = (struct run_filter){ labels[i], workload, threads };
    }
    char title[256];
    snprintf(title, sizeof title, "Table 1: counters for %s (%ld thread%s), median of measured runs",
             workload, threads, threads == 1 ? "" : "s");
    struct table *t = counter_table(doc, &f, title, "Allocator", filters, labels, n);
    json_decref(allocators);
    return t;
}

struct table *table2_build(const json_t *doc, const struct report_request *req, char *err, size_t errlen)
{
    struct run_filter f;
    if (select_workload(doc, req, false, &f, err, errlen) != 0)
        return NULL;
    const char *workload = f.workload;
    const char *allocator = select_one(doc, &f, "allocator", req->allocator, err, errlen);
    if (!allocator)
        return NULL;
    f.allocator = allocator;
    size_t n;
    long *counts = select_thread_counts(doc, &f, &n);
    struct run_filter filters[n];
    char label_bufs[n][24];
    const char *labels[n];
    for (size_t i = 0; i < n; i++) {
        snprintf(label_bufs[i], sizeof label_bufs[i], "%ld", counts[i]);
        labels[i] = label_bufs[i];
        filters[i] = (struct run_filter){ allocator, workload, counts[i] };
    }
    char title[256];
    snprintf(title, sizeof title, "Table 2: counters for %s on %s by number of threads, median of measured runs",
             workload, allocator);
    free(counts);
    return counter_table(doc, &f, title, "# of threads", filters, labels, n);
}
