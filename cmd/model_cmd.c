/*
 * cmd/model_cmd.c: `ngbench model`, the paper's break-even model
 * (section 4.1) on the paper's inputs (--paper), on inputs given by hand, on
 * measured results (FILE --pair=REF,OFFLOADED with --calibration), and the
 * miss-penalty estimate from two allocators' counters (--penalty-from, and
 * --table1 for every pair of the paper's Table 1).
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/measured.h"
#include "analysis/model.h"
#include "base/exit_codes.h"
#include "base/results.h"
#include "base/text.h"
#include "cmd/commands.h"
#include "harness/registry.h"
#include "reports/inputs.h"

/* The paper's section 4.1 (xalancbmk). Its stated total is not the sum of
 * its malloc and free counts (that is 279,795,405); the model uses the total,
 * which is what gives the paper's 75 billion cycles. */
#define PAPER_TOTAL_CALLS 279759405.0
#define PAPER_MALLOC_CALLS 138401260.0
#define PAPER_FREE_CALLS 141394145.0
#define PAPER_ATOMICS_PER_CALL 4.0
#define PAPER_CYCLES_PER_ATOMIC 67.0
#define PAPER_MISS_PENALTY 214.0
#define PAPER_ADDED_CYCLES_TEXT "around 75 billion"
#define PAPER_BREAK_EVEN_TEXT "at least 1.25"

static const char usage[] =
    "usage: ngbench model --paper\n"
    "       ngbench model --calls=N [--atomics=4] [--cycles-per-atomic=67] [--penalty=214]\n"
    "       ngbench model --table1[=FILE]\n"
    "       ngbench model --penalty-from=FILE --pair=A,B [--workload=W] [--threads=N]\n"
    "       ngbench model FILE --pair=REF,OFFLOADED --calibration=CAL [--penalty=N]\n"
    "                     [--atomics=4] [--cycles-per-atomic=N] [--workload=W] [--threads=N]\n"
    "--workload, --threads, --params=K=V,... and --pmu=perf|cachegrind choose the benchmark\n"
    "when a file has several; runs of different ones are never pooled.\n"
    "Offloading adds calls x atomics x cycles-per-atomic cycles; it breaks even when each\n"
    "call saves atomics x cycles-per-atomic / penalty LLC or TLB misses. The penalty is\n"
    "delta cycles / delta (LLC-load + LLC-store + dTLB-load + dTLB-store misses).\n";

struct options {
    bool paper, table1;
    const char *file, *table1_file, *penalty_from, *pair, *workload, *params, *pmu, *calibration;
    long threads;
    struct model_inputs in;   /* NAN: not given */
};

/* ---- Formatting ---- */

/* Room for any double grouped: 309 digits, 102 commas, a sign. */
#define GROUPED_LEN 416

/* 74975520540 -> "74,975,520,540" (rounded to an integer), exactly for any
 * finite double; "inf", "-inf" or "nan" otherwise. buf holds GROUPED_LEN. */
static const char *grouped(double v, char buf[GROUPED_LEN])
{
    char digits[GROUPED_LEN];
    if (!isfinite(v)) {
        snprintf(buf, GROUPED_LEN, "%s", isnan(v) ? "nan" : v < 0 ? "-inf" : "inf");
        return buf;
    }
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t n = strlen(digits), o = 0;
    if (v < 0 && strspn(digits, "0") != n)
        buf[o++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static void print_break_even(const struct model_inputs *in, bool beside_paper)
{
    struct model_outputs out = model_break_even(in);
    char a[GROUPED_LEN], b[64];
    printf("  %-34s %s\n", "malloc and free calls", grouped(in->calls, a));
    printf("  %-34s %g atomics x %g cycles = %g cycles\n", "synchronisation per call",
           in->atomics_per_call, in->cycles_per_atomic, out.sync_cycles_per_call);
    printf("  %-34s %g cycles per LLC or TLB miss\n\n", "miss penalty", in->miss_penalty);
    if (beside_paper) {
        printf("  %-34s %20s   %s\n", "", "computed", "the paper");
        printf("  %-34s %20s   %s\n", "cycles added by offloading",
               grouped(out.added_cycles, a), PAPER_ADDED_CYCLES_TEXT);
        snprintf(b, sizeof b, "%.4f", out.break_even_misses_per_call);
        printf("  %-34s %20s   %s\n", "misses to save per call", b, PAPER_BREAK_EVEN_TEXT);
        return;
    }
    printf("  %-34s %s\n", "cycles added by offloading", grouped(out.added_cycles, a));
    printf("  %-34s %.4f\n", "misses to save per call", out.break_even_misses_per_call);
}

/* ---- Modes ---- */

static int model_paper(void)
{
    struct model_inputs in = { PAPER_TOTAL_CALLS, PAPER_ATOMICS_PER_CALL,
                               PAPER_CYCLES_PER_ATOMIC, PAPER_MISS_PENALTY };
    char m[GROUPED_LEN], f[GROUPED_LEN], sum[GROUPED_LEN];
    printf("Break-even model on the paper's inputs (HotOS '23, section 4.1, xalancbmk)\n");
    print_break_even(&in, true);
    printf("\nThe paper's call total is as it states it; its parts, %s malloc + %s free,\n"
           "sum to %s.\n", grouped(PAPER_MALLOC_CALLS, m),
           grouped(PAPER_FREE_CALLS, f),
           grouped(PAPER_MALLOC_CALLS + PAPER_FREE_CALLS, sum));
    return EXIT_OK;
}

static int model_by_hand(const struct options *o)
{
    struct model_inputs in = o->in;
    if (isnan(in.calls)) {
        fprintf(stderr, "ngbench model: give --paper, --table1, --penalty-from, a results file, "
                        "or --calls=N (try --help)\n");
        return EXIT_USAGE;
    }
    if (isnan(in.atomics_per_call))
        in.atomics_per_call = PAPER_ATOMICS_PER_CALL;
    if (isnan(in.cycles_per_atomic))
        in.cycles_per_atomic = PAPER_CYCLES_PER_ATOMIC;
    if (isnan(in.miss_penalty))
        in.miss_penalty = PAPER_MISS_PENALTY;
    printf("Break-even model on the given inputs\n");
    print_break_even(&in, false);
    return EXIT_OK;
}

/* "A,B" into two allocator names (pointing into buf). */
static int split_pair(const struct options *o, char *buf, size_t len, const char *names[2])
{
    snprintf(buf, len, "%s", o->pair ? o->pair : "");
    char *comma = strchr(buf, ',');
    if (!comma || comma == buf || !comma[1] || strchr(comma + 1, ',')) {
        fprintf(stderr, "ngbench model: --pair wants two allocators, A,B\n");
        return -1;
    }
    *comma = '\0';
    names[0] = buf;
    names[1] = comma + 1;
    return 0;
}

/* The file's runs and the one case the options choose (workload, params,
 * backend, threads; each may be left out when the file has only one). */
static struct run_set *load_case(const struct options *o, const char *path, size_t *case_index)
{
    char err[1024];
    char *paths[] = { (char *)path };
    struct run_set *s = inputs_load(paths, 1, err, sizeof err);
    size_t *cases = NULL;
    struct case_request want = { o->workload, o->params, o->pmu, o->threads };
    if (s && runs_select_cases(s, &want, true, &cases, err, sizeof err) < 0) {
        run_set_free(s);
        s = NULL;
    }
    if (!s)
        fprintf(stderr, "ngbench model: %s\n", err);
    else
        *case_index = cases[0];
    free(cases);
    return s;
}

/* The miss penalty of one pair, with what it came from. */
struct penalty {
    const char *names[2];
    struct measured_side s[2];
    char events[256];
    int summed;       /* miss events summed, 1 to 4 */
    double value;     /* NAN when the misses are equal */
};

/* 0, or -1 with err: no runs, no miss event in common, or no cycles on a
 * side (a penalty needs both; never a NaN printed in its place). */
static int penalty_of(const struct run_set *s, size_t c, const char *const names[2], struct penalty *p,
                      char *err, size_t errlen)
{
    p->names[0] = names[0];
    p->names[1] = names[1];
    p->summed = measured_pair(s, c, names, p->s, p->events, sizeof p->events, err, errlen);
    if (p->summed < 0)
        return -1;
    for (int i = 0; i < 2; i++)
        if (p->s[i].no_cycles) {
            char qa[TEXT_QUOTED_LEN], qw[TEXT_QUOTED_LEN];
            snprintf(err, errlen, "cannot compute a miss penalty: %s's runs on %s have no cycles counter (%s)",
                     text_quote(names[i], qa, sizeof qa), text_quote(run_set_case(s, c)->workload, qw, sizeof qw),
                     p->s[i].no_cycles);
            return -1;
        }
    p->value = model_miss_penalty(p->s[0].totals, p->s[1].totals);
    return 0;
}

/* One line; verbose adds each side's totals and the events summed (always
 * shown when fewer than all four were). */
static void print_penalty(const struct penalty *p, bool verbose)
{
    char *label = NULL;
    if (asprintf(&label, "%s vs %s", p->names[0], p->names[1]) < 0)
        label = NULL;
    if (isnan(p->value))
        printf("  %-28s %10s (the two have the same misses)\n", label ? label : "", "undefined");
    else
        printf("  %-28s %10.1f cycles per miss%s\n", label ? label : "", p->value,
               p->value < 0 ? " (negative: the one with more misses took fewer cycles)" : "");
    free(label);
    for (int i = 0; verbose && i < 2; i++)
        printf("    %-26s %.4E cycles, %.4E misses\n", p->names[i], p->s[i].totals.cycles, p->s[i].totals.misses);
    if (verbose || p->summed < 4)
        printf("    misses summed: %s\n", p->events);
}

static int model_penalty_from(const struct options *o)
{
    char buf[256], err[1024];
    const char *names[2];
    size_t c;
    if (split_pair(o, buf, sizeof buf, names) != 0)
        return EXIT_USAGE;
    struct run_set *s = load_case(o, o->penalty_from, &c);
    if (!s)
        return EXIT_USAGE;
    struct penalty p;
    int rc = penalty_of(s, c, names, &p, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "ngbench model: %s\n", err);
    else {
        printf("Miss penalty from %s: delta cycles / delta misses\n", o->penalty_from);
        print_penalty(&p, true);
    }
    run_set_free(s);
    return rc ? EXIT_USAGE : EXIT_OK;
}

/* Every pair is computed before anything is printed: one without the
 * counters it needs refuses the whole table, in one line. */
static int model_table1(const struct options *o)
{
    size_t c;
    struct run_set *s = load_case(o, o->table1_file, &c);
    if (!s)
        return EXIT_USAGE;
    size_t n = run_set_allocator_count(s), npairs = 0;
    struct penalty *pairs = calloc(n * n + 1, sizeof *pairs);
    char err[1024] = "out of memory";
    int rc = pairs ? EXIT_OK : EXIT_USAGE;
    for (size_t i = 0; i < n && rc == EXIT_OK; i++)
        for (size_t j = i + 1; j < n && rc == EXIT_OK; j++) {
            const char *names[2] = { run_set_allocator(s, i), run_set_allocator(s, j) };
            if (run_set_find(s, c, i) && run_set_find(s, c, j) &&
                penalty_of(s, c, names, &pairs[npairs++], err, sizeof err) != 0)
                rc = EXIT_USAGE;
        }
    if (rc != EXIT_OK)
        fprintf(stderr, "ngbench model: %s\n", err);
    else {
        printf("Miss penalty for every pair of the paper's Table 1 (%s)\n"
               "delta cycles / delta (LLC-load + LLC-store + dTLB-load + dTLB-store misses);\n"
               "the paper states 214 cycles, \"comparing Mimalloc to Glibc\"\n", o->table1_file);
        for (size_t k = 0; k < npairs; k++)
            print_penalty(&pairs[k], false);
    }
    free(pairs);
    run_set_free(s);
    return rc;
}

/* ---- Measured inputs ---- */

struct calibration {
    double clock_ghz;
    double round_trip_cycles;
};

/* A calibration file's figures, checked: a clock rate in (0, 1000) GHz and,
 * when there, a round trip of a positive number of cycles. */
static int load_calibration(const char *path, struct calibration *cal)
{
    json_error_t jerr;
    char q[TEXT_QUOTED_LEN], qtext[TEXT_QUOTED_LEN];
    text_quote(path, q, sizeof q);
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        fprintf(stderr, "ngbench model: %s: %s\n", q, text_quote(jerr.text, qtext, sizeof qtext));
        return -1;
    }
    cal->clock_ghz = results_num(doc, "clock_ghz");
    const json_t *trip = json_object_get(json_object_get(doc, "line_round_trip"), "cycles");
    bool has_trip = json_is_number(trip);
    cal->round_trip_cycles = has_trip ? json_number_value(trip) : NAN;
    json_decref(doc);
    if (!(cal->clock_ghz > 0 && cal->clock_ghz < 1000)) {
        fprintf(stderr, "ngbench model: %s: no clock_ghz between 0 and 1000 (not written by ngbench calibrate?)\n", q);
        return -1;
    }
    if (has_trip && !(cal->round_trip_cycles > 0 && isfinite(cal->round_trip_cycles))) {
        fprintf(stderr, "ngbench model: %s: line_round_trip.cycles is not a positive number\n", q);
        return -1;
    }
    return 0;
}

/* Fill the inputs the options left out from the runs and the calibration. */
static int complete_inputs(const struct options *o, const struct measured_side s[2],
                           const struct calibration *cal, struct model_inputs *in)
{
    *in = o->in;
    if (isnan(in->calls))
        in->calls = !isnan(s[1].calls) ? s[1].calls : s[0].calls;
    if (isnan(in->calls)) {
        fprintf(stderr, "ngbench model: no call counts in the runs: run with 'ngbench run "
                        "--count-calls', or give --calls=N\n");
        return -1;
    }
    if (isnan(in->atomics_per_call))
        in->atomics_per_call = PAPER_ATOMICS_PER_CALL;
    /* An atomic on a line the other core wrote last pays one transfer: half a round trip. */
    if (isnan(in->cycles_per_atomic))
        in->cycles_per_atomic = cal->round_trip_cycles / 2;
    if (isnan(in->cycles_per_atomic)) {
        fprintf(stderr, "ngbench model: the calibration has no line_round_trip: give "
                        "--cycles-per-atomic=N\n");
        return -1;
    }
    if (isnan(in->miss_penalty))
        in->miss_penalty = PAPER_MISS_PENALTY;
    return 0;
}

static void print_measured(const char *const names[2], const struct measured_side s[2],
                           const struct model_inputs *in, double ref_cycles, const char *events)
{
    double saved = s[0].totals.misses - s[1].totals.misses;
    double predicted = model_predicted_cycles(ref_cycles, in, saved);
    char a[GROUPED_LEN];
    printf("Break-even model on measured inputs: %s (offloaded) against %s\n", names[1], names[0]);
    print_break_even(in, false);
    printf("  %-34s %s (%s)\n", "misses saved", grouped(saved, a), events);
    printf("  %-34s %.4f\n\n", "misses saved per call", saved / in->calls);
    bool simulated = s[0].timing != TIMES_MEASURED || s[1].timing != TIMES_MEASURED;
    printf("  %-34s %10s %10s\n", "", "predicted", simulated ? "simulated" : "measured");
    printf("  %-34s %9.4fx %9.4fx\n", "speedup (reference / offloaded)", ref_cycles / predicted,
           s[0].wall_s / s[1].wall_s);
    if (simulated)
        printf("\n  simulated: runs under cachegrind, whose times are the simulation's (about 50x\n"
               "  slower, threads serialised), not the machine's: not a measured speedup\n");
}

static int model_measured(const struct options *o)
{
    char buf[256];
    const char *names[2];
    struct calibration cal = { NAN, NAN };
    size_t c;
    if (split_pair(o, buf, sizeof buf, names) != 0)
        return EXIT_USAGE;
    if (!o->calibration && isnan(o->in.cycles_per_atomic)) {
        fprintf(stderr, "ngbench model: measured inputs need --calibration=FILE "
                        "(from 'ngbench calibrate') or --cycles-per-atomic=N\n");
        return EXIT_USAGE;
    }
    if (o->calibration && load_calibration(o->calibration, &cal) != 0)
        return EXIT_USAGE;
    struct run_set *runs = load_case(o, o->file, &c);
    if (!runs)
        return EXIT_USAGE;
    struct measured_side s[2];
    struct model_inputs in;
    char events[256], err[1024];
    int rc = EXIT_USAGE;
    if (measured_pair(runs, c, names, s, events, sizeof events, err, sizeof err) < 0)
        fprintf(stderr, "ngbench model: %s\n", err);
    else if (complete_inputs(o, s, &cal, &in) == 0) {
        double ref_cycles = !isnan(s[0].totals.cycles) ? s[0].totals.cycles
                                                        : s[0].wall_s * cal.clock_ghz * 1e9;
        if (isnan(ref_cycles))
            fprintf(stderr, "ngbench model: %s has no cycles counter and no calibrated clock rate\n", buf);
        else {
            print_measured(names, s, &in, ref_cycles, events);
            rc = EXIT_OK;
        }
    }
    run_set_free(runs);
    return rc;
}

/* ---- Options ---- */

static void print_usage(FILE *out)
{
    fputs(usage, out);
}

/* --table1 alone: the paper's Table 1; --table1=FILE: another results file. */
static int take_table1(const char *v, void *out)
{
    struct options *o = out;
    o->table1 = true;
    if (v)
        o->table1_file = v;
    return 0;
}

int cmd_model(int argc, char **argv)
{
    /* The paper's Table 1 sits with ngbench's build products, built or installed. */
    char paper_table1[PATH_MAX + 32];
    snprintf(paper_table1, sizeof paper_table1, "%s/analysis/paper_table1.json", registry_build_root());
    struct options o = { .table1_file = paper_table1, .in = { NAN, NAN, NAN, NAN } };
    const struct option_spec specs[] = {
        { .name = "paper", .kind = OPTION_FLAG, .out = &o.paper },
        { .name = "table1", .kind = OPTION_CUSTOM, .out = &o, .parse = take_table1, .optional_value = true },
        { .name = "penalty-from", .kind = OPTION_STRING, .out = &o.penalty_from },
        { .name = "pair", .kind = OPTION_STRING, .out = &o.pair },
        { .name = "workload", .kind = OPTION_STRING, .out = &o.workload },
        { .name = "params", .kind = OPTION_STRING, .out = &o.params },
        { .name = "pmu", .kind = OPTION_STRING, .out = &o.pmu },
        { .name = "calibration", .kind = OPTION_STRING, .out = &o.calibration },
        { .name = "threads", .kind = OPTION_INTEGER, .out = &o.threads, .min = 1, .max = 1e6 },
        { .name = "calls", .kind = OPTION_POSITIVE, .out = &o.in.calls },
        { .name = "atomics", .kind = OPTION_POSITIVE, .out = &o.in.atomics_per_call },
        { .name = "cycles-per-atomic", .kind = OPTION_POSITIVE, .out = &o.in.cycles_per_atomic },
        { .name = "penalty", .kind = OPTION_POSITIVE, .out = &o.in.miss_penalty },
    };
    char *file[1];
    size_t nfiles;
    int rc = command_line(argc, argv, specs, sizeof specs / sizeof specs[0], file, 1, &nfiles, print_usage);
    if (rc >= 0)
        return rc;
    o.file = nfiles ? file[0] : NULL;
    if (o.paper)
        return model_paper();
    if (o.table1)
        return model_table1(&o);
    if (o.penalty_from)
        return model_penalty_from(&o);
    if (o.file)
        return model_measured(&o);
    return model_by_hand(&o);
}
