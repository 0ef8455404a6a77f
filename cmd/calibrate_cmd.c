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

#include "analysis/cli.h"
#include "base/exit_codes.h"
#include "cmd/commands.h"
#include "harness/calibrate.h"

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
static bool parse_cpus(const char *s, int cpu[2])
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || *end != ',')
        return false;
    const char *rest = end + 1;
    long b = strtol(rest, &end, 10);
    if (end == rest || *end || a < 0 || b < 0 || a == b || a >= CPU_SETSIZE || b >= CPU_SETSIZE)
        return false;
    cpu[0] = (int)a;
    cpu[1] = (int)b;
    return true;
}

int cmd_calibrate(int argc, char **argv)
{
    struct calibrate_setup setup = { .quick = false };
    const char *out = NULL, *v;
    calibrate_default_cpus(&setup);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_usage(stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--quick") == 0)
            setup.quick = true;
        else if ((v = cli_value(argv[i], "--out")) && *v)
            out = v;
        else if ((v = cli_value(argv[i], "--cpus")) && parse_cpus(v, setup.cpu))
            setup.two_cpus = true;
        else {
            fprintf(stderr, "ngbench calibrate: bad option '%s' (try --help)\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    char err[4200];
    bool started = false;
    json_t *doc = calibrate_measure(&setup, print_figure, &started, err, sizeof err);
    if (!doc) {
        fprintf(stderr, "ngbench calibrate: %s\n", err);
        return EXIT_USAGE;
    }
    int rc = EXIT_OK;
    if (out && json_dump_file(doc, out, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(6)) != 0) {
        fprintf(stderr, "ngbench calibrate: %s: cannot write\n", out);
        rc = EXIT_FAILED;
    } else if (out)
        printf("saved to %s\n", out);
    json_decref(doc);
    return rc;
}
