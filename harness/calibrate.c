/* harness/calibrate.c: this machine's costs, measured by the probe (see calibrate.h). */
#include "harness/calibrate.h"

#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness/interrupt.h"
#include "harness/registry.h"
#include "harness/runner.h"

#define STRINGIFY(x) #x
#define TEXT(x) STRINGIFY(x)

struct calibration {
    const struct calibrate_setup *setup;
    char probe[4096];
    double clock_ghz;
    calibrate_progress_fn *progress;
    void *ctx;
};

/* ---- Running the probe ---- */

#define PROBE_TIMEOUT_S 120

void calibrate_failure_text(const char *status, const char *error, double timeout_s, char *why, size_t whylen)
{
    if (!status)
        snprintf(why, whylen, "the probe did not run");
    else if (strcmp(status, "timeout") == 0)
        snprintf(why, whylen, "the probe did not finish within %.0f s", timeout_s);
    else if (strcmp(status, "ok") == 0)
        snprintf(why, whylen, "the probe printed no result");
    else
        snprintf(why, whylen, "the probe %s (%s)", strcmp(status, "crashed") == 0 ? "crashed" : "failed",
                 error && *error ? error : "no message");
}

/* One probe run; the number it printed under key, or NAN with why set. */
static double probe_value(const struct calibration *c, const struct allocator *a, char *const argv[],
                          const char *key, char *why, size_t whylen)
{
    const char *quick[] = { "NGCALIBRATE_QUICK=1", NULL };
    if (interrupt_requested()) {
        snprintf(why, whylen, "interrupted");
        return NAN;
    }
    struct run_spec spec = { .allocator = a, .argv = argv, .timeout_s = PROBE_TIMEOUT_S,
                             .extra_env = c->setup->quick ? quick : NULL };
    json_t *rec = runner_run(&spec, why, whylen);
    double v = NAN;
    if (!rec)
        return NAN;
    const char *status = json_string_value(json_object_get(rec, "status"));
    if (status && strcmp(status, "ok") == 0)
        v = json_number_value(json_object_get(json_object_get(rec, "metrics"), key));
    if (isnan(v) || v <= 0) {
        calibrate_failure_text(status, json_string_value(json_object_get(rec, "error")), spec.timeout_s, why,
                               whylen);
        v = NAN;
    }
    json_decref(rec);
    return v;
}

/* {"ns": X, "cycles": Y} or {"unavailable": why}, told to the caller first. */
static json_t *figure(const struct calibration *c, const char *label, double ns, const char *why)
{
    struct calibrate_figure f = { label, CALIBRATE_NS, ns, ns * c->clock_ghz, isnan(ns) ? why : "",
                                  c->setup->cpu[0] };
    if (!interrupt_requested())
        c->progress(&f, c->ctx);
    if (isnan(ns))
        return json_pack("{s:s}", "unavailable", why);
    return isnan(f.cycles) ? json_pack("{s:f,s:n}", "ns", ns, "cycles")
                           : json_pack("{s:f,s:f}", "ns", ns, "cycles", f.cycles);
}

static json_t *measure(const struct calibration *c, const struct allocator *a, const char *label,
                       const char *mode, const char *arg)
{
    char cpu[16], why[512] = "";
    snprintf(cpu, sizeof cpu, "%d", c->setup->cpu[0]);
    char *argv[] = { (char *)c->probe, (char *)mode, cpu, (char *)arg, NULL };
    double ns = probe_value(c, a, argv, "ns", why, sizeof why);
    return figure(c, label, ns, why);
}

/* ---- What is measured ---- */

static void measure_clock(struct calibration *c, const struct allocator *glibc)
{
    char cpu[16], why[512] = "";
    snprintf(cpu, sizeof cpu, "%d", c->setup->cpu[0]);
    char *argv[] = { c->probe, "clock", cpu, NULL };
    c->clock_ghz = probe_value(c, glibc, argv, "ghz", why, sizeof why);
    struct calibrate_figure f = { "clock rate", CALIBRATE_GHZ, c->clock_ghz, NAN,
                                  isnan(c->clock_ghz) ? why : "", c->setup->cpu[0] };
    c->progress(&f, c->ctx);
}

static json_t *measure_round_trip(const struct calibration *c, const struct allocator *glibc)
{
    char label[64], other[16];
    if (!c->setup->two_cpus)
        return figure(c, "cache-line round trip", NAN, "needs two CPUs; this process may use one");
    snprintf(label, sizeof label, "cache-line round trip, CPU %d-%d", c->setup->cpu[0], c->setup->cpu[1]);
    snprintf(other, sizeof other, "%d", c->setup->cpu[1]);
    return measure(c, glibc, label, "roundtrip", other);
}

static json_t *measure_nextgen_sync(const struct calibration *c)
{
    struct allocator a;
    char why[512];
    if (registry_lookup("nextgen-sync", &a, why, sizeof why) != 0)
        return figure(c, "NextGen sync malloc+free", NAN, why);
    return measure(c, &a, "NextGen sync malloc+free", "mallocfree", TEXT(CALIBRATE_PAIR_SIZE));
}

static json_t *measure_pairs(const struct calibration *c)
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
            json_object_set_new(pairs, a.name, measure(c, &a, label, "mallocfree", TEXT(CALIBRATE_PAIR_SIZE)));
    }
    return pairs;
}

/* ---- The whole calibration ---- */

void calibrate_default_cpus(struct calibrate_setup *setup)
{
    cpu_set_t set;
    int found = 0;
    setup->cpu[0] = setup->cpu[1] = 0;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        for (int i = 0; i < CPU_SETSIZE && found < 2; i++)
            if (CPU_ISSET(i, &set))
                setup->cpu[found++] = i;
    setup->two_cpus = found == 2;
}

json_t *calibrate_measure(const struct calibrate_setup *setup, calibrate_progress_fn *progress,
                          void *ctx, char *err, size_t errlen)
{
    struct calibration c = { .setup = setup, .clock_ghz = NAN, .progress = progress, .ctx = ctx };
    snprintf(c.probe, sizeof c.probe, "%s/harness/ngcalibrate-probe", registry_build_root());
    if (access(c.probe, X_OK) != 0) {
        snprintf(err, errlen, "%s: not found (build it with ninja)", c.probe);
        return NULL;
    }
    struct allocator glibc;
    registry_lookup("glibc", &glibc, err, errlen);
    interrupt_install();
    measure_clock(&c, &glibc);
    /* One statement per figure, so they are measured (and reported) in this order. */
    json_t *doc = json_pack("{s:[i,i],s:i}", "cpus", setup->cpu[0], setup->cpu[1],
                            "pair_size_bytes", CALIBRATE_PAIR_SIZE);
    json_object_set_new(doc, "clock_ghz", isnan(c.clock_ghz) ? json_null() : json_real(c.clock_ghz));
    json_object_set_new(doc, "atomic_rmw", measure(&c, &glibc, "atomic read-modify-write", "atomic", NULL));
    json_object_set_new(doc, "line_round_trip", measure_round_trip(&c, &glibc));
    json_object_set_new(doc, "nextgen_sync_round_trip", measure_nextgen_sync(&c));
    json_object_set_new(doc, "malloc_free_pair", measure_pairs(&c));
    char date[32];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    json_object_set_new(doc, "date", json_string(date));
    if (interrupt_requested()) {
        json_decref(doc);
        snprintf(err, errlen, "interrupted: nothing saved");
        return NULL;
    }
    return doc;
}
