/*
 * workloads/json_where.h: the line of a value in a JSON text, for error
 * messages that name the line of a bad field (jansson keeps no positions).
 *
 * What it must never do: judge the text; it is given text that jansson
 * has already parsed.
 */
#ifndef NGBENCH_WORKLOADS_JSON_WHERE_H
#define NGBENCH_WORKLOADS_JSON_WHERE_H

#include <stddef.h>

/* The 1-based line where the value at `path` starts: path[0] is a member
 * of the top-level object, path[1] a member of that, and so on (an array's
 * element is named by its decimal index). When part of the path is not
 * there, the line of the deepest part that is (the top-level value's at
 * worst). Keys written with escapes are not matched. */
int json_line_of(const char *text, const char *const *path, size_t depth);

#endif
