/*
 * ci/gate_verdict.h: one benchmark's verdict from the samples of its two
 * sides (docs/gate.md, "Verdicts").
 *
 *   REGRESSED     the one-sided Mann-Whitney test says current > baseline
 *                 (p <= alpha) and the whole bootstrap interval of the ratio
 *                 of medians lies above 1 + threshold
 *   IMPROVED      the mirror image: current < baseline, interval below 1 - threshold
 *   UNCHANGED     the whole interval lies within 1 +- threshold: the change
 *                 is shown to be no larger than the threshold
 *   INCONCLUSIVE  anything else (the interval reaches past the threshold, or
 *                 lies beyond it while the test is not significant), or a side
 *                 has fewer than min_repeats samples; with an estimate of the
 *                 repetitions a side that would settle it at the observed spread
 *   ERROR         runs failed on the current side but not on the baseline
 *   MISSING, NEW  the benchmark is on one side only
 *
 * When neither side has noise worth testing (each side's whole range within
 * a tenth of the threshold, as with simulated instruction counts; zero range
 * when the threshold is 0), the change is exact: the interval is the range
 * of all current/baseline sample ratios and the threshold alone decides
 * (REGRESSED, IMPROVED or UNCHANGED).
 *
 * What it must never do: group runs into benchmarks, build keys or names
 * (gate.c), read files, or print (gate_format.h).
 */
#ifndef NGBENCH_CI_GATE_VERDICT_H
#define NGBENCH_CI_GATE_VERDICT_H

#include <stddef.h>
#include <stdint.h>

#include "ci/gate.h"

/* What one side of one benchmark holds. */
struct gate_samples {
    const double *values;      /* the metric of each measured ok run */
    size_t n;
    size_t runs;               /* every run of the benchmark on this side, warm-ups and failures included */
    size_t failed;             /* runs whose status is not ok */
};

/* Fills everything in *row but identity and name: presence, the sides' summaries,
 * ratio, interval, p, exact, verdict, why and repeats_needed. The bootstrap
 * is seeded with seed, so the same samples give the same verdict. */
void gate_verdict_decide(struct gate_row *row, const struct gate_samples *base, const struct gate_samples *cur,
                         const struct gate_settings *settings, uint64_t seed);

/* For a row whose samples were compared (ratio, lo, hi, p and both sides'
 * sample counts set): the fewest repetitions a side (each side grown to at
 * least that many) at which, with the spread observed, the interval would
 * lie within the threshold, or wholly beyond it with the test significant.
 * The interval is taken to narrow as sqrt(1/n_baseline + 1/n_current) and
 * the test's z to grow as its inverse. GATE_REPEATS_LIMIT when no count
 * below it would do (a change right at the threshold). */
size_t gate_repeats_to_settle(const struct gate_row *row, const struct gate_settings *settings);

#endif
