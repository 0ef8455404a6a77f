/*
 * ci/gate.h: the regression gate's decisions (docs/gate.md).
 *
 * Matches the benchmarks (base/identity.h: allocator, workload, params,
 * threads, pmu) of a baseline and a current results document and gives each a verdict from its
 * samples of one metric: the measured runs (warmup false) whose status is ok.
 * The verdicts and how they are decided: gate_verdict.h.
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
    const char *metric;        /* see analysis/metric.h */
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
    json_t *identity;          /* what matched (base/identity.h): allocator, workload, params, threads, pmu */
    char *name;                /* for people: "allocator workload k=v,... tN" */
    bool in_baseline, in_current;
    struct gate_side base, cur;
    double ratio, lo, hi;      /* current / baseline median and its interval; NAN if not computed */
    double p;                  /* one-sided p in the direction of the change; NAN if not tested */
    bool exact;                /* no noise worth testing: decided by the threshold alone */
    enum gate_verdict verdict;
    const char *why;           /* a short reason for ERROR, INCONCLUSIVE, MISSING, NEW, exact; else NULL */
    size_t repeats_needed;     /* INCONCLUSIVE: samples a side that would settle it; else 0 */
};

/* The largest estimate of repeats_needed: it means "this many or more". */
#define GATE_REPEATS_LIMIT 10000

struct gate_report {
    struct gate_settings settings;
    struct gate_row *rows;     /* worst verdict first, then by name */
    size_t nrows;
    double geomean;            /* of the ratios of the rows that have one; NAN if none */
    size_t geomean_n;
    char **warnings;           /* noisy samples, differing contexts, runs without the metric */
    size_t nwarnings;
    size_t repeats_needed;     /* the largest of the rows': what to rerun both sides to; 0 if none */
    int exit_status;           /* EXIT_OK, EXIT_FAILED or EXIT_INCONCLUSIVE (base/exit_codes.h) */
};

/* 0 with *out filled (free with gate_report_free); -1 with err set when the
 * metric is in no run of either document or memory runs out. */
int gate_compare(const json_t *baseline, const json_t *current, const struct gate_settings *settings,
                 struct gate_report *out, char *err, size_t errlen);
void gate_report_free(struct gate_report *report);

const char *gate_verdict_name(enum gate_verdict verdict);

#endif
