/*
 * docs/extending.md, "A counter backend", done once: a backend that counts
 * one software figure, the nanoseconds from attaching to the child to
 * collecting after the reap ("toy-elapsed-ns"). In pmu/ it would be this
 * file and one line in plan.c's pmu_backends[] (with its enum value); here
 * the plan is made with pmu_plan_with, and a real run goes through the
 * harness's runner as `ngbench run` does.
 *
 * usage: test_counter_backend PROGRAM [ARG...] (any program that exits 0)
 */
#include <stdlib.h>
#include <time.h>

#include "base/clock.h"
#include "base/results.h"
#include "harness/registry.h"
#include "harness/runner.h"
#include "pmu/backend.h"
#include "pmu/counter.h"
#include "tests/check.h"

#define TOY_EVENT "toy-elapsed-ns"

static const char *const toy_events[] = { TOY_EVENT, NULL };

static int toy_fill(struct pmu_plan *plan, char *err, size_t errlen)
{
    for (size_t i = 0; i < plan->nevents; i++) {
        struct pmu_event *ev = &plan->events[i].ev;
        if (strcmp(ev->name, TOY_EVENT) != 0) {
            snprintf(err, errlen, "event '%s' is not counted by toy (it has: " TOY_EVENT ")", ev->name);
            return -1;
        }
        snprintf(ev->encoding, sizeof ev->encoding, "clock_gettime(CLOCK_MONOTONIC)");
        ev->source = PMU_SOURCE_SOFTWARE;
        ev->role = PMU_ROLE_OTHER;
    }
    return 0;
}

static json_t *toy_describe(const struct pmu_plan *plan)
{
    (void)plan;
    return json_pack("{s:s}", "backend", "toy");
}

static int toy_start(struct pmu_run *run, char *const argv[], char *err, size_t errlen)
{
    run->argv = argv;
    run->state = calloc(1, sizeof(double));
    if (!run->state)
        snprintf(err, errlen, "out of memory");
    return run->state ? 0 : -1;
}

static int toy_attach(struct pmu_run *run, pid_t child, char *err, size_t errlen)
{
    (void)child, (void)err, (void)errlen;
    *(double *)run->state = monotonic_s();
    return 0;
}

static json_t *toy_collect(struct pmu_run *run)
{
    uint64_t ns = (uint64_t)((monotonic_s() - *(double *)run->state) * 1e9);
    struct pmu_reading r = { ns, ns, ns };
    json_t *counters = json_object();
    for (size_t i = 0; i < run->plan->nevents; i++)
        json_object_set_new(counters, run->plan->events[i].ev.name, pmu_counter_measured("software", &r));
    return counters;
}

static void toy_finish(struct pmu_run *run)
{
    free(run->state);
    run->state = NULL;
}

static const struct pmu_backend_ops toy = {
    .name = "toy", .defaults = toy_events, .paper = toy_events,
    .fill = toy_fill, .describe = toy_describe,
    .start = toy_start, .attach = toy_attach, .collect = toy_collect, .finish = toy_finish,
};

static void plans_name_and_describe_its_events(void)
{
    char err[256];
    struct pmu_plan *plan = pmu_plan_with(&toy, NULL, err, sizeof err);
    CHECK(plan != NULL);
    if (!plan)
        return;
    json_t *d = pmu_plan_describe(plan);
    CHECK_STR(json_string_value(json_object_get(d, "backend")), "toy");
    json_t *ev = json_object_get(json_object_get(d, "events"), TOY_EVENT);
    CHECK(json_is_true(json_object_get(ev, "available")));
    CHECK_STR(json_string_value(json_object_get(ev, "source")), "software");
    CHECK(pmu_plan_notice(plan) == NULL);
    json_decref(d);
    pmu_plan_free(plan);
    CHECK(pmu_plan_with(&toy, "cycles", err, sizeof err) == NULL && strstr(err, "not counted by toy"));
}

static void counts_a_real_run_through_the_runner(char **child)
{
    char err[256];
    struct pmu_plan *plan = pmu_plan_with(&toy, "paper", err, sizeof err);
    struct allocator glibc;
    CHECK(plan != NULL && registry_lookup("glibc", &glibc, err, sizeof err) == 0);
    if (!plan)
        return;
    struct run_spec spec = { .allocator = &glibc, .argv = child, .timeout_s = 60, .pmu = plan };
    json_t *rec = runner_run(&spec, err, sizeof err);
    CHECK(rec != NULL);
    CHECK_STR(results_str(rec, "status"), "ok");
    json_t *counters = json_object_get(rec, "counters");
    /* attached before the child was let go, collected after the reap: at
     * least the run's wall time, and far less than the clock's whole count */
    double ns = pmu_counter_value(counters, TOY_EVENT);
    CHECK(ns >= results_num(rec, "wall_s") * 1e9 && ns < 60e9);
    CHECK(json_is_object(json_object_get(counters, "derived")));
    json_decref(rec);
    pmu_plan_free(plan);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_counter_backend PROGRAM [ARG...]\n");
        return 2;
    }
    plans_name_and_describe_its_events();
    counts_a_real_run_through_the_runner(argv + 1);
    return CHECK_DONE();
}
