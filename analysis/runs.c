/* analysis/runs.c: statistics of the runs in a results document (see runs.h). */
#include "analysis/runs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"

static bool string_matches(const json_t *run, const char *key, const char *want)
{
    const char *got = json_string_value(json_object_get(run, key));
    return !want || (got && strcmp(got, want) == 0);
}

bool runs_match(const json_t *run, const struct run_filter *f)
{
    if (!f)
        return true;
    return string_matches(run, "allocator", f->allocator) &&
           string_matches(run, "workload", f->workload) &&
           (f->threads < 0 || json_integer_value(json_object_get(run, "threads")) == f->threads);
}

static bool is_measured(const json_t *run)
{
    return !json_is_true(json_object_get(run, "warmup"));
}

bool runs_is_measured_ok(const json_t *run)
{
    return is_measured(run) && string_matches(run, "status", "ok");
}

/* Every matching measured run's number at value_of(run), into a fresh array. */
static double *collect(const json_t *doc, const struct run_filter *f,
                       const json_t *(*value_of)(const json_t *run, const char *key),
                       const char *key, size_t *n, size_t *failed)
{
    const json_t *runs = json_object_get(doc, "runs");
    double *v = malloc((json_array_size(runs) + 1) * sizeof *v);
    *n = 0;
    *failed = 0;
    size_t i;
    const json_t *run;
    json_array_foreach(runs, i, run) {
        if (!runs_match(run, f) || !is_measured(run))
            continue;
        if (!runs_is_measured_ok(run)) {
            (*failed)++;
            continue;
        }
        const json_t *x = value_of(run, key);
        if (v && json_is_number(x))
            v[(*n)++] = json_number_value(x);
    }
    return v;
}

static const json_t *field_of(const json_t *run, const char *key)
{
    return json_object_get(run, key);
}

static const json_t *counter_value_of(const json_t *run, const char *event)
{
    return json_object_get(json_object_get(json_object_get(run, "counters"), event), "value");
}

static bool has_simulated_counter(const json_t *run)
{
    const char *event;
    const json_t *c;
    json_object_foreach((json_t *)json_object_get(run, "counters"), event, c)
        if (string_matches(c, "source", "simulated"))
            return true;
    return false;
}

enum run_timing runs_timing(const json_t *doc, const struct run_filter *f)
{
    size_t i, simulated = 0, measured = 0;
    const json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run) {
        if (!runs_match(run, f) || !runs_is_measured_ok(run))
            continue;
        if (has_simulated_counter(run))
            simulated++;
        else
            measured++;
    }
    return simulated == 0 ? TIMES_MEASURED : measured == 0 ? TIMES_SIMULATED : TIMES_MIXED;
}

struct field_sample runs_field(const json_t *doc, const struct run_filter *f, const char *field)
{
    struct field_sample s = { NAN, NAN, NAN, 0, 0 };
    double *v = collect(doc, f, field_of, field, &s.n, &s.failed);
    s.median = stats_median(v, s.n);
    s.mad = stats_mad(v, s.n);
    for (size_t i = 0; i < s.n; i++)
        if (!(v[i] <= s.max))
            s.max = v[i];
    free(v);
    return s;
}

static enum counter_source source_named(const char *s)
{
    if (!s)
        return COUNTER_NONE;
    if (strcmp(s, "hardware") == 0)
        return COUNTER_HARDWARE;
    if (strcmp(s, "simulated") == 0)
        return COUNTER_SIMULATED;
    return COUNTER_SOFTWARE;
}

/* Source and unavailability reason, from the first matching measured run
 * that recorded the event (preferring one with a value). */
static void describe_counter(const json_t *doc, const struct run_filter *f, const char *event,
                             struct counter_sample *c)
{
    size_t i;
    const json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run) {
        const json_t *ev = json_object_get(json_object_get(run, "counters"), event);
        if (!ev || !runs_match(run, f) || !runs_is_measured_ok(run))
            continue;
        bool has_value = json_is_number(json_object_get(ev, "value"));
        if (c->source == COUNTER_NONE || has_value) {
            c->source = source_named(json_string_value(json_object_get(ev, "source")));
            c->unavailable = has_value ? NULL : json_string_value(json_object_get(ev, "unavailable"));
            if (!c->unavailable && !has_value)
                c->unavailable = "not counted";
        }
        if (has_value)
            return;
    }
    /* Never recorded: under cachegrind, because it does not simulate it. */
    if (c->source == COUNTER_NONE && runs_timing(doc, f) == TIMES_SIMULATED)
        c->unavailable = "not simulated by cachegrind";
}

struct counter_sample runs_counter(const json_t *doc, const struct run_filter *f, const char *event)
{
    struct counter_sample c = { NAN, 0, COUNTER_NONE, NULL };
    size_t failed;
    double *v = collect(doc, f, counter_value_of, event, &c.n, &failed);
    c.median = stats_median(v, c.n);
    free(v);
    describe_counter(doc, f, event, &c);
    return c;
}

static bool array_has(const json_t *array, const json_t *value)
{
    size_t i;
    const json_t *x;
    json_array_foreach(array, i, x)
        if (json_equal(x, value))
            return true;
    return false;
}

json_t *runs_distinct(const json_t *doc, const struct run_filter *f, const char *key)
{
    json_t *out = json_array();
    size_t i;
    const json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run) {
        json_t *v = json_object_get(run, key);
        if (v && runs_match(run, f) && !array_has(out, v))
            json_array_append(out, v);
    }
    return out;
}

static double sum_of_calls(const json_t *calls)
{
    double sum = 0;
    const char *name;
    const json_t *n;
    json_object_foreach((json_t *)calls, name, n)
        if (json_is_number(n))
            sum += json_number_value(n);
    return sum;
}

double runs_call_count(const json_t *doc, const struct run_filter *f)
{
    size_t i;
    const json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run) {
        if (!runs_match(run, f) || !string_matches(run, "status", "ok"))
            continue;
        const json_t *calls = json_object_get(json_object_get(run, "allocator_stats"), "calls");
        if (!json_is_object(calls))
            calls = json_object_get(run, "call_counts");
        if (json_is_object(calls))
            return sum_of_calls(calls);
    }
    return NAN;
}
