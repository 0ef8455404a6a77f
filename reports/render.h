/*
 * reports/render.h: draws a table (table.h) as text, Markdown, CSV, LaTeX or
 * JSON. Footnote marks print as "[N]" after the cell (LaTeX: superscript N);
 * the notes follow the table.
 *
 * What it must never do: decide what a table holds.
 */
#ifndef NGBENCH_REPORTS_RENDER_H
#define NGBENCH_REPORTS_RENDER_H

#include <stdio.h>

#include "reports/report.h"
#include "reports/table.h"

void render_table(FILE *out, const struct table *t, enum report_format format);

#endif
