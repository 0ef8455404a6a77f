/*
 * pmu/encode.h: event names to perf_event_attr, through libpfm4.
 *
 * Turns what a user writes ("cycles", "LLC-load-misses",
 * "amd64_fam17h_zen2::RETIRED_INSTRUCTIONS") into the attribute the kernel
 * wants, and says what kind of counter it is (hardware or software; cycles,
 * instructions or a miss counter, for the derived figures). Knows the named
 * event sets ("paper", the always-on software events).
 *
 * What it must never do: open an event (pmu/perf.c does) or decide whether one
 * can be counted on this machine.
 */
#ifndef NGBENCH_PMU_ENCODE_H
#define NGBENCH_PMU_ENCODE_H

#include <stddef.h>
#include <perfmon/pfmlib_perf_event.h>

enum pmu_source { PMU_SOURCE_HARDWARE, PMU_SOURCE_SOFTWARE, PMU_SOURCE_SIMULATED };

/* What an event means to the derived figures (IPC, MPKI). */
enum pmu_role { PMU_ROLE_OTHER, PMU_ROLE_CYCLES, PMU_ROLE_INSTRUCTIONS, PMU_ROLE_MISSES };

#define PMU_NAME_MAX 128
#define PMU_ENCODING_MAX 256

struct pmu_event {
    char name[PMU_NAME_MAX];          /* as the user wrote it: the key in results */
    char encoding[PMU_ENCODING_MAX];  /* libpfm4's fully qualified name */
    struct perf_event_attr attr;      /* ready to open: disabled, enable_on_exec, inherit */
    enum pmu_source source;
    enum pmu_role role;
};

/* The paper's Tables 1 to 3, and the events every perf-backend run collects.
 * Both end with NULL. */
extern const char *const pmu_paper_events[];
extern const char *const pmu_software_events[];

/* Initialises libpfm4 (idempotent). 0 ok, -1 with err set. */
int pmu_encode_init(char *err, size_t errlen);

/* 0 ok, -1 with err naming the event and libpfm4's reason. */
int pmu_encode_event(const char *name, struct pmu_event *ev, char *err, size_t errlen);

/* The role an event has, from its encoding (generic events) or its name
 * (a CPU's own events, simulated events: "miss" anywhere in the name). */
enum pmu_role pmu_role_of(const struct perf_event_attr *attr, const char *name);

const char *pmu_source_name(enum pmu_source source);

#endif
