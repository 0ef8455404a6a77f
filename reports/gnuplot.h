/*
 * reports/gnuplot.h: draws a figure's data (figures.h) with gnuplot. Writes
 * OUTPUT.dat (the data) and OUTPUT.gp (the script) beside OUTPUT (NAME.svg
 * or NAME.png), so a figure can be restyled and redrawn by hand, then runs
 * gnuplot as a child process. Series differ by colour and by pattern, or by
 * dash and point shape (figure_style.h), so they read in colour, to
 * colour-blind readers and in greyscale; whiskers are drawn white around
 * black, visible on any bar; a log axis when values span more than 10x.
 *
 * What it must never do: compute statistics or read results.
 */
#ifndef NGBENCH_REPORTS_GNUPLOT_H
#define NGBENCH_REPORTS_GNUPLOT_H

#include <stddef.h>

#include "reports/figure_style.h"
#include "reports/figures.h"
#include "reports/table.h"

/* The gnuplot program: $NGBENCH_GNUPLOT when set, else "gnuplot" found on
 * PATH. 0, or -1 with err ("gnuplot not found on PATH: apt-get install
 * gnuplot-nox, or set NGBENCH_GNUPLOT"). */
int gnuplot_find(char *path, size_t len, char *err, size_t errlen);

/* The gnuplot terminal for an output name ending in .svg or .png, else NULL. */
const char *gnuplot_terminal(const char *output);

/* output ends in .svg or .png; scale chooses the y axis (figure_style.h).
 * 0, or -1 with err set. */
int gnuplot_draw(const char *gnuplot, const struct table *data, enum figure figure, enum figure_scale scale,
                 const char *output, char *err, size_t errlen);

#endif
