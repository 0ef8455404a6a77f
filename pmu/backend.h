/*
 * pmu/backend.h: a counter backend, as plan.c and run.c see it. A backend is
 * one table of functions in a file of its own (perf_backend.c,
 * cachegrind_backend.c); pmu_backends[] in plan.c lists them, in the order
 * of enum pmu_backend, and --pmu= picks one by name. Adding a backend is a
 * file and a line there (docs/extending.md).
 *
 * What it must never do: be included outside pmu/ and its tests; the harness
 * sees only pmu/pmu.h.
 */
#ifndef NGBENCH_PMU_BACKEND_H
#define NGBENCH_PMU_BACKEND_H

#include <stddef.h>
#include <sys/types.h>
#include <jansson.h>

#include "pmu/plan.h"

struct pmu_backend_ops {
    const char *name;                 /* --pmu=NAME; context.counters.backend */
    const char *const *always;        /* counted by every plan, listed first; NULL: none */
    const char *const *defaults;      /* counted when --events is left out; NULL: none */
    const char *const *paper;         /* what "paper" in an --events list stands for */
    const char *refuse_none;          /* why --events=none is refused; NULL: it is allowed */
    /* Encodes and probes every plan event (its ev.name is set), records why
     * one cannot be counted here, and writes plan->notice. 0, or -1 with err
     * (an event this backend has no such thing as). */
    int (*fill)(struct pmu_plan *plan, char *err, size_t errlen);
    /* context.counters, less "events" and "derived_from": "backend" and the
     * backend's own settings. */
    json_t *(*describe)(const struct pmu_plan *plan);
    /* Adds the backend's own fields to one event's description; NULL: none. */
    void (*describe_event)(const struct plan_event *pe, json_t *obj);
    /* A run about to fork: sets run->argv (argv itself, or a wrapper around
     * it) and run->state. 0, or -1 with err. */
    int (*start)(struct pmu_run *run, char *const argv[], char *err, size_t errlen);
    /* In the parent after fork, while the child waits before exec; NULL:
     * nothing to do. 0, or -1 with err when the run cannot go on. */
    int (*attach)(struct pmu_run *run, pid_t child, char *err, size_t errlen);
    /* After the reap: {event name: counter object (pmu/counter.h)} for every
     * plan event, unavailable ones with their reason. */
    json_t *(*collect)(struct pmu_run *run);
    /* Frees run->state; NULL: start made none. */
    void (*finish)(struct pmu_run *run);
};

struct pmu_run {
    const struct pmu_plan *plan;
    char *const *argv;                /* what to exec */
    void *state;                      /* the backend's own */
};

extern const struct pmu_backend_ops pmu_perf_backend, pmu_cachegrind_backend;

/* A plan made with any backend (pmu_plan_new with one of pmu_backends[]). */
struct pmu_plan *pmu_plan_with(const struct pmu_backend_ops *ops, const char *events,
                               char *err, size_t errlen);

#endif
