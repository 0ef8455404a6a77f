/*
 * reports/gnuplot.h: draws a figure's data (figures.h) with gnuplot. Writes
 * NAME.dat (the data) and NAME.gp (the script) beside NAME.svg or NAME.png,
 * so a figure can be restyled and redrawn by hand, then runs gnuplot as a
 * child process. Figures are black on white, series told apart by fill
 * pattern or dash type and point shape, so they read in greyscale.
 *
 * What it must never do: compute statistics or read results.
 */
#ifndef NGBENCH_REPORTS_GNUPLOT_H
#define NGBENCH_REPORTS_GNUPLOT_H

#include <stddef.h>

#include "reports/figures.h"
#include "reports/table.h"

/* The gnuplot program: $NGBENCH_GNUPLOT when set, else "gnuplot" found on
 * PATH. 0, or -1 with err ("gnuplot not found on PATH: apt-get install
 * gnuplot-nox, or set NGBENCH_GNUPLOT"). */
int gnuplot_find(char *path, size_t len, char *err, size_t errlen);

/* The gnuplot terminal for an output name ending in .svg or .png, else NULL. */
const char *gnuplot_terminal(const char *output);

/* output ends in .svg or .png. 0, or -1 with err set. */
int gnuplot_draw(const char *gnuplot, const struct table *data, enum figure figure,
                 const char *output, char *err, size_t errlen);

#endif
