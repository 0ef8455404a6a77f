/*
 * ci/gate.h: the regression gate's decisions (docs/gate.md).
 *
 * Matches the benchmarks (allocator, workload, params, threads) of a
 * baseline and a current results document and gives each a verdict from its
 * samples of one metric: the measured runs (warmup false) whose status is ok.
 *
 *   REGRESSED     the one-sided Mann-Whitney test says current > baseline
 *                 (p <= alpha) and the whole bootstrap interval of the ratio
 *                 of medians lies above 1 + threshold
 *   IMPROVED      the mirror image: current < baseline, interval below 1 - threshold
 *   UNCHANGED     neither
 *   INCONCLUSIVE  a side has fewer than min_repeats samples
 *   ERROR         runs failed on the current side but not on the baseline
 *   MISSING       only in the baseline; NEW: only in the current
 *
 * When neither side has noise worth testing (each side's whole range within
 * a tenth of the threshold, as with simulated instruction counts; zero range
 * when the threshold is 0), the change is exact: the interval is the range
 * of all current/baseline sample ratios and the threshold alone decides.
 *
 * What it must never do: read files, print, or format numbers (gate_format.h).
 */
#ifndef NGBENCH_CI_GATE_H
#define NGBENCH_CI_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

/* In report order: what fails the gate first. */
enum gate_verdict {
    GATE_REGRESSED, GATE_ERROR, GATE_MISSING, GATE_INCONCLUSIVE,
    GATE_IMPROVED, GATE_NEW, GATE_UNCHANGED,
};

struct gate_settings {
    const char *metric;        /* see ci/metric.h */
    double threshold_pct;      /* smallest change worth failing for, in percent */
    double alpha;              /* significance level of the one-sided test */
    size_t min_repeats;        /* fewer samples on a side: INCONCLUSIVE */
    bool allow_missing;        /* MISSING does not fail the gate */
    unsigned bootstrap_iterations;
};

/* One side of one benchmark. */
struct gate_side {
    size_t samples;            /* measured ok runs that have the metric */
    size_t failed;             /* runs, warm-ups included, whose status is not ok */
    double median, mad;        /* NAN without samples */
};

struct gate_row {
    char *key;                 /* results_benchmark_key: what matched */
    char *name;                /* for people: "allocator workload k=v,... tN" */
    bool in_baseline, in_current;
    struct gate_side base, cur;
    double ratio, lo, hi;      /* current / baseline median and its interval; NAN if not computed */
    double p;                  /* one-sided p in the direction of the change; NAN if not tested */
    bool exact;                /* no noise worth testing: decided by the threshold alone */
    enum gate_verdict verdict;
    const char *why;           /* a short reason for ERROR, INCONCLUSIVE, MISSING, NEW; else NULL */
};

struct gate_report {
    struct gate_settings settings;
    struct gate_row *rows;     /* worst verdict first, then by name */
    size_t nrows;
    double geomean;            /* of the ratios of the rows that have one; NAN if none */
    size_t geomean_n;
    char **warnings;           /* noisy samples, differing contexts, runs without the metric */
    size_t nwarnings;
    int exit_status;           /* EXIT_OK, EXIT_FAILED or EXIT_INCONCLUSIVE (base/exit_codes.h) */
};

/* 0 with *out filled (free with gate_report_free); -1 with err set when the
 * metric is in no run of either document or memory runs out. */
int gate_compare(const json_t *baseline, const json_t *current, const struct gate_settings *settings,
                 struct gate_report *out, char *err, size_t errlen);
void gate_report_free(struct gate_report *report);

const char *gate_verdict_name(enum gate_verdict verdict);

#endif
