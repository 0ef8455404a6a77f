/* reports/render.c: one table, five formats (see render.h). */
#include "reports/render.h"

#include <jansson.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/text.h"

/* ---- Shared: a cell's text with its footnote mark ---- */

/* A new string: the cell's text, then " [N]" when it has a note. */
static char *cell_text(const struct cell *c)
{
    char *text = NULL;
    int n = c->note ? asprintf(&text, "%s [%zu]", c->text, c->note) : asprintf(&text, "%s", c->text);
    return n < 0 ? NULL : text;
}

/* ---- Display width: columns on a terminal, not bytes ---- */

/* C.UTF-8 for wcwidth, made once: ngbench runs in the C locale, and making
 * it per cell opened the locale file once per cell (32,000 times for a
 * 2,000-run report, most of its time). NULL when the system lacks it. */
static locale_t utf8_locale(void)
{
    static locale_t utf8;
    static bool tried;
    if (!tried) {
        utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
        tried = true;
    }
    return utf8;
}

static bool all_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* ASCII text (cells hold no control characters) is one column a byte.
 * Other text is counted with wcwidth under C.UTF-8; without it, every
 * character that is not a continuation byte counts one. */
size_t render_width(const char *s)
{
    if (all_ascii(s))
        return strlen(s);
    locale_t utf8 = utf8_locale();
    locale_t old = utf8 ? uselocale(utf8) : (locale_t)0;
    size_t width = 0, len = strlen(s);
    mbstate_t state;
    memset(&state, 0, sizeof state);
    while (len > 0) {
        wchar_t wc;
        size_t n = utf8 ? mbrtowc(&wc, s, len, &state) : (size_t)-1;
        if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
            width += ((unsigned char)*s & 0xC0) != 0x80;
            memset(&state, 0, sizeof state);
            n = 1;
        } else if (wcwidth(wc) > 0) {
            width += (size_t)wcwidth(wc);
        }
        s += n;
        len -= n;
    }
    if (utf8)
        uselocale(old);
    return width;
}

/* ---- Text: aligned columns (default: first left, the rest right) ---- */

static size_t column_width(const struct table *t, size_t col)
{
    size_t w = render_width(t->headers[col]);
    for (size_t r = 0; r < t->nrows; r++) {
        char *text = cell_text(table_cell(t, r, col));
        if (text && render_width(text) > w)
            w = render_width(text);
        free(text);
    }
    return w;
}

static void spaces(FILE *out, size_t n)
{
    while (n--)
        fputc(' ', out);
}

/* One line: the headers when header is set, else row r. It ends at the last
 * cell that is not empty, with no blanks after it. */
static void text_line(FILE *out, const struct table *t, const size_t *widths, int header, size_t r)
{
    size_t last = 0;
    for (size_t c = 0; c < t->ncols; c++)
        if (header || table_cell(t, r, c)->text[0] || table_cell(t, r, c)->note)
            last = c;
    for (size_t c = 0; c <= last; c++) {
        char *text = header ? strdup(t->headers[c]) : cell_text(table_cell(t, r, c));
        const char *shown = text ? text : "";
        size_t pad = widths[c] - render_width(shown);
        if (c > 0)
            spaces(out, 2);
        if (t->align[c] == TABLE_RIGHT)
            spaces(out, pad);
        fputs(shown, out);
        if (t->align[c] == TABLE_LEFT && c < last)
            spaces(out, pad);
        free(text);
    }
    fputc('\n', out);
}

/* A titled table: title, headers, a rule, rows, notes. An untitled one
 * (under its caller's own heading): headers, rows, notes. */
static void render_text(FILE *out, const struct table *t)
{
    size_t *widths = calloc(t->ncols + 1, sizeof *widths), total = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        widths[c] = column_width(t, c);
        total += widths[c] + (c ? 2 : 0);
    }
    if (t->title[0])
        fprintf(out, "%s\n", t->title);
    text_line(out, t, widths, 1, 0);
    if (t->title[0]) {
        for (size_t i = 0; i < total; i++)
            fputc('-', out);
        fputc('\n', out);
    }
    for (size_t r = 0; r < t->nrows; r++)
        text_line(out, t, widths, 0, r);
    for (size_t n = 0; n < t->nnotes; n++)
        fprintf(out, "[%zu] %s\n", n + 1, t->notes[n]);
    free(widths);
}

/* ---- Markdown: a pipe table ---- */

static void md_escaped(FILE *out, const char *s)
{
    char *escaped = text_markdown(s);
    fputs(escaped ? escaped : "", out);
    free(escaped);
}

static void md_cell(FILE *out, const struct cell *c)
{
    fputs(c->strong ? " **" : " ", out);
    md_escaped(out, c->text);
    if (c->note)
        fprintf(out, " [%zu]", c->note);
    fputs(c->strong ? "** |" : " |", out);
}

static void render_md(FILE *out, const struct table *t)
{
    if (t->title[0]) {
        fputs("**", out);
        md_escaped(out, t->title);
        fputs("**\n\n", out);
    }
    fputc('|', out);
    for (size_t c = 0; c < t->ncols; c++) {
        fputc(' ', out);
        md_escaped(out, t->headers[c]);
        fputs(" |", out);
    }
    fputs("\n|", out);
    for (size_t c = 0; c < t->ncols; c++)
        fputs(t->align[c] == TABLE_LEFT ? " --- |" : " ---: |", out);
    fputc('\n', out);
    for (size_t r = 0; r < t->nrows; r++) {
        fputc('|', out);
        for (size_t c = 0; c < t->ncols; c++)
            md_cell(out, table_cell(t, r, c));
        fputc('\n', out);
    }
    if (t->nnotes)
        fputc('\n', out);
    for (size_t n = 0; n < t->nnotes; n++) {
        fprintf(out, "- [%zu] ", n + 1);
        md_escaped(out, t->notes[n]);
        fputc('\n', out);
    }
}

/* ---- CSV (RFC 4180): header, rows, then a blank row and one row per note ---- */

/* A text field that a spreadsheet would take for a formula (=, +, -, @ or
 * a tab first) gets a leading apostrophe, so opening the file runs nothing;
 * numbers are written as they are. */
static void csv_field(FILE *out, const char *s, bool text, int first)
{
    if (!first)
        fputc(',', out);
    bool formula = text && *s && strchr("=+-@\t\r", *s);
    if (!formula && strpbrk(s, ",\"\n\r") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    if (formula)
        fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void csv_cell(FILE *out, const struct cell *c, int first)
{
    char *text = cell_text(c);
    csv_field(out, text ? text : "", isnan(c->value), first);
    free(text);
}

static void render_csv(FILE *out, const struct table *t)
{
    for (size_t c = 0; c < t->ncols; c++)
        csv_field(out, t->headers[c], true, c == 0);
    fputc('\n', out);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++)
            csv_cell(out, table_cell(t, r, c), c == 0);
        fputc('\n', out);
    }
    if (t->nnotes)
        fputc('\n', out);
    for (size_t n = 0; n < t->nnotes; n++) {
        fprintf(out, "[%zu]", n + 1);
        csv_field(out, t->notes[n], true, 0);
        fputc('\n', out);
    }
}

/* ---- LaTeX: a tabular in a table float, notes below ---- */

static void latex_escaped(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': case '%': case '$': case '#': case '_': case '{': case '}':
            fprintf(out, "\\%c", *s);
            break;
        case '~':
            fputs("\\textasciitilde{}", out);
            break;
        case '^':
            fputs("\\textasciicircum{}", out);
            break;
        case '\\':
            fputs("\\textbackslash{}", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

static void latex_cell(FILE *out, const struct cell *c)
{
    if (c->strong)
        fputs("\\textbf{", out);
    latex_escaped(out, c->text);
    if (c->strong)
        fputc('}', out);
    if (c->note)
        fprintf(out, "\\textsuperscript{%zu}", c->note);
}

static void render_latex(FILE *out, const struct table *t)
{
    fputs("\\begin{table}\n\\centering\n\\caption{", out);
    latex_escaped(out, t->title);
    fputs("}\n\\begin{tabular}{", out);
    for (size_t c = 0; c < t->ncols; c++)
        fputc(t->align[c] == TABLE_LEFT ? 'l' : 'r', out);
    fputs("}\n\\hline\n", out);
    for (size_t c = 0; c < t->ncols; c++) {
        fputs(c ? " & " : "", out);
        latex_escaped(out, t->headers[c]);
    }
    fputs(" \\\\\n\\hline\n", out);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            fputs(c ? " & " : "", out);
            latex_cell(out, table_cell(t, r, c));
        }
        fputs(" \\\\\n", out);
    }
    fputs("\\hline\n\\end{tabular}\n", out);
    for (size_t n = 0; n < t->nnotes; n++) {
        fprintf(out, "\\par\\footnotesize\\textsuperscript{%zu} ", n + 1);
        latex_escaped(out, t->notes[n]);
        fputc('\n', out);
    }
    fputs("\\end{table}\n", out);
}

/* ---- JSON: numbers stay numbers, n/a is null, marked cells carry their note ---- */

/* A cell the table shows as a whole number ("%.0f": threads, counts) is an
 * integer in JSON too, never 1.0. */
static bool shown_as_integer(const struct cell *c)
{
    const char *t = c->text + (c->text[0] == '-');
    return *t && strspn(t, "0123456789") == strlen(t) && fabs(c->value) < 9e15 &&
           c->value == (double)(json_int_t)c->value;
}

static json_t *json_cell(const struct cell *c)
{
    json_t *v;
    if (!isnan(c->value) && shown_as_integer(c))
        v = json_integer((json_int_t)c->value);
    else if (!isnan(c->value))
        v = json_real(c->value);
    else if (strcmp(c->text, "n/a") == 0)
        v = json_null();
    else
        v = json_string(c->text);
    if (!c->note)
        return v;
    return json_pack("{s:o,s:I}", "value", v, "note", (json_int_t)c->note);
}

static void render_json(FILE *out, const struct table *t)
{
    json_t *headers = json_array(), *rows = json_array(), *notes = json_array();
    for (size_t c = 0; c < t->ncols; c++)
        json_array_append_new(headers, json_string(t->headers[c]));
    for (size_t r = 0; r < t->nrows; r++) {
        json_t *row = json_array();
        for (size_t c = 0; c < t->ncols; c++)
            json_array_append_new(row, json_cell(table_cell(t, r, c)));
        json_array_append_new(rows, row);
    }
    for (size_t n = 0; n < t->nnotes; n++)
        json_array_append_new(notes, json_string(t->notes[n]));
    json_t *doc = json_pack("{s:s,s:o,s:o,s:o}", "title", t->title, "columns", headers,
                            "rows", rows, "notes", notes);
    json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    fputc('\n', out);
    json_decref(doc);
}

void render_table(FILE *out, const struct table *t, enum report_format format)
{
    switch (format) {
    case REPORT_TEXT: render_text(out, t); break;
    case REPORT_MD: render_md(out, t); break;
    case REPORT_CSV: render_csv(out, t); break;
    case REPORT_LATEX: render_latex(out, t); break;
    case REPORT_JSON: render_json(out, t); break;
    }
}
