/*
 * ci/gate_format.h: a gate report for people (text, Markdown for a pull
 * request comment) or for programs (JSON).
 *
 * What it must never do: decide a verdict or compute a statistic; it prints
 * what gate_compare found.
 */
#ifndef NGBENCH_CI_GATE_FORMAT_H
#define NGBENCH_CI_GATE_FORMAT_H

#include <stdio.h>

#include "ci/gate.h"

enum gate_format { GATE_FORMAT_TEXT, GATE_FORMAT_MD, GATE_FORMAT_JSON };

int gate_format_parse(const char *name, enum gate_format *out);   /* 0 ok, -1 unknown */
void gate_format_print(FILE *out, const struct gate_report *report, enum gate_format format);

#endif
