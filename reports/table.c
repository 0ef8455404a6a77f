/* reports/table.c: the table of cells and footnotes (see table.h). */
#include "reports/table.h"

#include "base/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every text a table holds is escaped on the way in (base/text.h), so no
 * renderer ever meets a control character, whatever a results file held. */
static char *dup_or_empty(const char *s)
{
    return text_escaped(s ? s : "");
}

struct table *table_new(const char *title, size_t ncols, const char *const *headers)
{
    struct table *t = calloc(1, sizeof *t);
    t->title = dup_or_empty(title);
    t->ncols = ncols;
    t->headers = calloc(ncols, sizeof *t->headers);
    t->align = calloc(ncols, sizeof *t->align);
    for (size_t c = 0; c < ncols; c++) {
        t->headers[c] = dup_or_empty(headers[c]);
        t->align[c] = c == 0 ? TABLE_LEFT : TABLE_RIGHT;
    }
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
    free(t->align);
    free(t->cells);
    free(t->notes);
    free(t->title);
    free(t);
}

size_t table_add_row(struct table *t)
{
    if (t->nrows == t->row_capacity) {
        t->row_capacity = t->row_capacity ? 2 * t->row_capacity : 16;
        t->cells = realloc(t->cells, t->row_capacity * t->ncols * sizeof *t->cells);
    }
    for (size_t c = 0; c < t->ncols; c++)
        t->cells[t->nrows * t->ncols + c] = (struct cell){ dup_or_empty(NULL), NAN, 0, false };
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
    char *text = NULL;
    if (isnan(value) || asprintf(&text, fmt, value) < 0)
        text = NULL;
    table_set_text(t, row, col, text ? text : "n/a");
    table_cell(t, row, col)->value = text ? value : NAN;
    free(text);
}

void table_set_strong(struct table *t, size_t row, size_t col)
{
    table_cell(t, row, col)->strong = true;
}

void table_set_align(struct table *t, size_t col, enum table_align align)
{
    t->align[col] = align;
}

static size_t note_index(struct table *t, const char *note)
{
    char *escaped = dup_or_empty(note);
    for (size_t n = 0; n < t->nnotes; n++)
        if (strcmp(t->notes[n], escaped) == 0) {
            free(escaped);
            return n + 1;
        }
    t->notes = realloc(t->notes, (t->nnotes + 1) * sizeof *t->notes);
    t->notes[t->nnotes++] = escaped;
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
