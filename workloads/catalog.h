/*
 * workloads/catalog.h: the table of workloads ngbench knows.
 *
 * A workload is one executable run in a fresh process under the allocator
 * being measured: either one of our own programs (built in workloads/) that
 * checks itself and prints a final "ngbench-result: key=value ..." line, or a
 * real program from a Debian package whose output is verified afterwards.
 *
 * What this module does: names each workload, says whether it can run here,
 * prepares its inputs (outside any measured process, cached under data_dir),
 * builds the argv of the measured process, and verifies real programs' output.
 * What it must never do: run the measured process itself, load an allocator,
 * or touch results files (that is the harness's job).
 */
#ifndef NGBENCH_WORKLOADS_CATALOG_H
#define NGBENCH_WORKLOADS_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

enum wl_size { WL_SIZE_TINY, WL_SIZE_QUICK, WL_SIZE_FULL };

/* Parameters of one cell of the matrix, as the harness knows them. */
struct wl_params {
    enum wl_size size;
    int threads;            /* >= 1; ignored by single-threaded workloads */
    const char *bin_dir;    /* folder holding our workload executables */
    const char *data_dir;   /* folder for prepared inputs (created if missing) */
    const char *run_dir;    /* a private empty folder for this run only, which the harness
                               removes with everything in it after the run, also after a
                               timeout or Ctrl-C (servers' sockets, databases, scratch) */
};

#define WL_MAX_ARGS 256
#define WL_MAX_ENV 64

/* The measured process, as the workload wants it run. Strings are owned
 * (free with wl_command_free). */
struct wl_command {
    char *argv[WL_MAX_ARGS + 1];   /* NULL-terminated; argv[0] an absolute path (run with execv) */
    char *stdin_path;              /* NULL: /dev/null */
    char *stdout_path;             /* NULL: the harness captures stdout; else stdout goes to this
                                      file and verify() checks it; either way the harness reads
                                      the last "ngbench-result:" line of stdout */
    char *env[WL_MAX_ENV + 1];     /* "KEY=VALUE" set for this process, NULL-terminated */
    char *cwd;                     /* NULL: ngbench's own working folder */
    json_t *params;                /* the parameters recorded in results ("size", and
                                      whatever the workload's command line depends on) */
};

/* One value the measured command line depends on, at each size: one of our
 * programs' --NAME=VALUE options, or a real program's scale. Every one is
 * recorded in the run's params. */
struct wl_sized {
    const char *name;
    long at[3];                    /* at tiny, quick, full */
};

#define WL_MAX_SIZED 8

/* One entry of the catalogue (catalog.c), written with designated
 * initialisers; fields left out are zero/NULL. */
struct workload {
    const char *name;              /* our programs: also the executable's name under bin_dir */
    const char *summary;           /* one line: what it models and stresses */
    bool threaded;                 /* takes --threads */
    int default_threads;
    struct wl_sized sizes[WL_MAX_SIZED];   /* ends at the first without a name */
    const char *package;           /* Debian package of the real program; NULL for ours */
    const char *program;           /* absolute path of the real program; NULL for ours */
    const char *script;            /* real programs run on a script of ours in bin_dir (lua, ruby) */
    uint64_t expected[3];          /* real programs: what verify() wants at each size (the
                                      output's FNV-1a for wl_verify_checksum) */
    bool same_output;              /* every run's stdout must match the first allocator's (runs
                                      record stdout_sha256; see harness/same_output.h) */
    /* Optional: make inputs under p->data_dir; idempotent and cached. */
    int (*prepare)(const struct workload *w, const struct wl_params *p, char *err, size_t errlen);
    /* Required: fill cmd. Returns 0, or -1 with err set. */
    int (*command)(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                   char *err, size_t errlen);
    /* Optional: after a run that exited 0 (before p->run_dir is removed), check its output and
     * add what the output reports to the run's record: figures to run.metrics, the output's
     * digest to run.stdout_sha256. 0 ok, -1 wrong output (err says why: the run failed). */
    int (*verify)(const struct workload *w, const struct wl_params *p, const struct wl_command *cmd,
                  json_t *run, char *err, size_t errlen);
};

size_t workload_count(void);
const struct workload *workload_at(size_t i);
const struct workload *workload_find(const char *name);

/* Named sets ("quick", "paper", "real", "all"): fills *names with a static list; returns
 * the count, or -1 when name is not a set. */
int workload_set(const char *name, const char *const **names);

/* The i-th set's name, NULL past the last: how `ngbench list` shows every set. */
const char *workload_set_name(size_t i);

/* The size a named set is meant to run at when none is asked for: quick
 * for "quick", full for "paper" (the sizes the paper's tables use).
 * 0, or -1 when the set implies no size ("all", or not a set). */
int workload_set_size(const char *name, enum wl_size *size);

/* Can it run on this machine? False with why filled ("Xalan not installed:
 * apt-get install xalan") when a real program is missing. */
bool workload_available(const struct workload *w, char *why, size_t whylen);

const char *wl_size_name(enum wl_size s);
int wl_size_parse(const char *s, enum wl_size *out);   /* 0 ok, -1 unknown */

void wl_command_free(struct wl_command *cmd);

/* The parameters a run of w at `size` records (what command() puts in
 * params), for listing them: a new reference, or NULL on failure. */
json_t *workload_params(const struct workload *w, enum wl_size size);

#endif
