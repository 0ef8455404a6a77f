/*
 * reports/summary.c: the summary table, every workload (and thread count) by
 * every allocator: median wall time +- MAD, peak RSS, and time relative to a
 * reference allocator, then each allocator's geometric mean of those ratios
 * over the benchmarks both ran. `ngbench run` prints it after a matrix.
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
static double benchmark_row(struct table *t, const json_t *doc, const struct run_filter *f,
                            double reference_median)
{
    struct field_sample wall = runs_field(doc, f, "wall_s");
    struct field_sample rss = runs_field(doc, f, "max_rss_kb");
    size_t row = table_add_row(t);
    table_set_text(t, row, COL_WORKLOAD, f->workload);
    table_set_num(t, row, COL_THREADS, "%.0f", (double)f->threads);
    table_set_text(t, row, COL_ALLOCATOR, f->allocator);
    table_set_num(t, row, COL_MEDIAN, "%.4f", wall.median);
    note_simulated_time(t, row, COL_MEDIAN, doc, f);
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

/* The geometric-mean rows: ratios[a * nbench + b] for allocator a, benchmark b. */
static void geomean_rows(struct table *t, const json_t *allocators, const double *ratios, size_t nbench)
{
    double *ok = malloc((nbench + 1) * sizeof *ok);
    size_t i;
    const json_t *a;
    json_array_foreach(allocators, i, a) {
        size_t n = 0;
        for (size_t b = 0; b < nbench; b++)
            if (!isnan(ratios[i * nbench + b]))
                ok[n++] = ratios[i * nbench + b];
        size_t row = table_add_row(t);
        table_set_text(t, row, COL_WORKLOAD, "geometric mean");
        table_set_text(t, row, COL_ALLOCATOR, json_string_value(a));
        table_set_num(t, row, COL_N, "%.0f", (double)n);
        table_set_num(t, row, COL_RATIO, "%.3f", stats_geomean(ok, n));
    }
    free(ok);
}

/* Fill the rows of every (workload, threads) group; returns the benchmark count. */
static size_t benchmark_rows(struct table *t, const json_t *doc, const json_t *allocators,
                             const char *reference, double *ratios, size_t max_bench)
{
    size_t nalloc = json_array_size(allocators), nbench = 0, w, k;
    const json_t *workload, *threads;
    json_t *workloads = runs_distinct(doc, NULL, "workload");
    json_array_foreach(workloads, w, workload) {
        struct run_filter g = { NULL, json_string_value(workload), -1 };
        json_t *thread_counts = runs_distinct(doc, &g, "threads");
        json_array_foreach(thread_counts, k, threads) {
            g.threads = (long)json_integer_value(threads);
            struct run_filter ref = { reference, g.workload, g.threads };
            double reference_median = runs_field(doc, &ref, "wall_s").median;
            for (size_t a = 0; a < nalloc; a++) {
                struct run_filter f = { json_string_value(json_array_get(allocators, a)),
                                        g.workload, g.threads };
                json_t *present = runs_distinct(doc, &f, "allocator");
                ratios[a * max_bench + nbench] =
                    json_array_size(present) ? benchmark_row(t, doc, &f, reference_median) : NAN;
                json_decref(present);
            }
            nbench++;
        }
        json_decref(thread_counts);
    }
    json_decref(workloads);
    return nbench;
}

/* Pack ratios[a * max + b] into ratios[a * nbench + b]. */
static void compact(double *ratios, size_t nalloc, size_t max_bench, size_t nbench)
{
    for (size_t a = 0; a < nalloc; a++)
        memmove(&ratios[a * nbench], &ratios[a * max_bench], nbench * sizeof *ratios);
}

struct table *summary_build(const json_t *doc, const struct report_request *req, char *err, size_t errlen)
{
    json_t *allocators = runs_distinct(doc, NULL, "allocator");
    if (json_array_size(allocators) == 0) {
        json_decref(allocators);
        snprintf(err, errlen, "no runs to report");
        return NULL;
    }
    const char *reference = select_reference(doc, req->baseline, err, errlen);
    if (!reference) {
        json_decref(allocators);
        return NULL;
    }
    bool simulated = runs_timing(doc, NULL) == TIMES_SIMULATED;
    char ratio_header[96], title[160];
    snprintf(ratio_header, sizeof ratio_header, "%s vs %s", simulated ? "Simulated time" : "Time", reference);
    snprintf(title, sizeof title, "Summary: %s by workload and allocator, relative to %s",
             simulated ? "simulated wall time (cachegrind)" : "wall time", reference);
    const char *headers[NCOLS] = { "Workload", "Threads", "Allocator",
                                   simulated ? "Simulated median (s)" : "Median (s)",
                                   simulated ? "Simulated MAD (s)" : "MAD (s)",
                                   "n", "Peak RSS (MB)", ratio_header };
    struct table *t = table_new(title, NCOLS, headers);
    size_t nalloc = json_array_size(allocators);
    size_t max_bench = json_array_size(json_object_get(doc, "runs"));
    double *ratios = malloc((nalloc * max_bench + 1) * sizeof *ratios);
    size_t nbench = benchmark_rows(t, doc, allocators, reference, ratios, max_bench);
    compact(ratios, nalloc, max_bench, nbench);
    geomean_rows(t, allocators, ratios, nbench);
    table_add_note(t, "median and MAD (median absolute deviation) of the measured runs' wall time; "
                      "peak RSS is the largest of those runs");
    free(ratios);
    json_decref(allocators);
    return t;
}
