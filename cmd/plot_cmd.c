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

static void print_usage(FILE *out)
{
    fputs(usage, out);
}

static int take_figure(const char *v, void *out)
{
    return figure_parse(v, out);
}

static int take_scale(const char *v, void *out)
{
    return figure_scale_parse(v, out);
}

static int fail(const char *why, int rc)
{
    fprintf(stderr, "ngbench plot: %s\n", why);
    return rc;
}

int cmd_plot(int argc, char **argv)
{
    struct plot_options o = { .figure = FIGURE_1, .scale = SCALE_AUTO };
    const struct option_spec specs[] = {
        { .name = "figure", .kind = OPTION_CUSTOM, .out = &o.figure, .parse = take_figure,
          .want = "1, scaling or summary" },
        { .name = "scale", .kind = OPTION_CUSTOM, .out = &o.scale, .parse = take_scale,
          .want = "auto, linear or log" },
        { .name = "output", .kind = OPTION_STRING, .out = &o.output },
        { .name = "baseline", .kind = OPTION_STRING, .out = &o.req.baseline },
        { .name = "workload", .kind = OPTION_STRING, .out = &o.req.workload },
        { .name = "params", .kind = OPTION_STRING, .out = &o.req.params },
        { .name = "pmu", .kind = OPTION_STRING, .out = &o.req.pmu },
    };
    char err[1024], gnuplot[PATH_MAX];
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    if (!files)
        return EXIT_FAILED;
    int rc = command_line(argc, argv, specs, sizeof specs / sizeof specs[0], files, (size_t)argc, &nfiles,
                          print_usage);
    if (rc >= 0) {
        free(files);
        return rc;
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
    rc = EXIT_OK;
    if (gnuplot_find(gnuplot, sizeof gnuplot, err, sizeof err) != 0 ||
        gnuplot_draw(gnuplot, data, o.figure, o.scale, o.output, err, sizeof err) != 0)
        rc = fail(err, EXIT_FAILED);
    else
        printf("wrote %s (script %s.gp, data %s.dat)\n", o.output, o.output, o.output);
    table_free(data);
    return rc;
}
