/*
 * workloads/catalog_parts.h: what the catalog's own files share (not part
 * of the harness's contract, which is catalog.h).
 * catalog.c holds the table, the named sets and our synthetic workloads;
 * catalog_real.c the real programs (xalan, lua, sqlite); checksum.c the
 * output checksum real programs are verified with.
 */
#ifndef NGBENCH_WORKLOADS_CATALOG_PARTS_H
#define NGBENCH_WORKLOADS_CATALOG_PARTS_H

#include "workloads/catalog.h"

#include <stdint.h>

/* The default seed every workload runs with. */
#define WL_SEED 42

extern const struct workload wl_xalan, wl_lua, wl_sqlite;

/* Appends a printf-formatted argument to cmd->argv. 0, or -1 when full or
 * out of memory. */
int wl_push_arg(struct wl_command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* mkdir -p. 0, or -1 with err set. */
int wl_make_dir(const char *path, char *err, size_t errlen);

/* 64-bit FNV-1a of a file's bytes. 0, or -1 with err set (unreadable). */
int wl_checksum_file(const char *path, uint64_t *sum, char *err, size_t errlen);

#endif
