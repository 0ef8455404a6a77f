/* tests/pmu/test_plan.c: event specs, per-event availability on this
 * machine, the one-line notice and the context description. */
#include <string.h>
#include <unistd.h>

#include "pmu/pmu.h"
#include "pmu/perf.h"
#include "tests/check.h"

static struct pmu_plan *plan_ok(enum pmu_backend backend, const char *events)
{
    char err[512] = "";
    struct pmu_plan *plan = pmu_plan_new(backend, events, err, sizeof err);
    if (!plan)
        fprintf(stderr, "pmu_plan_new(%s): %s\n", events ? events : "NULL", err);
    CHECK(plan != NULL);
    return plan;
}

static void plan_fails(enum pmu_backend backend, const char *events, const char *want)
{
    char err[512] = "";
    struct pmu_plan *plan = pmu_plan_new(backend, events, err, sizeof err);
    CHECK(plan == NULL);
    CHECK_STR(err, want);
    pmu_plan_free(plan);
}

static void backends_parse_by_name(void)
{
    enum pmu_backend b;
    CHECK(pmu_backend_parse("perf", &b) == 0 && b == PMU_BACKEND_PERF);
    CHECK(pmu_backend_parse("cachegrind", &b) == 0 && b == PMU_BACKEND_CACHEGRIND);
    CHECK(pmu_backend_parse("papi", &b) == -1);
}

static const char *event_keys(json_t *events, char *buf, size_t len)
{
    const char *key;
    json_t *value;
    buf[0] = '\0';
    json_object_foreach(events, key, value)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? "," : "", key);
    return buf;
}

/* The plan for events, and its description, whose events must be want_keys
 * in that order. NULL (and a failed check) when the plan cannot be made. */
static json_t *described(enum pmu_backend backend, const char *events, const char *want_keys,
                         struct pmu_plan **plan)
{
    *plan = plan_ok(backend, events);
    if (!*plan)
        return NULL;
    json_t *d = pmu_plan_describe(*plan);
    char keys[1024];
    CHECK_STR(event_keys(json_object_get(d, "events"), keys, sizeof keys), want_keys);
    return d;
}

static void done(struct pmu_plan *plan, json_t *description)
{
    json_decref(description);
    pmu_plan_free(plan);
}

static void default_none_and_null_mean_software_events_only(void)
{
    const char *specs[] = { NULL, "default", "none" };
    for (size_t i = 0; i < 3; i++) {
        struct pmu_plan *plan;
        json_t *d = described(PMU_BACKEND_PERF, specs[i],
                              "task-clock,page-faults,context-switches,cpu-migrations", &plan);
        if (!d)
            continue;
        CHECK_STR(json_string_value(json_object_get(d, "backend")), "perf");
        json_t *tc = json_object_get(json_object_get(d, "events"), "task-clock");
        CHECK(json_is_true(json_object_get(tc, "available")));
        CHECK_STR(json_string_value(json_object_get(tc, "source")), "software");
        CHECK(pmu_plan_notice(plan) == NULL);   /* software events count everywhere */
        done(plan, d);
    }
}

static void paper_events_report_availability_per_event(void)
{
    struct pmu_plan *plan;
    json_t *d = described(PMU_BACKEND_PERF, "paper",
                          "task-clock,page-faults,context-switches,cpu-migrations,cycles,"
                          "instructions,LLC-load-misses,LLC-store-misses,dTLB-load-misses,"
                          "dTLB-store-misses", &plan);
    if (!d)
        return;
    struct pmu_host host;
    pmu_perf_host(&host);
    json_t *events = json_object_get(d, "events");
    CHECK(json_is_boolean(json_object_get(d, "hardware_pmu")));
    CHECK(json_integer_value(json_object_get(d, "perf_event_paranoid")) == host.paranoid);
    json_t *cycles = json_object_get(events, "cycles");
    CHECK(json_integer_value(json_object_get(cycles, "type")) == PERF_TYPE_HARDWARE);
    CHECK_STR(json_string_value(json_object_get(cycles, "source")), "hardware");
    json_t *roles = json_object_get(d, "derived_from");
    CHECK_STR(json_string_value(json_object_get(roles, "cycles")), "cycles");
    CHECK_STR(json_string_value(json_object_get(roles, "instructions")), "instructions");
    CHECK(json_array_size(json_object_get(roles, "misses")) == 4);
    if (!host.hardware_pmu) {
        /* This machine (a VM without a virtual PMU): every hardware event
         * says so, the software ones still count, and one notice says it. */
        CHECK(json_is_false(json_object_get(cycles, "available")));
        CHECK_STR(json_string_value(json_object_get(cycles, "unavailable")),
                  "no hardware PMU (perf_event_open: ENOENT)");
        CHECK_STR(pmu_plan_notice(plan),
                  "counters: not counted here: cycles, instructions, LLC-load-misses, "
                  "LLC-store-misses, dTLB-load-misses, dTLB-store-misses (no hardware PMU "
                  "(perf_event_open: ENOENT)); their values will be null (--pmu=cachegrind "
                  "simulates caches instead)");
    } else {
        fprintf(stderr, "this host has a PMU; notice: %s\n",
                pmu_plan_notice(plan) ? pmu_plan_notice(plan) : "(none)");
        CHECK(json_object_get(cycles, "available") != NULL);
    }
    CHECK(json_is_true(json_object_get(json_object_get(events, "page-faults"), "available")));
    done(plan, d);
}

static void lists_keep_order_expand_paper_and_skip_repeated_software(void)
{
    struct pmu_plan *plan;
    json_t *d = described(PMU_BACKEND_PERF, "branch-misses, page-faults ,paper",
                          "task-clock,page-faults,context-switches,cpu-migrations,branch-misses,"
                          "cycles,instructions,LLC-load-misses,LLC-store-misses,dTLB-load-misses,"
                          "dTLB-store-misses", &plan);
    done(plan, d);
}

static void bad_specs_are_rejected_with_a_clear_message(void)
{
    plan_fails(PMU_BACKEND_PERF, "cycles,bogus-event",
               "unknown event 'bogus-event' (libpfm4: event not found)");
    plan_fails(PMU_BACKEND_PERF, "cycles,,instructions", "empty event name in --events list");
    plan_fails(PMU_BACKEND_PERF, "cycles,", "empty event name in --events list");
    plan_fails(PMU_BACKEND_PERF, "", "empty event name in --events list");
    plan_fails(PMU_BACKEND_PERF, "cycles, ,instructions", "empty event name in --events list");
    plan_fails(PMU_BACKEND_PERF, ",cycles", "empty event name in --events list");
    plan_fails(PMU_BACKEND_PERF, "cycles,instructions,cycles", "event 'cycles' listed twice");
    plan_fails(PMU_BACKEND_PERF, "sim-LL-read-misses",
               "event 'sim-LL-read-misses' is simulated: use --pmu=cachegrind");
    plan_fails(PMU_BACKEND_CACHEGRIND, "cycles",
               "event 'cycles' is not simulated by cachegrind (it has: sim-instructions, "
               "sim-I1-misses, sim-LL-instruction-misses, sim-D1-reads, sim-D1-read-misses, "
               "sim-LL-read-misses, sim-D1-writes, sim-D1-write-misses, sim-LL-write-misses)");
    plan_fails(PMU_BACKEND_CACHEGRIND, "none",
               "--events=none with --pmu=cachegrind: cachegrind counts only simulated events "
               "(leave --events out, or name sim-* events)");
}

static void cachegrind_plan_records_geometry_and_simulated_events(void)
{
    const char *specs[] = { NULL, "paper" };
    for (size_t i = 0; i < 2; i++) {
        struct pmu_plan *plan;
        json_t *d = described(PMU_BACKEND_CACHEGRIND, specs[i],
                              "sim-instructions,sim-D1-read-misses,sim-D1-write-misses,"
                              "sim-LL-read-misses,sim-LL-write-misses", &plan);
        if (!d)
            continue;
        CHECK_STR(json_string_value(json_object_get(d, "backend")), "cachegrind");
        json_t *geometry = json_object_get(d, "geometry");
        CHECK(json_integer_value(json_object_get(json_object_get(geometry, "LL"), "size_bytes"))
              == 8388608);
        CHECK(json_integer_value(json_object_get(json_object_get(geometry, "D1"), "assoc")) == 8);
        CHECK(json_integer_value(json_object_get(json_object_get(geometry, "I1"), "line_bytes"))
              == 64);
        CHECK(access(json_string_value(json_object_get(d, "valgrind")), X_OK) == 0);
        json_t *ir = json_object_get(json_object_get(d, "events"), "sim-instructions");
        CHECK_STR(json_string_value(json_object_get(ir, "source")), "simulated");
        CHECK_STR(json_string_value(json_object_get(ir, "encoding")), "Ir");
        CHECK(json_array_size(json_object_get(d, "limits")) == 4);
        CHECK(strstr(pmu_plan_notice(plan), "simulated by cachegrind") != NULL);
        done(plan, d);
    }
    struct pmu_plan *plan;
    json_t *d = described(PMU_BACKEND_CACHEGRIND, "sim-D1-reads,sim-instructions",
                          "sim-D1-reads,sim-instructions", &plan);
    done(plan, d);
}

int main(void)
{
    backends_parse_by_name();
    default_none_and_null_mean_software_events_only();
    paper_events_report_availability_per_event();
    lists_keep_order_expand_paper_and_skip_repeated_software();
    bad_specs_are_rejected_with_a_clear_message();
    cachegrind_plan_records_geometry_and_simulated_events();
    return CHECK_DONE();
}
