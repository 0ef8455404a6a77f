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
#include <stdlib.h>
#include <string.h>

#include "analysis/events.h"

/* The benchmark of allocator `name` in case c; NULL with err when it has none there. */
static const struct bench *bench_named(const struct run_set *s, size_t c, const char *name, char *err, size_t errlen)
{
    return select_allocator(s, &c, 1, name, err, errlen) < 0 ? NULL
                                                              : run_set_find(s, c, run_set_allocator_index(s, name));
}

/* The two allocators: baseline and other from the request, or the only two. */
static int pick_pair(const struct run_set *s, size_t c, const struct report_request *req,
                     const struct bench *pair[2], char *err, size_t errlen)
{
    const char *base = req->baseline, *other = req->other;
    const struct bench *present[2];
    size_t n = 0;
    for (size_t a = 0; a < run_set_allocator_count(s); a++) {
        const struct bench *b = run_set_find(s, c, a);
        if (b && n < 2)
            present[n] = b;
        n += b != NULL;
    }
    if ((!base || !other) && n == 2) {
        const char *a = present[0]->id.allocator, *b = present[1]->id.allocator;
        if (!base)
            base = (other && strcmp(other, a) == 0) ? b : a;
        if (!other)
            other = strcmp(base, a) == 0 ? b : a;
    }
    if (!base || !other) {
        snprintf(err, errlen, "table 3 compares two allocators: name them with --baseline and --other");
        return -1;
    }
    pair[0] = bench_named(s, c, base, err, errlen);
    pair[1] = pair[0] ? bench_named(s, c, other, err, errlen) : NULL;
    return pair[1] ? 0 : -1;
}

static void put_improvement(struct table *t, size_t row, double base, double other)
{
    table_set_num(t, row, 3, "%.2f%%", (base - other) / base * 100.0);
}

static void time_row(struct table *t, const struct run_set *s, const struct bench *const *all, size_t nall,
                     const struct bench *const pair[2])
{
    size_t row = table_add_row(t);
    bool simulated = run_set_timing(s, all, nall) == TIMES_SIMULATED;
    table_set_text(t, row, 0, simulated ? "Simulated execution time (s)" : "Execution Time (s)");
    double v[2];
    for (int i = 0; i < 2; i++) {
        v[i] = run_set_field(s, pair[i], RUN_WALL_S).median;
        table_set_num(t, row, 1 + i, "%.3f", v[i]);
        note_simulated_time(t, row, 1 + i, s, pair[i]);
    }
    put_improvement(t, row, v[0], v[1]);
}

/* Misses per kilo-instruction of one allocator, into a cell noted like the
 * counters it comes from (the first one missing, else a simulated one). */
static double put_mpki(struct table *t, size_t row, size_t col, const struct run_set *s, const struct bench *b,
                       const char *misses_event, const char *instr_event)
{
    struct counter_sample m = run_set_counter(s, b, misses_event);
    struct counter_sample k = run_set_counter(s, b, instr_event);
    double mpki = m.median / k.median * 1000.0;
    table_set_num(t, row, col, "%.3f", mpki);
    if (m.n == 0 || (k.n != 0 && m.source == COUNTER_SIMULATED))
        note_counter(t, row, col, &m, misses_event);
    else
        note_counter(t, row, col, &k, instr_event);
    return mpki;
}

static void mpki_row(struct table *t, const struct run_set *s, const struct bench *const *all, size_t nall,
                     const struct bench *const pair[2], enum paper_event misses)
{
    const char *misses_event = event_recorded_name(s, all, nall, misses);
    const char *instr_event = event_recorded_name(s, all, nall, EV_INSTRUCTIONS);
    char label[96];
    snprintf(label, sizeof label, "%s MPKI", misses_event);
    size_t row = table_add_row(t);
    table_set_text(t, row, 0, label);
    double v[2];
    for (int i = 0; i < 2; i++)
        v[i] = put_mpki(t, row, 1 + i, s, pair[i], misses_event, instr_event);
    put_improvement(t, row, v[0], v[1]);
}

struct table *table3_build(const struct run_set *s, const struct report_request *req, char *err, size_t errlen)
{
    size_t *cases;
    const struct bench *pair[2];
    if (select_cases(s, req, true, &cases, err, errlen) < 0)
        return NULL;
    size_t c = cases[0], na = run_set_allocator_count(s), nall = 0;
    free(cases);
    if (pick_pair(s, c, req, pair, err, errlen) != 0)
        return NULL;
    const struct bench *all[na + 1];
    for (size_t a = 0; a < na; a++)
        if ((all[nall] = run_set_find(s, c, a)))
            nall++;
    const char *headers[] = { "", pair[0]->id.allocator, pair[1]->id.allocator, "Improvement" };
    char *label = case_label(s, c, false), *title = NULL;
    long long threads = run_set_case(s, c)->threads;
    if (asprintf(&title, "Table 3: %s against %s on %s (%lld thread%s), median of measured runs",
                 pair[1]->id.allocator, pair[0]->id.allocator, label, threads, threads == 1 ? "" : "s") < 0)
        title = NULL;
    struct table *t = table_new(title, 4, headers);
    free(label);
    free(title);
    time_row(t, s, all, nall, pair);
    mpki_row(t, s, all, nall, pair, EV_DTLB_LOAD_MISSES);
    mpki_row(t, s, all, nall, pair, EV_LLC_LOAD_MISSES);
    mpki_row(t, s, all, nall, pair, EV_LLC_STORE_MISSES);
    return t;
}
