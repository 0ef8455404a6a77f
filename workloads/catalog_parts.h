/*
 * workloads/catalog_parts.h: what the catalogue's own files share (not part
 * of the harness's contract, which is catalog.h).
 * catalog.c holds the table of every workload and the named sets;
 * command.c builds command lines (our programs' in full) and recorded
 * params; catalog_real.c has the real programs' prepare and command
 * (xalan, lua, sqlite); checksum.c verifies real programs' output.
 */
#ifndef NGBENCH_WORKLOADS_CATALOG_PARTS_H
#define NGBENCH_WORKLOADS_CATALOG_PARTS_H

#include "workloads/catalog.h"

#include <stdint.h>

/* The default seed every workload runs with. */
#define WL_SEED 42

/* The command of our own programs: bin_dir/NAME [--threads=T], then
 * --NAME=VALUE for each of w->sizes at p->size, then --seed=42. */
int wl_synthetic_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                         char *err, size_t errlen);

/* The params a run of w at `size` records: size, seed and each of w->sizes.
 * A new object, or NULL when memory runs out. */
json_t *wl_sized_params(const struct workload *w, enum wl_size size);

/* The value of w->sizes entry `name` at `size`; -1 when w has none. */
long wl_sized_value(const struct workload *w, const char *name, enum wl_size size);

/* Appends a printf-formatted argument to cmd->argv. 0, or -1 when full or
 * out of memory. */
int wl_push_arg(struct wl_command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* mkdir -p. 0, or -1 with err set. */
int wl_make_dir(const char *path, char *err, size_t errlen);

/* Real programs: the output file's checksum against w->checksums at
 * p->size; removes the file when it matches, keeps it when not. */
int wl_verify_checksum(const struct workload *w, const struct wl_params *p, const struct wl_command *cmd,
                       char *err, size_t errlen);

/* The real programs' halves (catalog_real.c). */
int xalan_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen);
int xalan_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                  char *err, size_t errlen);
int lua_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen);
int lua_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                char *err, size_t errlen);
int sqlite_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen);
int sqlite_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                   char *err, size_t errlen);

#endif
