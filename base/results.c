/* base/results.c: results files in and out (see results.h). */
#include "base/results.h"

#include <math.h>
#include <stdio.h>

json_t *results_new(json_t *context)
{
    return json_pack("{s:i,s:o,s:[]}", "schema_version", RESULTS_SCHEMA_VERSION,
                     "context", context, "runs");
}

/* ---- The whole document ---- */

static int keep_context(void *ctx, const json_t *context, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    json_object_set((json_t *)ctx, "context", (json_t *)context);
    return 0;
}

static int keep_run(void *ctx, json_t *run, size_t index, char *err, size_t errlen)
{
    (void)index;
    if (json_array_append(json_object_get((json_t *)ctx, "runs"), run) == 0)
        return 0;
    snprintf(err, errlen, "out of memory");
    return -1;
}

json_t *results_load(const char *path, char *err, size_t errlen)
{
    json_t *doc = results_new(json_object());
    struct results_reader keep = { keep_context, keep_run, doc };
    if (doc && results_read(path, &keep, err, errlen) == 0)
        return doc;
    if (!doc)
        snprintf(err, errlen, "out of memory");
    json_decref(doc);
    return NULL;
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
