/* pmu/encode.c: event names to perf_event_attr through libpfm4 (see encode.h). */
#include "pmu/encode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const pmu_paper_events[] = {
    "cycles", "instructions", "LLC-load-misses", "LLC-store-misses",
    "dTLB-load-misses", "dTLB-store-misses", NULL,
};

const char *const pmu_software_events[] = {
    "task-clock", "page-faults", "context-switches", "cpu-migrations", NULL,
};

int pmu_encode_init(char *err, size_t errlen)
{
    int rc = pfm_initialize();
    if (rc != PFM_SUCCESS) {
        snprintf(err, errlen, "libpfm4 initialisation failed: %s", pfm_strerror(rc));
        return -1;
    }
    return 0;
}

static enum pmu_source source_of(const struct perf_event_attr *attr)
{
    /* Tracepoints and software events are counted by the kernel itself, so
     * they exist on every machine; everything else needs a PMU. */
    if (attr->type == PERF_TYPE_SOFTWARE || attr->type == PERF_TYPE_TRACEPOINT)
        return PMU_SOURCE_SOFTWARE;
    return PMU_SOURCE_HARDWARE;
}

enum pmu_role pmu_role_of(const struct perf_event_attr *attr, const char *name)
{
    if (attr && attr->type == PERF_TYPE_HARDWARE) {
        switch (attr->config) {
        case PERF_COUNT_HW_CPU_CYCLES: return PMU_ROLE_CYCLES;
        case PERF_COUNT_HW_INSTRUCTIONS: return PMU_ROLE_INSTRUCTIONS;
        case PERF_COUNT_HW_CACHE_MISSES:
        case PERF_COUNT_HW_BRANCH_MISSES: return PMU_ROLE_MISSES;
        default: return PMU_ROLE_OTHER;
        }
    }
    if (attr && attr->type == PERF_TYPE_HW_CACHE)
        return ((attr->config >> 16) & 0xff) == PERF_COUNT_HW_CACHE_RESULT_MISS
               ? PMU_ROLE_MISSES : PMU_ROLE_OTHER;
    if (!attr && strcmp(name, "sim-instructions") == 0)
        return PMU_ROLE_INSTRUCTIONS;
    if (attr && attr->type == PERF_TYPE_SOFTWARE)
        return PMU_ROLE_OTHER;   /* page-faults are not cache misses */
    for (const char *p = name; *p; p++)
        if (strncasecmp(p, "miss", 4) == 0)
            return PMU_ROLE_MISSES;
    return PMU_ROLE_OTHER;
}

int pmu_encode_event(const char *name, struct pmu_event *ev, char *err, size_t errlen)
{
    if (strlen(name) >= sizeof ev->name) {
        snprintf(err, errlen, "event name too long: '%.40s...'", name);
        return -1;
    }
    memset(ev, 0, sizeof *ev);
    char *fstr = NULL;
    pfm_perf_encode_arg_t arg;
    memset(&arg, 0, sizeof arg);
    arg.attr = &ev->attr;
    arg.fstr = &fstr;
    arg.size = sizeof arg;
    ev->attr.size = sizeof ev->attr;
    /* Kernel and user by default: page zeroing and mmap are part of an
     * allocator's cost. pmu/perf.c drops the kernel where it is not allowed. */
    int rc = pfm_get_os_event_encoding(name, PFM_PLM0 | PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
    if (rc != PFM_SUCCESS) {
        snprintf(err, errlen, "%s event '%s' (libpfm4: %s)",
                 rc == PFM_ERR_NOTFOUND ? "unknown" : "cannot encode", name, pfm_strerror(rc));
        return -1;
    }
    snprintf(ev->name, sizeof ev->name, "%s", name);
    snprintf(ev->encoding, sizeof ev->encoding, "%s", fstr ? fstr : name);
    free(fstr);
    /* Counted from the child's exec on, across every thread and child process
     * it creates, and never before: nothing of ngbench is counted. */
    ev->attr.disabled = 1;
    ev->attr.enable_on_exec = 1;
    ev->attr.inherit = 1;
    ev->attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    ev->source = source_of(&ev->attr);
    ev->role = pmu_role_of(&ev->attr, name);
    return 0;
}

const char *pmu_source_name(enum pmu_source source)
{
    switch (source) {
    case PMU_SOURCE_HARDWARE: return "hardware";
    case PMU_SOURCE_SOFTWARE: return "software";
    case PMU_SOURCE_SIMULATED: return "simulated";
    }
    return "unknown";
}
