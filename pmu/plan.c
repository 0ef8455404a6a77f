/*
 * pmu/plan.c: deciding, once per matrix, what to count: the event spec
 * parsed, each event handed to the backend to encode and probe on this
 * machine (pmu/backend.h), the notice for the user and the description for
 * the results file's context.
 */
#include "pmu/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmu/backend.h"

/* Every backend, in the order of enum pmu_backend (pmu/pmu.h). */
static const struct pmu_backend_ops *const pmu_backends[] = {
    [PMU_BACKEND_PERF] = &pmu_perf_backend,
    [PMU_BACKEND_CACHEGRIND] = &pmu_cachegrind_backend,
};

int pmu_backend_parse(const char *name, enum pmu_backend *out)
{
    for (size_t i = 0; i < sizeof pmu_backends / sizeof pmu_backends[0]; i++)
        if (strcmp(name, pmu_backends[i]->name) == 0) {
            *out = (enum pmu_backend)i;
            return 0;
        }
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

/* ---- The plan ---- */

static int requested_names(const struct pmu_backend_ops *ops, char *spec, struct name_list *names,
                           char *err, size_t errlen)
{
    if (ops->always && names_add_set(names, ops->always) < 0)
        return -1;
    if (ops->refuse_none && spec && strcmp(spec, "none") == 0) {
        snprintf(err, errlen, "%s", ops->refuse_none);
        return -1;
    }
    if (is_default_spec(spec))
        return ops->defaults ? names_add_set(names, ops->defaults) : 0;
    struct name_list user = { 0 };
    int rc = parse_list(spec, ops->paper, &user, err, errlen);
    for (size_t i = 0; rc == 0 && i < user.n; i++)
        if (!name_listed(names, user.names[i]))
            rc = name_add(names, user.names[i]);
    free(user.names);
    return rc;
}

struct pmu_plan *pmu_plan_with(const struct pmu_backend_ops *ops, const char *events,
                               char *err, size_t errlen)
{
    struct pmu_plan *plan = calloc(1, sizeof *plan);
    char *spec = events ? strdup(events) : NULL;
    struct name_list names = { 0 };
    snprintf(err, errlen, "out of memory");
    if (!plan || (events && !spec) || requested_names(ops, spec, &names, err, errlen) < 0)
        goto fail;
    plan->ops = ops;
    plan->nevents = names.n;
    plan->events = calloc(names.n ? names.n : 1, sizeof *plan->events);
    if (!plan->events)
        goto fail;
    for (size_t i = 0; i < names.n; i++)
        if ((size_t)snprintf(plan->events[i].ev.name, sizeof plan->events[i].ev.name, "%s", names.names[i])
            >= sizeof plan->events[i].ev.name) {
            snprintf(err, errlen, "event name '%.40s...' is too long", names.names[i]);
            goto fail;
        }
    if (ops->fill(plan, err, errlen) < 0)
        goto fail;
    free(names.names);
    free(spec);
    return plan;
fail:
    free(names.names);
    free(spec);
    pmu_plan_free(plan);
    return NULL;
}

struct pmu_plan *pmu_plan_new(enum pmu_backend backend, const char *events,
                              char *err, size_t errlen)
{
    return pmu_plan_with(pmu_backends[backend], events, err, errlen);
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
    if (plan->ops->describe_event)
        plan->ops->describe_event(pe, obj);
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

json_t *pmu_plan_describe(const struct pmu_plan *plan)
{
    json_t *obj = plan->ops->describe(plan);
    json_t *events = json_object();
    for (size_t i = 0; i < plan->nevents; i++)
        json_object_set_new(events, plan->events[i].ev.name, describe_event(plan, &plan->events[i]));
    json_object_set_new(obj, "events", events);
    json_object_set_new(obj, "derived_from", describe_roles(plan));
    return obj;
}
