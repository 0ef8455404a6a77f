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
#include "reports/render.h"
#include "reports/table.h"

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

/* ---- The table, drawn by reports/render.c as text or Markdown ---- */

enum { COL_VERDICT, COL_BENCHMARK, COL_BASELINE, COL_CURRENT, COL_CHANGE, COL_P, COL_NOTE, NCOLS };
static const char *const headers[NCOLS] = { "verdict", "benchmark", "baseline median ± MAD (n)",
                                            "current median ± MAD (n)", "change [interval]", "p", "note" };

/* Each cell a new string, never cut (a benchmark's name has no length limit). */
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

static void add_row(struct table *t, const struct gate_row *row)
{
    size_t r = table_add_row(t);
    char *text[NCOLS] = {
        [COL_BASELINE] = side_cell(&row->base, row->in_baseline),
        [COL_CURRENT] = side_cell(&row->cur, row->in_current),
        [COL_CHANGE] = change_cell(row),
        [COL_P] = isnan(row->p) ? cell("-") : cell("%.2g", row->p),
        [COL_NOTE] = note_cell(row),
    };
    table_set_text(t, r, COL_VERDICT, gate_verdict_name(row->verdict));
    if (row->verdict <= GATE_MISSING)
        table_set_strong(t, r, COL_VERDICT);
    table_set_text(t, r, COL_BENCHMARK, row->name);
    for (int k = COL_BASELINE; k < NCOLS; k++) {
        table_set_text(t, r, (size_t)k, text[k]);
        free(text[k]);
    }
}

/* Untitled (the settings line heads it), every column left-aligned. */
static struct table *gate_table(const struct gate_report *r)
{
    struct table *t = table_new(NULL, NCOLS, headers);
    for (size_t c = 0; c < NCOLS; c++)
        table_set_align(t, c, TABLE_LEFT);
    for (size_t i = 0; i < r->nrows; i++)
        add_row(t, &r->rows[i]);
    return t;
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
    struct table *t = gate_table(r);
    if (markdown) {
        fprintf(out, "### ngbench gate: %s\n\n", result_word(r->exit_status));
        print_settings(out, r);
        fputc('\n', out);
        render_table(out, t, REPORT_MD);
        fputc('\n', out);
        print_summary(out, r, "- ");
    } else {
        print_settings(out, r);
        render_table(out, t, REPORT_TEXT);
        print_summary(out, r, "");
    }
    table_free(t);
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
