/*
 * workloads/catalog_parts.h: what the catalogue's own files share (not part
 * of the harness's contract, which is catalog.h).
 * catalog.c holds the table of every workload and the named sets;
 * command.c builds command lines (our programs' in full) and recorded
 * params; catalog_real.c has what the real programs share and xalan's,
 * sqlite's and the script runners' (lua, ruby) halves; real_NAME.c the
 * others'; checksum.c verifies outputs by checksum.
 */
#ifndef NGBENCH_WORKLOADS_CATALOG_PARTS_H
#define NGBENCH_WORKLOADS_CATALOG_PARTS_H

#include "workloads/catalog.h"

#include <stdint.h>
#include <stdio.h>

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

/* Appends "KEY=VALUE" to cmd->env. 0, or -1 when full or out of memory. */
int wl_push_env(struct wl_command *cmd, const char *setting);

/* mkdir -p. 0, or -1 with err set. */
int wl_make_dir(const char *path, char *err, size_t errlen);

/* ---- Real programs (catalog_real.c) ---- */

/* Bump when a generator's output changes, so cached inputs made by an
 * older build are never reused. */
#define WL_INPUT_VERSION 1

/* Writes a cached input once: emit(out, n) into a temporary file renamed
 * into place, so an interrupted prepare never leaves a truncated input. */
int wl_write_cached(const char *path, int (*emit)(FILE *out, long n), long n, char *err, size_t errlen);

/* cmd->stdout_path = data_dir/NAME-SIZE.PID.out (the harness's PID, so
 * harnesses sharing data_dir never read each other's output). 0 or -1. */
int wl_set_output(const struct workload *w, const struct wl_params *p, struct wl_command *cmd);

/* Fills err with "NAME: cannot build the command line (out of memory)"; -1. */
int wl_out_of_memory(const struct workload *w, char *err, size_t errlen);

/* The output file's checksum against w->expected at p->size; removes the
 * file when it matches, keeps it when not (checksum.c). */
int wl_verify_checksum(const struct workload *w, const struct wl_params *p, const struct wl_command *cmd,
                       json_t *run, char *err, size_t errlen);

/* Each real program's halves, in a file of its own or in catalog_real.c. */
int xalan_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen);
int xalan_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                  char *err, size_t errlen);
/* lua and ruby: PROGRAM bin_dir/SCRIPT ROUNDS 42. */
int script_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen);
int script_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                   char *err, size_t errlen);
int sqlite_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen);
int sqlite_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                   char *err, size_t errlen);
int ghostscript_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen);
int ghostscript_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                        char *err, size_t errlen);
int z3_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen);
int z3_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
               char *err, size_t errlen);
int z3_verify(const struct workload *w, const struct wl_params *p, const struct wl_command *cmd,
              json_t *run, char *err, size_t errlen);
int rocksdb_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                    char *err, size_t errlen);
int rocksdb_verify(const struct workload *w, const struct wl_params *p, const struct wl_command *cmd,
                   json_t *run, char *err, size_t errlen);
int redis_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen);
int redis_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                  char *err, size_t errlen);

#endif
