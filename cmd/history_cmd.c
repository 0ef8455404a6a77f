/*
 * cmd/history_cmd.c: `ngbench history add|list|show|plot --db=PATH`: results
 * files over time in one SQLite database (history/history.h), their list,
 * and the trend of a metric import by import as a table (reports/render.h)
 * or a figure (reports/gnuplot.h). docs/history.md.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/exit_codes.h"
#include "base/results.h"
#include "base/text.h"
#include "cmd/commands.h"
#include "history/history.h"
#include "reports/gnuplot.h"
#include "reports/render.h"
#include "reports/trend.h"

static const char usage[] =
    "usage: ngbench history add FILE... --db=PATH [--branch=NAME]\n"
    "       ngbench history list --db=PATH [--branch=NAME] [--last=N] [--format=FMT]\n"
    "       ngbench history show --db=PATH [SELECTION] [--metric=NAME] [--format=FMT]\n"
    "       ngbench history plot --db=PATH [SELECTION] [--metric=NAME] [--scale=auto|linear|log]\n"
    "                            --output=NAME.svg|NAME.png\n"
    "\n"
    "Keeps results files over time in one SQLite database (created by the first add):\n"
    "  add   imports each file in one transaction, keyed by its context (commit, host,\n"
    "        date); --branch records the branch it was measured on. A file already\n"
    "        there is not imported again. Every file is read before any is imported.\n"
    "  list  one line per import, oldest first (by the results' date)\n"
    "  show  a trend table: one row per import, per benchmark the median and MAD of\n"
    "        the metric over the import's measured ok runs\n"
    "  plot  the same trend drawn by gnuplot (writes OUTPUT.dat and OUTPUT.gp beside it);\n"
    "        --scale: a log y axis when values span over 10x (auto, the default), or as named\n"
    "SELECTION: --workload=A,B --allocator=A,B (default: all) --branch=NAME --last=N\n"
    "           (the newest N imports). --metric: wall (default), cpu, rss,\n"
    "           instructions, or any counter name. --format: text (default), md, csv,\n"
    "           latex, json.\n"
    "`ngbench gate --baseline-db=PATH --branch=NAME --last=N` gates against the\n"
    "pooled runs of a branch's last imports.\n";

enum action { ADD, LIST, SHOW, PLOT };

struct history_options {
    enum action action;
    const char *db, *branch, *metric, *output;
    double last;
    enum figure_scale scale;
    bool scale_given;
    json_t *allocators, *workloads;
    enum report_format format;
};

static int fail(const char *why, int rc)
{
    fprintf(stderr, "ngbench history: %s\n", why);
    return rc;
}

/* ---- Options ---- */

/* "a,b" as a JSON array of names; NULL for an empty name. */
static json_t *name_list(const char *text)
{
    json_t *names = json_array();
    for (const char *p = text; names;) {
        size_t n = strcspn(p, ",");
        if (n == 0) {
            json_decref(names);
            return NULL;
        }
        json_array_append_new(names, json_stringn(p, n));
        if (!p[n])
            break;
        p += n + 1;
    }
    return names;
}

static int take_workloads(const char *value, void *out)
{
    struct history_options *o = out;
    json_decref(o->workloads);
    o->workloads = name_list(value);
    return o->workloads ? 0 : -1;
}

static int take_allocators(const char *value, void *out)
{
    struct history_options *o = out;
    json_decref(o->allocators);
    o->allocators = name_list(value);
    return o->allocators ? 0 : -1;
}

static int take_format(const char *value, void *out)
{
    return report_format_parse(value, out);
}

static int take_scale(const char *value, void *out)
{
    struct history_options *o = out;
    o->scale_given = true;
    return figure_scale_parse(value, &o->scale);
}

static void print_usage(FILE *out)
{
    fputs(usage, out);
}

static int parse_action(const char *name, enum action *out)
{
    static const char *const names[] = { [ADD] = "add", [LIST] = "list", [SHOW] = "show", [PLOT] = "plot" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (enum action)i;
            return 0;
        }
    return -1;
}

/* Options that an action does not take are refused, not ignored. */
static const char *misplaced_option(const struct history_options *o)
{
    bool selects = o->workloads || o->allocators || o->metric;
    if (o->action == ADD && (selects || o->last || o->output || o->format != REPORT_TEXT))
        return "history add takes FILE..., --db and --branch only";
    if (o->action == LIST && (selects || o->output))
        return "history list takes --db, --branch, --last and --format only";
    if (o->action == SHOW && (o->output || o->scale_given))
        return "history show prints to stdout: --output and --scale are for history plot";
    if (o->action != PLOT && o->scale_given)
        return "--scale is for history plot";
    if (o->action == PLOT && o->format != REPORT_TEXT)
        return "history plot draws an image: --format is for history show";
    return NULL;
}

/* ---- add ---- */

/* Names from the command line and the database are shown quoted (base/text.h). */
static void say_import(const char *file, const struct history_import *im, int added)
{
    char shown[TEXT_QUOTED_LEN], commit[TEXT_QUOTED_LEN], earlier[TEXT_QUOTED_LEN];
    text_quote(file, shown, sizeof shown);
    text_quote(im->git_commit ? im->git_commit : "unknown", commit, sizeof commit);
    if (added == HISTORY_ADDED)
        printf("%s: imported as #%lld (commit %s, %zu runs)\n", shown, im->id, commit, im->runs);
    else
        printf("%s: already imported as #%lld (commit %s, from %s): nothing changed\n", shown, im->id, commit,
               text_quote(im->file, earlier, sizeof earlier));
}

static int add_files(const struct history_options *o, char **files, size_t nfiles)
{
    char err[1024];
    if (nfiles == 0)
        return fail("history add needs at least one results file", EXIT_USAGE);
    json_t **docs = calloc(nfiles, sizeof *docs);
    int rc = EXIT_OK;
    for (size_t i = 0; docs && i < nfiles && rc == EXIT_OK; i++)
        if (!(docs[i] = results_load(files[i], err, sizeof err)))
            rc = fail(err, EXIT_USAGE);   /* names the file; nothing imported yet */
    struct history *h = NULL;
    if (!docs)
        rc = fail("out of memory", EXIT_FAILED);
    else if (rc == EXIT_OK && !(h = history_open(o->db, HISTORY_WRITE, err, sizeof err)))
        rc = fail(err, EXIT_USAGE);
    for (size_t i = 0; h && i < nfiles && rc == EXIT_OK; i++) {
        struct history_import im;
        int added = history_add(h, docs[i], files[i], o->branch, &im, err, sizeof err);
        if (added < 0)
            rc = fail(err, EXIT_USAGE);
        else
            say_import(files[i], &im, added);
        history_import_clear(&im);
    }
    history_close(h);
    for (size_t i = 0; docs && i < nfiles; i++)
        json_decref(docs[i]);
    free(docs);
    return rc;
}

/* ---- list, show, plot ---- */

static const char *or_dash(const char *s)
{
    return s ? s : "-";
}

static struct table *import_table(const struct history_entry *e, size_t n)
{
    static const char *const headers[] = { "import", "date", "commit", "branch", "host", "runs", "file",
                                           "imported" };
    struct table *t = table_new("Imports, oldest first", 8, headers);
    for (size_t i = 0; t && i < n; i++) {
        const struct history_import *im = &e[i].import;
        size_t row = table_add_row(t);
        char id[32];
        snprintf(id, sizeof id, "#%lld", im->id);
        table_set_text(t, row, 0, id);
        table_set_text(t, row, 1, or_dash(im->date));
        table_set_text(t, row, 2, or_dash(im->git_commit));
        table_set_text(t, row, 3, or_dash(im->branch));
        table_set_text(t, row, 4, or_dash(im->host));
        table_set_num(t, row, 5, "%.0f", (double)im->runs);
        table_set_text(t, row, 6, im->file);
        table_set_text(t, row, 7, im->imported_at);
    }
    return t;
}

/* The trend of the selected imports: one row each, labelled "#ID COMMIT". */
static struct table *trend_of(const struct history_entry *e, size_t n, const char *metric, char *err,
                              size_t errlen)
{
    const json_t **docs = calloc(n ? n : 1, sizeof *docs);
    char **labels = calloc(n ? n : 1, sizeof *labels);
    struct table *t = NULL;
    bool ok = docs && labels;
    for (size_t i = 0; ok && i < n; i++) {
        docs[i] = e[i].doc;
        ok = asprintf(&labels[i], "#%lld %s", e[i].import.id, or_dash(e[i].import.git_commit)) >= 0;
        if (!ok)
            labels[i] = NULL;
    }
    if (ok)
        t = trend_table(docs, (const char *const *)labels, n, metric, err, errlen);
    else
        snprintf(err, errlen, "out of memory");
    for (size_t i = 0; labels && i < n; i++)
        free(labels[i]);
    free(labels);
    free(docs);
    return t;
}

static int draw(const struct table *t, const char *output, enum figure_scale scale)
{
    char err[1024], gnuplot[PATH_MAX];
    if (gnuplot_find(gnuplot, sizeof gnuplot, err, sizeof err) != 0 ||
        gnuplot_draw(gnuplot, t, FIGURE_TREND, scale, output, err, sizeof err) != 0)
        return fail(err, EXIT_FAILED);
    printf("wrote %s\n", output);
    return EXIT_OK;
}

static int query(const struct history_options *o)
{
    char err[1024];
    if (o->action == PLOT && (!o->output || !gnuplot_terminal(o->output)))
        return fail("--output=NAME.svg or --output=NAME.png is required", EXIT_USAGE);
    struct history *h = history_open(o->db, HISTORY_READ, err, sizeof err);
    if (!h)
        return fail(err, EXIT_USAGE);
    struct history_selection sel = { .branch = o->branch, .last = (size_t)o->last,
                                     .allocators = o->allocators, .workloads = o->workloads };
    struct history_entry *e;
    size_t n;
    int rc = o->action == LIST ? history_imports(h, &sel, &e, &n, err, sizeof err)
                               : history_load(h, &sel, &e, &n, err, sizeof err);
    history_close(h);
    if (rc != 0)
        return fail(err, EXIT_USAGE);
    struct table *t = o->action == LIST ? import_table(e, n) : trend_of(e, n, o->metric ? o->metric : "wall",
                                                                         err, sizeof err);
    history_entries_free(e, n);
    if (o->action != LIST && n == 0)
        rc = fail(o->branch ? "no imports of that branch" : "no imports yet", EXIT_USAGE);
    else if (!t)
        rc = fail(o->action == LIST ? "out of memory" : err, EXIT_USAGE);
    else if (o->action == PLOT)
        rc = draw(t, o->output, o->scale);
    else
        render_table(stdout, t, o->format);
    table_free(t);
    return rc;
}

/* The action, once the options it takes are checked. */
static int act(const struct history_options *o, const char *action, char **operands, size_t noperands)
{
    const char *misplaced = misplaced_option(o);
    char why[2 * TEXT_QUOTED_LEN], shown[TEXT_QUOTED_LEN];
    if (!o->db)
        return fail("--db=PATH is required (try 'ngbench history --help')", EXIT_USAGE);
    if (misplaced)
        return fail(misplaced, EXIT_USAGE);
    if (o->action != ADD && noperands > 0) {
        snprintf(why, sizeof why, "unexpected argument '%s' (history %s reads the database only)",
                 text_quote(operands[0], shown, sizeof shown), action);
        return fail(why, EXIT_USAGE);
    }
    return o->action == ADD ? add_files(o, operands, noperands) : query(o);
}

int cmd_history(int argc, char **argv)
{
    struct history_options o = { .format = REPORT_TEXT };
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (parse_action(argv[1], &o.action) != 0) {
        char shown[TEXT_QUOTED_LEN];
        fprintf(stderr, "ngbench history: unknown action '%s': want add, list, show or plot "
                        "(try 'ngbench history --help')\n", text_quote(argv[1], shown, sizeof shown));
        return EXIT_USAGE;
    }
    long last = 0;
    const struct option_spec specs[] = {
        { .name = "db", .kind = OPTION_STRING, .out = &o.db },
        { .name = "branch", .kind = OPTION_STRING, .out = &o.branch },
        { .name = "metric", .kind = OPTION_STRING, .out = &o.metric },
        { .name = "output", .kind = OPTION_STRING, .out = &o.output },
        { .name = "last", .kind = OPTION_INTEGER, .out = &last, .min = 1, .max = 1e9 },
        { .name = "format", .kind = OPTION_CUSTOM, .out = &o.format, .parse = take_format,
          .want = "text, md, csv, latex or json" },
        { .name = "scale", .kind = OPTION_CUSTOM, .out = &o, .parse = take_scale, .want = "auto, linear or log" },
        { .name = "workload", .kind = OPTION_CUSTOM, .out = &o, .parse = take_workloads,
          .want = "names separated by commas" },
        { .name = "allocator", .kind = OPTION_CUSTOM, .out = &o, .parse = take_allocators,
          .want = "names separated by commas" },
    };
    /* The options follow the action: "history" stands in argv[0] for it. */
    char **args = calloc((size_t)argc, sizeof *args), **operands = calloc((size_t)argc, sizeof *operands);
    size_t noperands = 0;
    int rc = EXIT_FAILED;
    if (args && operands) {
        args[0] = argv[0];
        for (int i = 2; i < argc; i++)
            args[i - 1] = argv[i];
        rc = command_line(argc - 1, args, specs, sizeof specs / sizeof specs[0], operands, (size_t)argc,
                          &noperands, print_usage);
    }
    o.last = (double)last;
    if (rc < 0)
        rc = act(&o, argv[1], operands, noperands);
    free(operands);
    free(args);
    json_decref(o.allocators);
    json_decref(o.workloads);
    return rc;
}
