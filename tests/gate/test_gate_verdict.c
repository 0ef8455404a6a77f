/*
 * tests/gate/test_gate_verdict.c: the estimate of how many repetitions a
 * side would settle an INCONCLUSIVE benchmark (ci/gate_verdict.h), on
 * constructed intervals whose answers were worked out by hand: the interval
 * narrows in logarithms as sqrt(1/n_baseline + 1/n_current), the test's z
 * grows as its inverse, and the exact test needs 1 / C(nb + nc, nb) <= alpha.
 */
#include "ci/gate_verdict.h"

#include "tests/check.h"

static const struct gate_settings defaults = { .metric = "wall", .threshold_pct = 2, .alpha = 0.01,
                                               .min_repeats = 3, .bootstrap_iterations = 2000 };

static size_t settle(double ratio, double lo, double hi, double p, size_t nb, size_t nc)
{
    struct gate_row row = { .ratio = ratio, .lo = lo, .hi = hi, .p = p,
                            .base = { .samples = nb }, .cur = { .samples = nc } };
    return gate_repeats_to_settle(&row, &defaults);
}

/* [-3%, +3%] around no change, threshold 2%: the interval must narrow to
 * log(0.98)/log(0.97) = 0.663 of its width, so 1/n + 1/n must fall to
 * 0.663^2 * 2/10: n = 23. */
static void unchanged_needs_the_interval_within_the_threshold(void)
{
    CHECK(settle(1.0, 0.97, 1.03, 0.5, 10, 10) == 23);
}

/* A baseline pooled from 50 runs stays at 50: 1/50 + 1/n <= 0.663^2 * (1/50 + 1/10) gives n = 31. */
static void the_larger_side_is_kept(void)
{
    CHECK(settle(1.0, 0.97, 1.03, 0.5, 50, 10) == 31);
}

/* +10% in [+1%, +20%]: the lower end must rise above +2%, narrowing to 0.885: n = 13. */
static void a_change_needs_the_interval_beyond_the_threshold(void)
{
    CHECK(settle(1.10, 1.01, 1.20, 0.001, 10, 10) == 13);
}

/* The interval is already beyond +2%, but p = 0.1 with 3 samples a side:
 * z must grow from 1.2816 to 2.3263, so 1/n + 1/n from 2/3 to 0.2023: n = 10. */
static void an_unsignificant_test_needs_more_samples(void)
{
    CHECK(settle(1.10, 1.05, 1.15, 0.1, 3, 3) == 10);
}

/* p = 0.011 against alpha 0.01 would need 4 a side by z, but the exact test
 * on 4 and 4 can reach no p below 1/70: 5 (1/252). */
static void the_exact_test_sets_a_floor(void)
{
    CHECK(settle(1.10, 1.05, 1.15, 0.011, 3, 3) == 5);
}

static void a_change_at_the_threshold_cannot_be_settled(void)
{
    CHECK(settle(1.02, 1.00, 1.04, 0.3, 10, 10) == GATE_REPEATS_LIMIT);
    CHECK(settle(0.98, 0.96, 1.00, 0.3, 10, 10) == GATE_REPEATS_LIMIT);
}

static void more_spread_needs_more_repetitions(void)
{
    CHECK(settle(1.0, 0.95, 1.05, 0.5, 10, 10) > settle(1.0, 0.97, 1.03, 0.5, 10, 10));
}

/* The verdict itself on constructed samples: a quiet A/A is shown
 * unchanged, the same change under wide noise is not settled. */
static void verdicts_from_samples(void)
{
    double quiet_a[10], quiet_b[10], wide_a[10], wide_b[10];
    for (int i = 0; i < 10; i++) {
        quiet_a[i] = 1 + 0.001 * (i % 5);
        quiet_b[i] = 1 + 0.001 * ((i + 2) % 5);
        wide_a[i] = 1 + 0.08 * (i % 5);
        wide_b[i] = 1.2 * (1 + 0.08 * ((i + 2) % 5));
    }
    struct gate_settings s = defaults;
    s.min_repeats = 10;
    struct gate_samples qa = { quiet_a, 10, 10, 0 }, qb = { quiet_b, 10, 10, 0 };
    struct gate_samples wa = { wide_a, 10, 10, 0 }, wb = { wide_b, 10, 10, 0 };
    struct gate_row row = { 0 };
    gate_verdict_decide(&row, &qa, &qb, &s, 1);
    CHECK(row.verdict == GATE_UNCHANGED && row.repeats_needed == 0);
    CHECK(row.lo >= 0.98 && row.hi <= 1.02);
    gate_verdict_decide(&row, &wa, &wb, &s, 1);
    CHECK(row.verdict == GATE_REGRESSED || row.verdict == GATE_INCONCLUSIVE);
    s.threshold_pct = 19.9;   /* +20% right at the threshold: never settled as unchanged */
    gate_verdict_decide(&row, &wa, &wb, &s, 1);
    CHECK(row.verdict == GATE_INCONCLUSIVE && row.repeats_needed > 10);
    CHECK_STR(row.why, "the interval reaches within the threshold");
}

int main(void)
{
    unchanged_needs_the_interval_within_the_threshold();
    the_larger_side_is_kept();
    a_change_needs_the_interval_beyond_the_threshold();
    an_unsignificant_test_needs_more_samples();
    the_exact_test_sets_a_floor();
    a_change_at_the_threshold_cannot_be_settled();
    more_spread_needs_more_repetitions();
    verdicts_from_samples();
    return CHECK_DONE();
}
