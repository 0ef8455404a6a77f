/*
 * pmu/cachegrind_backend.c: the simulated backend. A plan checks each event
 * is one cachegrind simulates and finds valgrind; a run execs the workload
 * under valgrind --tool=cachegrind and reads its output file after the run.
 */
#include "pmu/backend.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pmu/cachegrind.h"
#include "pmu/counter.h"

/* ---- The plan ---- */

static void notice(struct pmu_plan *plan)
{
    const struct pmu_cache_geometry *g = &pmu_cg_geometry;
    snprintf(plan->notice, sizeof plan->notice,
             "counters: simulated by cachegrind (I1 %u KiB %u-way, D1 %u KiB %u-way, "
             "LL %u KiB %u-way, %u-byte lines): about 50x slower, one cache shared by all "
             "threads, threads serialized, no TLB",
             g->i1.size_bytes / 1024, g->i1.assoc, g->d1.size_bytes / 1024, g->d1.assoc,
             g->ll.size_bytes / 1024, g->ll.assoc, g->d1.line_bytes);
}

static int fill(struct pmu_plan *plan, char *err, size_t errlen)
{
    for (size_t i = 0; i < plan->nevents; i++) {
        struct pmu_event *ev = &plan->events[i].ev;
        const char *code = pmu_cg_code(ev->name);
        if (!code) {
            char all[512];
            pmu_cg_names(all, sizeof all);
            snprintf(err, errlen, "event '%s' is not simulated by cachegrind (it has: %s)", ev->name, all);
            return -1;
        }
        snprintf(ev->encoding, sizeof ev->encoding, "%s", code);
        ev->source = PMU_SOURCE_SIMULATED;
        ev->role = pmu_role_of(NULL, ev->name);
    }
    if (pmu_cg_find_valgrind(plan->valgrind, sizeof plan->valgrind, err, errlen) < 0)
        return -1;
    notice(plan);
    return 0;
}

static json_t *describe(const struct pmu_plan *plan)
{
    return json_pack("{s:s, s:s, s:o, s:[s,s,s,s]}", "backend", "cachegrind",
                     "valgrind", plan->valgrind,
                     "geometry", pmu_cg_geometry_json(&pmu_cg_geometry),
                     "limits", "one simulated cache hierarchy shared by all threads",
                     "threads serialized (Valgrind runs one thread at a time)",
                     "no TLB, no prefetcher, no cycles",
                     "about 50x slower than native");
}

/* ---- A run ---- */

struct cachegrind_run {
    char **wrapped_argv;                 /* valgrind ... -- argv: owned, run->argv points to it */
    char outfile[PATH_MAX];              /* its output file; "" when none */
};

static void finish(struct pmu_run *run)
{
    struct cachegrind_run *cr = run->state;
    if (!cr)
        return;
    if (cr->outfile[0])
        unlink(cr->outfile);
    free(cr->wrapped_argv);
    free(cr);
    run->state = NULL;
}

static int make_outfile(struct cachegrind_run *cr, char *err, size_t errlen)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(cr->outfile, sizeof cr->outfile, "%s/ngbench-cachegrind-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    int fd = mkstemp(cr->outfile);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create cachegrind output file %s: %s", cr->outfile, strerror(errno));
        cr->outfile[0] = '\0';
        return -1;
    }
    close(fd);
    return 0;
}

static int start(struct pmu_run *run, char *const argv[], char *err, size_t errlen)
{
    struct cachegrind_run *cr = calloc(1, sizeof *cr);
    run->state = cr;
    if (!cr) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (make_outfile(cr, err, errlen) < 0)
        return -1;
    cr->wrapped_argv = pmu_cg_argv(run->plan->valgrind, &pmu_cg_geometry, cr->outfile, argv);
    if (!cr->wrapped_argv) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    run->argv = cr->wrapped_argv;
    return 0;
}

static json_t *collect(struct pmu_run *run)
{
    struct cachegrind_run *cr = run->state;
    const struct pmu_plan *plan = run->plan;
    const char *names[plan->nevents + 1];
    for (size_t i = 0; i < plan->nevents; i++)
        names[i] = plan->events[i].ev.name;
    char reason[PATH_MAX + 128];
    json_t *counters = pmu_cg_parse(cr->outfile, names, plan->nevents, reason, sizeof reason);
    if (counters)
        return counters;
    /* The run failed before valgrind wrote anything (or valgrind itself
     * failed): every event says so, and the run's own status says why. */
    counters = json_object();
    for (size_t i = 0; i < plan->nevents; i++)
        json_object_set_new(counters, names[i], pmu_counter_unavailable("simulated", reason));
    return counters;
}

/* valgrind counts from inside the child: nothing to attach. */
const struct pmu_backend_ops pmu_cachegrind_backend = {
    .name = "cachegrind",
    /* Cachegrind's nearest to the paper's set: instructions, D1 and LL misses. */
    .defaults = pmu_cg_default_events, .paper = pmu_cg_default_events,
    .refuse_none = "--events=none with --pmu=cachegrind: cachegrind counts only simulated events "
                   "(leave --events out, or name sim-* events)",
    .fill = fill, .describe = describe,
    .start = start, .collect = collect, .finish = finish,
};
