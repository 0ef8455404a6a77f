/*
 * analysis/calibrate_cmd.c: `ngbench calibrate`, this machine's costs for the
 * break-even model: an uncontended atomic read-modify-write, a cache line's
 * round trip between two cores, NextGen's sync-mode malloc/free round trip,
 * and a malloc + free pair under every installed allocator, in nanoseconds
 * and in cycles at the measured clock rate. Each figure comes from
 * ngcalibrate-probe run as a child process through the harness's runner
 * (pinned, the allocator preloaded into the child only), never from inside
 * ngbench. A figure that cannot be had is recorded with the reason, as data.
 */
#include <math.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/cli.h"
#include "harness/commands.h"
#include "harness/registry.h"
#include "harness/runner.h"

#define PAIR_SIZE 64
#define PAIR_SIZE_TEXT "64"

static const char usage[] =
    "usage: ngbench calibrate [--out=FILE] [--cpus=A,B] [--quick]\n"
    "  measures, pinned to CPUs A and B (default: the first two this process may use):\n"
    "  the clock rate, an atomic read-modify-write, a cache-line round trip between A and B,\n"
    "  NextGen's sync-mode malloc/free round trip, and a malloc+free pair (" PAIR_SIZE_TEXT " bytes)\n"
    "  for each installed allocator; --out saves them as JSON for 'ngbench model --calibration'.\n"
    "  --quick: shorter measurements (less precise), for tests.\n";

struct calibrate {
    char probe[4096];
    int cpu[2];
    bool two_cpus;
    double clock_ghz;
};

/* ---- Running the probe ---- */

/* One probe run; the number it printed under key, or NAN with why set. */
static double probe_value(const struct allocator *a, char *const argv[], const char *key,
                          char *why, size_t whylen)
{
    struct run_spec spec = { .allocator = a, .argv = argv, .timeout_s = 120 };
    json_t *rec = runner_run(&spec, why, whylen);
    double v = NAN;
    if (!rec)
        return NAN;
    const char *status = json_string_value(json_object_get(rec, "status"));
    if (status && strcmp(status, "ok") == 0)
        v = json_number_value(json_object_get(json_object_get(rec, "metrics"), key));
    if (isnan(v) || v <= 0) {
        const char *error = json_string_value(json_object_get(rec, "error"));
        snprintf(why, whylen, "the probe %s: %s", status ? status : "did not run",
                 error ? error : "no result line");
        v = NAN;
    }
    json_decref(rec);
    return v;
}

/* {"ns": X, "cycles": Y} or {"unavailable": why}, and one line for people. */
static json_t *figure(const struct calibrate *c, const char *label, double ns, const char *why)
{
    if (isnan(ns)) {
        printf("  %-32s n/a (%s)\n", label, why);
        return json_pack("{s:s}", "unavailable", why);
    }
    double cycles = ns * c->clock_ghz;
    printf("  %-32s %9.2f ns %9.1f cycles\n", label, ns, cycles);
    return isnan(cycles) ? json_pack("{s:f,s:n}", "ns", ns, "cycles")
                         : json_pack("{s:f,s:f}", "ns", ns, "cycles", cycles);
}

static json_t *measure(const struct calibrate *c, const struct allocator *a, const char *label,
                       const char *mode, const char *arg)
{
    char cpu[16], why[512] = "";
    snprintf(cpu, sizeof cpu, "%d", c->cpu[0]);
    char *argv[] = { (char *)c->probe, (char *)mode, cpu, (char *)arg, NULL };
    double ns = probe_value(a, argv, "ns", why, sizeof why);
    return figure(c, label, ns, why);
}

/* ---- What is measured ---- */

static int measure_clock(struct calibrate *c, const struct allocator *glibc)
{
    char cpu[16], why[512] = "";
    snprintf(cpu, sizeof cpu, "%d", c->cpu[0]);
    char *argv[] = { c->probe, "clock", cpu, NULL };
    c->clock_ghz = probe_value(glibc, argv, "ghz", why, sizeof why);
    if (isnan(c->clock_ghz))
        printf("  %-32s n/a (%s): cycles are not given\n", "clock rate", why);
    else
        printf("  %-32s %9.3f GHz (dependent adds, CPU %d)\n", "clock rate", c->clock_ghz, c->cpu[0]);
    return 0;
}

static json_t *measure_round_trip(const struct calibrate *c, const struct allocator *glibc)
{
    char label[64], other[16];
    snprintf(label, sizeof label, "cache-line round trip, CPU %d-%d", c->cpu[0], c->cpu[1]);
    if (!c->two_cpus)
        return figure(c, "cache-line round trip", NAN, "needs two CPUs; this process may use one");
    snprintf(other, sizeof other, "%d", c->cpu[1]);
    return measure(c, glibc, label, "roundtrip", other);
}

static json_t *measure_nextgen_sync(const struct calibrate *c)
{
    struct allocator a;
    char why[512];
    if (registry_lookup("nextgen-sync", &a, why, sizeof why) != 0)
        return figure(c, "NextGen sync malloc+free", NAN, why);
    return measure(c, &a, "NextGen sync malloc+free", "mallocfree", PAIR_SIZE_TEXT);
}

static json_t *measure_pairs(const struct calibrate *c)
{
    json_t *pairs = json_object();
    for (size_t i = 0; i < registry_builtin_count(); i++) {
        struct allocator a;
        char label[96], why[256];
        registry_builtin(i, &a);
        snprintf(label, sizeof label, "malloc+free, %s", a.name);
        if (!a.installed) {
            if (a.package)
                snprintf(why, sizeof why, "not installed: apt-get install %s", a.package);
            else
                snprintf(why, sizeof why, "not built");
            json_object_set_new(pairs, a.name, figure(c, label, NAN, why));
        } else
            json_object_set_new(pairs, a.name, measure(c, &a, label, "mallocfree", PAIR_SIZE_TEXT));
    }
    return pairs;
}

/* ---- Options and the CPUs ---- */

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

/* The first two CPUs this process may run on. */
static void default_cpus(struct calibrate *c)
{
    cpu_set_t set;
    int found = 0;
    c->cpu[0] = c->cpu[1] = 0;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        for (int i = 0; i < CPU_SETSIZE && found < 2; i++)
            if (CPU_ISSET(i, &set))
                c->cpu[found++] = i;
    c->two_cpus = found == 2;
}

static json_t *run_all(struct calibrate *c)
{
    struct allocator glibc;
    char err[256];
    registry_lookup("glibc", &glibc, err, sizeof err);
    printf("Calibration (each figure: the fastest of many short batches)\n");
    measure_clock(c, &glibc);
    /* One statement per figure, so they are measured (and printed) in this order. */
    json_t *doc = json_pack("{s:[i,i],s:i}", "cpus", c->cpu[0], c->cpu[1],
                            "pair_size_bytes", PAIR_SIZE);
    json_object_set_new(doc, "clock_ghz", isnan(c->clock_ghz) ? json_null() : json_real(c->clock_ghz));
    json_object_set_new(doc, "atomic_rmw", measure(c, &glibc, "atomic read-modify-write", "atomic", NULL));
    json_object_set_new(doc, "line_round_trip", measure_round_trip(c, &glibc));
    json_object_set_new(doc, "nextgen_sync_round_trip", measure_nextgen_sync(c));
    json_object_set_new(doc, "malloc_free_pair", measure_pairs(c));
    char date[32];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    json_object_set_new(doc, "date", json_string(date));
    return doc;
}

int cmd_calibrate(int argc, char **argv)
{
    struct calibrate c = { .clock_ghz = NAN };
    const char *out = NULL, *v;
    default_cpus(&c);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--quick") == 0)
            setenv("NGCALIBRATE_QUICK", "1", 1);
        else if ((v = cli_value(argv[i], "--out")) && *v)
            out = v;
        else if ((v = cli_value(argv[i], "--cpus")) && parse_cpus(v, c.cpu))
            c.two_cpus = true;
        else {
            fprintf(stderr, "ngbench calibrate: bad option '%s' (try --help)\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    snprintf(c.probe, sizeof c.probe, "%s/analysis/ngcalibrate-probe", registry_build_root());
    if (access(c.probe, X_OK) != 0) {
        fprintf(stderr, "ngbench calibrate: %s: not found (build it with ninja)\n", c.probe);
        return EXIT_USAGE;
    }
    json_t *doc = run_all(&c);
    int rc = EXIT_OK;
    if (out && json_dump_file(doc, out, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(6)) != 0) {
        fprintf(stderr, "ngbench calibrate: %s: cannot write\n", out);
        rc = EXIT_FAILED;
    } else if (out)
        printf("saved to %s\n", out);
    json_decref(doc);
    return rc;
}
