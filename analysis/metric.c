/* analysis/metric.c: reading one metric from a run (see metric.h). */
#include "analysis/metric.h"

#include <string.h>

/* obj[key] when it is a number. */
static bool number_at(const json_t *obj, const char *key, double *out)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_number(v))
        return false;
    *out = json_number_value(v);
    return true;
}

/* A counter's value: counters[name].value when it is a number (an
 * unavailable counter has null there, with its reason beside it). */
static bool counter_value(const json_t *run, const char *name, double *out)
{
    return number_at(json_object_get(json_object_get(run, "counters"), name), "value", out);
}

static bool field_value(const json_t *run, const char *key, double *out)
{
    return number_at(run, key, out);
}

bool metric_value(const json_t *run, const char *metric, double *out)
{
    if (strcmp(metric, "wall") == 0)
        return field_value(run, "wall_s", out);
    if (strcmp(metric, "rss") == 0)
        return field_value(run, "max_rss_kb", out);
    if (strcmp(metric, "cpu") == 0) {
        double user, sys;
        if (!field_value(run, "user_s", &user) || !field_value(run, "sys_s", &sys))
            return false;
        *out = user + sys;
        return true;
    }
    if (strcmp(metric, "instructions") == 0)
        return counter_value(run, "instructions", out) || counter_value(run, "sim-instructions", out);
    return counter_value(run, metric, out);
}
