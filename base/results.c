/* base/results.c: results files in and out (see results.h). */
#include "base/results.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
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

static int check_run(const json_t *run, size_t index, const char *path, char *err, size_t errlen)
{
    static const char *const strings[] = { "allocator", "workload", "status" };
    if (!json_is_object(run)) {
        snprintf(err, errlen, "%s: runs[%zu] is not an object", path, index);
        return -1;
    }
    for (size_t k = 0; k < sizeof strings / sizeof strings[0]; k++)
        if (!json_is_string(json_object_get(run, strings[k]))) {
            snprintf(err, errlen, "%s: runs[%zu] has no string '%s'", path, index, strings[k]);
            return -1;
        }
    if (!json_is_object(json_object_get(run, "params")) ||
        !json_is_integer(json_object_get(run, "threads")) ||
        !json_is_integer(json_object_get(run, "repetition")) ||
        !json_is_boolean(json_object_get(run, "warmup"))) {
        snprintf(err, errlen, "%s: runs[%zu] lacks params, threads, repetition or warmup", path, index);
        return -1;
    }
    return 0;
}

json_t *results_load(const char *path, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    if (!doc) {
        if (jerr.line <= 0)
            snprintf(err, errlen, "%s: %s", path, jerr.text);
        else
            snprintf(err, errlen, "%s: line %d: %s", path, jerr.line, jerr.text);
        return NULL;
    }
    json_t *version = json_object_get(doc, "schema_version");
    if (!json_is_object(doc) || !json_is_integer(version) ||
        !json_is_object(json_object_get(doc, "context")) ||
        !json_is_array(json_object_get(doc, "runs"))) {
        snprintf(err, errlen, "%s: not an ngbench results file", path);
        json_decref(doc);
        return NULL;
    }
    if (json_integer_value(version) != RESULTS_SCHEMA_VERSION) {
        snprintf(err, errlen, "%s: schema_version %lld is not %d", path,
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
    if (json_dumpfd(doc, fd, JSON_INDENT(1) | JSON_SORT_KEYS) != 0 || write(fd, "\n", 1) != 1 ||
        fsync(fd) != 0) {
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
