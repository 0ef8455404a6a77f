/* reports/select.c: choosing what a table is about, labels, and counter cells (see tables.h). */
#include "reports/tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

long select_cases(const struct run_set *s, const struct report_request *req, bool one_thread_count,
                  size_t **cases, char *err, size_t errlen)
{
    struct case_request want = { req->workload, req->params, req->pmu, req->threads };
    return runs_select_cases(s, &want, one_thread_count, cases, err, errlen);
}

/* Whether allocator a has a benchmark in any of the cases. */
static bool ran_in(const struct run_set *s, const size_t *cases, size_t n, size_t a)
{
    for (size_t i = 0; i < n; i++)
        if (run_set_find(s, cases[i], a))
            return true;
    return false;
}

long select_allocator(const struct run_set *s, const size_t *cases, size_t n, const char *wanted,
                      char *err, size_t errlen)
{
    char list[TEXT_QUOTED_LEN], q[TEXT_QUOTED_LEN];
    char *joined = NULL;
    size_t len = 0, present = 0;
    long found = -1;
    FILE *out = open_memstream(&joined, &len);
    for (size_t a = 0; out && a < run_set_allocator_count(s); a++) {
        if (!ran_in(s, cases, n, a))
            continue;
        fprintf(out, "%s%s", present++ ? ", " : "", run_set_allocator(s, a));
        if (!wanted || strcmp(wanted, run_set_allocator(s, a)) == 0)
            found = (long)a;
    }
    if (out)
        fclose(out);
    text_quote(joined ? joined : "", list, sizeof list);
    free(joined);
    if (wanted && found < 0)
        snprintf(err, errlen, "no runs of allocator '%s' (there are: %s)", text_quote(wanted, q, sizeof q), list);
    else if (found < 0)
        snprintf(err, errlen, "no runs to report");
    else if (!wanted && present > 1) {
        snprintf(err, errlen, "several allocators (%s): choose one with --allocator", list);
        found = -1;
    }
    return found;
}

const char *select_reference(const struct run_set *s, const char *requested, char *err, size_t errlen)
{
    if (requested) {
        size_t all = run_set_case_count(s), *cases = malloc((all + 1) * sizeof *cases);
        for (size_t c = 0; cases && c < all; c++)
            cases[c] = c;
        long a = cases ? select_allocator(s, cases, all, requested, err, errlen) : -1;
        free(cases);
        return a < 0 ? NULL : run_set_allocator(s, (size_t)a);
    }
    if (run_set_allocator_index(s, "glibc") != (size_t)-1)
        return "glibc";
    if (run_set_allocator_count(s) == 0)
        snprintf(err, errlen, "no runs to report");
    return run_set_allocator_count(s) ? run_set_allocator(s, 0) : NULL;
}

char *case_label(const struct run_set *s, size_t c, bool with_threads)
{
    const struct run_case *k = run_set_case(s, c);
    char *distinction = run_set_case_distinction(s, c), *label = NULL;
    char threads[48] = "";
    if (with_threads && run_set_case_thread_counts(s, c) > 1)
        snprintf(threads, sizeof threads, " (%lld thr)", k->threads);
    bool distinct = distinction && *distinction;
    if (asprintf(&label, "%s%s%s%s%s", k->workload, distinct ? " (" : "", distinct ? distinction : "",
                 distinct ? ")" : "", threads) < 0)
        label = NULL;
    free(distinction);
    return label;
}

void note_counter(struct table *t, size_t row, size_t col, const struct counter_sample *c,
                  const char *event)
{
    char *note = NULL;
    if (c->n == 0 &&
        asprintf(&note, "%s: %s", event, c->unavailable ? c->unavailable : "not recorded in these runs") >= 0) {
        table_note(t, row, col, note);
        free(note);
    } else if (c->n && c->source == COUNTER_SIMULATED) {
        table_note(t, row, col, "simulated (cachegrind), not measured by the PMU");
    }
}

void note_simulated_time(struct table *t, size_t row, size_t col, const struct run_set *s,
                         const struct bench *b)
{
    enum run_timing timing = run_set_timing(s, &b, 1);
    if (timing == TIMES_SIMULATED)
        table_note(t, row, col, "simulated: the time of the cachegrind simulation (about 50x slower, "
                                "threads serialised), not the machine's");
    else if (timing == TIMES_MIXED)
        table_note(t, row, col, "some of these runs ran under the cachegrind simulation: their times "
                                "are not the machine's");
}

void put_counter(struct table *t, size_t row, size_t col, const struct counter_sample *c,
                 const char *event)
{
    table_set_num(t, row, col, "%.3E", c->median);
    note_counter(t, row, col, c, event);
}
