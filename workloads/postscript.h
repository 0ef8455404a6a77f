/*
 * workloads/postscript.h: our generator of multi-page PostScript documents,
 * the input of the ghostscript workload.
 *
 * Each page draws random filled and stroked paths (lines, Bezier curves,
 * arcs), clipped and rotated groups, text in the standard fonts at many
 * sizes, and a small sampled image, and builds its shapes with PostScript
 * procedures, arrays, strings and dictionaries, so the interpreter
 * allocates and frees objects of many sizes as it renders. The output is a
 * pure function of (pages, seed).
 * What it must never do: depend on anything but its arguments.
 */
#ifndef NGBENCH_WORKLOADS_POSTSCRIPT_H
#define NGBENCH_WORKLOADS_POSTSCRIPT_H

#include <stdint.h>
#include <stdio.h>

/* Writes the document to out. 0, or -1 on a write error. */
int postscript_write(FILE *out, long pages, uint64_t seed);

#endif
