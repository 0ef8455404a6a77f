/* ci/gate_format.c: printing a gate report (see gate_format.h). */
#include "ci/gate_format.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "base/exit_codes.h"
#include "base/text.h"

int gate_format_parse(const char *name, enum gate_format *out)
{
    static const char *const names[] = { [GATE_FORMAT_TEXT] = "text", [GATE_FORMAT_MD] = "md",
                                         [GATE_FORMAT_JSON] = "json" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (enum gate_format)i;
            return 0;
        }
    return -1;
}

static const char *result_word(int exit_status)
{
    return exit_status == EXIT_OK ? "pass" : exit_status == EXIT_FAILED ? "fail" : "inconclusive";
}

/* ---- Cells shared by the text and Markdown tables ---- */

enum { COL_VERDICT, COL_BENCHMARK, COL_BASELINE, COL_CURRENT, COL_CHANGE, COL_P, COL_NOTE, NCOLS };
static const char *const headers[NCOLS] = { "verdict", "benchmark", "baseline median ± MAD (n)",
                                            "current median ± MAD (n)", "change [interval]", "p", "note" };

/* Each cell a new string, never cut (a benchmark's name has no length limit). */
struct cells {
    char *text[NCOLS];
};

static char *cell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *cell(const char *fmt, ...)
{
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    return n < 0 ? NULL : text;
}

static char *side_cell(const struct gate_side *s, bool present)
{
    if (!present)
        return cell("-");
    if (s->samples == 0)
        return cell("no samples");
    return cell("%.4g ± %.2g (%zu)", s->median, s->mad, s->samples);
}

static char *change_cell(const struct gate_row *row)
{
    if (isnan(row->ratio))
        return cell("-");
    if (row->exact && row->lo == row->hi)
        return cell("%+.2f%% (exact)", 100 * (row->ratio - 1));
    if (isnan(row->lo))
        return cell("%+.2f%%", 100 * (row->ratio - 1));
    return cell("%+.2f%% [%+.2f%%, %+.2f%%]", 100 * (row->ratio - 1), 100 * (row->lo - 1), 100 * (row->hi - 1));
}

/* "N repetitions a side", or "N or more" at the estimate's limit. */
static void repeats_text(char *buf, size_t len, size_t repeats)
{
    snprintf(buf, len, "%zu%s repetitions a side", repeats, repeats >= GATE_REPEATS_LIMIT ? " or more" : "");
}

static char *note_cell(const struct gate_row *row)
{
    char repeats[64];
    repeats_text(repeats, sizeof repeats, row->repeats_needed);
    if (row->repeats_needed > 0)
        return cell("%s; %s would settle it", row->why, repeats);
    return cell("%s", row->why ? row->why : "");
}

static void row_cells(struct cells *c, const struct gate_row *row)
{
    c->text[COL_VERDICT] = cell("%s", gate_verdict_name(row->verdict));
    c->text[COL_BENCHMARK] = cell("%s", row->name);
    c->text[COL_BASELINE] = side_cell(&row->base, row->in_baseline);
    c->text[COL_CURRENT] = side_cell(&row->cur, row->in_current);
    c->text[COL_CHANGE] = change_cell(row);
    c->text[COL_P] = isnan(row->p) ? cell("-") : cell("%.2g", row->p);
    c->text[COL_NOTE] = note_cell(row);
}

static const char *text_of(const struct cells *c, int k)
{
    return c->text[k] ? c->text[k] : "";
}

/* Display width: the ± sign is two bytes and one column. */
static int width_of(const char *s)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        w += (*p & 0xC0) != 0x80;
    return w;
}

static void print_padded(FILE *out, const char *s, int width)
{
    int pad = width - width_of(s);
    fprintf(out, "%s%*s", s, pad > 0 ? pad : 0, "");
}

/* Columns padded to their width, without trailing blanks after the last filled one. */
static void print_text_line(FILE *out, const struct cells *c, const int *width)
{
    int last = NCOLS - 1;
    while (last > 0 && !text_of(c, last)[0])
        last--;
    for (int k = 0; k <= last; k++)
        print_padded(out, text_of(c, k), k < last ? width[k] + 2 : 0);
    fputc('\n', out);
}

static void print_text_table(FILE *out, const struct gate_report *r, const struct cells *cells)
{
    int width[NCOLS];
    for (int k = 0; k < NCOLS; k++) {
        width[k] = width_of(headers[k]);
        for (size_t i = 0; i < r->nrows; i++)
            if (width_of(text_of(&cells[i], k)) > width[k])
                width[k] = width_of(text_of(&cells[i], k));
    }
    struct cells header;
    for (int k = 0; k < NCOLS; k++)
        header.text[k] = (char *)headers[k];
    print_text_line(out, &header, width);
    for (size_t i = 0; i < r->nrows; i++)
        print_text_line(out, &cells[i], width);
}

static void print_md_table(FILE *out, const struct gate_report *r, const struct cells *cells)
{
    for (int k = 0; k < NCOLS; k++)
        fprintf(out, "| %s ", headers[k]);
    fprintf(out, "|\n");
    for (int k = 0; k < NCOLS; k++)
        fprintf(out, "| --- ");
    fprintf(out, "|\n");
    for (size_t i = 0; i < r->nrows; i++) {
        for (int k = 0; k < NCOLS; k++) {
            const char *bold = k == COL_VERDICT && r->rows[i].verdict <= GATE_MISSING ? "**" : "";
            /* a benchmark's name is data from the files, never markup */
            char *shown = k == COL_BENCHMARK ? text_markdown(text_of(&cells[i], k)) : NULL;
            fprintf(out, "| %s%s%s ", bold, shown ? shown : text_of(&cells[i], k), bold);
            free(shown);
        }
        fprintf(out, "|\n");
    }
}

/* ---- Text and Markdown ---- */

static void print_settings(FILE *out, const struct gate_report *r)
{
    const struct gate_settings *s = &r->settings;
    fprintf(out, "metric %s, threshold %g%%, alpha %g, min-repeats %zu, interval %g%% (bootstrap, %u resamples)\n",
            s->metric, s->threshold_pct, s->alpha, s->min_repeats, 100 * (1 - 2 * s->alpha),
            s->bootstrap_iterations);
}

static void print_summary(FILE *out, const struct gate_report *r, const char *bullet)
{
    if (r->geomean_n > 0)
        fprintf(out, "%sgeometric mean of current/baseline: %.4f (%+.2f%%) over %zu benchmarks\n", bullet,
                r->geomean, 100 * (r->geomean - 1), r->geomean_n);
    for (size_t i = 0; i < r->nwarnings; i++) {
        char *shown = *bullet ? text_markdown(r->warnings[i]) : NULL;   /* Markdown: escaped */
        fprintf(out, "%swarning: %s\n", bullet, shown ? shown : r->warnings[i]);
        free(shown);
    }
    size_t count[GATE_UNCHANGED + 1] = { 0 };
    for (size_t i = 0; i < r->nrows; i++)
        count[r->rows[i].verdict]++;
    if (r->repeats_needed > 0) {
        char repeats[64];
        repeats_text(repeats, sizeof repeats, r->repeats_needed);
        fprintf(out, "%sto settle: %s (ngbench run --resume --repeat=%zu on both sides), then gate again\n",
                bullet, repeats, r->repeats_needed);
    }
    fprintf(out, "%sresult: %s (exit %d):", bullet, result_word(r->exit_status), r->exit_status);
    for (int v = 0; v <= GATE_UNCHANGED; v++)
        fprintf(out, " %zu %s%s", count[v], gate_verdict_name((enum gate_verdict)v),
                v < GATE_UNCHANGED ? "," : "\n");
}

static void print_tables(FILE *out, const struct gate_report *r, bool markdown)
{
    struct cells *cells = calloc(r->nrows ? r->nrows : 1, sizeof *cells);
    if (!cells) {
        fprintf(out, "(out of memory formatting %zu rows)\n", r->nrows);
        return;
    }
    for (size_t i = 0; i < r->nrows; i++)
        row_cells(&cells[i], &r->rows[i]);
    if (markdown) {
        fprintf(out, "### ngbench gate: %s\n\n", result_word(r->exit_status));
        print_settings(out, r);
        fputc('\n', out);
        print_md_table(out, r, cells);
        fputc('\n', out);
        print_summary(out, r, "- ");
    } else {
        print_settings(out, r);
        print_text_table(out, r, cells);
        print_summary(out, r, "");
    }
    for (size_t i = 0; i < r->nrows; i++)
        for (int k = 0; k < NCOLS; k++)
            free(cells[i].text[k]);
    free(cells);
}

/* ---- JSON ---- */

static json_t *number_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *side_json(const struct gate_side *s, bool present)
{
    if (!present)
        return json_null();
    return json_pack("{s:I, s:I, s:o, s:o}", "samples", (json_int_t)s->samples, "failed", (json_int_t)s->failed,
                     "median", number_or_null(s->median), "mad", number_or_null(s->mad));
}

static json_t *count_or_null(size_t n)
{
    return n > 0 ? json_integer((json_int_t)n) : json_null();
}

static json_t *row_json(const struct gate_row *row)
{
    return json_pack("{s:s, s:O, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:s?, s:o}",
                     "benchmark", row->name, "identity", row->identity, "verdict", gate_verdict_name(row->verdict),
                     "baseline", side_json(&row->base, row->in_baseline),
                     "current", side_json(&row->cur, row->in_current),
                     "ratio", number_or_null(row->ratio), "ci_low", number_or_null(row->lo),
                     "ci_high", number_or_null(row->hi), "p", number_or_null(row->p),
                     "exact", row->exact, "why", row->why, "repeats_needed", count_or_null(row->repeats_needed));
}

static void print_json(FILE *out, const struct gate_report *r)
{
    const struct gate_settings *s = &r->settings;
    json_t *rows = json_array(), *warnings = json_array();
    for (size_t i = 0; i < r->nrows; i++)
        json_array_append_new(rows, row_json(&r->rows[i]));
    for (size_t i = 0; i < r->nwarnings; i++)
        json_array_append_new(warnings, json_string(r->warnings[i]));
    json_t *doc = json_pack("{s:s, s:f, s:f, s:I, s:b, s:I, s:o, s:o, s:I, s:o, s:o, s:s, s:i}",
                            "metric", s->metric, "threshold_pct", s->threshold_pct, "alpha", s->alpha,
                            "min_repeats", (json_int_t)s->min_repeats, "allow_missing", s->allow_missing,
                            "bootstrap_iterations", (json_int_t)s->bootstrap_iterations,
                            "benchmarks", rows, "geomean_ratio", number_or_null(r->geomean),
                            "geomean_n", (json_int_t)r->geomean_n, "warnings", warnings,
                            "repeats_needed", count_or_null(r->repeats_needed),
                            "result", result_word(r->exit_status), "exit_status", r->exit_status);
    if (doc) {
        json_dumpf(doc, out, JSON_INDENT(2));
        fputc('\n', out);
    }
    json_decref(doc);
}

void gate_format_print(FILE *out, const struct gate_report *report, enum gate_format format)
{
    if (format == GATE_FORMAT_JSON)
        print_json(out, report);
    else
        print_tables(out, report, format == GATE_FORMAT_MD);
}
