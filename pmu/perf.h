/*
 * pmu/perf.h: perf_event_open, the one place ngbench touches the kernel's
 * counting interface.
 *
 * Probes whether an encoded event can be counted here (and why not), opens
 * events on a forked child before it execs, and reads them after it is
 * reaped.
 *
 * What it must never do: encode names (pmu/encode.c) or build results
 * (pmu/counter.c); it never counts ngbench itself (the events it opens on
 * the child stay disabled until the child execs).
 */
#ifndef NGBENCH_PMU_PERF_H
#define NGBENCH_PMU_PERF_H

#include <stddef.h>
#include <sys/types.h>
#include "pmu/counter.h"
#include "pmu/encode.h"

/* What this machine allows, found out once per plan or listing. */
struct pmu_host {
    int paranoid;       /* /proc/sys/kernel/perf_event_paranoid, or PMU_PARANOID_UNKNOWN */
    int hardware_pmu;   /* 1 when a generic hardware event (cycles) opens here */
};
#define PMU_PARANOID_UNKNOWN (-100)

void pmu_perf_host(struct pmu_host *host);

/* Why an event failed to open with errno err, as docs/counters.md words it:
 * "no hardware PMU (perf_event_open: ENOENT)", "not supported on this CPU
 * (...)", "not permitted (perf_event_paranoid=N)", or "perf_event_open: ...". */
void pmu_perf_reason(int err, enum pmu_source source, const struct pmu_host *host,
                     char *reason, size_t len);

/* Tries the event on this process. 0 when it can be counted (ev->attr may
 * have had the kernel excluded, where counting it is not permitted); -1 with
 * reason set. */
int pmu_perf_probe(struct pmu_event *ev, const struct pmu_host *host,
                   char *reason, size_t len);

/* Opens the event on pid (a child stopped before exec). fd, or -errno. */
int pmu_perf_open(const struct perf_event_attr *attr, pid_t pid);

/* 0 ok, -errno on a failed or short read. */
int pmu_perf_read(int fd, struct pmu_reading *out);

#endif
