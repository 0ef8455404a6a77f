/*
 * workloads/smtlib.h: our generator of SMT-LIB 2 problems, the input of the
 * z3 workload, with the answer each one must get.
 *
 * Every problem is in QF_ABV (bit-vectors and arrays): 32-bit variables
 * and one array `mem`, constrained by random expressions of bvadd, bvmul,
 * bvxor, bvand, bvor, shifts and reads of `mem`. The generator plants a
 * solution (a value for every variable and a function for `mem`) and
 * asserts what the expressions evaluate to under it, so each problem is
 * satisfiable by construction; every second problem also asserts the
 * negation of an identity that holds for all values (a + b = (a ^ b) +
 * 2 (a & b), a read of `mem` after writing it, the evenness of 2x), which
 * makes it unsatisfiable. Problems are separated by (reset), so z3 solves
 * each from scratch; problem i depends only on (seed, i), so a smaller
 * count is a prefix of a larger one.
 * What it must never do: depend on anything but its arguments.
 */
#ifndef NGBENCH_WORKLOADS_SMTLIB_H
#define NGBENCH_WORKLOADS_SMTLIB_H

#include <stdint.h>
#include <stdio.h>

/* Writes `count` problems to problems and their answers ("sat" or
 * "unsat", one a line, as z3 prints them) to answers. 0, or -1 on a
 * write error. */
int smtlib_write(FILE *problems, FILE *answers, long count, uint64_t seed);

#endif
