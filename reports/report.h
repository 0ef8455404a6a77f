/*
 * reports/report.h: turns results (parsed results files) into tables.
 *
 * What it must never do: measure, run anything, or write results files.
 * Everything it prints is computed from the json it is given, so any results
 * file can be re-reported later without re-running.
 */
#ifndef NGBENCH_REPORTS_REPORT_H
#define NGBENCH_REPORTS_REPORT_H

#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "analysis/runs.h"

enum report_table { REPORT_TABLE1, REPORT_TABLE2, REPORT_TABLE3, REPORT_SUMMARY };
enum report_format { REPORT_TEXT, REPORT_MD, REPORT_CSV, REPORT_LATEX, REPORT_JSON };

/* "1", "2", "3", "summary" / "text", "md", "csv", "latex", "json": 0, or -1 if unknown. */
int report_table_parse(const char *name, enum report_table *out);
int report_format_parse(const char *name, enum report_format *out);

struct report_request {
    enum report_table table;
    enum report_format format;
    const char *baseline;     /* reference allocator for ratios (summary, table 3) */
    const char *workload;     /* tables 1 to 3: which workload; NULL = the only one */
    const char *allocator;    /* table 2: which allocator; NULL = the only one */
    const char *other;        /* table 3: the allocator compared with baseline */
    long threads;             /* tables 1 and 3: which thread count; 0 = the only one */
    const char *params;       /* tables 1 to 3: "k=v,..." the workload's params must have; NULL = the only set */
    const char *pmu;          /* tables 1 to 3: which counter backend; NULL = the only one */
};

/* runs: the runs of one or more results files (analysis/runs.h).
 * Returns 0, or -1 with err set (e.g. no runs of the named workload). */
int report_write(FILE *out, const struct run_set *runs, const struct report_request *req,
                 char *err, size_t errlen);

#endif
