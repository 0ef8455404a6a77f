/*
 * analysis/stats.h: the statistics every other module uses, in one place.
 *
 * Pure functions over arrays of doubles; callers own the arrays. Nothing here
 * reads files, prints, or keeps state between calls.
 */
#ifndef NGBENCH_ANALYSIS_STATS_H
#define NGBENCH_ANALYSIS_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Quantile q in [0,1] by linear interpolation between order statistics
 * (Hyndman and Fan type 7, the default of R and NumPy). NAN when n == 0. */
double stats_quantile(const double *x, size_t n, double q);
double stats_median(const double *x, size_t n);
/* Median absolute deviation from the median, unscaled. NAN when n == 0. */
double stats_mad(const double *x, size_t n);
double stats_mean(const double *x, size_t n);
/* Geometric mean of positive values; NAN when n == 0 or any value <= 0. */
double stats_geomean(const double *x, size_t n);

/* ---- Comparing two samples (the gate) ---- */

/* Percentile-bootstrap confidence interval for median(y) / median(x), the
 * change from a baseline x to a current y. Each of `iterations` rounds
 * resamples x and y independently with replacement; the interval is the
 * (1-level)/2 and (1+level)/2 quantiles (type 7) of the resampled ratios.
 * The generator is local and seeded by the caller, so the same inputs and
 * seed give the same interval on every machine. Returns 0 with *lo, *hi set;
 * -1 when a side is empty, any x is not positive, level is not in (0,1),
 * iterations is 0, or memory runs out. */
int stats_bootstrap_median_ratio_ci(const double *x, size_t nx, const double *y, size_t ny,
                                    double level, unsigned iterations, uint64_t seed,
                                    double *lo, double *hi);

/* H1 of a one-sided test, named as R names them: STATS_GREATER means values
 * of x tend to be larger than values of y. */
enum stats_alternative { STATS_LESS, STATS_GREATER };

/* One-sided Mann-Whitney U (Wilcoxon rank-sum) test of x against y, as R's
 * wilcox.test(x, y, alternative=...) with its defaults. Returns the p-value
 * and, when w is not NULL, W = (sum of the ranks of x) - nx(nx+1)/2, ties
 * ranked by their average. The null distribution is exact when both samples
 * have fewer than 50 values and no value is tied; otherwise it is the normal
 * approximation with the tie correction of the variance and a continuity
 * correction of 0.5. p is 1 when every value is tied (no evidence either
 * way); NAN when a side is empty. */
double stats_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
                          enum stats_alternative alternative, double *w);

/* The z with P(Z >= z) = p for a standard normal Z (the one-sided critical
 * value of level p); NAN when p is not in (0, 1). */
double stats_normal_upper_quantile(double p);

#endif
