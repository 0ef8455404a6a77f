/* ci/metric.c: reading the gated metric from a run (see metric.h). */
#include "ci/metric.h"

#include <math.h>
#include <string.h>

#include "base/results.h"

/* A counter's value: counters[name].value when it is a number (an
 * unavailable counter has null there, with its reason beside it). */
static bool counter_value(const json_t *run, const char *name, double *out)
{
    double v = results_num(json_object_get(json_object_get(run, "counters"), name), "value");
    if (isnan(v))
        return false;
    *out = v;
    return true;
}

static bool field_value(const json_t *run, const char *key, double *out)
{
    double v = results_num(run, key);
    if (isnan(v))
        return false;
    *out = v;
    return true;
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
