/*
 * tests/reports/drawn.h: a table as render_table prints it, as a string, for
 * the tests that check the renderer's output (caller frees).
 */
#ifndef NGBENCH_TESTS_REPORTS_DRAWN_H
#define NGBENCH_TESTS_REPORTS_DRAWN_H

#include <stdio.h>

#include "reports/render.h"

static inline char *drawn(const struct table *t, enum report_format format)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    render_table(f, t, format);
    fclose(f);
    return text;
}

#endif
