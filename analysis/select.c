/* analysis/select.c: choosing the cases a table is about (runs_select_cases in runs.h). */
#include "analysis/runs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

/* The cases still in the running, as indexes of run_set_case. */
struct candidates {
    const struct run_set *s;
    size_t *at;
    size_t n;
};

/* One property of a case, as a condition on it and as text for people. */
struct property {
    bool (*equal)(const struct run_case *a, const struct run_case *b);
    char *(*text)(const struct run_case *c);
};

static bool same_workload(const struct run_case *a, const struct run_case *b)
{
    return strcmp(a->workload, b->workload) == 0;
}

static bool same_params(const struct run_case *a, const struct run_case *b)
{
    return json_equal((json_t *)a->params, (json_t *)b->params);
}

static bool same_pmu(const struct run_case *a, const struct run_case *b)
{
    return strcmp(a->pmu, b->pmu) == 0;
}

static bool same_threads(const struct run_case *a, const struct run_case *b)
{
    return a->threads == b->threads;
}

static char *workload_text(const struct run_case *c)
{
    return strdup(c->workload);
}

static char *params_text(const struct run_case *c)
{
    return identity_params_text(c->params);
}

static char *pmu_text(const struct run_case *c)
{
    return strdup(c->pmu);
}

static char *threads_text(const struct run_case *c)
{
    char *t = NULL;
    return asprintf(&t, "%lld", c->threads) < 0 ? NULL : t;
}

static const struct property workloads = { same_workload, workload_text };
static const struct property param_sets = { same_params, params_text };
static const struct property backends = { same_pmu, pmu_text };
static const struct property thread_counts = { same_threads, threads_text };

static const struct run_case *candidate(const struct candidates *c, size_t i)
{
    return run_set_case(c->s, c->at[i]);
}

/* The distinct texts of p among the candidates, first-seen order, joined by
 * separator, on one line and cut (text_quote). */
static const char *list_of(const struct candidates *c, const struct property *p, const char *separator,
                           char *buf, size_t len)
{
    char *joined = NULL;
    size_t joined_len = 0;
    FILE *out = open_memstream(&joined, &joined_len);
    for (size_t i = 0; out && i < c->n && ftell(out) <= TEXT_QUOTE_MAX; i++) {
        size_t first = 0;
        while (!p->equal(candidate(c, first), candidate(c, i)))
            first++;
        char *t = first == i ? p->text(candidate(c, i)) : NULL;
        if (t)
            fprintf(out, "%s%s", i ? separator : "", t);
        free(t);
    }
    if (out)
        fclose(out);
    text_quote(joined ? joined : "", buf, len);
    free(joined);
    return buf;
}

static bool several(const struct candidates *c, const struct property *p)
{
    for (size_t i = 1; i < c->n; i++)
        if (!p->equal(candidate(c, 0), candidate(c, i)))
            return true;
    return false;
}

/* Keeps the candidates that keep() accepts; returns how many are left. */
static size_t narrow(struct candidates *c, bool (*keep)(const struct run_case *, const void *), const void *arg)
{
    size_t kept = 0;
    for (size_t i = 0; i < c->n; i++)
        if (keep(candidate(c, i), arg))
            c->at[kept++] = c->at[i];
    return c->n = kept;
}

static bool workload_is(const struct run_case *c, const void *name)
{
    return strcmp(c->workload, name) == 0;
}

static bool pmu_is(const struct run_case *c, const void *pmu)
{
    return strcmp(c->pmu, pmu) == 0;
}

static bool threads_are(const struct run_case *c, const void *threads)
{
    return c->threads == *(const long *)threads;
}

/* A params value as --params writes it: strings as they are, others as JSON. */
static bool value_is(const json_t *v, const char *want)
{
    if (json_is_string(v))
        return strcmp(json_string_value(v), want) == 0;
    char *text = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    bool same = text && strcmp(text, want) == 0;
    free(text);
    return same;
}

/* Whether the case's params have every "k=v" of the comma-separated request. */
static bool params_include(const struct run_case *c, const void *request)
{
    char *copy = strdup(request), *save = NULL;
    bool all = copy != NULL;
    for (char *pair = copy ? strtok_r(copy, ",", &save) : NULL; pair && all; pair = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(pair, '=');
        if (eq)
            *eq = '\0';
        all = eq && value_is(json_object_get(c->params, pair), eq + 1);
    }
    free(copy);
    return all;
}

/* ---- The choice, one property after another ---- */

static int choose_workload(struct candidates *c, const char *wanted, char *err, size_t errlen)
{
    char list[TEXT_QUOTED_LEN], q[TEXT_QUOTED_LEN];
    list_of(c, &workloads, ", ", list, sizeof list);
    if (wanted && narrow(c, workload_is, wanted) == 0)
        snprintf(err, errlen, "no runs of workload '%s' (there are: %s)", text_quote(wanted, q, sizeof q), list);
    else if (several(c, &workloads))
        snprintf(err, errlen, "several workloads (%s): choose one with --workload", list);
    else
        return 0;
    return -1;
}

/* A setting of the chosen workload (its params, its backend): narrowed to
 * what was asked when something was, then insisted on being one. */
struct setting {
    const struct property *property;
    const char *separator;
    bool (*matches)(const struct run_case *, const void *wanted);
    const char *none;          /* "no runs of workload '%s' with params %s (there are: %s)" */
    const char *several;       /* "several parameter sets of workload '%s' (%s): choose one with --params" */
};

static const struct setting params_setting = {
    &param_sets, "; ", params_include, "no runs of workload '%s' with params %s (there are: %s)",
    "several parameter sets of workload '%s' (%s): choose one with --params",
};
static const struct setting pmu_setting = {
    &backends, ", ", pmu_is, "no runs of workload '%s' under --pmu=%s (there are: %s)",
    "workload '%s' ran under several counter backends (%s): choose one with --pmu",
};

static int choose_setting(struct candidates *c, const struct setting *st, const char *wanted, char *err,
                          size_t errlen)
{
    char list[TEXT_QUOTED_LEN], q[TEXT_QUOTED_LEN], w[TEXT_QUOTED_LEN];
    list_of(c, st->property, st->separator, list, sizeof list);
    text_quote(candidate(c, 0)->workload, w, sizeof w);
    if (wanted && narrow(c, st->matches, wanted) == 0)
        snprintf(err, errlen, st->none, w, text_quote(wanted, q, sizeof q), list);
    else if (several(c, st->property))
        snprintf(err, errlen, st->several, w, list);
    else
        return 0;
    return -1;
}

static int choose_threads(struct candidates *c, long wanted, char *err, size_t errlen)
{
    char list[TEXT_QUOTED_LEN];
    list_of(c, &thread_counts, ", ", list, sizeof list);
    if (wanted && narrow(c, threads_are, &wanted) == 0)
        snprintf(err, errlen, "no runs with %ld threads (there are: %s)", wanted, list);
    else if (several(c, &thread_counts))
        snprintf(err, errlen, "several thread counts (%s): choose one with --threads", list);
    else
        return 0;
    return -1;
}

static int by_threads(const void *a, const void *b, void *s)
{
    long long x = run_set_case(s, *(const size_t *)a)->threads, y = run_set_case(s, *(const size_t *)b)->threads;
    return (x > y) - (x < y);
}

long runs_select_cases(const struct run_set *s, const struct case_request *req, bool one_thread_count,
                       size_t **cases, char *err, size_t errlen)
{
    struct candidates c = { s, malloc((run_set_case_count(s) + 1) * sizeof *c.at), run_set_case_count(s) };
    *cases = NULL;
    if (!c.at) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < c.n; i++)
        c.at[i] = i;
    int rc = -1;
    if (c.n == 0)
        snprintf(err, errlen, "no runs to report");
    else
        rc = choose_workload(&c, req->workload, err, errlen) == 0 &&
             choose_setting(&c, &params_setting, req->params, err, errlen) == 0 &&
             choose_setting(&c, &pmu_setting, req->pmu, err, errlen) == 0 &&
             (!one_thread_count || choose_threads(&c, req->threads, err, errlen) == 0) ? 0 : -1;
    if (rc != 0) {
        free(c.at);
        return -1;
    }
    qsort_r(c.at, c.n, sizeof *c.at, by_threads, (void *)s);
    *cases = c.at;
    return (long)c.n;
}
