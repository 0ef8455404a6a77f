/*
 * reports/compare_table.c: table 3, two allocators side by side on one
 * workload, as the paper's Table 3: execution time and the dTLB-load,
 * LLC-load and LLC-store misses per kilo-instruction, with the improvement
 * of the other allocator over the baseline ((baseline - other) / baseline).
 */
#include "reports/tables.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "analysis/events.h"

/* The two allocators: baseline and other from the request, or the only two. */
static int pick_pair(const json_t *doc, const struct run_filter *f, const struct report_request *req,
                     const char **base, const char **other, char *err, size_t errlen)
{
    json_t *allocators = runs_distinct(doc, f, "allocator");
    *base = req->baseline;
    *other = req->other;
    if ((!*base || !*other) && json_array_size(allocators) == 2) {
        const char *a = json_string_value(json_array_get(allocators, 0));
        const char *b = json_string_value(json_array_get(allocators, 1));
        if (!*base)
            *base = (*other && strcmp(*other, a) == 0) ? b : a;
        if (!*other)
            *other = strcmp(*base, a) == 0 ? b : a;
    }
    json_decref(allocators);
    if (!*base || !*other) {
        snprintf(err, errlen, "table 3 compares two allocators: name them with --baseline and --other");
        return -1;
    }
    struct run_filter g = *f;
    g.allocator = *base;
    if (!select_one(doc, &g, "allocator", *base, err, errlen))
        return -1;
    g.allocator = *other;
    return select_one(doc, &g, "allocator", *other, err, errlen) ? 0 : -1;
}

static void put_improvement(struct table *t, size_t row, double base, double other)
{
    table_set_num(t, row, 3, "%.2f%%", (base - other) / base * 100.0);
}

static void time_row(struct table *t, const json_t *doc, const struct run_filter *all,
                     const struct run_filter f[2])
{
    size_t row = table_add_row(t);
    bool simulated = runs_timing(doc, all) == TIMES_SIMULATED;
    table_set_text(t, row, 0, simulated ? "Simulated execution time (s)" : "Execution Time (s)");
    double v[2];
    for (int i = 0; i < 2; i++) {
        v[i] = runs_field(doc, &f[i], "wall_s").median;
        table_set_num(t, row, 1 + i, "%.3f", v[i]);
        note_simulated_time(t, row, 1 + i, doc, &f[i]);
    }
    put_improvement(t, row, v[0], v[1]);
}

/* Misses per kilo-instruction of one allocator, into a cell noted like the
 * counters it comes from (the first one missing, else a simulated one). */
static double put_mpki(struct table *t, size_t row, size_t col, const json_t *doc,
                       const struct run_filter *f, const char *misses_event, const char *instr_event)
{
    struct counter_sample m = runs_counter(doc, f, misses_event);
    struct counter_sample k = runs_counter(doc, f, instr_event);
    double mpki = m.median / k.median * 1000.0;
    table_set_num(t, row, col, "%.3f", mpki);
    if (m.n == 0 || (k.n != 0 && m.source == COUNTER_SIMULATED))
        note_counter(t, row, col, &m, misses_event);
    else
        note_counter(t, row, col, &k, instr_event);
    return mpki;
}

static void mpki_row(struct table *t, const json_t *doc, const struct run_filter *all,
                     const struct run_filter f[2], enum paper_event misses)
{
    const char *misses_event = event_recorded_name(doc, all, misses);
    const char *instr_event = event_recorded_name(doc, all, EV_INSTRUCTIONS);
    char label[96];
    snprintf(label, sizeof label, "%s MPKI", misses_event);
    size_t row = table_add_row(t);
    table_set_text(t, row, 0, label);
    double v[2];
    for (int i = 0; i < 2; i++)
        v[i] = put_mpki(t, row, 1 + i, doc, &f[i], misses_event, instr_event);
    put_improvement(t, row, v[0], v[1]);
}

struct table *table3_build(const json_t *doc, const struct report_request *req, char *err, size_t errlen)
{
    struct run_filter f;
    if (select_workload(doc, req, true, &f, err, errlen) != 0)
        return NULL;
    const char *workload = f.workload;
    long threads = f.threads;
    const char *base, *other;
    if (pick_pair(doc, &f, req, &base, &other, err, errlen) != 0)
        return NULL;
    struct run_filter pair[2] = { { base, workload, threads }, { other, workload, threads } };
    const char *headers[] = { "", base, other, "Improvement" };
    char title[256];
    snprintf(title, sizeof title, "Table 3: %s against %s on %s (%ld thread%s), median of measured runs",
             other, base, workload, threads, threads == 1 ? "" : "s");
    struct table *t = table_new(title, 4, headers);
    time_row(t, doc, &f, pair);
    mpki_row(t, doc, &f, pair, EV_DTLB_LOAD_MISSES);
    mpki_row(t, doc, &f, pair, EV_LLC_LOAD_MISSES);
    mpki_row(t, doc, &f, pair, EV_LLC_STORE_MISSES);
    return t;
}
