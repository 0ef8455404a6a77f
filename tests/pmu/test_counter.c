/* tests/pmu/test_counter.c: multiplex scaling, counter objects and the
 * derived figures, as pure arithmetic. */
#include <stdlib.h>

#include "pmu/counter.h"
#include "tests/check.h"

static void full_time_counters_are_not_scaled(void)
{
    struct pmu_reading r = { 123456789, 1000, 1000 };
    double value, fraction;
    CHECK(pmu_scale(&r, &value, &fraction) == 0);
    CHECK(value == 123456789.0);
    CHECK(fraction == 1.0);
}

static void multiplexed_counters_scale_by_enabled_over_running(void)
{
    double value, fraction;
    struct pmu_reading quarter = { 1000, 4000000, 1000000 };
    CHECK(pmu_scale(&quarter, &value, &fraction) == 0);
    CHECK_NEAR(value, 4000.0, 1e-9);
    CHECK_NEAR(fraction, 0.25, 1e-15);
    struct pmu_reading third = { 999, 3, 1 };
    CHECK(pmu_scale(&third, &value, &fraction) == 0);
    CHECK_NEAR(value, 2997.0, 1e-9);
    /* Large counts and long runs must not overflow a 64-bit product. */
    struct pmu_reading big = { 1ULL << 60, 10ULL << 40, 5ULL << 40 };
    CHECK(pmu_scale(&big, &value, &fraction) == 0);
    CHECK_NEAR(value / (double)(1ULL << 61), 1.0, 1e-12);
}

static void never_scheduled_counters_have_no_value(void)
{
    double value = -7, fraction = -7;
    struct pmu_reading never = { 0, 5000, 0 };
    CHECK(pmu_scale(&never, &value, &fraction) == -1);
    struct pmu_reading not_even_enabled = { 0, 0, 0 };
    CHECK(pmu_scale(&not_even_enabled, &value, &fraction) == -1);
    json_t *c = pmu_counter_measured("hardware", &never);
    CHECK(json_is_null(json_object_get(c, "value")));
    CHECK_STR(json_string_value(json_object_get(c, "unavailable")), "never scheduled");
    CHECK(json_integer_value(json_object_get(c, "time_enabled_ns")) == 5000);
    json_decref(c);
}

static void measured_counter_object_has_value_raw_source_and_times(void)
{
    struct pmu_reading r = { 500, 2000, 1000 };
    json_t *c = pmu_counter_measured("hardware", &r);
    CHECK_NEAR(json_number_value(json_object_get(c, "value")), 1000.0, 1e-9);
    CHECK(json_integer_value(json_object_get(c, "raw")) == 500);
    CHECK_STR(json_string_value(json_object_get(c, "source")), "hardware");
    CHECK(json_integer_value(json_object_get(c, "time_enabled_ns")) == 2000);
    CHECK(json_integer_value(json_object_get(c, "time_running_ns")) == 1000);
    CHECK_NEAR(json_number_value(json_object_get(c, "running_fraction")), 0.5, 1e-15);
    CHECK(json_object_get(c, "unavailable") == NULL);
    json_decref(c);
}

static void unavailable_and_simulated_objects(void)
{
    json_t *u = pmu_counter_unavailable("hardware", "no hardware PMU (perf_event_open: ENOENT)");
    CHECK(json_is_null(json_object_get(u, "value")));
    CHECK(json_object_size(u) == 3);
    CHECK_STR(json_string_value(json_object_get(u, "unavailable")),
              "no hardware PMU (perf_event_open: ENOENT)");
    json_t *s = pmu_counter_simulated(42);
    CHECK_NEAR(json_number_value(json_object_get(s, "value")), 42.0, 0);
    CHECK(json_integer_value(json_object_get(s, "raw")) == 42);
    CHECK_STR(json_string_value(json_object_get(s, "source")), "simulated");
    json_decref(u);
    json_decref(s);
}

static void derived_ipc_and_mpki(void)
{
    json_t *counters = json_pack("{s:{s:f}, s:{s:f}, s:{s:f}, s:{s:n}}",
                                 "cycles", "value", 2000000.0,
                                 "instructions", "value", 3000000.0,
                                 "LLC-load-misses", "value", 4500.0,
                                 "dTLB-store-misses", "value");
    const char *misses[] = { "LLC-load-misses", "dTLB-store-misses", "absent-misses" };
    json_t *d = pmu_derived(counters, "cycles", "instructions", misses, 3);
    CHECK_NEAR(json_number_value(json_object_get(d, "ipc")), 1.5, 1e-12);
    json_t *mpki = json_object_get(d, "mpki");
    CHECK_NEAR(json_number_value(json_object_get(mpki, "LLC-load-misses")), 1.5, 1e-12);
    CHECK(json_is_null(json_object_get(mpki, "dTLB-store-misses")));
    CHECK(json_is_null(json_object_get(mpki, "absent-misses")));
    json_decref(d);
    /* No cycles counter (cachegrind), or no instructions at all. */
    d = pmu_derived(counters, NULL, "instructions", misses, 1);
    CHECK(json_is_null(json_object_get(d, "ipc")));
    json_decref(d);
    d = pmu_derived(counters, "cycles", NULL, misses, 1);
    CHECK(json_is_null(json_object_get(d, "ipc")));
    CHECK(json_is_null(json_object_get(json_object_get(d, "mpki"), "LLC-load-misses")));
    json_decref(d);
    json_decref(counters);
}

static void zero_instructions_give_null_not_infinity(void)
{
    json_t *counters = json_pack("{s:{s:f}, s:{s:f}, s:{s:f}}", "cycles", "value", 0.0,
                                 "instructions", "value", 0.0, "x-misses", "value", 3.0);
    const char *misses[] = { "x-misses" };
    json_t *d = pmu_derived(counters, "cycles", "instructions", misses, 1);
    CHECK(json_is_null(json_object_get(d, "ipc")));
    CHECK(json_is_null(json_object_get(json_object_get(d, "mpki"), "x-misses")));
    json_decref(d);
    json_decref(counters);
}

int main(void)
{
    full_time_counters_are_not_scaled();
    multiplexed_counters_scale_by_enabled_over_running();
    never_scheduled_counters_have_no_value();
    measured_counter_object_has_value_raw_source_and_times();
    unavailable_and_simulated_objects();
    derived_ipc_and_mpki();
    zero_instructions_give_null_not_infinity();
    return CHECK_DONE();
}
