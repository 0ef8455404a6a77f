/*
 * reports/summary.c: the summary table, every case (workload, parameters,
 * thread count) by every allocator: median wall time +- MAD, peak RSS, and
 * time relative to a reference allocator, then each allocator's geometric
 * mean of those ratios over the cases both ran. `ngbench run` prints it
 * after a matrix. Runs of different parameters are different rows.
 */
#include "reports/tables.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"

enum { COL_WORKLOAD, COL_THREADS, COL_ALLOCATOR, COL_MEDIAN, COL_MAD, COL_N, COL_RSS, COL_RATIO, NCOLS };

/* One row; returns the time ratio to the reference (NAN when either is missing). */
static double benchmark_row(struct table *t, const struct run_set *s, const struct bench *b, const char *label,
                            double reference_median)
{
    struct field_sample wall = run_set_field(s, b, RUN_WALL_S);
    struct field_sample rss = run_set_field(s, b, RUN_MAX_RSS_KB);
    size_t row = table_add_row(t);
    table_set_text(t, row, COL_WORKLOAD, label);
    table_set_num(t, row, COL_THREADS, "%.0f", (double)b->id.threads);
    table_set_text(t, row, COL_ALLOCATOR, b->id.allocator);
    table_set_num(t, row, COL_MEDIAN, "%.4f", wall.median);
    note_simulated_time(t, row, COL_MEDIAN, s, b);
    table_set_num(t, row, COL_MAD, "%.4f", wall.mad);
    table_set_num(t, row, COL_N, "%.0f", (double)wall.n);
    table_set_num(t, row, COL_RSS, "%.1f", rss.max / 1024.0);
    double ratio = wall.median / reference_median;
    table_set_num(t, row, COL_RATIO, "%.3f", ratio);
    if (wall.failed) {
        char note[128];
        snprintf(note, sizeof note, "%zu of %zu measured runs did not finish ok and are left out",
                 wall.failed, wall.failed + wall.n);
        table_note(t, row, COL_N, note);
    }
    return ratio;
}

/* Every allocator's time ratios to the reference, case by case. */
struct ratios {
    double *of;                /* of[a * ncases + c]: NAN where either did not run */
    size_t nalloc, ncases;
};

static double reference_median(const struct run_set *s, size_t c, size_t reference)
{
    const struct bench *b = reference == (size_t)-1 ? NULL : run_set_find(s, c, reference);
    return b ? run_set_field(s, b, RUN_WALL_S).median : NAN;
}

/* The rows of every case (into t when it is not NULL) and the ratios. */
static int case_rows(struct table *t, const struct run_set *s, const char *reference, struct ratios *r)
{
    r->nalloc = run_set_allocator_count(s);
    r->ncases = run_set_case_count(s);
    r->of = malloc((r->nalloc * r->ncases + 1) * sizeof *r->of);
    if (!r->of)
        return -1;
    size_t ref = run_set_allocator_index(s, reference);
    for (size_t c = 0; c < r->ncases; c++) {
        double ref_median = reference_median(s, c, ref);
        char *label = t ? case_label(s, c, false) : NULL;
        for (size_t a = 0; a < r->nalloc; a++) {
            const struct bench *b = run_set_find(s, c, a);
            double ratio = NAN;
            if (b && t)
                ratio = benchmark_row(t, s, b, label, ref_median);
            else if (b)
                ratio = run_set_field(s, b, RUN_WALL_S).median / ref_median;
            r->of[a * r->ncases + c] = ratio;
        }
        free(label);
    }
    return 0;
}

/* Allocator a's geometric mean over the cases where it has a ratio; *n of them. */
static double geomean_of(const struct ratios *r, size_t a, size_t *n)
{
    double *ok = malloc((r->ncases + 1) * sizeof *ok);
    *n = 0;
    for (size_t c = 0; ok && c < r->ncases; c++)
        if (!isnan(r->of[a * r->ncases + c]))
            ok[(*n)++] = r->of[a * r->ncases + c];
    double g = stats_geomean(ok, *n);
    free(ok);
    return g;
}

static void geomean_rows(struct table *t, const struct run_set *s, const struct ratios *r)
{
    for (size_t a = 0; a < r->nalloc; a++) {
        size_t n;
        double g = geomean_of(r, a, &n);
        size_t row = table_add_row(t);
        table_set_text(t, row, COL_WORKLOAD, "geometric mean");
        table_set_text(t, row, COL_ALLOCATOR, run_set_allocator(s, a));
        table_set_num(t, row, COL_N, "%.0f", (double)n);
        table_set_num(t, row, COL_RATIO, "%.3f", g);
    }
}

double *summary_geomeans(const struct run_set *s, const char *reference)
{
    struct ratios r;
    if (case_rows(NULL, s, reference, &r) != 0)
        return NULL;
    double *g = malloc((r.nalloc + 1) * sizeof *g);
    for (size_t a = 0; g && a < r.nalloc; a++) {
        size_t n;
        g[a] = geomean_of(&r, a, &n);
    }
    free(r.of);
    return g;
}

struct table *summary_build(const struct run_set *s, const struct report_request *req, char *err, size_t errlen)
{
    if (run_set_allocator_count(s) == 0) {
        snprintf(err, errlen, "no runs to report");
        return NULL;
    }
    const char *reference = select_reference(s, req->baseline, err, errlen);
    if (!reference)
        return NULL;
    bool simulated = run_set_timing(s, NULL, 0) == TIMES_SIMULATED;
    char *ratio_header = NULL, *title = NULL;
    if (asprintf(&ratio_header, "%s vs %s", simulated ? "Simulated time" : "Time", reference) < 0)
        ratio_header = NULL;
    if (asprintf(&title, "Summary: %s by workload and allocator, relative to %s",
                 simulated ? "simulated wall time (cachegrind)" : "wall time", reference) < 0)
        title = NULL;
    const char *headers[NCOLS] = { "Workload", "Threads", "Allocator",
                                   simulated ? "Simulated median (s)" : "Median (s)",
                                   simulated ? "Simulated MAD (s)" : "MAD (s)",
                                   "n", "Peak RSS (MB)", ratio_header };
    struct table *t = table_new(title, NCOLS, headers);
    free(ratio_header);
    free(title);
    struct ratios r;
    if (case_rows(t, s, reference, &r) != 0) {
        table_free(t);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    geomean_rows(t, s, &r);
    free(r.of);
    table_add_note(t, "median and MAD (median absolute deviation) of the measured runs' wall time; "
                      "peak RSS is the largest of those runs");
    return t;
}
