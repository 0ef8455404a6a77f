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

int main(void)
{
    quantiles_interpolate_like_r_type7();
    mad_is_median_of_absolute_deviations();
    means();
    return CHECK_DONE();
}
