/*
 * cmd/gate_cmd.c: `ngbench gate`, the statistical performance-regression gate.
 * Reads the two results files, asks gate.c for verdicts, prints them with
 * gate_format.c, and turns them into the exit status CI acts on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/exit_codes.h"
#include "base/results.h"
#include "base/text.h"
#include "ci/gate.h"
#include "ci/gate_format.h"
#include "cmd/commands.h"
#include "history/history.h"

/* Defaults chosen by measurement on the project's 2-core CI machine:
 * benchmarks/gate/RESULTS.md. */
#define DEFAULT_THRESHOLD_PCT 2.0
#define DEFAULT_ALPHA 0.01
#define DEFAULT_MIN_REPEATS 10
#define BOOTSTRAP_ITERATIONS 2000
#define DEFAULT_BASELINE_IMPORTS 5

static void print_help(FILE *out)
{
    fprintf(out,
        "usage: ngbench gate --baseline=BASE.json --current=CUR.json [OPTIONS]\n"
        "       ngbench gate --baseline-db=HISTORY.db [--branch=NAME] [--last=N] --current=CUR.json [OPTIONS]\n"
        "\n"
        "Compares every benchmark (allocator, workload, params, threads) of two results\n"
        "files on one metric. Samples are the measured runs (not warm-ups) whose status is ok.\n"
        "Per benchmark: the ratio of medians current/baseline with a bootstrap interval\n"
        "(1 - 2*alpha), and a one-sided Mann-Whitney U test.\n"
        "  REGRESSED     test significant (p <= alpha) and the whole interval above +threshold\n"
        "  IMPROVED      the mirror image (interval below -threshold)\n"
        "  UNCHANGED     the whole interval within +-threshold\n"
        "  INCONCLUSIVE  anything else, or a side has fewer than --min-repeats samples;\n"
        "                the note says how many repetitions a side would settle it\n"
        "  ERROR         runs failed in the current file but not in the baseline\n"
        "  MISSING       only in the baseline;  NEW: only in the current file\n"
        "When neither side has noise worth testing (each side's range within a tenth of\n"
        "the threshold, as with simulated instruction counts), the change is exact: the\n"
        "interval is the range of all current/baseline ratios, and the threshold decides.\n"
        "\n"
        "options:\n"
        "  --baseline=FILE     results of the reference build\n"
        "  --baseline-db=PATH  instead, the runs of the last imports of a history database\n"
        "                      (ngbench history), pooled into one baseline\n"
        "  --branch=NAME       with --baseline-db: imports of this branch only (default: any)\n"
        "  --last=N            with --baseline-db: how many imports, newest first (default %d)\n"
        "  --current=FILE      results of the build under test (required)\n"
        "  --metric=NAME       wall (default), cpu (user+sys), rss (max_rss_kb),\n"
        "                      instructions (hardware, else simulated), or any counter name\n"
        "  --threshold=PCT     smallest change that fails the gate (default %g)\n"
        "  --alpha=A           significance level of the one-sided test (default %g)\n"
        "  --min-repeats=N     fewest samples per side for a verdict (default %d)\n"
        "  --allow-missing     a benchmark missing from the current file does not fail\n"
        "  --format=FMT        text (default), md (for a pull-request comment) or json\n"
        "The defaults were measured on a shared 2-core machine: benchmarks/gate/RESULTS.md.\n"
        "\n"
        "exit status:\n"
        "  0  pass: every benchmark compared is shown UNCHANGED or IMPROVED\n"
        "  1  a benchmark REGRESSED, is ERROR, or is MISSING (without --allow-missing)\n"
        "  2  usage error or unreadable input\n"
        "  3  inconclusive, and nothing worse: some benchmark could not be shown changed\n"
        "     or unchanged, or nothing was compared. Add repetitions to both files\n"
        "     (ngbench run --resume --repeat=N, N from the 'to settle' line or the JSON's\n"
        "     repeats_needed) and gate again\n",
        DEFAULT_BASELINE_IMPORTS, DEFAULT_THRESHOLD_PCT, DEFAULT_ALPHA, DEFAULT_MIN_REPEATS);
}

struct gate_args {
    const char *baseline, *current;
    const char *baseline_db, *branch;   /* a baseline pooled from a history database */
    double last;
    struct gate_settings settings;
    enum gate_format format;
};

static int take_format(const char *v, void *out)
{
    return gate_format_parse(v, out);
}

/* EXIT_OK after --help, EXIT_USAGE on a bad command line, -1 to go on. */
static int parse_args(int argc, char **argv, struct gate_args *a)
{
    long repeats = (long)a->settings.min_repeats, last = 0;
    const struct option_spec specs[] = {
        { .name = "baseline", .kind = OPTION_STRING, .out = &a->baseline },
        { .name = "baseline-db", .kind = OPTION_STRING, .out = &a->baseline_db },
        { .name = "branch", .kind = OPTION_STRING, .out = &a->branch },
        { .name = "last", .kind = OPTION_INTEGER, .out = &last, .min = 1, .max = 1e9 },
        { .name = "current", .kind = OPTION_STRING, .out = &a->current },
        { .name = "metric", .kind = OPTION_STRING, .out = &a->settings.metric },
        { .name = "threshold", .kind = OPTION_NUMBER, .out = &a->settings.threshold_pct, .min = 0, .max = 99,
          .want = "a percentage from 0 to 99" },
        { .name = "alpha", .kind = OPTION_NUMBER, .out = &a->settings.alpha, .min = 1e-9, .max = 0.49,
          .want = "a level above 0 and below 0.5" },
        { .name = "min-repeats", .kind = OPTION_INTEGER, .out = &repeats, .min = 1, .max = 1e6 },
        { .name = "allow-missing", .kind = OPTION_FLAG, .out = &a->settings.allow_missing },
        { .name = "format", .kind = OPTION_CUSTOM, .out = &a->format, .parse = take_format,
          .want = "text, md or json" },
    };
    int rc = command_line(argc, argv, specs, sizeof specs / sizeof specs[0], NULL, 0, NULL, print_help);
    a->settings.min_repeats = (size_t)repeats;
    a->last = (double)last;
    const char *missing = NULL;
    if (rc < 0 && (!a->baseline == !a->baseline_db || !a->current))
        missing = "--current=FILE and one of --baseline=FILE or --baseline-db=PATH are required";
    else if (rc < 0 && !a->baseline_db && (a->branch || a->last))
        missing = "--branch and --last choose the imports of --baseline-db";
    if (missing) {
        fprintf(stderr, "ngbench gate: %s (try 'ngbench gate --help')\n", missing);
        return EXIT_USAGE;
    }
    return rc;
}

/* The runs of the branch's last imports, as one results document. */
static json_t *pooled_baseline(const struct gate_args *a, char *err, size_t errlen)
{
    struct history *h = history_open(a->baseline_db, HISTORY_READ, err, errlen);
    if (!h)
        return NULL;
    struct history_selection sel = { .branch = a->branch,
                                     .last = a->last ? (size_t)a->last : DEFAULT_BASELINE_IMPORTS };
    struct history_entry *e;
    size_t n;
    json_t *doc = NULL;
    if (history_load(h, &sel, &e, &n, err, errlen) == 0) {
        if (n > 0)
            doc = history_pooled(e, n, a->baseline_db, a->branch);
        else {
            char db[TEXT_QUOTED_LEN], branch[TEXT_QUOTED_LEN];
            snprintf(err, errlen, "%s: no imports%s%s to take a baseline from",
                     text_quote(a->baseline_db, db, sizeof db), a->branch ? " of branch " : "",
                     a->branch ? text_quote(a->branch, branch, sizeof branch) : "");
        }
        history_entries_free(e, n);
    }
    history_close(h);
    return doc;
}

int cmd_gate(int argc, char **argv)
{
    struct gate_args a = {
        .settings = { .metric = "wall", .threshold_pct = DEFAULT_THRESHOLD_PCT, .alpha = DEFAULT_ALPHA,
                      .min_repeats = DEFAULT_MIN_REPEATS, .bootstrap_iterations = BOOTSTRAP_ITERATIONS },
        .format = GATE_FORMAT_TEXT,
    };
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    char err[1024];
    json_t *base = a.baseline ? results_load(a.baseline, err, sizeof err) : pooled_baseline(&a, err, sizeof err);
    if (!base) {
        fprintf(stderr, "ngbench gate: %s\n", err);
        return EXIT_USAGE;
    }
    json_t *cur = results_load(a.current, err, sizeof err);
    if (!cur) {
        fprintf(stderr, "ngbench gate: %s\n", err);
        json_decref(base);
        return EXIT_USAGE;
    }
    struct gate_report report;
    rc = gate_compare(base, cur, &a.settings, &report, err, sizeof err);
    json_decref(base);
    json_decref(cur);
    if (rc != 0) {
        fprintf(stderr, "ngbench gate: %s\n", err);
        return EXIT_USAGE;
    }
    gate_format_print(stdout, &report, a.format);
    rc = report.exit_status;
    gate_report_free(&report);
    return rc;
}
