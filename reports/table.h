/*
 * reports/table.h: a table of cells with footnotes, built by the table
 * builders (counter_tables.c, compare_table.c, summary.c, and the gate's
 * ci/gate_format.c) and drawn by render.c in any format. Builders decide what
 * goes in, and may mark a column's alignment or a cell as strong; the
 * renderer decides how it looks. A cell keeps both its number (for json) and
 * its text.
 *
 * What it must never do: compute statistics or read results.
 */
#ifndef NGBENCH_REPORTS_TABLE_H
#define NGBENCH_REPORTS_TABLE_H

#include <stdbool.h>
#include <stddef.h>

struct cell {
    char *text;       /* as printed; "" when empty; control characters escaped */
    double value;     /* the number behind text; NAN for text and n/a */
    size_t note;      /* 1-based footnote index, 0 for none */
    bool strong;      /* to stand out (Markdown and LaTeX: bold) */
};

enum table_align { TABLE_LEFT, TABLE_RIGHT };

struct table {
    char *title;      /* "" for none: the table sits under its caller's own heading */
    size_t ncols;
    char **headers;
    enum table_align *align;   /* per column; by default the first left, the rest right */
    size_t nrows, row_capacity;
    struct cell *cells;   /* nrows * ncols, row-major */
    size_t nnotes;
    char **notes;
};

struct table *table_new(const char *title, size_t ncols, const char *const *headers);
void table_free(struct table *t);

/* Appends an empty row; returns its index. */
size_t table_add_row(struct table *t);
void table_set_text(struct table *t, size_t row, size_t col, const char *text);
/* printf-style format of one double, e.g. "%.3E" or "%.2f%%". NAN prints "n/a". */
void table_set_num(struct table *t, size_t row, size_t col, const char *fmt, double value);
void table_set_strong(struct table *t, size_t row, size_t col);
void table_set_align(struct table *t, size_t col, enum table_align align);
/* Attach a footnote (deduplicated by text) to a cell. */
void table_note(struct table *t, size_t row, size_t col, const char *note);
/* Attach a footnote to the table itself (printed, referenced by no cell). */
void table_add_note(struct table *t, const char *note);

struct cell *table_cell(const struct table *t, size_t row, size_t col);

#endif
