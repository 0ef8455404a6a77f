/*
 * cmd/calibrate_cmd.c: `ngbench calibrate`: reads the options, has
 * harness/calibrate.c measure this machine's costs for the break-even model,
 * prints each figure as it comes (nanoseconds, and cycles at the measured
 * clock rate) and saves them for `ngbench model --calibration`.
 */
#include <math.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/exit_codes.h"
#include "cmd/commands.h"
#include "harness/calibrate.h"
#include "harness/interrupt.h"

static void print_usage(FILE *out)
{
    fprintf(out,
        "usage: ngbench calibrate [--out=FILE] [--cpus=A,B] [--quick]\n"
        "  measures, pinned to CPUs A and B (default: the first two this process may use):\n"
        "  the clock rate, an atomic read-modify-write, a cache-line round trip between A and B,\n"
        "  NextGen's sync-mode malloc/free round trip, and a malloc+free pair (%d bytes)\n"
        "  for each installed allocator; --out saves them as JSON for 'ngbench model --calibration'.\n"
        "  --quick: shorter measurements (less precise), for tests.\n", CALIBRATE_PAIR_SIZE);
}

/* One line per figure, under a heading printed with the first. */
static void print_figure(const struct calibrate_figure *f, void *ctx)
{
    bool *started = ctx;
    if (!*started)
        printf("Calibration (each figure: the fastest of many short batches)\n");
    *started = true;
    if (f->unit == CALIBRATE_GHZ && isnan(f->value))
        printf("  %-32s n/a (%s): cycles are not given\n", f->label, f->why);
    else if (f->unit == CALIBRATE_GHZ)
        printf("  %-32s %9.3f GHz (dependent adds, CPU %d)\n", f->label, f->value, f->cpu);
    else if (isnan(f->value))
        printf("  %-32s n/a (%s)\n", f->label, f->why);
    else
        printf("  %-32s %9.2f ns %9.1f cycles\n", f->label, f->value, f->cycles);
    fflush(stdout);
}

/* "A,B": two different CPUs. */
static int take_cpus(const char *s, void *out)
{
    struct calibrate_setup *setup = out;
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || *end != ',')
        return -1;
    const char *rest = end + 1;
    long b = strtol(rest, &end, 10);
    if (end == rest || *end || a < 0 || b < 0 || a == b || a >= CPU_SETSIZE || b >= CPU_SETSIZE)
        return -1;
    setup->cpu[0] = (int)a;
    setup->cpu[1] = (int)b;
    setup->two_cpus = true;
    return 0;
}

int cmd_calibrate(int argc, char **argv)
{
    struct calibrate_setup setup = { .quick = false };
    const char *out = NULL;
    calibrate_default_cpus(&setup);
    const struct option_spec specs[] = {
        { .name = "out", .kind = OPTION_STRING, .out = &out },
        { .name = "cpus", .kind = OPTION_CUSTOM, .out = &setup, .parse = take_cpus,
          .want = "two different CPUs, e.g. 0,1" },
        { .name = "quick", .kind = OPTION_FLAG, .out = &setup.quick },
    };
    int rc = command_line(argc, argv, specs, sizeof specs / sizeof specs[0], NULL, 0, NULL, print_usage);
    if (rc >= 0)
        return rc;
    char err[4200];
    bool started = false;
    json_t *doc = calibrate_measure(&setup, print_figure, &started, err, sizeof err);
    if (!doc) {
        fprintf(stderr, "ngbench calibrate: %s\n", err);
        return interrupt_requested() ? EXIT_INTERRUPTED : EXIT_USAGE;
    }
    rc = EXIT_OK;
    if (out && json_dump_file(doc, out, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(6)) != 0) {
        fprintf(stderr, "ngbench calibrate: %s: cannot write\n", out);
        rc = EXIT_FAILED;
    } else if (out)
        printf("saved to %s\n", out);
    json_decref(doc);
    return rc;
}
