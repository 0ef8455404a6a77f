/* ci/gate_verdict.c: one benchmark's verdict from its samples (see gate_verdict.h). */
#include "ci/gate_verdict.h"

#include <math.h>
#include <stdbool.h>

#include "analysis/stats.h"

static struct gate_side summarize(const struct gate_samples *s)
{
    return (struct gate_side){ .samples = s->n, .failed = s->failed,
                               .median = stats_median(s->values, s->n),
                               .mad = stats_mad(s->values, s->n) };
}

static bool constant(const double *x, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (x[i] != x[0])
            return false;
    return true;
}

static bool any_not_positive(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(x[i] > 0))
            return true;
    return false;
}

static double min_of(const double *x, size_t n)
{
    double m = x[0];
    for (size_t i = 1; i < n; i++)
        m = x[i] < m ? x[i] : m;
    return m;
}

static double max_of(const double *x, size_t n)
{
    double m = x[0];
    for (size_t i = 1; i < n; i++)
        m = x[i] > m ? x[i] : m;
    return m;
}

/* ---- The exact rule ---- */

static enum gate_verdict by_threshold(double lo, double hi, double threshold_pct)
{
    if (lo > 1 + threshold_pct / 100)
        return GATE_REGRESSED;
    if (hi < 1 - threshold_pct / 100)
        return GATE_IMPROVED;
    return GATE_UNCHANGED;
}

/* No noise worth testing: the whole range of the side is within a tenth of
 * the threshold (zero range when the threshold is 0). Simulated instruction
 * counts vary by a few dozen in hundreds of millions between runs; a rank
 * test on 3 such samples could never reach p <= alpha, and need not. */
static bool noise_negligible(const struct gate_samples *s, double median, double threshold_pct)
{
    return max_of(s->values, s->n) - min_of(s->values, s->n) <= median * threshold_pct / 100 / 10;
}

/* The range of every ratio of a current sample to a baseline sample; the
 * threshold alone decides. */
static void decide_exactly(struct gate_row *row, const struct gate_samples *base, const struct gate_samples *cur,
                           const struct gate_settings *s)
{
    row->exact = true;
    row->lo = min_of(cur->values, cur->n) / max_of(base->values, base->n);
    row->hi = max_of(cur->values, cur->n) / min_of(base->values, base->n);
    row->verdict = by_threshold(row->lo, row->hi, s->threshold_pct);
    row->why = "no noise: the threshold decides";
}

/* ---- Interval and test ---- */

/* Why a compared benchmark is neither shown changed nor shown unchanged. */
static const char *why_inconclusive(const struct gate_row *row, double threshold_pct)
{
    double t = threshold_pct / 100;
    if (row->lo > 1 + t || row->hi < 1 - t)
        return "beyond the threshold, but the test is not significant";
    if (row->ratio > 1 + t || row->ratio < 1 - t)
        return "the interval reaches within the threshold";
    return "the interval reaches beyond the threshold";
}

/* REGRESSED and IMPROVED need the test and the interval; UNCHANGED needs the
 * whole interval within the threshold; anything else is not settled yet. */
static void decide_by_interval(struct gate_row *row, const struct gate_samples *base,
                               const struct gate_samples *cur, const struct gate_settings *s, uint64_t seed)
{
    double level = 1 - 2 * s->alpha;
    if (stats_bootstrap_median_ratio_ci(base->values, base->n, cur->values, cur->n, level,
                                        s->bootstrap_iterations, seed, &row->lo, &row->hi) != 0) {
        row->verdict = GATE_INCONCLUSIVE;
        row->why = "no interval (out of memory)";
        return;
    }
    double p_up = stats_mann_whitney(cur->values, cur->n, base->values, base->n, STATS_GREATER, NULL);
    double p_down = stats_mann_whitney(cur->values, cur->n, base->values, base->n, STATS_LESS, NULL);
    double t = s->threshold_pct / 100;
    row->p = row->ratio >= 1 ? p_up : p_down;
    if (row->lo > 1 + t && p_up <= s->alpha) {
        row->verdict = GATE_REGRESSED;
        row->p = p_up;
    } else if (row->hi < 1 - t && p_down <= s->alpha) {
        row->verdict = GATE_IMPROVED;
        row->p = p_down;
    } else if (row->lo >= 1 - t && row->hi <= 1 + t) {
        row->verdict = GATE_UNCHANGED;
    } else {
        row->verdict = GATE_INCONCLUSIVE;
        row->why = why_inconclusive(row, s->threshold_pct);
        row->repeats_needed = gate_repeats_to_settle(row, s);
    }
}

/* ---- One benchmark ---- */

/* Both sides have at least min_repeats samples, and some runs were ok. */
static void decide_samples(struct gate_row *row, const struct gate_samples *base, const struct gate_samples *cur,
                           const struct gate_settings *s, uint64_t seed)
{
    if (any_not_positive(base->values, base->n)) {
        bool same = constant(base->values, base->n) && constant(cur->values, cur->n) &&
                    base->values[0] == cur->values[0];
        row->ratio = same ? 1 : NAN;
        row->exact = same;
        row->lo = row->hi = row->ratio;
        row->verdict = same ? GATE_UNCHANGED : GATE_INCONCLUSIVE;
        row->why = same ? NULL : "baseline values <= 0: no ratio";
        return;
    }
    if (noise_negligible(base, row->base.median, s->threshold_pct) &&
        noise_negligible(cur, row->cur.median, s->threshold_pct))
        decide_exactly(row, base, cur, s);
    else
        decide_by_interval(row, base, cur, s, seed);
}

void gate_verdict_decide(struct gate_row *row, const struct gate_samples *base, const struct gate_samples *cur,
                         const struct gate_settings *s, uint64_t seed)
{
    row->in_baseline = base->runs > 0;
    row->in_current = cur->runs > 0;
    row->base = summarize(base);
    row->cur = summarize(cur);
    row->ratio = row->lo = row->hi = row->p = NAN;
    row->exact = false;
    row->why = NULL;
    row->repeats_needed = 0;
    if (!row->in_current) {
        row->verdict = GATE_MISSING;
        row->why = "only in the baseline";
        return;
    }
    if (!row->in_baseline) {
        row->verdict = GATE_NEW;
        row->why = "only in the current results";
        return;
    }
    if (cur->failed > 0 && base->failed == 0) {
        row->verdict = GATE_ERROR;
        row->why = "runs failed on the current side only";
        return;
    }
    if (base->n > 0 && cur->n > 0)
        row->ratio = row->cur.median / row->base.median;
    if (base->n < s->min_repeats || cur->n < s->min_repeats) {
        row->verdict = GATE_INCONCLUSIVE;
        row->why = "fewer samples than --min-repeats";
        row->repeats_needed = s->min_repeats;
        return;
    }
    decide_samples(row, base, cur, s, seed);
}

/* ---- How many repetitions would settle it ---- */

/* The factor by which the interval (in logarithms, around the ratio) must
 * narrow to settle the row: to lie wholly beyond the threshold when the
 * ratio is beyond it, wholly within it otherwise. 0 when the ratio sits on
 * the threshold; INFINITY when no narrowing is needed. */
static double interval_narrowing(const struct gate_row *row, double t)
{
    double d = log(row->ratio), below = d - log(row->lo), above = log(row->hi) - d;
    double up = log1p(t), down = log1p(-t);
    double f = INFINITY;
    if (d > up || d < down) {
        double room = d > up ? d - up : down - d, width = d > up ? below : above;
        return width > 0 ? room / width : INFINITY;
    }
    if (below > 0)
        f = fmin(f, (d - down) / below);
    if (above > 0)
        f = fmin(f, (up - d) / above);
    return f;
}

/* The factor by which 1/n_b + 1/n_c must shrink, as a square root, for the
 * test's p to reach alpha: z grows as the inverse of that root. 0 when the
 * test points the other way. */
static double test_narrowing(double p, double alpha)
{
    double z = stats_normal_upper_quantile(p), z_alpha = stats_normal_upper_quantile(alpha);
    if (p <= alpha)
        return INFINITY;
    return z > 0 ? z / z_alpha : 0;
}

/* Whether the exact test can reach alpha at all: its smallest p, with every
 * current sample beyond every baseline one, is 1 / C(nb + nc, nb). */
static bool test_can_reach(double nb, double nc, double alpha)
{
    double orderings = 1;
    for (double k = 1; k <= nb && orderings * alpha < 1; k++)
        orderings = orderings * (nc + k) / k;
    return 1 / orderings <= alpha;
}

size_t gate_repeats_to_settle(const struct gate_row *row, const struct gate_settings *s)
{
    double t = s->threshold_pct / 100;
    bool changed = row->ratio > 1 + t || row->ratio < 1 - t;
    double g = interval_narrowing(row, t);
    if (changed)
        g = fmin(g, test_narrowing(row->p, s->alpha));
    double nb = (double)row->base.samples, nc = (double)row->cur.samples;
    double target = g * g * (1 / nb + 1 / nc);
    for (size_t n = (size_t)fmin(nb, nc) + 1; n < GATE_REPEATS_LIMIT; n++) {
        double b = fmax(nb, (double)n), c = fmax(nc, (double)n);
        if (1 / b + 1 / c <= target && (!changed || test_can_reach(b, c, s->alpha)))
            return n;
    }
    return GATE_REPEATS_LIMIT;
}
