/*
 * tests/check.h: the few assertions the C unit tests share. A failed check
 * prints where and what, and the test exits non-zero at the end
 * (CHECK_DONE), so one run shows every failure.
 */
#ifndef NGBENCH_TESTS_CHECK_H
#define NGBENCH_TESTS_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond) \
    do { if (!(cond)) { check_failures++; \
        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)

#define CHECK_NEAR(got, want, tol) \
    do { double g_ = (got), w_ = (want); \
        if (!(fabs(g_ - w_) <= (tol))) { check_failures++; \
            fprintf(stderr, "%s:%d: %s = %.17g, want %.17g (tolerance %g)\n", \
                    __FILE__, __LINE__, #got, g_, w_, (double)(tol)); } } while (0)

#define CHECK_STR(got, want) \
    do { const char *g_ = (got), *w_ = (want); \
        if (!g_ || strcmp(g_, w_) != 0) { check_failures++; \
            fprintf(stderr, "%s:%d: %s = \"%s\", want \"%s\"\n", \
                    __FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_); } } while (0)

#define CHECK_DONE() (check_failures ? (fprintf(stderr, "%d check(s) failed\n", check_failures), 1) : 0)

#endif
