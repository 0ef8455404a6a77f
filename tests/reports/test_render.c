/* The one table renderer: widths in display columns of UTF-8 (not bytes),
 * alignment per column, strong cells, untitled tables and no trailing blanks. */
#include "reports/render.h"
#include "tests/check.h"
#include "tests/reports/drawn.h"

#include <stdlib.h>

static void widths_count_columns_not_bytes(void)
{
    CHECK(render_width("") == 0);
    CHECK(render_width("abc") == 3);
    CHECK(render_width("± MAD") == 5);             /* ± is two bytes */
    CHECK(render_width("µs") == 2);
    CHECK(render_width("e\xcc\x81") == 1);          /* e + combining acute accent */
    CHECK(render_width("\xe6\x97\xa5\xe6\x9c\xac") == 4);   /* two wide CJK characters */
    CHECK(render_width("a\xff" "b") == 3);          /* not UTF-8: a byte is a column */
}

/* Every line of a titled text table whose last column is right-aligned is
 * as wide as its rule, however many bytes its characters take. */
static void text_columns_line_up_in_display_columns(void)
{
    const char *headers[] = { "allocator", "time ± MAD", "note" };
    struct table *t = table_new("Times", 3, headers);
    size_t r = table_add_row(t);
    table_set_text(t, r, 0, "glibc");
    table_set_text(t, r, 1, "1.00 ± 0.01");
    table_set_text(t, r, 2, "ok");
    r = table_add_row(t);
    table_set_text(t, r, 0, "\xe6\x97\xa5\xe6\x9c\xac");
    table_set_text(t, r, 1, "10.0 ± 0.5");
    table_set_text(t, r, 2, "café");
    char *text = drawn(t, REPORT_TEXT);
    char *save = NULL, *line = strtok_r(text, "\n", &save);
    CHECK_STR(line, "Times");
    /* widest cells: "allocator" 9, "1.00 ± 0.01" 11, "note" or "café" 4, two gaps of 2 */
    size_t rule = 0, lines = 0, want = 9 + 2 + 11 + 2 + 4;
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        if (line[0] == '-')
            rule = strlen(line);
        else
            CHECK(render_width(line) == want);
        lines++;
    }
    CHECK(lines == 4 && rule == want);
    free(text);
    table_free(t);
}

/* The gate's kind of table: untitled, left-aligned, a strong cell, an
 * empty last cell that leaves no blanks behind. */
static void untitled_left_aligned_table_with_a_strong_cell(void)
{
    const char *headers[] = { "verdict", "benchmark", "note" };
    struct table *t = table_new(NULL, 3, headers);
    for (size_t c = 0; c < 3; c++)
        table_set_align(t, c, TABLE_LEFT);
    size_t r = table_add_row(t);
    table_set_text(t, r, 0, "REGRESSED");
    table_set_strong(t, r, 0);
    table_set_text(t, r, 1, "glibc larson");
    r = table_add_row(t);
    table_set_text(t, r, 0, "NEW");
    table_set_text(t, r, 1, "glibc xmalloc ± x");
    table_set_text(t, r, 2, "only in the current results");
    char *text = drawn(t, REPORT_TEXT);
    CHECK_STR(text, "verdict    benchmark          note\n"
                    "REGRESSED  glibc larson\n"
                    "NEW        glibc xmalloc ± x  only in the current results\n");
    free(text);
    text = drawn(t, REPORT_MD);
    CHECK_STR(text, "| verdict | benchmark | note |\n"
                    "| --- | --- | --- |\n"
                    "| **REGRESSED** | glibc larson |  |\n"
                    "| NEW | glibc xmalloc ± x | only in the current results |\n");
    free(text);
    text = drawn(t, REPORT_LATEX);
    CHECK(strstr(text, "\\begin{tabular}{lll}") && strstr(text, "\\textbf{REGRESSED} & glibc larson"));
    free(text);
    table_free(t);
}

int main(void)
{
    widths_count_columns_not_bytes();
    text_columns_line_up_in_display_columns();
    untitled_left_aligned_table_with_a_strong_cell();
    return CHECK_DONE();
}
