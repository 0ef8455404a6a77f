/* reports/inputs.c: several results files as one document (see inputs.h). */
#include "reports/inputs.h"

#include <stdio.h>

#include "base/results.h"

json_t *inputs_load(char *const *paths, size_t n, char *err, size_t errlen)
{
    if (n == 0) {
        snprintf(err, errlen, "no results file given");
        return NULL;
    }
    json_t *doc = results_load(paths[0], err, errlen);
    for (size_t i = 1; doc && i < n; i++) {
        json_t *more = results_load(paths[i], err, errlen);
        if (!more) {
            json_decref(doc);
            return NULL;
        }
        json_array_extend(json_object_get(doc, "runs"), json_object_get(more, "runs"));
        json_decref(more);
    }
    return doc;
}
