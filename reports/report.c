/* reports/report.c: report_write, the module's entry (see report.h). */
#include "reports/report.h"

#include <string.h>

#include "reports/render.h"
#include "reports/tables.h"

/* Every table of `ngbench report`: its --table name and its builder (tables.h). */
static const struct {
    const char *name;
    table_builder *build;
} tables[] = {
    [REPORT_TABLE1] = { "1", table1_build },
    [REPORT_TABLE2] = { "2", table2_build },
    [REPORT_TABLE3] = { "3", table3_build },
    [REPORT_SUMMARY] = { "summary", summary_build },
};
static const char *const format_names[] = {
    [REPORT_TEXT] = "text", [REPORT_MD] = "md", [REPORT_CSV] = "csv",
    [REPORT_LATEX] = "latex", [REPORT_JSON] = "json",
};

static int index_of(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (int)i;
    return -1;
}

int report_table_parse(const char *name, enum report_table *out)
{
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (strcmp(tables[i].name, name) == 0) {
            *out = (enum report_table)i;
            return 0;
        }
    return -1;
}

int report_format_parse(const char *name, enum report_format *out)
{
    int i = index_of(format_names, sizeof format_names / sizeof format_names[0], name);
    if (i >= 0)
        *out = (enum report_format)i;
    return i >= 0 ? 0 : -1;
}

int report_write(FILE *out, const struct run_set *runs, const struct report_request *req,
                 char *err, size_t errlen)
{
    struct table *t = tables[req->table].build(runs, req, err, errlen);
    if (!t)
        return -1;
    render_table(out, t, req->format);
    table_free(t);
    return 0;
}
