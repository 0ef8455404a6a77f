/*
 * reports/render.h: draws a table (table.h) as text, Markdown, CSV, LaTeX or
 * JSON: the one table renderer, for reports and the gate alike. Text columns
 * are as wide as their widest cell in display columns (UTF-8 characters, not
 * bytes), aligned as the table says, with no blanks at the end of a line.
 * Footnote marks print as "[N]" after the cell (LaTeX: superscript N); the
 * notes follow the table.
 *
 * What it must never do: decide what a table holds.
 */
#ifndef NGBENCH_REPORTS_RENDER_H
#define NGBENCH_REPORTS_RENDER_H

#include <stddef.h>
#include <stdio.h>

#include "reports/report.h"
#include "reports/table.h"

void render_table(FILE *out, const struct table *t, enum report_format format);

/* How many terminal columns s takes: a UTF-8 character is one (two for wide
 * ones, none for combining marks), whatever its length in bytes. */
size_t render_width(const char *s);

#endif
