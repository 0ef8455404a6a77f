/*
 * cmd/report_cmd.c: `ngbench report FILE... --table=1|2|3|summary
 * --format=text|md|csv|latex|json`: paper-style tables from results files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void print_usage(FILE *out)
{
    fputs(usage, out);
}

static int take_table(const char *v, void *out)
{
    return report_table_parse(v, out);
}

static int take_format(const char *v, void *out)
{
    return report_format_parse(v, out);
}

int cmd_report(int argc, char **argv)
{
    struct report_request req = { .table = REPORT_SUMMARY, .format = REPORT_TEXT };
    const struct option_spec specs[] = {
        { .name = "table", .kind = OPTION_CUSTOM, .out = &req.table, .parse = take_table,
          .want = "1, 2, 3 or summary" },
        { .name = "format", .kind = OPTION_CUSTOM, .out = &req.format, .parse = take_format,
          .want = "text, md, csv, latex or json" },
        { .name = "threads", .kind = OPTION_INTEGER, .out = &req.threads, .min = 1, .max = 1e6 },
        { .name = "workload", .kind = OPTION_STRING, .out = &req.workload },
        { .name = "allocator", .kind = OPTION_STRING, .out = &req.allocator },
        { .name = "baseline", .kind = OPTION_STRING, .out = &req.baseline },
        { .name = "other", .kind = OPTION_STRING, .out = &req.other },
        { .name = "params", .kind = OPTION_STRING, .out = &req.params },
        { .name = "pmu", .kind = OPTION_STRING, .out = &req.pmu },
    };
    char err[1024];
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    if (!files)
        return EXIT_FAILED;
    int rc = command_line(argc, argv, specs, sizeof specs / sizeof specs[0], files, (size_t)argc, &nfiles,
                          print_usage);
    struct run_set *runs = rc < 0 ? inputs_load(files, nfiles, err, sizeof err) : NULL;
    free(files);
    if (rc >= 0)
        return rc;
    rc = runs ? report_write(stdout, runs, &req, err, sizeof err) : -1;
    run_set_free(runs);
    if (rc != 0) {
        fprintf(stderr, "ngbench report: %s\n", err);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}
