/*
 * cmd/plot_cmd.c: `ngbench plot FILE... --figure=1|scaling|summary
 * --output=NAME.svg|NAME.png`: the paper's Figure 1 (each allocator's time
 * per workload, normalised, with error bars), thread scaling, and the
 * summary chart, drawn by gnuplot from data files ngbench writes.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cli.h"
#include "base/exit_codes.h"
#include "cmd/commands.h"
#include "reports/figures.h"
#include "reports/gnuplot.h"
#include "reports/inputs.h"

static const char usage[] =
    "usage: ngbench plot FILE... --output=NAME.svg|NAME.png [--figure=1|scaling|summary]\n"
    "                    [--baseline=A] [--workload=W] [--params=K=V,...] [--pmu=perf|cachegrind]\n"
    "                    [--scale=auto|linear|log]\n"
    "  --figure=1        each allocator's time per workload relative to --baseline (default),\n"
    "                    whiskers at the MAD: the paper's Figure 1\n"
    "  --figure=scaling  wall time against threads, one line per allocator, for --workload\n"
    "                    (and --params, --pmu when it ran with several)\n"
    "  --figure=summary  each allocator's geometric-mean time relative to --baseline\n"
    "  --scale           the y axis: log when the values span more than 10x (auto, the\n"
    "                    default), or always linear, or always log\n"
    "Writes NAME.svg.dat and NAME.svg.gp (or .png.*) beside the image, to redraw it by hand.\n"
    "Needs gnuplot (Debian: gnuplot-nox); NGBENCH_GNUPLOT names another gnuplot program.\n";

static struct table *(*const builders[])(const struct run_set *, const struct report_request *, char *,
                                         size_t) = {
    [FIGURE_1] = figure1_data, [FIGURE_SCALING] = scaling_data, [FIGURE_SUMMARY] = summary_chart_data,
};

struct plot_options {
    enum figure figure;
    enum figure_scale scale;
    const char *output;
    struct report_request req;
};

static int parse_option(const char *arg, void *ctx)
{
    struct plot_options *o = ctx;
    const char *v;
    if ((v = cli_value(arg, "--figure")) && figure_parse(v, &o->figure) == 0)
        return 0;
    if ((v = cli_value(arg, "--scale")) && figure_scale_parse(v, &o->scale) == 0)
        return 0;
    if ((v = cli_value(arg, "--output")) && *v)
        o->output = v;
    else if ((v = cli_value(arg, "--baseline")) && *v)
        o->req.baseline = v;
    else if ((v = cli_value(arg, "--workload")) && *v)
        o->req.workload = v;
    else if ((v = cli_value(arg, "--params")) && *v)
        o->req.params = v;
    else if ((v = cli_value(arg, "--pmu")) && *v)
        o->req.pmu = v;
    else
        return -1;
    return 0;
}

static int fail(const char *why, int rc)
{
    fprintf(stderr, "ngbench plot: %s\n", why);
    return rc;
}

int cmd_plot(int argc, char **argv)
{
    struct plot_options o = { .figure = FIGURE_1, .scale = SCALE_AUTO };
    char err[1024], gnuplot[PATH_MAX];
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles;
    const char *bad = NULL;
    int walked = cli_walk(argc, argv, files, &nfiles, parse_option, &o, &bad);
    if (walked != 0) {
        free(files);
        if (walked == 1) {
            fputs(usage, stdout);
            return EXIT_OK;
        }
        snprintf(err, sizeof err, "bad option '%s' (try --help)", bad);
        return fail(err, EXIT_USAGE);
    }
    if (!o.output || !gnuplot_terminal(o.output)) {
        free(files);
        return fail("--output=NAME.svg or --output=NAME.png is required", EXIT_USAGE);
    }
    struct run_set *runs = inputs_load(files, nfiles, err, sizeof err);
    free(files);
    if (!runs)
        return fail(err, EXIT_USAGE);
    struct table *data = builders[o.figure](runs, &o.req, err, sizeof err);
    run_set_free(runs);
    if (!data)
        return fail(err, EXIT_USAGE);
    if (!figure_has_values(data)) {
        table_free(data);
        return fail("nothing to plot: no measured run finished ok with a time", EXIT_USAGE);
    }
    int rc = EXIT_OK;
    if (gnuplot_find(gnuplot, sizeof gnuplot, err, sizeof err) != 0 ||
        gnuplot_draw(gnuplot, data, o.figure, o.scale, o.output, err, sizeof err) != 0)
        rc = fail(err, EXIT_FAILED);
    else
        printf("wrote %s (script %s.gp, data %s.dat)\n", o.output, o.output, o.output);
    table_free(data);
    return rc;
}
