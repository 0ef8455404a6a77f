/* reports/figures.c: the data behind each figure (see figures.h). */
#include "reports/figures.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/tables.h"

int figure_parse(const char *name, enum figure *out)
{
    static const char *const names[] = { [FIGURE_1] = "1", [FIGURE_SCALING] = "scaling",
                                         [FIGURE_SUMMARY] = "summary" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i], name) == 0) {
            *out = (enum figure)i;
            return 0;
        }
    return -1;
}

/* A table with the x label column and, per allocator, a value and a MAD column. */
static struct table *series_table(const char *title, const char *x_label, const char *const *allocators, size_t n)
{
    const char **headers = calloc(2 * n + 1, sizeof *headers);
    char **mad = calloc(n + 1, sizeof *mad);
    headers[0] = x_label;
    for (size_t a = 0; a < n; a++) {
        headers[1 + 2 * a] = allocators[a];
        if (asprintf(&mad[a], "%s MAD", allocators[a]) < 0)
            mad[a] = NULL;
        headers[2 + 2 * a] = mad[a] ? mad[a] : "MAD";
    }
    struct table *t = table_new(title, 2 * n + 1, headers);
    for (size_t a = 0; a < n; a++)
        free(mad[a]);
    free(headers);
    free(mad);
    return t;
}

/* One row: each allocator's median and MAD in case c, divided by scale. */
static void series_row(struct table *t, const struct run_set *s, size_t c, const size_t *allocators, size_t n,
                       size_t row, double scale)
{
    for (size_t a = 0; a < n; a++) {
        const struct bench *b = run_set_find(s, c, allocators[a]);
        struct field_sample wall = b ? run_set_field(s, b, RUN_WALL_S) : (struct field_sample){ NAN, NAN, NAN, 0, 0 };
        table_set_num(t, row, 1 + 2 * a, "%.6g", wall.median / scale);
        table_set_num(t, row, 2 + 2 * a, "%.6g", wall.mad / scale);
    }
}

/* What a figure of times shows, the machine's or the simulation's:
 * "execution time", "simulated execution time (cachegrind)", ... The first
 * letter capitalised when it starts the title. A new string. */
static char *timing_words(enum run_timing timing, const char *what, bool starts_title)
{
    char *words = NULL;
    int n = timing == TIMES_SIMULATED ? asprintf(&words, "simulated %s (cachegrind)", what)
          : timing == TIMES_MIXED ? asprintf(&words, "%s (some runs simulated by cachegrind)", what)
          : asprintf(&words, "%s", what);
    if (n < 0)
        return NULL;
    if (starts_title)
        words[0] = (char)toupper((unsigned char)words[0]);
    return words;
}

/* Every allocator, by index and name. */
static void all_allocators(const struct run_set *s, size_t *index, const char **names)
{
    for (size_t a = 0; a < run_set_allocator_count(s); a++) {
        index[a] = a;
        names[a] = run_set_allocator(s, a);
    }
}

struct table *figure1_data(const struct run_set *s, const struct report_request *req,
                           char *err, size_t errlen)
{
    size_t na = run_set_allocator_count(s);
    if (na == 0) {
        snprintf(err, errlen, "no runs to plot");
        return NULL;
    }
    size_t index[na];
    const char *names[na];
    all_allocators(s, index, names);
    const char *reference = select_reference(s, req->baseline, err, errlen);
    if (!reference)
        return NULL;
    size_t ref = run_set_allocator_index(s, reference);
    char *title = NULL, *what = timing_words(run_set_timing(s, NULL, 0), "execution time", true);
    if (asprintf(&title, "%s relative to %s (bars: median, whiskers: MAD)", what ? what : "", reference) < 0)
        title = NULL;
    free(what);
    struct table *t = series_table(title, "workload", names, na);
    free(title);
    for (size_t c = 0; c < run_set_case_count(s); c++) {
        const struct bench *rb = ref == (size_t)-1 ? NULL : run_set_find(s, c, ref);
        char *label = case_label(s, c, true);
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, label);
        free(label);
        series_row(t, s, c, index, na, row, rb ? run_set_field(s, rb, RUN_WALL_S).median : NAN);
    }
    return t;
}

struct table *scaling_data(const struct run_set *s, const struct report_request *req,
                           char *err, size_t errlen)
{
    size_t *cases;
    long n = select_cases(s, req, false, &cases, err, errlen);
    if (n < 0)
        return NULL;
    size_t na = run_set_allocator_count(s), used = 0;
    size_t index[na + 1];
    const char *names[na + 1];
    for (size_t a = 0; a < na; a++)
        for (long i = 0; i < n; i++)
            if (run_set_find(s, cases[i], a)) {
                index[used] = a;
                names[used++] = run_set_allocator(s, a);
                break;
            }
    const struct bench *benches[n * na + 1];
    size_t nbenches = 0;
    for (long i = 0; i < n; i++)
        for (size_t a = 0; a < na; a++)
            if ((benches[nbenches] = run_set_find(s, cases[i], a)))
                nbenches++;
    char *label = case_label(s, cases[0], false), *title = NULL;
    char *what = timing_words(run_set_timing(s, benches, nbenches), "wall time", false);
    if (asprintf(&title, "%s: %s by number of threads", label, what ? what : "") < 0)
        title = NULL;
    free(what);
    struct table *t = series_table(title, "threads", names, used);
    free(label);
    free(title);
    for (long i = 0; i < n; i++) {
        size_t row = table_add_row(t);
        table_set_num(t, row, 0, "%.0f", (double)run_set_case(s, cases[i])->threads);
        series_row(t, s, cases[i], index, used, row, 1.0);
    }
    free(cases);
    return t;
}

struct table *summary_chart_data(const struct run_set *s, const struct report_request *req,
                                 char *err, size_t errlen)
{
    if (run_set_allocator_count(s) == 0) {
        snprintf(err, errlen, "no runs to report");
        return NULL;
    }
    const char *reference = select_reference(s, req->baseline, err, errlen);
    if (!reference)
        return NULL;
    double *geomeans = summary_geomeans(s, reference);
    char *title = NULL, *what = timing_words(run_set_timing(s, NULL, 0), "time", false);
    int n = what ? asprintf(&title, "Geometric mean of %s relative to %s", what, reference) : -1;
    free(what);
    if (!geomeans || n < 0) {
        free(geomeans);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    const char *headers[] = { "allocator", "geometric mean" };
    struct table *t = table_new(title, 2, headers);
    free(title);
    for (size_t a = 0; a < run_set_allocator_count(s); a++) {
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, run_set_allocator(s, a));
        table_set_num(t, row, 1, "%.6g", geomeans[a]);
    }
    free(geomeans);
    return t;
}

bool figure_has_values(const struct table *data)
{
    for (size_t r = 0; r < data->nrows; r++)
        for (size_t c = 1; c < data->ncols; c++)
            if (!isnan(table_cell(data, r, c)->value))
                return true;
    return false;
}
