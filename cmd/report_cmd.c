/*
 * cmd/report_cmd.c: `ngbench report FILE... --table=1|2|3|summary
 * --format=text|md|csv|latex|json`: paper-style tables from results files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cli.h"
#include "base/exit_codes.h"
#include "cmd/commands.h"
#include "reports/inputs.h"
#include "reports/report.h"

static const char usage[] =
    "usage: ngbench report FILE... [--table=1|2|3|summary] [--format=text|md|csv|latex|json]\n"
    "                      [--workload=W] [--threads=N] [--params=K=V,...] [--pmu=perf|cachegrind]\n"
    "                      [--allocator=A] [--baseline=A] [--other=B]\n"
    "  --table=1        counters per allocator for one workload (the paper's Table 1)\n"
    "  --table=2        counters by thread count for one allocator and workload (Table 2)\n"
    "  --table=3        --other against --baseline: time and MPKI with the improvement (Table 3)\n"
    "  --table=summary  every workload by every allocator, time relative to --baseline (default)\n"
    "Tables 1 to 3 are about one workload: when it ran with several parameter sets (sizes)\n"
    "or counter backends, --params and --pmu choose one; runs of different ones are never pooled.\n"
    "Counters that were not available show as n/a with a footnote; simulated ones are marked.\n";

/* One option into the request; 0, or -1 when it is not one. */
static int parse_option(const char *arg, void *ctx)
{
    struct report_request *req = ctx;
    const char *v;
    double threads;
    if ((v = cli_value(arg, "--table")) && report_table_parse(v, &req->table) == 0)
        return 0;
    if ((v = cli_value(arg, "--format")) && report_format_parse(v, &req->format) == 0)
        return 0;
    if ((v = cli_value(arg, "--threads")) && cli_number(v, &threads) && threads >= 1 &&
        threads == (long)threads) {
        req->threads = (long)threads;
        return 0;
    }
    const char **strings[] = { &req->workload, &req->allocator, &req->baseline, &req->other, &req->params,
                               &req->pmu };
    const char *names[] = { "--workload", "--allocator", "--baseline", "--other", "--params", "--pmu" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((v = cli_value(arg, names[i])) && *v) {
            *strings[i] = v;
            return 0;
        }
    return -1;
}

int cmd_report(int argc, char **argv)
{
    struct report_request req = { .table = REPORT_SUMMARY, .format = REPORT_TEXT };
    char err[1024];
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles;
    const char *bad = NULL;
    int walked = cli_walk(argc, argv, files, &nfiles, parse_option, &req, &bad);
    struct run_set *runs = NULL;
    if (walked == 1)
        fputs(usage, stdout);
    else if (walked < 0)
        snprintf(err, sizeof err, "bad option '%s' (try --help)", bad);
    else
        runs = inputs_load(files, nfiles, err, sizeof err);
    free(files);
    if (walked == 1)
        return EXIT_OK;
    int rc = runs ? report_write(stdout, runs, &req, err, sizeof err) : -1;
    run_set_free(runs);
    if (rc != 0) {
        fprintf(stderr, "ngbench report: %s\n", err);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}
