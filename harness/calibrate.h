/*
 * harness/calibrate.h: this machine's costs for the break-even model
 * (docs/model.md): the clock rate, an uncontended atomic read-modify-write, a
 * cache line's round trip between two cores, NextGen's sync-mode malloc/free
 * round trip, and a malloc + free pair under every built-in allocator. Each
 * figure comes from ngcalibrate-probe (harness/calibrate_probe.c) run as a
 * child process through the runner (pinned, the allocator preloaded into the
 * child only), never from inside ngbench. A figure that cannot be had is
 * recorded with the reason, as data.
 *
 * What it must never do: print or format; each figure goes to the caller's
 * callback as soon as it is measured, and the whole set comes back as JSON.
 */
#ifndef NGBENCH_HARNESS_CALIBRATE_H
#define NGBENCH_HARNESS_CALIBRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#define CALIBRATE_PAIR_SIZE 64   /* bytes per malloc of the malloc+free pair */

struct calibrate_setup {
    int cpu[2];          /* the probe runs on cpu[0]; the round trip also uses cpu[1] */
    bool two_cpus;       /* false: cpu[1] is not usable, the round trip is unavailable */
    bool quick;          /* shorter measurements (less precise), for tests */
};

enum calibrate_unit { CALIBRATE_GHZ, CALIBRATE_NS };

/* One measured figure, as the callback sees it. */
struct calibrate_figure {
    const char *label;         /* "atomic read-modify-write", "malloc+free, glibc", ... */
    enum calibrate_unit unit;  /* GHz for the clock rate, ns per operation otherwise */
    double value;              /* NAN when unavailable */
    double cycles;             /* ns at the measured clock rate; NAN without one */
    const char *why;           /* why value is NAN; "" otherwise */
    int cpu;                   /* where it ran (the first CPU) */
};

typedef void calibrate_progress_fn(const struct calibrate_figure *figure, void *ctx);

/* The first two CPUs this process may run on. */
void calibrate_default_cpus(struct calibrate_setup *setup);

/* Measures every figure in order, calling progress after each, and returns
 * {"cpus", "pair_size_bytes", "clock_ghz", "atomic_rmw", "line_round_trip",
 * "nextgen_sync_round_trip", "malloc_free_pair", "date"} (docs/model.md).
 * NULL with err when the probe is not built, or when Ctrl-C or SIGTERM
 * (harness/interrupt.h) stopped it: the probe running then is killed with
 * its process group, and nothing more is measured. */
json_t *calibrate_measure(const struct calibrate_setup *setup, calibrate_progress_fn *progress,
                          void *ctx, char *err, size_t errlen);

/* Why a probe run gave no figure, from its status and error (results
 * format): "the probe did not finish within 120 s", "the probe crashed
 * (killed by signal 11 ...)", "the probe failed (exit code 1: ...)", "the
 * probe printed no result". Exposed for tests. */
void calibrate_failure_text(const char *status, const char *error, double timeout_s, char *why, size_t whylen);

#endif
