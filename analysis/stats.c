/* analysis/stats.c: order statistics, robust spread, means, and two-sample comparison (see stats.h). */
#include "analysis/stats.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted copy, so callers' arrays keep their order (they are often run order). */
static double *sorted_copy(const double *x, size_t n)
{
    double *s = malloc(n * sizeof *s);
    if (!s)
        return NULL;
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, compare_doubles);
    return s;
}

static double quantile_of_sorted(const double *s, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    return s[lo] + (h - (double)lo) * (s[hi] - s[lo]);
}

double stats_quantile(const double *x, size_t n, double q)
{
    if (n == 0 || q < 0 || q > 1)
        return NAN;
    double *s = sorted_copy(x, n);
    if (!s)
        return NAN;
    double v = quantile_of_sorted(s, n, q);
    free(s);
    return v;
}

double stats_median(const double *x, size_t n)
{
    return stats_quantile(x, n, 0.5);
}

double stats_mad(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    double med = stats_median(x, n);
    double *dev = malloc(n * sizeof *dev);
    if (!dev)
        return NAN;
    for (size_t i = 0; i < n; i++)
        dev[i] = fabs(x[i] - med);
    double mad = stats_median(dev, n);
    free(dev);
    return mad;
}

double stats_mean(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    return sum / (double)n;
}

double stats_geomean(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    double log_sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] > 0))
            return NAN;
        log_sum += log(x[i]);
    }
    return exp(log_sum / (double)n);
}

/* ---- Bootstrap interval for a ratio of medians ---- */

/* splitmix64: tiny, good enough for resampling, and fully determined by the
 * seed, which keeps the gate's intervals reproducible. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* One side of the bootstrap, sorted once: each round's resample is drawn
 * as indexes into x, as it would be drawn from x itself, and its median is
 * read off a count of how often each rank was drawn, so a round costs O(n)
 * and never sorts. */
struct resampler {
    const double *x;
    size_t n;
    double *sorted;            /* x ascending */
    size_t *rank;              /* rank[i]: where x[i] is in sorted */
    unsigned *drawn;           /* per rank, how often this round drew it */
};

static int compare_by_value(const void *a, const void *b, void *x)
{
    return compare_doubles(&((const double *)x)[*(const size_t *)a], &((const double *)x)[*(const size_t *)b]);
}

static int resampler_init(struct resampler *r, const double *x, size_t n)
{
    size_t *by_value = malloc(n * sizeof *by_value);
    *r = (struct resampler){ x, n, malloc(n * sizeof *r->sorted), malloc(n * sizeof *r->rank),
                             malloc(n * sizeof *r->drawn) };
    if (!by_value || !r->sorted || !r->rank || !r->drawn) {
        free(by_value);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        by_value[i] = i;
    qsort_r(by_value, n, sizeof *by_value, compare_by_value, (void *)x);
    for (size_t k = 0; k < n; k++) {
        r->sorted[k] = x[by_value[k]];
        r->rank[by_value[k]] = k;
    }
    free(by_value);
    return 0;
}

static void resampler_free(struct resampler *r)
{
    free(r->sorted);
    free(r->rank);
    free(r->drawn);
}

/* The value at 0-based position pos of this round's resample, sorted: the
 * rank where the running count of draws passes pos. */
static double order_statistic(const struct resampler *r, size_t pos)
{
    size_t seen = 0;
    for (size_t k = 0;; k++) {
        seen += r->drawn[k];
        if (seen > pos)
            return r->sorted[k];
    }
}

/* The median (type 7, as stats_median) of a resample of x. The modulo bias
 * is below n / 2^64, far under anything a bootstrap can resolve. */
static double resampled_median(struct resampler *r, uint64_t *state)
{
    memset(r->drawn, 0, r->n * sizeof *r->drawn);
    for (size_t i = 0; i < r->n; i++)
        r->drawn[r->rank[next_random(state) % r->n]]++;
    double h = (double)(r->n - 1) * 0.5;
    size_t lo = (size_t)floor(h), hi = lo + 1 < r->n ? lo + 1 : lo;
    double a = order_statistic(r, lo), b = hi == lo ? a : order_statistic(r, hi);
    return a + (h - (double)lo) * (b - a);
}

static bool all_positive(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(x[i] > 0))
            return false;
    return true;
}

int stats_bootstrap_median_ratio_ci(const double *x, size_t nx, const double *y, size_t ny,
                                    double level, unsigned iterations, uint64_t seed,
                                    double *lo, double *hi)
{
    if (nx == 0 || ny == 0 || !(level > 0 && level < 1) || iterations == 0 || !all_positive(x, nx))
        return -1;
    struct resampler rx, ry;
    int ok_x = resampler_init(&rx, x, nx), ok_y = resampler_init(&ry, y, ny);
    double *ratios = malloc(iterations * sizeof *ratios);
    int rc = -1;
    if (ok_x == 0 && ok_y == 0 && ratios) {
        uint64_t state = seed;
        for (unsigned i = 0; i < iterations; i++) {
            double mx = resampled_median(&rx, &state);
            ratios[i] = resampled_median(&ry, &state) / mx;
        }
        qsort(ratios, iterations, sizeof *ratios, compare_doubles);
        *lo = quantile_of_sorted(ratios, iterations, (1 - level) / 2);
        *hi = quantile_of_sorted(ratios, iterations, (1 + level) / 2);
        rc = 0;
    }
    resampler_free(&rx);
    resampler_free(&ry);
    free(ratios);
    return rc;
}

/* ---- Mann-Whitney U test ---- */

struct ranked {
    double value;
    bool from_x;
};

static int compare_ranked(const void *a, const void *b)
{
    return compare_doubles(&((const struct ranked *)a)->value, &((const struct ranked *)b)->value);
}

/* Pools both samples, ranks them (ties get their average rank) and returns
 * the rank sum of x; *tie_term gets sum(t^3 - t) over the groups of t tied
 * values, the variance correction. NAN when memory runs out. */
static double rank_sum_of_x(const double *x, size_t nx, const double *y, size_t ny, double *tie_term)
{
    size_t n = nx + ny;
    struct ranked *pool = malloc(n * sizeof *pool);
    if (!pool)
        return NAN;
    for (size_t i = 0; i < n; i++)
        pool[i] = (struct ranked){ i < nx ? x[i] : y[i - nx], i < nx };
    qsort(pool, n, sizeof *pool, compare_ranked);
    double sum = 0;
    *tie_term = 0;
    for (size_t start = 0, end; start < n; start = end) {
        for (end = start + 1; end < n && pool[end].value == pool[start].value; end++)
            ;
        double t = (double)(end - start);
        double rank = (double)(start + end + 1) / 2;   /* average of ranks start+1 .. end */
        for (size_t k = start; k < end; k++)
            if (pool[k].from_x)
                sum += rank;
        *tie_term += t * t * t - t;
    }
    free(pool);
    return sum;
}

/* P(W >= w) under H0 for samples of m and n untied values. The count of
 * orderings with W = k obeys f(m, n, k) = f(m-1, n, k-n) + f(m, n-1, k)
 * (the largest value comes from x, beating all n values of y, or from y);
 * sweeping n upwards keeps one row per m, and uses additions only. */
static double exact_upper_tail(size_t m, size_t n, double w)
{
    size_t kmax = m * n;
    double *f = calloc((m + 1) * (kmax + 1), sizeof *f);
    if (!f)
        return NAN;
#define F(i, k) f[(i) * (kmax + 1) + (k)]
    for (size_t i = 0; i <= m; i++)
        F(i, 0) = 1;   /* with no y values, every ordering has W = 0 */
    for (size_t j = 1; j <= n; j++)
        for (size_t i = 1; i <= m; i++)
            for (size_t k = kmax; k >= j; k--)
                F(i, k) += F(i - 1, k - j);
    double total = 0, tail = 0;
    for (size_t k = 0; k <= kmax; k++) {
        total += F(m, k);
        if ((double)k >= w)
            tail += F(m, k);
    }
#undef F
    free(f);
    return tail / total;
}

/* P(Z >= z) for a standard normal Z. */
static double normal_upper_tail(double z)
{
    return 0.5 * erfc(z / sqrt(2.0));
}

/* Bisection: the tail is monotonic, and 200 halvings of [-40, 40] reach the
 * spacing of doubles, far finer than any p-value calls for. */
double stats_normal_upper_quantile(double p)
{
    if (!(p > 0 && p < 1))
        return NAN;
    double lo = -40, hi = 40;
    for (int i = 0; i < 200 && lo < hi; i++) {
        double mid = (lo + hi) / 2;
        if (normal_upper_tail(mid) > p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

double stats_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
                          enum stats_alternative alternative, double *w)
{
    if (nx == 0 || ny == 0)
        return NAN;
    double tie_term = 0;
    double rank_sum = rank_sum_of_x(x, nx, y, ny, &tie_term);
    double stat = rank_sum - (double)nx * (double)(nx + 1) / 2;
    if (w)
        *w = stat;
    if (isnan(rank_sum))
        return NAN;
    double m = (double)nx, n = (double)ny;
    if (nx < 50 && ny < 50 && tie_term == 0)
        return alternative == STATS_GREATER ? exact_upper_tail(nx, ny, stat)
                                             : exact_upper_tail(ny, nx, m * n - stat);
    double sigma = sqrt(m * n / 12 * ((m + n + 1) - tie_term / ((m + n) * (m + n - 1))));
    if (sigma == 0)
        return 1;
    double z = stat - m * n / 2;
    return alternative == STATS_GREATER ? normal_upper_tail((z - 0.5) / sigma)
                                        : normal_upper_tail((-z - 0.5) / sigma);
}
