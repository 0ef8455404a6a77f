/*
 * docs/extending.md, "Adding a report table", done once: a builder that
 * fills a struct table from a set of runs (here: each allocator's median
 * peak RSS and its MAD on one workload), drawn by the one renderer in every
 * format. In reports/ the builder would be a file of its own, declared in
 * tables.h, with one line in report.c's tables[].
 *
 * usage: test_report_table RESULTS.json (tests/reports/data/results.json)
 */
#include "base/results.h"
#include "reports/render.h"
#include "reports/tables.h"
#include "tests/check.h"
#include "tests/reports/drawn.h"

#include <stdlib.h>

enum { COL_ALLOCATOR, COL_RSS, COL_MAD, COL_N, NCOLS };

static table_builder memory_build;

static struct table *memory_build(const struct run_set *s, const struct report_request *req, char *err,
                                  size_t errlen)
{
    size_t *cases;
    if (select_cases(s, req, true, &cases, err, errlen) < 0)
        return NULL;
    size_t c = cases[0];
    free(cases);
    static const char *const headers[NCOLS] = { "allocator", "peak RSS (MiB)", "MAD (KiB)", "runs" };
    char title[128];
    snprintf(title, sizeof title, "Peak memory of %s (medians of the measured runs)", run_set_case(s, c)->workload);
    struct table *t = table_new(title, NCOLS, headers);
    for (size_t a = 0; a < run_set_allocator_count(s); a++) {
        const struct bench *b = run_set_find(s, c, a);
        if (!b)
            continue;
        struct field_sample rss = run_set_field(s, b, RUN_MAX_RSS_KB);
        size_t row = table_add_row(t);
        table_set_text(t, row, COL_ALLOCATOR, run_set_allocator(s, a));
        table_set_num(t, row, COL_RSS, "%.1f", rss.median / 1024);
        table_set_num(t, row, COL_MAD, "%.0f", rss.mad);
        table_set_num(t, row, COL_N, "%.0f", (double)rss.n);
        if (rss.failed)
            table_note(t, row, COL_N, "some runs failed and are left out");
    }
    return t;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_report_table RESULTS.json\n");
        return 2;
    }
    char err[256];
    json_t *doc = results_load(argv[1], err, sizeof err);
    struct run_set *s = doc ? run_set_of_doc(doc) : NULL;
    CHECK(s != NULL);
    if (!s)
        return CHECK_DONE();
    struct report_request req = { .workload = "xalan" };
    struct table *t = memory_build(s, &req, err, sizeof err);
    CHECK(t != NULL);
    if (!t)
        return CHECK_DONE();
    /* Read off the fixture with jq: the measured runs' max_rss_kb are
     * 51200, 51264, 51328 (glibc), 56320, 56384, 56448 (mimalloc) and
     * 60416, 60480, 60544 (nextgen): medians 51264, 56384, 60480 KiB, each
     * 64 KiB from the other two. */
    char *text = drawn(t, REPORT_TEXT);
    CHECK_STR(text, "Peak memory of xalan (medians of the measured runs)\n"
                    "allocator  peak RSS (MiB)  MAD (KiB)  runs\n"
                    "------------------------------------------\n"
                    "glibc                50.1         64     3\n"
                    "mimalloc             55.1         64     3\n"
                    "nextgen              59.1         64     3\n");
    free(text);
    text = drawn(t, REPORT_CSV);
    CHECK(strstr(text, "allocator,peak RSS (MiB),MAD (KiB),runs\nglibc,50.1,64,3\n") == text);
    free(text);
    text = drawn(t, REPORT_JSON);
    CHECK(strstr(text, "\"title\": \"Peak memory of xalan") != NULL);
    free(text);
    table_free(t);
    /* The builder refuses what the request cannot mean, as every builder does. */
    req.workload = "nope";
    CHECK(memory_build(s, &req, err, sizeof err) == NULL && strstr(err, "nope"));
    run_set_free(s);
    json_decref(doc);
    return CHECK_DONE();
}
