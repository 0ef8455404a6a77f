/* ci/gate.c: matching benchmarks and deciding verdicts (see gate.h). */
#include "ci/gate.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/metric.h"
#include "analysis/stats.h"
#include "base/benchmark_name.h"
#include "base/context_diff.h"
#include "base/exit_codes.h"
#include "base/identity.h"
#include "base/keyset.h"
#include "base/results.h"
#include "ci/gate_verdict.h"

enum { BASE, CUR };

/* What one results document holds for one benchmark. */
struct side_runs {
    double *values;            /* the samples */
    size_t n, cap;
    size_t runs, failed;
};

struct bench {
    struct bench_id id;        /* points into the documents */
    struct side_runs side[2];
};

/* Every benchmark of both documents, grouped by identity in one pass. */
struct bench_set {
    struct keyset *index;      /* of struct bench_id */
    struct bench *items;       /* in the index's order */
    size_t cap;
    size_t without_metric[2];  /* measured ok runs lacking the metric */
    size_t measured[2];        /* measured ok runs */
};

static bool grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t cap2 = *cap ? *cap * 2 : 8;
    void *p = realloc(*items, cap2 * size);
    if (!p)
        return false;
    *items = p;
    *cap = cap2;
    return true;
}

static bool same_bench(const void *a, const void *b)
{
    return identity_equal(a, b);
}

static struct bench *find_or_add(struct bench_set *set, const struct bench_id *id)
{
    bool added;
    size_t i = keyset_add(set->index, id, identity_hash(id), &added);
    if (i == KEYSET_NONE || !grow((void **)&set->items, &set->cap, i + 1, sizeof *set->items))
        return NULL;
    if (added)
        set->items[i] = (struct bench){ .id = *id };
    return &set->items[i];
}

static int add_runs(struct bench_set *set, const json_t *doc, int side, const char *metric)
{
    const char *file_pmu = identity_file_pmu(json_object_get(doc, "context"));
    size_t i;
    const json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run) {
        struct bench_id id = identity_of(run, file_pmu);
        struct bench *b = find_or_add(set, &id);
        if (!b)
            return -1;
        struct side_runs *s = &b->side[side];
        s->runs++;
        if (strcmp(results_str(run, "status"), "ok") != 0) {
            s->failed++;
            continue;
        }
        if (json_is_true(json_object_get(run, "warmup")))
            continue;
        set->measured[side]++;
        double v;
        if (!metric_value(run, metric, &v)) {
            set->without_metric[side]++;
            continue;
        }
        if (!grow((void **)&s->values, &s->cap, s->n + 1, sizeof *s->values))
            return -1;
        s->values[s->n++] = v;
    }
    return 0;
}

static size_t bench_count(const struct bench_set *set)
{
    return set->index ? keyset_count(set->index) : 0;
}

static void bench_set_free(struct bench_set *set)
{
    for (size_t i = 0; i < bench_count(set); i++) {
        free(set->items[i].side[BASE].values);
        free(set->items[i].side[CUR].values);
    }
    free(set->items);
    keyset_free(set->index);
}

/* ---- Deciding ---- */

static struct gate_samples samples_of(const struct side_runs *s)
{
    return (struct gate_samples){ .values = s->values, .n = s->n, .runs = s->runs, .failed = s->failed };
}

/* Each benchmark gets its own resampling, the same on every machine: the
 * identity's hash seeds it. */
static void decide(struct gate_row *row, const struct bench *b, const struct gate_settings *s)
{
    struct gate_samples base = samples_of(&b->side[BASE]), cur = samples_of(&b->side[CUR]);
    gate_verdict_decide(row, &base, &cur, s, identity_hash(&b->id));
}

/* ---- The report ---- */

static int compare_rows(const void *a, const void *b)
{
    const struct gate_row *x = a, *y = b;
    if (x->verdict != y->verdict)
        return (int)x->verdict - (int)y->verdict;
    return strcmp(x->name, y->name);
}

static void warn(struct gate_report *r, const char *fmt, ...)
{
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    char **grown = realloc(r->warnings, (r->nwarnings + 1) * sizeof *grown);
    if (!grown) {
        free(text);
        return;
    }
    r->warnings = grown;
    r->warnings[r->nwarnings++] = text;
}

/* Noise wider than the threshold hides changes of the threshold's size. */
static void warn_noise(struct gate_report *r, const struct gate_row *row)
{
    const struct gate_side *sides[2] = { &row->base, &row->cur };
    static const char *const labels[2] = { "baseline", "current" };
    for (int k = 0; k < 2; k++) {
        double spread = 100 * sides[k]->mad / sides[k]->median;
        if (sides[k]->samples >= 2 && sides[k]->median > 0 && spread > r->settings.threshold_pct)
            warn(r, "%s: %s samples are noisy (MAD %.1f%% of the median, above the %g%% threshold)",
                 row->name, labels[k], spread, r->settings.threshold_pct);
    }
}

/* The machine, not the build: base and head differ in their commit and
 * often in an allocator's path, which is the point of comparing them. */
static void warn_contexts(struct gate_report *r, const json_t *baseline, const json_t *current)
{
    static const char *const machine[] = { "host", "cpu_model", "cores", "kernel", "compiler", "cpus", NULL };
    char diff[1024];
    if (context_differences(json_object_get(baseline, "context"), json_object_get(current, "context"),
                            machine, false, diff, sizeof diff) > 0)
        warn(r, "machine contexts differ (baseline vs current): %s", diff);
}

static void warn_without_metric(struct gate_report *r, const struct bench_set *set)
{
    static const char *const labels[2] = { "baseline", "current" };
    for (int k = 0; k < 2; k++)
        if (set->without_metric[k] > 0)
            warn(r, "%s: %zu of %zu measured ok runs have no '%s' value", labels[k],
                 set->without_metric[k], set->measured[k], r->settings.metric);
}

/* The verdicts that come from comparing samples. */
static bool compared(enum gate_verdict v)
{
    return v == GATE_REGRESSED || v == GATE_IMPROVED || v == GATE_UNCHANGED;
}

static int exit_status(const struct gate_report *r)
{
    bool failed = false, inconclusive = false, was_compared = false;
    for (size_t i = 0; i < r->nrows; i++) {
        enum gate_verdict v = r->rows[i].verdict;
        failed |= v == GATE_REGRESSED || v == GATE_ERROR || (v == GATE_MISSING && !r->settings.allow_missing);
        inconclusive |= v == GATE_INCONCLUSIVE;
        was_compared |= compared(v);
    }
    return failed ? EXIT_FAILED : inconclusive || !was_compared ? EXIT_INCONCLUSIVE : EXIT_OK;
}

static void geomean_of_ratios(struct gate_report *r)
{
    double *ratios = malloc((r->nrows ? r->nrows : 1) * sizeof *ratios);
    r->geomean = NAN;
    r->geomean_n = 0;
    if (!ratios)
        return;
    for (size_t i = 0; i < r->nrows; i++)
        if (compared(r->rows[i].verdict) && r->rows[i].ratio > 0 && isfinite(r->rows[i].ratio))
            ratios[r->geomean_n++] = r->rows[i].ratio;
    r->geomean = stats_geomean(ratios, r->geomean_n);
    free(ratios);
}

static size_t most_repeats_needed(const struct gate_report *r)
{
    size_t most = 0;
    for (size_t i = 0; i < r->nrows; i++)
        most = r->rows[i].repeats_needed > most ? r->rows[i].repeats_needed : most;
    return most;
}

static int build_rows(struct gate_report *r, struct bench_set *set)
{
    size_t n = bench_count(set);
    r->rows = calloc(n ? n : 1, sizeof *r->rows);
    if (!r->rows)
        return -1;
    for (size_t i = 0; i < n; i++) {
        struct gate_row *row = &r->rows[r->nrows++];
        row->identity = identity_to_json(&set->items[i].id);
        row->name = benchmark_name(&set->items[i].id);
        if (!row->identity || !row->name)
            return -1;
        decide(row, &set->items[i], &r->settings);
        if (row->in_baseline && row->in_current)
            warn_noise(r, row);
    }
    qsort(r->rows, r->nrows, sizeof *r->rows, compare_rows);
    return 0;
}

int gate_compare(const json_t *baseline, const json_t *current, const struct gate_settings *settings,
                 struct gate_report *out, char *err, size_t errlen)
{
    *out = (struct gate_report){ .settings = *settings };
    struct bench_set set = { .index = keyset_new(sizeof(struct bench_id), same_bench) };
    int rc = -1;
    if (!set.index || add_runs(&set, baseline, BASE, settings->metric) != 0 ||
        add_runs(&set, current, CUR, settings->metric) != 0) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    size_t measured = set.measured[BASE] + set.measured[CUR];
    if (measured > 0 && set.without_metric[BASE] + set.without_metric[CUR] == measured) {
        snprintf(err, errlen, "metric '%s' is in no measured run of either file", settings->metric);
        goto done;
    }
    if (build_rows(out, &set) != 0) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    warn_contexts(out, baseline, current);
    warn_without_metric(out, &set);
    if (out->nrows == 0)
        warn(out, "no benchmarks in either file: nothing was compared");
    else if (!set.measured[BASE] || !set.measured[CUR])
        warn(out, "no measured ok runs in the %s file", set.measured[BASE] ? "current" : "baseline");
    geomean_of_ratios(out);
    out->repeats_needed = most_repeats_needed(out);
    out->exit_status = exit_status(out);
    rc = 0;
done:
    bench_set_free(&set);
    if (rc != 0)
        gate_report_free(out);
    return rc;
}

void gate_report_free(struct gate_report *report)
{
    for (size_t i = 0; i < report->nrows; i++) {
        json_decref(report->rows[i].identity);
        free(report->rows[i].name);
    }
    free(report->rows);
    for (size_t i = 0; i < report->nwarnings; i++)
        free(report->warnings[i]);
    free(report->warnings);
    *report = (struct gate_report){ 0 };
}

const char *gate_verdict_name(enum gate_verdict verdict)
{
    static const char *const names[] = {
        [GATE_REGRESSED] = "REGRESSED", [GATE_ERROR] = "ERROR", [GATE_MISSING] = "MISSING",
        [GATE_INCONCLUSIVE] = "INCONCLUSIVE", [GATE_IMPROVED] = "IMPROVED", [GATE_NEW] = "NEW",
        [GATE_UNCHANGED] = "UNCHANGED",
    };
    return names[verdict];
}
