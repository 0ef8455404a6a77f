/* base/results_check.c: what a run must be to be read (see results_check_run in results.h). */
#include "base/results.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"

/* A reason into why; always -1, so a check can end in `return bad(...)`. */
static int bad(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
    return -1;
}

/* A name (allocator, workload, a params key): printable, not empty, not too long. */
static int check_name(const char *field, const char *name, char *why, size_t len)
{
    char q[TEXT_QUOTED_LEN];
    if (!*name)
        return bad(why, len, "%s is empty", field);
    if (!text_printable(name))
        return bad(why, len, "%s \"%s\" has a control character (names are printable text)", field,
                   text_quote(name, q, sizeof q));
    if (strlen(name) > RESULTS_NAME_MAX)
        return bad(why, len, "%s \"%s\" is longer than %d bytes", field, text_quote(name, q, sizeof q),
                   RESULTS_NAME_MAX);
    return 0;
}

static int check_string_name(const json_t *run, const char *key, char *why, size_t len)
{
    const char *name = json_string_value(json_object_get(run, key));
    if (!name)
        return bad(why, len, "has no string '%s'", key);
    return check_name(key, name, why, len);
}

/* Names that mean something else in ngbench's own output. */
static int check_not_reserved(const json_t *run, char *why, size_t len)
{
    static const char *const reserved_workloads[] = { "geometric mean" };
    const char *workload = json_string_value(json_object_get(run, "workload"));
    for (size_t i = 0; i < sizeof reserved_workloads / sizeof reserved_workloads[0]; i++)
        if (strcmp(workload, reserved_workloads[i]) == 0)
            return bad(why, len, "workload \"%s\" is a reserved name (reports use it for their own rows)",
                       workload);
    return 0;
}

static int check_params(const json_t *params, char *why, size_t len)
{
    if (!json_is_object(params))
        return bad(why, len, "params is not an object");
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)params, key, value)
        if (check_name("params key", key, why, len) != 0)
            return -1;
    return 0;
}

/* An integer field within [min, max]. */
static int check_integer(const json_t *run, const char *key, json_int_t min, json_int_t max,
                         char *why, size_t len)
{
    const json_t *v = json_object_get(run, key);
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return bad(why, len, "%s is not an integer from %lld to %lld", key, (long long)min, (long long)max);
    return 0;
}

int results_check_pmu(const json_t *pmu)
{
    const char *name = json_string_value(pmu);
    return name && (strcmp(name, "perf") == 0 || strcmp(name, "cachegrind") == 0) ? 0 : -1;
}

int results_check_run(const json_t *run, char *why, size_t len)
{
    if (!json_is_object(run))
        return bad(why, len, "is not an object");
    if (check_string_name(run, "allocator", why, len) != 0 || check_string_name(run, "workload", why, len) != 0 ||
        check_not_reserved(run, why, len) != 0 || check_params(json_object_get(run, "params"), why, len) != 0 ||
        check_integer(run, "threads", 1, RESULTS_THREADS_MAX, why, len) != 0 ||
        check_integer(run, "repetition", 0, RESULTS_REPETITION_MAX, why, len) != 0 ||
        check_string_name(run, "status", why, len) != 0)
        return -1;
    if (!json_is_boolean(json_object_get(run, "warmup")))
        return bad(why, len, "warmup is not true or false");
    const json_t *pmu = json_object_get(run, "pmu");
    if (pmu && results_check_pmu(pmu) != 0)
        return bad(why, len, "pmu is not \"perf\" or \"cachegrind\"");
    return 0;
}
