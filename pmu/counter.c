/* pmu/counter.c: scaling, counter objects and derived figures (see counter.h). */
#include "pmu/counter.h"

int pmu_scale(const struct pmu_reading *r, double *value, double *running_fraction)
{
    if (r->time_running_ns == 0)
        return -1;
    /* Multiplexed events ran only part of the time; the kernel's own
     * convention (and perf stat's) is to extrapolate linearly. */
    double fraction = (double)r->time_running_ns / (double)r->time_enabled_ns;
    *running_fraction = fraction;
    *value = r->time_running_ns == r->time_enabled_ns ? (double)r->raw
                                                      : (double)r->raw / fraction;
    return 0;
}

json_t *pmu_counter_measured(const char *source, const struct pmu_reading *r)
{
    double value, fraction;
    json_t *obj = json_pack("{s:I, s:s, s:I, s:I}", "raw", (json_int_t)r->raw,
                            "source", source,
                            "time_enabled_ns", (json_int_t)r->time_enabled_ns,
                            "time_running_ns", (json_int_t)r->time_running_ns);
    if (pmu_scale(r, &value, &fraction) < 0) {
        json_object_set_new(obj, "value", json_null());
        json_object_set_new(obj, "running_fraction", json_real(0.0));
        json_object_set_new(obj, "unavailable", json_string("never scheduled"));
        return obj;
    }
    json_object_set_new(obj, "value", json_real(value));
    json_object_set_new(obj, "running_fraction", json_real(fraction));
    return obj;
}

json_t *pmu_counter_unavailable(const char *source, const char *reason)
{
    return json_pack("{s:n, s:s, s:s}", "value", "source", source, "unavailable", reason);
}

json_t *pmu_counter_simulated(uint64_t count)
{
    return json_pack("{s:f, s:I, s:s}", "value", (double)count, "raw", (json_int_t)count,
                     "source", "simulated");
}

double pmu_counter_value(const json_t *counters, const char *name)
{
    if (!name)
        return -1;
    const json_t *value = json_object_get(json_object_get(counters, name), "value");
    return json_is_number(value) ? json_number_value(value) : -1;
}

static json_t *ratio_or_null(double num, double den, double scale)
{
    return num >= 0 && den > 0 ? json_real(scale * num / den) : json_null();
}

json_t *pmu_derived(const json_t *counters, const char *cycles, const char *instructions,
                    const char *const *misses, size_t nmisses)
{
    double insns = pmu_counter_value(counters, instructions);
    json_t *mpki = json_object();
    for (size_t i = 0; i < nmisses; i++)
        json_object_set_new(mpki, misses[i],
                            ratio_or_null(pmu_counter_value(counters, misses[i]), insns, 1000.0));
    return json_pack("{s:o, s:o}",
                     "ipc", ratio_or_null(insns, pmu_counter_value(counters, cycles), 1.0),
                     "mpki", mpki);
}
