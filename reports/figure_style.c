/* reports/figure_style.c: colours, patterns and axes of figures (see figure_style.h). */
#include "reports/figure_style.h"

#include <math.h>
#include <string.h>

/* Okabe and Ito's colours, black replaced by grey, dark and light
 * alternating; for lines on white, their yellow darkened to stay visible. */
static const struct { const char *fill, *line; } colours[] = {
    { "#0072B2", "#0072B2" }, { "#E69F00", "#E69F00" }, { "#009E73", "#009E73" }, { "#F0E442", "#B8A200" },
    { "#D55E00", "#D55E00" }, { "#56B4E9", "#56B4E9" }, { "#CC79A7", "#CC79A7" }, { "#999999", "#999999" },
};
/* gnuplot's patterns (pngcairo, svg): none, the two diagonals, crosshatch,
 * the two sparse diagonals, dense crosshatch. Seven against eight colours,
 * so the pair repeats only after 56 series. */
static const int patterns[] = { 0, 4, 5, 1, 6, 7, 2 };
/* Filled circle, square, triangle, diamond, then the same open. */
static const int points[] = { 7, 5, 9, 13, 6, 4, 8, 12 };
#define COUNT(a) (sizeof a / sizeof a[0])
#define DASH_TYPES 5

int figure_scale_parse(const char *name, enum figure_scale *out)
{
    static const char *const names[] = { [SCALE_AUTO] = "auto", [SCALE_LINEAR] = "linear", [SCALE_LOG] = "log" };
    for (size_t i = 0; i < COUNT(names); i++)
        if (strcmp(names[i], name) == 0) {
            *out = (enum figure_scale)i;
            return 0;
        }
    return -1;
}

struct series_style figure_series_style(size_t i)
{
    size_t c = i % COUNT(colours);
    return (struct series_style){ colours[c].fill, colours[c].line, patterns[i % COUNT(patterns)],
                                  1 + (int)(i % DASH_TYPES), points[i % COUNT(points)] };
}

/* ---- The y axis ---- */

struct extent {
    double min_value, max_value;   /* over the values (> 0 for min) */
    double min_low, max_high;      /* over value - error (> 0) and value + error */
};

static void widen(struct extent *e, double value, double error)
{
    if (isnan(value))
        return;
    double err = isnan(error) ? 0 : error;
    if (value > 0 && !(value >= e->min_value))
        e->min_value = value;
    if (!(value <= e->max_value))
        e->max_value = value;
    if (value - err > 0 && !(value - err >= e->min_low))
        e->min_low = value - err;
    if (!(value + err <= e->max_high))
        e->max_high = value + err;
}

static struct extent extent_of(const struct table *t, size_t first, size_t step, bool has_error,
                               double reference)
{
    struct extent e = { NAN, NAN, NAN, NAN };
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = first; c < t->ncols; c += step)
            widen(&e, table_cell(t, r, c)->value, has_error ? table_cell(t, r, c + 1)->value : NAN);
    widen(&e, reference, NAN);
    return e;
}

struct y_axis figure_y_axis(const struct table *t, size_t first, size_t step, bool has_error,
                            double reference, enum figure_scale scale)
{
    struct extent e = extent_of(t, first, step, has_error, reference);
    struct y_axis axis = { false, 0, 1 };
    if (isnan(e.max_value))
        return axis;
    bool wide = e.min_value > 0 && e.max_value / e.min_value > FIGURE_LOG_SPAN;
    axis.log = scale == SCALE_LOG || (scale == SCALE_AUTO && wide);
    if (axis.log && !(e.min_value > 0)) {
        axis.log = false;   /* nothing positive to put on a log axis */
    }
    if (axis.log) {
        /* Room on each side, so no bar or whisker touches the frame and
         * the shortest bar still shows. */
        double low = e.min_low < e.min_value ? e.min_low : e.min_value;
        axis.lo = low / 1.5;
        axis.hi = e.max_high * 1.5;
    } else {
        axis.lo = 0;
        axis.hi = e.max_high > 0 ? e.max_high * 1.08 : 1;
    }
    return axis;
}
