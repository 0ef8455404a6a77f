/*
 * analysis/stats.h: the statistics every other module uses, in one place.
 *
 * Pure functions over arrays of doubles; callers own the arrays. Nothing here
 * reads files, prints, or keeps state between calls.
 */
#ifndef NGBENCH_ANALYSIS_STATS_H
#define NGBENCH_ANALYSIS_STATS_H

#include <stddef.h>

/* Quantile q in [0,1] by linear interpolation between order statistics
 * (Hyndman and Fan type 7, the default of R and NumPy). NAN when n == 0. */
double stats_quantile(const double *x, size_t n, double q);
double stats_median(const double *x, size_t n);
/* Median absolute deviation from the median, unscaled. NAN when n == 0. */
double stats_mad(const double *x, size_t n);
double stats_mean(const double *x, size_t n);
/* Geometric mean of positive values; NAN when n == 0 or any value <= 0. */
double stats_geomean(const double *x, size_t n);

#endif
