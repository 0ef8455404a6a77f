/*
 * cmd/gate_cmd.c: `ngbench gate`, the statistical performance-regression gate.
 * Reads the two results files, asks gate.c for verdicts, prints them with
 * gate_format.c, and turns them into the exit status CI acts on.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
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

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "ngbench gate: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (try 'ngbench gate --help')\n");
    return EXIT_USAGE;
}

static int parse_number(const char *text, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v >= min && v <= max))
        return -1;
    *out = v;
    return 0;
}

struct gate_args {
    const char *baseline, *current;
    const char *baseline_db, *branch;   /* a baseline pooled from a history database */
    double last;
    struct gate_settings settings;
    enum gate_format format;
};

static int parse_args(int argc, char **argv, struct gate_args *a)
{
    enum { OPT_BASELINE = 256, OPT_BASELINE_DB, OPT_BRANCH, OPT_LAST, OPT_CURRENT, OPT_METRIC, OPT_THRESHOLD,
           OPT_ALPHA, OPT_MIN_REPEATS, OPT_ALLOW_MISSING, OPT_FORMAT, OPT_HELP };
    static const struct option options[] = {
        { "baseline", required_argument, NULL, OPT_BASELINE },
        { "baseline-db", required_argument, NULL, OPT_BASELINE_DB },
        { "branch", required_argument, NULL, OPT_BRANCH },
        { "last", required_argument, NULL, OPT_LAST },
        { "current", required_argument, NULL, OPT_CURRENT },
        { "metric", required_argument, NULL, OPT_METRIC },
        { "threshold", required_argument, NULL, OPT_THRESHOLD },
        { "alpha", required_argument, NULL, OPT_ALPHA },
        { "min-repeats", required_argument, NULL, OPT_MIN_REPEATS },
        { "allow-missing", no_argument, NULL, OPT_ALLOW_MISSING },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "help", no_argument, NULL, OPT_HELP },
        { NULL, 0, NULL, 0 },
    };
    double repeats;
    opterr = 0;
    optind = 1;
    for (int c; (c = getopt_long(argc, argv, ":", options, NULL)) != -1;) {
        switch (c) {
        case OPT_BASELINE: a->baseline = optarg; break;
        case OPT_BASELINE_DB: a->baseline_db = optarg; break;
        case OPT_BRANCH: a->branch = optarg; break;
        case OPT_LAST:
            if (parse_number(optarg, 1, 1e9, &a->last) != 0 || a->last != (size_t)a->last)
                return usage_error("--last=%s: want a whole number from 1", optarg);
            break;
        case OPT_CURRENT: a->current = optarg; break;
        case OPT_METRIC:
            if (!*optarg)
                return usage_error("--metric needs a name");
            a->settings.metric = optarg;
            break;
        case OPT_THRESHOLD:
            if (parse_number(optarg, 0, 99, &a->settings.threshold_pct) != 0)
                return usage_error("--threshold=%s: want a percentage from 0 to 99", optarg);
            break;
        case OPT_ALPHA:
            if (parse_number(optarg, 1e-9, 0.49, &a->settings.alpha) != 0)
                return usage_error("--alpha=%s: want a level above 0 and below 0.5", optarg);
            break;
        case OPT_MIN_REPEATS:
            if (parse_number(optarg, 1, 1e6, &repeats) != 0 || repeats != (size_t)repeats)
                return usage_error("--min-repeats=%s: want a whole number from 1", optarg);
            a->settings.min_repeats = (size_t)repeats;
            break;
        case OPT_ALLOW_MISSING: a->settings.allow_missing = true; break;
        case OPT_FORMAT:
            if (gate_format_parse(optarg, &a->format) != 0)
                return usage_error("--format=%s: want text, md or json", optarg);
            break;
        case OPT_HELP:
            print_help(stdout);
            return EXIT_OK;
        case ':':
            return usage_error("%s needs a value", argv[optind - 1]);
        default:
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage_error("unexpected argument '%s'", argv[optind]);
    if (!a->baseline == !a->baseline_db || !a->current)
        return usage_error("--current=FILE and one of --baseline=FILE or --baseline-db=PATH are required");
    if (!a->baseline_db && (a->branch || a->last))
        return usage_error("--branch and --last choose the imports of --baseline-db");
    return -1;   /* parsed: go on */
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
