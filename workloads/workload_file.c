/*
 * workloads/workload_file.c: workload files, users' workloads as JSON
 * (docs/workloads.md, "Workload files"; see user.h):
 *   { "workloads": { "NAME": { "command": ["PROGRAM", "ARG", ...], ... }, ... } }
 * Relative paths in a file are relative to the file's folder, where its
 * commands also run unless "cwd" says otherwise. Every error names the
 * file, the line and the field: "wl.json:7: workloads.wc.sizes.tiny: ...".
 */
#include "base/text.h"
#include "workloads/json_where.h"
#include "workloads/user.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 6

/* Where the reader is: the file and the path of the field being read. */
struct reader {
    const char *path;
    char *text;
    char dir[PATH_MAX];
    const char *field[MAX_DEPTH];
    size_t depth;
    int size;                       /* the size an expected digest is read for */
    char *err;
    size_t errlen;
};

/* A message that quotes the file (names, patterns, values) kept to one
 * line: control characters escaped (base/text.h). */
static void one_line(char *err, size_t errlen, const char *message)
{
    char *escaped = message ? text_escaped(message) : NULL;
    snprintf(err, errlen, "%s", escaped ? escaped : "out of memory");
    free(escaped);
}

static int bad(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct reader *r, const char *fmt, ...)
{
    char where[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < r->depth && used < sizeof where; i++)
        used += (size_t)snprintf(where + used, sizeof where - used, "%s%s", i ? "." : "", r->field[i]);
    char why[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    char *message = NULL;
    if (asprintf(&message, "%s:%d: %s: %s", r->path, json_line_of(r->text, r->field, r->depth),
                 where[0] ? where : "(top level)", why) < 0)
        message = NULL;
    one_line(r->err, r->errlen, message);
    free(message);
    return -1;
}

/* Reads `key` of obj with read(); the field path grows while it reads. */
static int read_member(struct reader *r, const char *key, int (*read)(struct reader *, json_t *, void *),
                       json_t *value, void *out)
{
    r->field[r->depth++] = key;
    int rc = read(r, value, out);
    if (rc == 0)
        r->depth--;
    return rc;
}

/* ---- Values ---- */

static int read_string(struct reader *r, json_t *v, void *out)
{
    if (!json_is_string(v) || json_string_length(v) == 0 || strlen(json_string_value(v)) != json_string_length(v))
        return bad(r, "want a non-empty string");
    return (*(char **)out = strdup(json_string_value(v))) ? 0 : bad(r, "out of memory");
}

static int read_strings(struct reader *r, json_t *v, void *out)
{
    char ***items = out;
    if (!json_is_array(v))
        return bad(r, "want an array of strings");
    size_t n = json_array_size(v);
    if (n > WL_MAX_ARGS)
        return bad(r, "more than %d arguments", WL_MAX_ARGS);
    if (!(*items = calloc(n + 1, sizeof **items)))
        return bad(r, "out of memory");
    for (size_t i = 0; i < n; i++) {
        char index[24];
        snprintf(index, sizeof index, "%zu", i);
        if (read_member(r, index, read_string, json_array_get(v, i), &(*items)[i]) != 0)
            return -1;
    }
    return 0;
}

static int read_command(struct reader *r, json_t *v, void *out)
{
    if (read_strings(r, v, out) != 0)
        return -1;
    return (*(char ***)out)[0] ? 0 : bad(r, "want the program and its arguments: [\"PROGRAM\", \"ARG\", ...]");
}

static int read_bool(struct reader *r, json_t *v, void *out)
{
    if (!json_is_boolean(v))
        return bad(r, "want true or false");
    *(bool *)out = json_is_true(v);
    return 0;
}

static const char *const size_keys[] = { "tiny", "quick", "full" };

/* Checks that every key of obj is one of known[]. */
static int only_known(struct reader *r, json_t *obj, const char *const *known, size_t n)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        size_t i = 0;
        while (i < n && strcmp(key, known[i]) != 0)
            i++;
        if (i < n)
            continue;
        char list[256] = "";
        for (size_t k = 0; k < n; k++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", known[k]);
        r->field[r->depth++] = key;
        return bad(r, "unknown field (want %s)", list);
    }
    return 0;
}

static int read_sizes(struct reader *r, json_t *v, void *out)
{
    struct user_workload *u = out;
    if (!json_is_object(v))
        return bad(r, "want an object: {\"tiny\": [ARGS], \"quick\": [ARGS], \"full\": [ARGS]}");
    if (only_known(r, v, size_keys, 3) != 0)
        return -1;
    for (int s = 0; s < 3; s++) {
        json_t *args = json_object_get(v, size_keys[s]);
        if (args && read_member(r, size_keys[s], read_strings, args, &u->size_args[s]) != 0)
            return -1;
    }
    return 0;
}

static int read_env(struct reader *r, json_t *v, void *out)
{
    struct user_workload *u = out;
    if (!json_is_object(v) || json_object_size(v) > WL_MAX_ENV)
        return bad(r, "want an object of at most %d \"KEY\": \"VALUE\" settings", WL_MAX_ENV);
    if (!(u->env = calloc(json_object_size(v) + 1, sizeof *u->env)))
        return bad(r, "out of memory");
    const char *key;
    json_t *value;
    size_t n = 0;
    json_object_foreach(v, key, value) {
        r->field[r->depth++] = key;
        if (!json_is_string(value))
            return bad(r, "want a string");
        char why[256];
        if (asprintf(&u->env[n], "%s=%s", key, json_string_value(value)) < 0)
            return bad(r, "out of memory");
        if (user_check_env(u->env[n++], why, sizeof why) != 0)
            return bad(r, "%s", why);
        r->depth--;
    }
    return 0;
}

/* One expected digest; r->size says which of u->expected it fills. */
static int read_digest(struct reader *r, json_t *v, void *out)
{
    struct user_workload *u = out;
    char why[1024];
    if (!json_is_string(v))
        return bad(r, "want \"sha256:HEX\" or a file holding the right output");
    return user_expected_digest(u, json_string_value(v), r->dir, u->expected[r->size], why, sizeof why) == 0
               ? 0 : bad(r, "%s", why);
}

static int read_expected(struct reader *r, json_t *v, void *out)
{
    struct user_workload *u = out;
    if (!json_is_object(v)) {
        r->size = 0;
        if (read_digest(r, v, u) != 0)
            return -1;
        memcpy(u->expected[1], u->expected[0], sizeof u->expected[0]);
        memcpy(u->expected[2], u->expected[0], sizeof u->expected[0]);
        return 0;
    }
    if (only_known(r, v, size_keys, 3) != 0)
        return -1;
    for (r->size = 0; r->size < 3; r->size++) {
        json_t *one = json_object_get(v, size_keys[r->size]);
        if (one && read_member(r, size_keys[r->size], read_digest, one, u) != 0)
            return -1;
    }
    return 0;
}

static int read_metrics(struct reader *r, json_t *v, void *out)
{
    struct user_workload *u = out;
    if (!json_is_object(v))
        return bad(r, "want an object: {\"NAME\": \"PATTERN with the number in ( )\"}");
    const char *key;
    json_t *value;
    json_object_foreach(v, key, value) {
        r->field[r->depth++] = key;
        char why[512];
        if (!json_is_string(value))
            return bad(r, "want a pattern (a string)");
        if (user_add_metric(u, key, json_string_value(value), why, sizeof why) != 0)
            return bad(r, "%s", why);
        r->depth--;
    }
    return 0;
}

/* ---- One workload ---- */

static const char *const workload_keys[] = { "command", "summary", "sizes", "stdin", "env", "cwd",
                                             "expect_output", "same_output", "metrics" };
#define NKEYS (sizeof workload_keys / sizeof workload_keys[0])

struct member {
    const char *key;
    int (*read)(struct reader *, json_t *, void *);
    size_t offset;                  /* of the field read in struct user_workload; 0: the whole */
};

/* A workload's fields and how each is read. */
static const struct member members[] = {
    { "command", read_command, offsetof(struct user_workload, argv) },
    { "summary", read_string, offsetof(struct user_workload, summary) },
    { "sizes", read_sizes, 0 },
    { "stdin", read_string, offsetof(struct user_workload, stdin_given) },
    { "cwd", read_string, offsetof(struct user_workload, cwd_given) },
    { "env", read_env, 0 },
    { "same_output", read_bool, offsetof(struct user_workload, base.same_output) },
    { "metrics", read_metrics, 0 },          /* before expect_output: its figure lines */
    { "expect_output", read_expected, 0 },
};

static int read_workload(struct reader *r, struct user_set *set, const char *name, json_t *def)
{
    struct user_workload *u = user_new(set);
    if (!u)
        return bad(r, "out of memory");
    snprintf(u->name, sizeof u->name, "%s", name);
    if (!json_is_object(def))
        return bad(r, "want an object with at least \"command\": [\"PROGRAM\", ...]");
    if (only_known(r, def, workload_keys, NKEYS) != 0)
        return -1;
    if (!json_object_get(def, "command"))
        return bad(r, "no \"command\": [\"PROGRAM\", \"ARG\", ...]");
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        json_t *v = json_object_get(def, members[i].key);
        void *out = members[i].offset ? (char *)u + members[i].offset : (void *)u;
        if (v && read_member(r, members[i].key, members[i].read, v, out) != 0)
            return -1;
    }
    if (!u->env && !(u->env = calloc(1, sizeof *u->env)))
        return bad(r, "out of memory");
    if (!u->summary && asprintf(&u->summary, "%s from %s", u->argv[0], r->path) < 0)
        return bad(r, "out of memory");
    const char *field;
    char why[1024];
    if (user_resolve(set, u, r->dir, &field, why, sizeof why) == 0)
        return 0;
    if (strcmp(field, "name") != 0)
        r->field[r->depth++] = field;
    return bad(r, "%s", why);
}

/* ---- The file ---- */

static char *read_text(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    char *text = NULL;
    size_t len = 0;
    if (f) {
        FILE *mem = open_memstream(&text, &len);
        char buf[8192];
        size_t n;
        while (mem && (n = fread(buf, 1, sizeof buf, f)) > 0)
            fwrite(buf, 1, n, mem);
        if (mem)
            fclose(mem);
        if (ferror(f)) {
            free(text);
            text = NULL;
        }
        fclose(f);
    }
    if (!text)
        snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
    return text;
}

int user_load_file(struct user_set *set, const char *path, char *err, size_t errlen)
{
    struct reader r = { .path = path, .err = err, .errlen = errlen };
    char real[PATH_MAX];
    if (!realpath(path, real)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (!(r.text = read_text(path, err, errlen)))
        return -1;
    snprintf(r.dir, sizeof r.dir, "%s", dirname(real));
    json_error_t jerr;
    json_t *doc = json_loads(r.text, JSON_REJECT_DUPLICATES, &jerr);
    int rc = -1;
    json_t *workloads = doc ? json_object_get(doc, "workloads") : NULL;
    static const char *const top_keys[] = { "workloads" };
    if (!doc) {
        char *message = NULL;
        if (asprintf(&message, "%s:%d: column %d: %s", path, jerr.line, jerr.column, jerr.text) < 0)
            message = NULL;
        one_line(err, errlen, message);
        free(message);
    }
    else if (!json_is_object(doc))
        bad(&r, "want an object: {\"workloads\": {\"NAME\": {...}, ...}}");
    else if (only_known(&r, doc, top_keys, 1) == 0 && (!json_is_object(workloads) || !json_object_size(workloads)))
        bad(&r, "want \"workloads\": {\"NAME\": {\"command\": [\"PROGRAM\", ...]}, ...}");
    else if (workloads) {
        const char *name;
        json_t *def;
        rc = 0;
        r.field[r.depth++] = "workloads";
        json_object_foreach(workloads, name, def) {
            r.field[r.depth++] = name;
            if ((rc = read_workload(&r, set, name, def)) != 0)
                break;
            r.depth--;
        }
    }
    json_decref(doc);
    free(r.text);
    return rc;
}
