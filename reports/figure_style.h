/*
 * reports/figure_style.h: how a figure looks, decided from its data alone:
 * each series' colour, fill pattern, dash and point shape, and the y axis
 * (linear or logarithmic, and its range). gnuplot.c writes these into the
 * script.
 *
 * Series are told apart by colour and by pattern (bars) or dash and point
 * (lines) at once: the colours are Okabe and Ito's palette for colour-blind
 * readers (its black replaced by grey, so black patterns and whiskers show
 * on every bar), ordered so neighbours differ in lightness, and the patterns
 * keep series apart in greyscale print. Eight series differ in both colour
 * and pattern; up to 56 in at least one of them.
 *
 * What it must never do: write files, read results, or compute statistics.
 */
#ifndef NGBENCH_REPORTS_FIGURE_STYLE_H
#define NGBENCH_REPORTS_FIGURE_STYLE_H

#include <stdbool.h>
#include <stddef.h>

#include "reports/table.h"

/* --scale: auto (log when the values span more than 10x), linear, log. */
enum figure_scale { SCALE_AUTO, SCALE_LINEAR, SCALE_LOG };

#define FIGURE_LOG_SPAN 10.0   /* auto: log axis when max / min value exceeds this */

/* "auto", "linear", "log": 0, or -1 if unknown. */
int figure_scale_parse(const char *name, enum figure_scale *out);

struct series_style {
    const char *colour;   /* a bar's fill, "#0072B2" */
    const char *line;     /* a line's colour: the same hue, dark enough on white */
    int pattern;          /* gnuplot fill pattern drawn in black over the colour; 0: none */
    int dash;             /* gnuplot dash type, 1-5 */
    int point;            /* gnuplot point type */
};

/* The style of series i (0-based). */
struct series_style figure_series_style(size_t i);

struct y_axis {
    bool log;
    double lo, hi;        /* the range; bars stand on lo */
};

/* The y axis for table t's series: columns first, first + step, ... hold
 * values, and when has_error, the column after each holds its error (bars
 * and whiskers reach value +- error). reference (a ratio figure's 1, or
 * NAN) is kept inside the range. */
struct y_axis figure_y_axis(const struct table *t, size_t first, size_t step, bool has_error,
                            double reference, enum figure_scale scale);

#endif
