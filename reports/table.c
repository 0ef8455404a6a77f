/* reports/table.c: the table of cells and footnotes (see table.h). */
#include "reports/table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

struct table *table_new(const char *title, size_t ncols, const char *const *headers)
{
    struct table *t = calloc(1, sizeof *t);
    t->title = dup_or_empty(title);
    t->ncols = ncols;
    t->headers = calloc(ncols, sizeof *t->headers);
    for (size_t c = 0; c < ncols; c++)
        t->headers[c] = dup_or_empty(headers[c]);
    return t;
}

void table_free(struct table *t)
{
    if (!t)
        return;
    for (size_t c = 0; c < t->ncols; c++)
        free(t->headers[c]);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i].text);
    for (size_t n = 0; n < t->nnotes; n++)
        free(t->notes[n]);
    free(t->headers);
    free(t->cells);
    free(t->notes);
    free(t->title);
    free(t);
}

size_t table_add_row(struct table *t)
{
    t->cells = realloc(t->cells, (t->nrows + 1) * t->ncols * sizeof *t->cells);
    for (size_t c = 0; c < t->ncols; c++)
        t->cells[t->nrows * t->ncols + c] = (struct cell){ dup_or_empty(NULL), NAN, 0 };
    return t->nrows++;
}

struct cell *table_cell(const struct table *t, size_t row, size_t col)
{
    return &t->cells[row * t->ncols + col];
}

void table_set_text(struct table *t, size_t row, size_t col, const char *text)
{
    struct cell *c = table_cell(t, row, col);
    free(c->text);
    c->text = dup_or_empty(text);
    c->value = NAN;
}

void table_set_num(struct table *t, size_t row, size_t col, const char *fmt, double value)
{
    char buf[64];
    if (isnan(value))
        snprintf(buf, sizeof buf, "n/a");
    else
        snprintf(buf, sizeof buf, fmt, value);
    table_set_text(t, row, col, buf);
    table_cell(t, row, col)->value = value;
}

static size_t note_index(struct table *t, const char *note)
{
    for (size_t n = 0; n < t->nnotes; n++)
        if (strcmp(t->notes[n], note) == 0)
            return n + 1;
    t->notes = realloc(t->notes, (t->nnotes + 1) * sizeof *t->notes);
    t->notes[t->nnotes++] = strdup(note);
    return t->nnotes;
}

void table_note(struct table *t, size_t row, size_t col, const char *note)
{
    table_cell(t, row, col)->note = note_index(t, note);
}

void table_add_note(struct table *t, const char *note)
{
    note_index(t, note);
}
