/* base/benchmark_name.c: a benchmark's name for people (see benchmark_name.h). */
#include "base/benchmark_name.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/results.h"
#include "base/text.h"

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "k=v,k=v" with keys sorted, so a name does not depend on key order. */
static void append_params(FILE *out, const json_t *params)
{
    size_t n = json_object_size(params), i = 0;
    const char **keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys)
        return;
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)params, key, value)
        keys[i++] = key;
    qsort(keys, n, sizeof *keys, compare_strings);
    for (i = 0; i < n; i++) {
        value = json_object_get(params, keys[i]);
        char *text = json_is_string(value) ? NULL : json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
        fprintf(out, "%s%s=%s", i ? "," : "", keys[i], text ? text : json_string_value(value));
        free(text);
    }
    free(keys);
}

char *benchmark_name(const json_t *run)
{
    char *name = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&name, &len);
    if (!out)
        return NULL;
    fprintf(out, "%s %s ", results_str(run, "allocator"), results_str(run, "workload"));
    append_params(out, json_object_get(run, "params"));
    fprintf(out, " t%lld", (long long)json_integer_value(json_object_get(run, "threads")));
    fclose(out);
    /* params values are any JSON: shown escaped, the name stays one line */
    char *shown = text_escaped(name);
    free(name);
    return shown;
}
