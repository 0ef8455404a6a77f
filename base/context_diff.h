/*
 * base/context_diff.h: which parts of two results files' machine contexts differ
 * (docs/results-format.md, "context"). The gate warns about them; merge
 * refuses them unless told otherwise.
 *
 * What it must never do: print, or decide what a difference means.
 */
#ifndef NGBENCH_BASE_CONTEXT_DIFF_H
#define NGBENCH_BASE_CONTEXT_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

/* Compares the context keys in `fields` (NULL-terminated) and, when
 * with_allocators, the path and version of every allocator both contexts
 * name. Writes a "; "-separated description of the differences into buf
 * (e.g. `host "a" vs "b"; allocators.jemalloc.version "5.2" vs "5.3"`,
 * truncated to buflen) and returns how many there are. */
size_t context_differences(const json_t *a, const json_t *b, const char *const *fields,
                           bool with_allocators, char *buf, size_t buflen);

#endif
