/* reports/summary.c: PLACEHOLDER (text format of the summary table only) until
 * the reports module lands; `ngbench run` prints this after a matrix. */
#include "reports/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"

struct cell_stats { double median, mad, peak_rss_kb; size_t n, failed; };

static int same_group(const json_t *run, const char *workload, json_int_t threads)
{
    return strcmp(json_string_value(json_object_get(run, "workload")), workload) == 0 &&
           json_integer_value(json_object_get(run, "threads")) == threads;
}

static struct cell_stats cell_of(const json_t *runs, const char *workload, json_int_t threads,
                                 const char *allocator)
{
    struct cell_stats c = { NAN, NAN, 0, 0, 0 };
    double *walls = malloc((json_array_size(runs) + 1) * sizeof *walls);
    size_t i;
    json_t *run;
    json_array_foreach(runs, i, run) {
        if (!same_group(run, workload, threads) || json_is_true(json_object_get(run, "warmup")) ||
            strcmp(json_string_value(json_object_get(run, "allocator")), allocator) != 0)
            continue;
        if (strcmp(json_string_value(json_object_get(run, "status")), "ok") != 0) {
            c.failed++;
            continue;
        }
        walls[c.n++] = json_number_value(json_object_get(run, "wall_s"));
        double rss = json_number_value(json_object_get(run, "max_rss_kb"));
        if (rss > c.peak_rss_kb)
            c.peak_rss_kb = rss;
    }
    c.median = stats_median(walls, c.n);
    c.mad = stats_mad(walls, c.n);
    free(walls);
    return c;
}

static int seen_before(const json_t *runs, size_t upto, const char *key, const json_t *run,
                       int also_threads)
{
    for (size_t j = 0; j < upto; j++) {
        const json_t *r = json_array_get(runs, j);
        if (strcmp(json_string_value(json_object_get(r, key)),
                   json_string_value(json_object_get(run, key))) == 0 &&
            (!also_threads || json_integer_value(json_object_get(r, "threads")) ==
                                  json_integer_value(json_object_get(run, "threads"))))
            return 1;
    }
    return 0;
}

static void write_group(FILE *out, const json_t *runs, const char *workload, json_int_t threads,
                        const char *baseline)
{
    struct cell_stats base = cell_of(runs, workload, threads, baseline);
    fprintf(out, "%s, %lld thread(s)\n", workload, (long long)threads);
    fprintf(out, "  %-18s %10s %10s %4s %12s %10s\n", "allocator", "median s", "MAD s", "n",
            "peak RSS MB", "time ratio");
    size_t i;
    json_t *run;
    json_array_foreach(runs, i, run) {
        const char *alloc = json_string_value(json_object_get(run, "allocator"));
        if (!same_group(run, workload, threads) || seen_before(runs, i, "allocator", run, 0))
            continue;
        struct cell_stats c = cell_of(runs, workload, threads, alloc);
        fprintf(out, "  %-18s %10.4f %10.4f %4zu %12.1f ", alloc, c.median, c.mad, c.n,
                c.peak_rss_kb / 1024.0);
        if (isnan(base.median) || isnan(c.median))
            fprintf(out, "%10s", "n/a");
        else
            fprintf(out, "%10.3f", c.median / base.median);
        if (c.failed)
            fprintf(out, "  (%zu failed)", c.failed);
        fputc('\n', out);
    }
}

int report_write(FILE *out, const json_t *results, const struct report_request *req,
                 char *err, size_t errlen)
{
    if (req->table != REPORT_SUMMARY || req->format != REPORT_TEXT) {
        snprintf(err, errlen, "only the text summary is built yet");
        return -1;
    }
    const json_t *runs = json_object_get(results, "runs");
    size_t i;
    json_t *run;
    json_array_foreach(runs, i, run) {
        if (!seen_before(runs, i, "workload", run, 1))
            write_group(out, runs, json_string_value(json_object_get(run, "workload")),
                        json_integer_value(json_object_get(run, "threads")), req->baseline);
    }
    return 0;
}
