/*
 * pmu/perf_backend.c: the perf backend. A plan encodes each event with
 * libpfm4 and probes it on this machine (pmu/perf.c); a run opens the
 * countable ones on the forked child before it execs and reads them after it
 * is reaped. The software events are always counted.
 */
#include "pmu/backend.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pmu/cachegrind.h"
#include "pmu/counter.h"

/* ---- The plan ---- */

static int encode(struct plan_event *pe, const struct pmu_host *host, char *err, size_t errlen)
{
    char name[PMU_NAME_MAX];
    snprintf(name, sizeof name, "%s", pe->ev.name);
    if (pmu_cg_code(name)) {
        snprintf(err, errlen, "event '%s' is simulated: use --pmu=cachegrind", name);
        return -1;
    }
    if (pmu_encode_event(name, &pe->ev, err, errlen) < 0)
        return -1;
    int kernel_asked = !pe->ev.attr.exclude_kernel;
    if (pmu_perf_probe(&pe->ev, host, pe->unavailable, sizeof pe->unavailable) == 0)
        pe->kernel_dropped = kernel_asked && pe->ev.attr.exclude_kernel;
    return 0;
}

static void appendf(char *buf, size_t len, const char *fmt, ...)
{
    size_t used = strlen(buf);
    if (used + 1 >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, len - used, fmt, ap);
    va_end(ap);
}

static size_t first_with_reason(const struct pmu_plan *plan, const char *reason)
{
    size_t i = 0;
    while (strcmp(plan->events[i].unavailable, reason) != 0)
        i++;
    return i;
}

/* "counters: not counted here: a, b (reason); c (other reason); their values
 * will be null" */
static void notice_unavailable(struct pmu_plan *plan)
{
    char *buf = plan->notice;
    size_t len = sizeof plan->notice;
    for (size_t i = 0; i < plan->nevents; i++) {
        const char *reason = plan->events[i].unavailable;
        if (!reason[0] || first_with_reason(plan, reason) < i)
            continue;   /* countable, or listed with the first event of its reason */
        appendf(buf, len, "%s", buf[0] ? "; " : "counters: not counted here: ");
        for (size_t j = i, listed = 0; j < plan->nevents; j++)
            if (strcmp(plan->events[j].unavailable, reason) == 0)
                appendf(buf, len, "%s%s", listed++ ? ", " : "", plan->events[j].ev.name);
        appendf(buf, len, " (%s)", reason);
    }
    if (buf[0])
        appendf(buf, len, "; their values will be null%s", plan->host.hardware_pmu ? ""
                : " (--pmu=cachegrind simulates caches instead)");
}

/* "...; user side only: a, b (kernel counting not permitted, ...)" */
static void notice_user_only(struct pmu_plan *plan)
{
    char *buf = plan->notice;
    size_t len = sizeof plan->notice, listed = 0;
    for (size_t i = 0; i < plan->nevents; i++)
        if (plan->events[i].kernel_dropped)
            appendf(buf, len, "%s%s", listed++ ? ", " : buf[0] ? "; user side only: "
                    : "counters: user side only: ", plan->events[i].ev.name);
    if (listed)
        appendf(buf, len, " (kernel counting not permitted, perf_event_paranoid=%d)",
                plan->host.paranoid);
}

static int fill(struct pmu_plan *plan, char *err, size_t errlen)
{
    if (pmu_encode_init(err, errlen) < 0)
        return -1;
    pmu_perf_host(&plan->host);
    for (size_t i = 0; i < plan->nevents; i++)
        if (encode(&plan->events[i], &plan->host, err, errlen) < 0)
            return -1;
    notice_unavailable(plan);
    notice_user_only(plan);
    return 0;
}

static json_t *describe(const struct pmu_plan *plan)
{
    json_t *paranoid = plan->host.paranoid == PMU_PARANOID_UNKNOWN
                       ? json_null() : json_integer(plan->host.paranoid);
    return json_pack("{s:s, s:o, s:b}", "backend", "perf", "perf_event_paranoid", paranoid,
                     "hardware_pmu", plan->host.hardware_pmu);
}

static void describe_event(const struct plan_event *pe, json_t *obj)
{
    json_object_set_new(obj, "type", json_integer(pe->ev.attr.type));
    json_object_set_new(obj, "config", json_integer((json_int_t)pe->ev.attr.config));
    json_object_set_new(obj, "kernel_counted", json_boolean(!pe->ev.attr.exclude_kernel));
}

/* ---- A run ---- */

struct perf_run {
    int *fds;                            /* per plan event, -1 when not open */
    char (*failed)[PMU_REASON_MAX];      /* why an event failed to open on the child */
};

static void finish(struct pmu_run *run)
{
    struct perf_run *pr = run->state;
    if (!pr)
        return;
    for (size_t i = 0; pr->fds && i < run->plan->nevents; i++)
        if (pr->fds[i] >= 0)
            close(pr->fds[i]);
    free(pr->fds);
    free(pr->failed);
    free(pr);
    run->state = NULL;
}

static int start(struct pmu_run *run, char *const argv[], char *err, size_t errlen)
{
    size_t n = run->plan->nevents ? run->plan->nevents : 1;
    struct perf_run *pr = calloc(1, sizeof *pr);
    run->state = pr;
    run->argv = argv;
    if (pr) {
        pr->fds = malloc(n * sizeof *pr->fds);
        /* every fd is -1 before anything can fail: finish reads them all */
        for (size_t i = 0; pr->fds && i < n; i++)
            pr->fds[i] = -1;
        pr->failed = calloc(n, sizeof *pr->failed);
    }
    if (!pr || !pr->fds || !pr->failed) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static void attach_failure(struct pmu_run *run, size_t i, int err)
{
    struct perf_run *pr = run->state;
    const struct plan_event *pe = &run->plan->events[i];
    char reason[PMU_REASON_MAX - 32];
    pmu_perf_reason(err, pe->ev.source, &run->plan->host, reason, sizeof reason);
    snprintf(pr->failed[i], sizeof pr->failed[i], "could not attach to the run: %s", reason);
}

static int attach(struct pmu_run *run, pid_t child, char *err, size_t errlen)
{
    struct perf_run *pr = run->state;
    const struct pmu_plan *plan = run->plan;
    for (size_t i = 0; i < plan->nevents; i++) {
        const struct plan_event *pe = &plan->events[i];
        if (pe->unavailable[0] || pr->fds[i] >= 0)
            continue;
        int fd = pmu_perf_open(&pe->ev.attr, child);
        if (fd == -ESRCH) {
            snprintf(err, errlen, "process %d is gone before its counters were attached",
                     (int)child);
            return -1;
        }
        if (fd < 0)   /* probed fine but failed on the child: data, not a failed run */
            attach_failure(run, i, -fd);
        else
            pr->fds[i] = fd;
    }
    return 0;
}

static json_t *collect_event(struct pmu_run *run, size_t i)
{
    struct perf_run *pr = run->state;
    const struct plan_event *pe = &run->plan->events[i];
    const char *source = pmu_source_name(pe->ev.source);
    if (pe->unavailable[0])
        return pmu_counter_unavailable(source, pe->unavailable);
    if (pr->failed[i][0])
        return pmu_counter_unavailable(source, pr->failed[i]);
    if (pr->fds[i] < 0)
        return pmu_counter_unavailable(source, "not attached to the run");
    struct pmu_reading reading;
    int rc = pmu_perf_read(pr->fds[i], &reading);
    close(pr->fds[i]);
    pr->fds[i] = -1;
    if (rc < 0) {
        char reason[PMU_REASON_MAX];
        snprintf(reason, sizeof reason, "read failed: %s", strerror(-rc));
        return pmu_counter_unavailable(source, reason);
    }
    return pmu_counter_measured(source, &reading);
}

static json_t *collect(struct pmu_run *run)
{
    json_t *counters = json_object();
    for (size_t i = 0; i < run->plan->nevents; i++)
        json_object_set_new(counters, run->plan->events[i].ev.name, collect_event(run, i));
    return counters;
}

const struct pmu_backend_ops pmu_perf_backend = {
    .name = "perf",
    /* Software events cost nothing and explain much (page faults, context
     * switches), so every perf plan has them, listed first. */
    .always = pmu_software_events,
    .paper = pmu_paper_events,
    .fill = fill, .describe = describe, .describe_event = describe_event,
    .start = start, .attach = attach, .collect = collect, .finish = finish,
};
