/* Statistics against reference values (computed with R 4.x / NumPy defaults). */
#include "analysis/stats.h"
#include "tests/check.h"

static void quantiles_interpolate_like_r_type7(void)
{
    const double x[] = { 3, 1, 4, 1, 5, 9, 2, 6 };
    /* quantile(c(3,1,4,1,5,9,2,6), c(.25,.5,.9)) = 1.75 3.5 6.9 */
    CHECK_NEAR(stats_quantile(x, 8, 0.25), 1.75, 1e-12);
    CHECK_NEAR(stats_median(x, 8), 3.5, 1e-12);
    CHECK_NEAR(stats_quantile(x, 8, 0.9), 6.9, 1e-12);
    CHECK_NEAR(stats_quantile(x, 8, 0.0), 1, 0);
    CHECK_NEAR(stats_quantile(x, 8, 1.0), 9, 0);
    CHECK(isnan(stats_quantile(x, 0, 0.5)));
    CHECK(isnan(stats_quantile(x, 8, 1.5)));
    CHECK(x[0] == 3 && x[7] == 6);   /* input order untouched */
}

static void mad_is_median_of_absolute_deviations(void)
{
    const double x[] = { 1, 1, 2, 2, 4, 6, 9 };
    /* median 2; |dev| = 1 1 0 0 2 4 7 -> median 1 (R: mad(x, constant=1)) */
    CHECK_NEAR(stats_mad(x, 7), 1, 1e-12);
    const double one[] = { 5 };
    CHECK_NEAR(stats_mad(one, 1), 0, 0);
}

static void means(void)
{
    const double x[] = { 1, 2, 4, 8 };
    CHECK_NEAR(stats_mean(x, 4), 3.75, 1e-12);
    CHECK_NEAR(stats_geomean(x, 4), 2.8284271247461903, 1e-12);   /* 64^(1/4) */
    const double bad[] = { 1, 0 };
    CHECK(isnan(stats_geomean(bad, 2)));
    CHECK(isnan(stats_geomean(x, 0)));
}

/* ---- Two-sample comparison. Every p-value below was computed with R 4.2.2's
 * wilcox.test(x, y, alternative=...) with its defaults (exact = NULL,
 * correct = TRUE); the data sets are either R's own help-page example or
 * were generated in R with the set.seed() given and printed to 3-4 decimals. */

static void mann_whitney_exact_matches_r_help_example(void)
{
    /* ?wilcox.test, the two-sample example (Hollander & Wolfe, p. 69):
     * wilcox.test(x, y, alternative = "g") gives W = 35, p-value = 0.1272 (exact). */
    const double x[] = { 0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46 };
    const double y[] = { 1.15, 0.88, 0.90, 0.74, 1.21 };
    double w = 0;
    CHECK_NEAR(stats_mann_whitney(x, 10, y, 5, STATS_GREATER, &w), 0.1272061272061272, 1e-12);
    CHECK_NEAR(w, 35, 0);
    CHECK_NEAR(stats_mann_whitney(x, 10, y, 5, STATS_LESS, NULL), 0.89676989676989671, 1e-12);
}

static void mann_whitney_exact_smallest_p_is_one_over_choose(void)
{
    /* wilcox.test(1:3, 4:6, alternative = "less"): W = 0, p = 0.05 = 1/choose(6,3). */
    const double x[] = { 1, 2, 3 }, y[] = { 4, 5, 6 };
    double w = -1;
    CHECK_NEAR(stats_mann_whitney(x, 3, y, 3, STATS_LESS, &w), 0.05, 1e-15);
    CHECK_NEAR(w, 0, 0);
    CHECK_NEAR(stats_mann_whitney(x, 3, y, 3, STATS_GREATER, NULL), 1, 1e-15);
}

static void mann_whitney_exact_medium_samples(void)
{
    /* set.seed(7); x <- round(runif(20, 0, 100), 4); y <- round(runif(25, 10, 110), 4)
     * (no ties): W = 124, less p = 1.7275408464458883e-03, greater p = 0.99840561710307951. */
    const double x[] = { 98.8909, 39.7745, 11.5698, 6.9749, 24.3749, 79.201, 34.0062, 97.2063,
                         16.5855, 45.9104, 17.1748, 23.1477, 77.2812, 9.6302, 45.3448, 8.4701,
                         56.0666, 0.8705, 98.5737, 31.6585 };
    const double y[] = { 73.9449, 39.5223, 109.6704, 100.6021, 108.8739, 16.5646, 72.7039,
                         59.0475, 107.1024, 46.2221, 77.9993, 36.372, 28.5714, 28.5143, 47.9297,
                         94.7024, 59.8076, 89.0586, 93.8464, 55.6904, 89.9476, 48.1943, 85.9701,
                         53.6776, 100.4218 };
    double w = 0;
    CHECK_NEAR(stats_mann_whitney(x, 20, y, 25, STATS_LESS, &w), 1.7275408464458883e-03, 1e-14);
    CHECK_NEAR(w, 124, 0);
    CHECK_NEAR(stats_mann_whitney(x, 20, y, 25, STATS_GREATER, NULL), 0.99840561710307951, 1e-12);
}

static void mann_whitney_ties_use_corrected_normal_approximation(void)
{
    /* wilcox.test(c(1,2,2,3,3,3,4), c(3,4,4,5,5,6), alternative = "less") warns
     * "cannot compute exact p-value with ties": W = 3.5, p = 0.0064999271821936516;
     * "greater": p = 0.99572921915106027. */
    const double x[] = { 1, 2, 2, 3, 3, 3, 4 }, y[] = { 3, 4, 4, 5, 5, 6 };
    double w = 0;
    CHECK_NEAR(stats_mann_whitney(x, 7, y, 6, STATS_LESS, &w), 0.0064999271821936516, 1e-13);
    CHECK_NEAR(w, 3.5, 0);
    CHECK_NEAR(stats_mann_whitney(x, 7, y, 6, STATS_GREATER, NULL), 0.99572921915106027, 1e-13);
}

static void mann_whitney_large_samples_use_normal_approximation(void)
{
    /* set.seed(1); u <- round(rnorm(60, 10, 1), 3); v <- round(rnorm(55, 10.4, 1), 3)
     * (60 values: normal approximation; some ties): W = 1282.5,
     * less p = 1.9948700815126712e-02, greater p = 0.98032024773631321. */
    const double u[] = { 9.374, 10.184, 9.164, 11.595, 10.33, 9.18, 10.487, 10.738, 10.576, 9.695,
                         11.512, 10.39, 9.379, 7.785, 11.125, 9.955, 9.984, 10.944, 10.821, 10.594,
                         10.919, 10.782, 10.075, 8.011, 10.62, 9.944, 9.844, 8.529, 9.522, 10.418,
                         11.359, 9.897, 10.388, 9.946, 8.623, 9.585, 9.606, 9.941, 11.1, 10.763,
                         9.835, 9.747, 10.697, 10.557, 9.311, 9.293, 10.365, 10.769, 9.888, 10.881,
                         10.398, 9.388, 10.341, 8.871, 11.433, 11.98, 9.633, 8.956, 10.57, 9.865 };
    const double v[] = { 12.802, 10.361, 11.09, 10.428, 9.657, 10.589, 8.595, 11.866, 10.553,
                         12.573, 10.876, 9.69, 11.011, 9.466, 9.146, 10.691, 9.957, 10.401, 10.474,
                         9.81, 9.831, 10.265, 11.578, 8.876, 10.994, 10.733, 11.463, 10.096, 10.77,
                         10.667, 9.857, 11.608, 11.56, 11.1, 11.987, 10.958, 9.123, 9.827, 9.175,
                         9.927, 9.78, 10.442, 9.489, 10.558, 9.745, 12.167, 11.117, 11.31, 10.784,
                         12.082, 9.764, 9.938, 11.832, 9.749, 10.193 };
    double w = 0;
    CHECK_NEAR(stats_mann_whitney(u, 60, v, 55, STATS_LESS, &w), 1.9948700815126712e-02, 1e-13);
    CHECK_NEAR(w, 1282.5, 0);
    CHECK_NEAR(stats_mann_whitney(u, 60, v, 55, STATS_GREATER, NULL), 0.98032024773631321, 1e-13);
}

static void mann_whitney_all_tied_or_empty(void)
{
    /* wilcox.test(c(5,5,5), c(5,5,5), alternative = "greater"): W = 4.5, p = 1. */
    const double x[] = { 5, 5, 5 };
    double w = 0;
    CHECK_NEAR(stats_mann_whitney(x, 3, x, 3, STATS_GREATER, &w), 1, 0);
    CHECK_NEAR(w, 4.5, 0);
    CHECK(isnan(stats_mann_whitney(x, 0, x, 3, STATS_GREATER, NULL)));
}

static void bootstrap_of_constant_samples_is_the_exact_ratio(void)
{
    const double x[] = { 100, 100, 100, 100 }, y[] = { 110, 110, 110 };
    double lo = 0, hi = 0;
    CHECK(stats_bootstrap_median_ratio_ci(x, 4, y, 3, 0.95, 500, 1, &lo, &hi) == 0);
    CHECK_NEAR(lo, 1.1, 1e-15);
    CHECK_NEAR(hi, 1.1, 1e-15);
}

static void bootstrap_is_deterministic_for_a_seed(void)
{
    const double x[] = { 10.1, 9.8, 10.4, 10.0, 9.9, 10.2, 10.3, 9.7 };
    const double y[] = { 11.2, 10.9, 11.5, 11.0, 11.1, 11.3, 10.8, 11.4 };
    double lo1, hi1, lo2, hi2, lo3, hi3;
    CHECK(stats_bootstrap_median_ratio_ci(x, 8, y, 8, 0.9, 2000, 42, &lo1, &hi1) == 0);
    CHECK(stats_bootstrap_median_ratio_ci(x, 8, y, 8, 0.9, 2000, 42, &lo2, &hi2) == 0);
    CHECK(stats_bootstrap_median_ratio_ci(x, 8, y, 8, 0.9, 2000, 43, &lo3, &hi3) == 0);
    CHECK(lo1 == lo2 && hi1 == hi2);
    /* The point ratio is 11.15 / 10.05 = 1.1095; every resampled ratio lies
     * between min(y)/max(x) and max(y)/min(x). */
    CHECK(lo1 < 11.15 / 10.05 && 11.15 / 10.05 < hi1);
    CHECK(lo1 >= 10.8 / 10.4 && hi1 <= 11.5 / 9.7);
    CHECK(lo3 >= 10.8 / 10.4 && hi3 <= 11.5 / 9.7);
    /* A wider level cannot give a narrower interval for the same resamples. */
    double lo4, hi4;
    CHECK(stats_bootstrap_median_ratio_ci(x, 8, y, 8, 0.99, 2000, 42, &lo4, &hi4) == 0);
    CHECK(lo4 <= lo1 && hi4 >= hi1);
}

/* A value in [1, 2) skewed towards 1 (the square of a uniform), from a
 * 64-bit LCG so the test's data are the same everywhere. */
static double skewed_sample(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    double u = (double)(*state >> 11) / 9007199254740992.0;
    return 1 + u * u;
}

static void bootstrap_covers_the_true_ratio_most_of_the_time(void)
{
    /* 200 pairs of samples (n = 15) from one skewed distribution, y scaled by
     * 1.05: a 90% interval should hold 1.05 roughly 90% of the time; the bound
     * is loose (the percentile bootstrap of a median is coarse at n = 15) but
     * catches an interval that is systematically off. */
    uint64_t state = 12345;
    int covered = 0;
    for (int trial = 0; trial < 200; trial++) {
        double x[15], y[15];
        for (int i = 0; i < 15; i++) {
            x[i] = skewed_sample(&state);
            y[i] = 1.05 * skewed_sample(&state);
        }
        double lo, hi;
        CHECK(stats_bootstrap_median_ratio_ci(x, 15, y, 15, 0.9, 1000, (uint64_t)trial, &lo, &hi) == 0);
        covered += lo <= 1.05 && 1.05 <= hi;
    }
    CHECK(covered >= 160 && covered <= 199);
}

static void normal_quantiles_match_tables(void)
{
    CHECK_NEAR(stats_normal_upper_quantile(0.5), 0, 1e-12);
    CHECK_NEAR(stats_normal_upper_quantile(0.01), 2.3263478740408408, 1e-9);
    CHECK_NEAR(stats_normal_upper_quantile(0.975), -1.959963984540054, 1e-9);
    CHECK_NEAR(stats_normal_upper_quantile(1e-10), 6.3613409, 1e-6);
    CHECK(isnan(stats_normal_upper_quantile(0)) && isnan(stats_normal_upper_quantile(1)));
}

static void bootstrap_refuses_bad_arguments(void)
{
    const double x[] = { 1, 2, 3 }, zero[] = { 0, 1, 2 };
    double lo, hi;
    CHECK(stats_bootstrap_median_ratio_ci(x, 0, x, 3, 0.9, 100, 1, &lo, &hi) == -1);
    CHECK(stats_bootstrap_median_ratio_ci(x, 3, x, 0, 0.9, 100, 1, &lo, &hi) == -1);
    CHECK(stats_bootstrap_median_ratio_ci(zero, 3, x, 3, 0.9, 100, 1, &lo, &hi) == -1);
    CHECK(stats_bootstrap_median_ratio_ci(x, 3, x, 3, 1.0, 100, 1, &lo, &hi) == -1);
    CHECK(stats_bootstrap_median_ratio_ci(x, 3, x, 3, 0.9, 0, 1, &lo, &hi) == -1);
}

int main(void)
{
    quantiles_interpolate_like_r_type7();
    mad_is_median_of_absolute_deviations();
    means();
    mann_whitney_exact_matches_r_help_example();
    mann_whitney_exact_smallest_p_is_one_over_choose();
    mann_whitney_exact_medium_samples();
    mann_whitney_ties_use_corrected_normal_approximation();
    mann_whitney_large_samples_use_normal_approximation();
    mann_whitney_all_tied_or_empty();
    bootstrap_of_constant_samples_is_the_exact_ratio();
    bootstrap_is_deterministic_for_a_seed();
    bootstrap_covers_the_true_ratio_most_of_the_time();
    bootstrap_refuses_bad_arguments();
    normal_quantiles_match_tables();
    return CHECK_DONE();
}
