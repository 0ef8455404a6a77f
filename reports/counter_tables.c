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
#include "base/text.h"

/* Rows: the paper's events, as the benchmarks record them; columns: one per
 * benchmark, after the row label. */
static struct table *counter_table(const struct run_set *s, const char *title, const char *corner,
                                   const struct bench *const *benches, const char *const *labels, size_t n)
{
    const char *headers[n + 1];
    headers[0] = corner;
    for (size_t i = 0; i < n; i++)
        headers[i + 1] = labels[i];
    struct table *t = table_new(title, n + 1, headers);
    for (int e = 0; e < EV_COUNT; e++) {
        const char *event = event_recorded_name(s, benches, n, (enum paper_event)e);
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, event);
        for (size_t i = 0; i < n; i++) {
            struct counter_sample c = run_set_counter(s, benches[i], event);
            put_counter(t, row, i + 1, &c, event);
        }
    }
    return t;
}

static char *title_of(const char *fmt, const struct run_set *s, size_t c, const char *allocator)
{
    char *label = case_label(s, c, false), *title = NULL;
    long long threads = run_set_case(s, c)->threads;
    int n = allocator ? asprintf(&title, fmt, label, allocator)
                      : asprintf(&title, fmt, label, threads, threads == 1 ? "" : "s");
    free(label);
    return n < 0 ? NULL : title;
}

struct table *table1_build(const struct run_set *s, const struct report_request *req, char *err, size_t errlen)
{
    size_t *cases;
    if (select_cases(s, req, true, &cases, err, errlen) < 0)
        return NULL;
    size_t na = run_set_allocator_count(s), n = 0;
    const struct bench *benches[na + 1];
    const char *labels[na + 1];
    for (size_t a = 0; a < na; a++)
        if ((benches[n] = run_set_find(s, cases[0], a)))
            labels[n++] = run_set_allocator(s, a);
    char *title = title_of("Table 1: counters for %s (%lld thread%s), median of measured runs", s, cases[0], NULL);
    struct table *t = counter_table(s, title, "Allocator", benches, labels, n);
    free(title);
    free(cases);
    return t;
}

struct table *table2_build(const struct run_set *s, const struct report_request *req, char *err, size_t errlen)
{
    size_t *cases;
    long ncases = select_cases(s, req, false, &cases, err, errlen);
    if (ncases < 0)
        return NULL;
    long a = select_allocator(s, cases, (size_t)ncases, req->allocator, err, errlen);
    if (a < 0) {
        free(cases);
        return NULL;
    }
    const struct bench *benches[ncases + 1];
    char label_bufs[ncases + 1][24];
    const char *labels[ncases + 1];
    size_t n = 0;
    for (long i = 0; i < ncases; i++)
        if ((benches[n] = run_set_find(s, cases[i], (size_t)a))) {
            snprintf(label_bufs[n], sizeof label_bufs[n], "%lld", run_set_case(s, cases[i])->threads);
            labels[n] = label_bufs[n];
            n++;
        }
    char *title = title_of("Table 2: counters for %s on %s by number of threads, median of measured runs", s,
                           cases[0], run_set_allocator(s, (size_t)a));
    struct table *t = counter_table(s, title, "# of threads", benches, labels, n);
    free(title);
    free(cases);
    return t;
}
