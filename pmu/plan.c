/*
 * pmu/plan.c: deciding, once per matrix, what to count: the event spec
 * parsed, each event encoded and probed on this machine, the notice for the
 * user and the description for the results file's context.
 */
#include "pmu/plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmu/cachegrind.h"

int pmu_backend_parse(const char *name, enum pmu_backend *out)
{
    if (strcmp(name, "perf") == 0) { *out = PMU_BACKEND_PERF; return 0; }
    if (strcmp(name, "cachegrind") == 0) { *out = PMU_BACKEND_CACHEGRIND; return 0; }
    return -1;
}

const char *pmu_backend_name(enum pmu_backend backend)
{
    return backend == PMU_BACKEND_CACHEGRIND ? "cachegrind" : "perf";
}

/* ---- The event spec ---- */

struct name_list {
    const char **names;   /* point into the spec copy or the static event sets */
    size_t n, cap;
};

static int name_listed(const struct name_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->names[i], name) == 0)
            return 1;
    return 0;
}

static int name_add(struct name_list *l, const char *name)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        const char **names = realloc(l->names, cap * sizeof *names);
        if (!names)
            return -1;
        l->names = names;
        l->cap = cap;
    }
    l->names[l->n++] = name;
    return 0;
}

static int names_add_set(struct name_list *l, const char *const *set)
{
    for (; *set; set++)
        if (!name_listed(l, *set) && name_add(l, *set) < 0)
            return -1;
    return 0;
}

static int is_default_spec(const char *events)
{
    return !events || strcmp(events, "default") == 0 || strcmp(events, "none") == 0;
}

/* name without its surrounding blanks, in place ("cycles, instructions"). */
static char *trimmed(char *name)
{
    name += strspn(name, " \t");
    size_t len = strlen(name);
    while (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t'))
        name[--len] = '\0';
    return name;
}

/* The user's comma-separated list, "paper" expanded; spec is modified (the
 * names point into it). */
static int parse_list(char *spec, const char *const *paper, struct name_list *out,
                      char *err, size_t errlen)
{
    for (char *rest = spec, *field; (field = strsep(&rest, ",")); ) {
        char *name = trimmed(field);
        int rc;
        if (name[0] == '\0') {
            snprintf(err, errlen, "empty event name in --events list");
            return -1;
        }
        if (strcmp(name, "paper") == 0) {
            rc = names_add_set(out, paper);
        } else if (name_listed(out, name)) {
            snprintf(err, errlen, "event '%s' listed twice", name);
            return -1;
        } else {
            rc = name_add(out, name);
        }
        if (rc < 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    return 0;
}

/* ---- The perf backend ---- */

static int encode_perf_event(const char *name, struct plan_event *pe, const struct pmu_host *host,
                             char *err, size_t errlen)
{
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

static int fill_perf(struct pmu_plan *plan, const struct name_list *names, char *err, size_t errlen)
{
    if (pmu_encode_init(err, errlen) < 0)
        return -1;
    pmu_perf_host(&plan->host);
    for (size_t i = 0; i < names->n; i++)
        if (encode_perf_event(names->names[i], &plan->events[i], &plan->host, err, errlen) < 0)
            return -1;
    return 0;
}

/* ---- The cachegrind backend ---- */

static int fill_cachegrind(struct pmu_plan *plan, const struct name_list *names,
                           char *err, size_t errlen)
{
    for (size_t i = 0; i < names->n; i++) {
        const char *code = pmu_cg_code(names->names[i]);
        if (!code) {
            char all[512];
            pmu_cg_names(all, sizeof all);
            snprintf(err, errlen, "event '%s' is not simulated by cachegrind (it has: %s)",
                     names->names[i], all);
            return -1;
        }
        struct pmu_event *ev = &plan->events[i].ev;
        snprintf(ev->name, sizeof ev->name, "%s", names->names[i]);
        snprintf(ev->encoding, sizeof ev->encoding, "%s", code);
        ev->source = PMU_SOURCE_SIMULATED;
        ev->role = pmu_role_of(NULL, ev->name);
    }
    return pmu_cg_find_valgrind(plan->valgrind, sizeof plan->valgrind, err, errlen);
}

/* ---- The notice ---- */

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

static void notice_cachegrind(struct pmu_plan *plan)
{
    const struct pmu_cache_geometry *g = &pmu_cg_geometry;
    snprintf(plan->notice, sizeof plan->notice,
             "counters: simulated by cachegrind (I1 %u KiB %u-way, D1 %u KiB %u-way, "
             "LL %u KiB %u-way, %u-byte lines): about 50x slower, one cache shared by all "
             "threads, threads serialized, no TLB",
             g->i1.size_bytes / 1024, g->i1.assoc, g->d1.size_bytes / 1024, g->d1.assoc,
             g->ll.size_bytes / 1024, g->ll.assoc, g->d1.line_bytes);
}

/* ---- The plan ---- */

static int requested_names(enum pmu_backend backend, char *spec, struct name_list *names,
                           char *err, size_t errlen)
{
    int perf = backend == PMU_BACKEND_PERF;
    /* Cachegrind's nearest to the paper's set: instructions, D1 and LL misses. */
    const char *const *paper = perf ? pmu_paper_events : pmu_cg_default_events;
    /* Software events cost nothing and explain much (page faults, context
     * switches), so the perf backend always has them, listed first. */
    if (perf && names_add_set(names, pmu_software_events) < 0)
        return -1;
    if (!perf && spec && strcmp(spec, "none") == 0) {
        snprintf(err, errlen, "--events=none with --pmu=cachegrind: cachegrind counts only "
                 "simulated events (leave --events out, or name sim-* events)");
        return -1;
    }
    if (is_default_spec(spec))
        return perf ? 0 : names_add_set(names, pmu_cg_default_events);
    struct name_list user = { 0 };
    int rc = parse_list(spec, paper, &user, err, errlen);
    for (size_t i = 0; rc == 0 && i < user.n; i++)
        if (!name_listed(names, user.names[i]))
            rc = name_add(names, user.names[i]);
    free(user.names);
    return rc;
}

struct pmu_plan *pmu_plan_new(enum pmu_backend backend, const char *events,
                              char *err, size_t errlen)
{
    struct pmu_plan *plan = calloc(1, sizeof *plan);
    char *spec = events ? strdup(events) : NULL;
    struct name_list names = { 0 };
    snprintf(err, errlen, "out of memory");
    if (!plan || (events && !spec) || requested_names(backend, spec, &names, err, errlen) < 0)
        goto fail;
    plan->backend = backend;
    plan->nevents = names.n;
    plan->events = calloc(names.n ? names.n : 1, sizeof *plan->events);
    if (!plan->events)
        goto fail;
    if (backend == PMU_BACKEND_PERF ? fill_perf(plan, &names, err, errlen)
                                    : fill_cachegrind(plan, &names, err, errlen))
        goto fail;
    if (backend == PMU_BACKEND_PERF) {
        notice_unavailable(plan);
        notice_user_only(plan);
    } else
        notice_cachegrind(plan);
    free(names.names);
    free(spec);
    return plan;
fail:
    free(names.names);
    free(spec);
    pmu_plan_free(plan);
    return NULL;
}

void pmu_plan_free(struct pmu_plan *plan)
{
    if (!plan)
        return;
    free(plan->events);
    free(plan);
}

const char *pmu_plan_notice(const struct pmu_plan *plan)
{
    return plan->notice[0] ? plan->notice : NULL;
}

int pmu_plan_roles(const struct pmu_plan *plan, struct plan_roles *roles)
{
    memset(roles, 0, sizeof *roles);
    roles->misses = calloc(plan->nevents ? plan->nevents : 1, sizeof *roles->misses);
    if (!roles->misses)
        return -1;
    for (size_t i = 0; i < plan->nevents; i++) {
        const struct pmu_event *ev = &plan->events[i].ev;
        if (ev->role == PMU_ROLE_CYCLES && !roles->cycles)
            roles->cycles = ev->name;
        else if (ev->role == PMU_ROLE_INSTRUCTIONS && !roles->instructions)
            roles->instructions = ev->name;
        else if (ev->role == PMU_ROLE_MISSES)
            roles->misses[roles->nmisses++] = ev->name;
    }
    return 0;
}

/* ---- The description for context.counters ---- */

static json_t *describe_event(const struct pmu_plan *plan, const struct plan_event *pe)
{
    const struct pmu_event *ev = &pe->ev;
    json_t *obj = json_pack("{s:s, s:s, s:b}", "source", pmu_source_name(ev->source),
                            "encoding", ev->encoding, "available", !pe->unavailable[0]);
    if (plan->backend == PMU_BACKEND_PERF) {
        json_object_set_new(obj, "type", json_integer(ev->attr.type));
        json_object_set_new(obj, "config", json_integer((json_int_t)ev->attr.config));
        json_object_set_new(obj, "kernel_counted", json_boolean(!ev->attr.exclude_kernel));
    }
    if (pe->unavailable[0])
        json_object_set_new(obj, "unavailable", json_string(pe->unavailable));
    return obj;
}

static json_t *describe_roles(const struct pmu_plan *plan)
{
    struct plan_roles roles;
    if (pmu_plan_roles(plan, &roles) < 0)
        return json_null();
    json_t *misses = json_array();
    for (size_t i = 0; i < roles.nmisses; i++)
        json_array_append_new(misses, json_string(roles.misses[i]));
    json_t *obj = json_pack("{s:s?, s:s?, s:o}", "cycles", roles.cycles,
                            "instructions", roles.instructions, "misses", misses);
    free(roles.misses);
    return obj;
}

static json_t *describe_backend(const struct pmu_plan *plan)
{
    if (plan->backend == PMU_BACKEND_CACHEGRIND)
        return json_pack("{s:s, s:s, s:o, s:[s,s,s,s]}", "backend", "cachegrind",
                         "valgrind", plan->valgrind,
                         "geometry", pmu_cg_geometry_json(&pmu_cg_geometry),
                         "limits", "one simulated cache hierarchy shared by all threads",
                         "threads serialized (Valgrind runs one thread at a time)",
                         "no TLB, no prefetcher, no cycles",
                         "about 50x slower than native");
    json_t *paranoid = plan->host.paranoid == PMU_PARANOID_UNKNOWN
                       ? json_null() : json_integer(plan->host.paranoid);
    return json_pack("{s:s, s:o, s:b}", "backend", "perf", "perf_event_paranoid", paranoid,
                     "hardware_pmu", plan->host.hardware_pmu);
}

json_t *pmu_plan_describe(const struct pmu_plan *plan)
{
    json_t *obj = describe_backend(plan);
    json_t *events = json_object();
    for (size_t i = 0; i < plan->nevents; i++)
        json_object_set_new(events, plan->events[i].ev.name, describe_event(plan, &plan->events[i]));
    json_object_set_new(obj, "events", events);
    json_object_set_new(obj, "derived_from", describe_roles(plan));
    return obj;
}
