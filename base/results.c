/* base/results.c: results files in and out (see results.h). */
#include "base/results.h"

#include "base/text.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

json_t *results_new(json_t *context)
{
    return json_pack("{s:i,s:o,s:[]}", "schema_version", RESULTS_SCHEMA_VERSION,
                     "context", context, "runs");
}

/* ---- Checking what was read ---- */

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

static int check_run(const json_t *run, size_t index, const char *path, char *err, size_t errlen)
{
    char why[TEXT_QUOTED_LEN + 128], q[TEXT_QUOTED_LEN];
    if (results_check_run(run, why, sizeof why) == 0)
        return 0;
    snprintf(err, errlen, "%s: runs[%zu]: %s", text_quote(path, q, sizeof q), index, why);
    return -1;
}

json_t *results_load(const char *path, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    char q[TEXT_QUOTED_LEN], qtext[TEXT_QUOTED_LEN];
    text_quote(path, q, sizeof q);
    if (!doc) {
        text_quote(jerr.text, qtext, sizeof qtext);
        if (jerr.line <= 0)
            snprintf(err, errlen, "%s: %s", q, qtext);
        else
            snprintf(err, errlen, "%s: line %d: %s", q, jerr.line, qtext);
        return NULL;
    }
    json_t *version = json_object_get(doc, "schema_version");
    if (!json_is_object(doc) || !json_is_integer(version) ||
        !json_is_object(json_object_get(doc, "context")) ||
        !json_is_array(json_object_get(doc, "runs"))) {
        snprintf(err, errlen, "%s: not an ngbench results file", q);
        json_decref(doc);
        return NULL;
    }
    if (json_integer_value(version) != RESULTS_SCHEMA_VERSION) {
        snprintf(err, errlen, "%s: schema_version %lld is not %d", q,
                 (long long)json_integer_value(version), RESULTS_SCHEMA_VERSION);
        json_decref(doc);
        return NULL;
    }
    size_t i;
    json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run) {
        if (check_run(run, i, path, err, errlen) != 0) {
            json_decref(doc);
            return NULL;
        }
    }
    return doc;
}

/* The whole document in one buffer, written with as few calls as the
 * kernel allows: jansson's json_dumpfd makes one write per token (188,592
 * for a 360-run file), and a matrix saves after every run. */
static int dump_to(int fd, const json_t *doc)
{
    char *text = json_dumps(doc, JSON_INDENT(1) | JSON_SORT_KEYS);
    if (!text)
        return -1;
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    free(text);
    return done == len && write(fd, "\n", 1) == 1 ? 0 : -1;
}

int results_save_atomic(const json_t *doc, const char *path, char *err, size_t errlen)
{
    char *copy = strdup(path);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", dirname(copy), basename((char *)path));
    free(copy);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    /* mkstemp makes the file 0600; a results file is an ordinary document. */
    fchmod(fd, 0644);
    if (dump_to(fd, doc) != 0 || fsync(fd) != 0) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        close(fd);
        unlink(tmp);
        return -1;
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: cannot replace: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

char *results_benchmark_key(const json_t *run)
{
    char *params = json_dumps(json_object_get(run, "params"), JSON_COMPACT | JSON_SORT_KEYS);
    char *key = NULL;
    if (asprintf(&key, "%s|%s|%s|%lld", results_str(run, "allocator"), results_str(run, "workload"),
                 params ? params : "{}", (long long)json_integer_value(json_object_get(run, "threads"))) < 0)
        key = NULL;
    free(params);
    return key;
}

char *results_run_key(const json_t *run)
{
    char *bench = results_benchmark_key(run);
    char *key = NULL;
    if (bench && asprintf(&key, "%s|%s|%lld", bench,
                          json_is_true(json_object_get(run, "warmup")) ? "warmup" : "measured",
                          (long long)json_integer_value(json_object_get(run, "repetition"))) < 0)
        key = NULL;
    free(bench);
    return key;
}

const char *results_str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

double results_num(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}
