/*
 * workloads/user.h: workloads that users define, run like the built-in
 * ones: the command given to `ngbench run [OPTIONS] -- PROGRAM [ARGS...]`,
 * and the entries of a workload file (--workload-file, docs/workloads.md).
 *
 * Each is a struct workload whose command() runs the program as given
 * (found in PATH like a shell would, or a path relative to the folder it
 * runs in), with its standard input, its environment settings and its
 * working folder, and sends its stdout to a file in the run's private
 * folder; its verify() reads the figures the workload's patterns name
 * into run.metrics, records the SHA-256 of the output without its figure
 * lines (ngbench-result lines and lines a pattern reads a number from,
 * which change from run to run) as run.stdout_sha256, and checks it
 * against the expected digest at that size. Its params
 * record the command exactly: argv as given (not joined), stdin, env and
 * cwd as given.
 *
 * Everything is checked when it is defined, before anything runs: a
 * program that is missing or not executable, an unreadable file, a bad
 * name or pattern is an error naming it (for a workload file: the file,
 * the line and the field).
 * What it must never do: run the program (the harness does), or keep
 * anything from one run to the next.
 */
#ifndef NGBENCH_WORKLOADS_USER_H
#define NGBENCH_WORKLOADS_USER_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "workloads/catalog.h"
#include "workloads/sha256.h"

#define USER_NAME_MAX 64       /* names are letters, digits and . _ + - */
#define USER_MAX_METRICS 16

/* A figure read from the output: the first group of the last line the
 * pattern (POSIX extended) matches, as a number. */
struct user_metric {
    char name[USER_NAME_MAX + 1];
    char *pattern;
    regex_t compiled;
};

struct user_workload {
    struct workload base;                     /* first: what the harness runs */
    char name[USER_NAME_MAX + 1];
    char *summary;
    char **argv;                              /* the command as given, NULL-terminated */
    char *program;                            /* argv[0] found: the file executed */
    char **size_args[3];                      /* appended at tiny, quick, full (NULL: none) */
    char *stdin_given, *cwd_given;            /* as given, for params (NULL: none) */
    char *stdin_path, *cwd;                   /* absolute, as used (NULL: /dev/null, ngbench's) */
    char **env;                               /* "KEY=VALUE", NULL-terminated */
    char expected[3][SHA256_HEX_LEN + 1];     /* the right stdout's digest at each size ("": any) */
    struct user_metric metrics[USER_MAX_METRICS];
    size_t n_metrics;
};

struct user_set {
    struct user_workload **items;
    size_t n;
};

/* `ngbench run`'s options for a command workload. */
struct user_command {
    char *const *argv;            /* PROGRAM [ARGS...], NULL-terminated */
    const char *name;             /* NULL: the program's base name */
    const char *stdin_path;       /* NULL: /dev/null */
    const char *cwd;              /* NULL: ngbench's working folder */
    const char *expect_output;    /* "sha256:HEX", a file holding the right output, or NULL */
    char *const *env;             /* "KEY=VALUE" settings */
    size_t n_env;
    bool same_output;
};

/* Defines the command as a workload of set. 0, or -1 with a one-line err
 * naming the problem ("python4: not found in PATH"). */
int user_add_command(struct user_set *set, const struct user_command *c, char *err, size_t errlen);

/* Defines every workload of a workload file. 0, or -1 with err
 * "FILE:LINE: FIELD: problem". */
int user_load_file(struct user_set *set, const char *path, char *err, size_t errlen);

/* The workload named so, or NULL. */
const struct workload *user_find(const struct user_set *set, const char *name);

void user_set_free(struct user_set *set);

/* ---- For user.c and workload_file.c ---- */

/* A new, empty workload added to set (NULL when out of memory). */
struct user_workload *user_new(struct user_set *set);

/* Checks and fills the parts every definition shares, in this order:
 * name (valid, not a built-in's or a set's, not defined twice), cwd
 * (relative to base_dir), stdin (relative to base_dir), program (argv[0]
 * in PATH, or a path relative to the cwd). u's given fields are set; the
 * resolved ones are filled. 0, or -1 with err naming what was wrong
 * (*field says which: "name", "cwd", "stdin", "command"). */
int user_resolve(struct user_set *set, struct user_workload *u, const char *base_dir, const char **field,
                 char *err, size_t errlen);

/* "sha256:HEX", or a file (relative to base_dir) holding the right
 * output, into the digest u's runs are compared with (the file's figure
 * lines left out, as the runs' are: define u's metrics first). 0 or -1. */
int user_expected_digest(const struct user_workload *u, const char *value, const char *base_dir,
                         char out[SHA256_HEX_LEN + 1], char *err, size_t errlen);

/* Adds a metric. 0, or -1 with err (bad name or pattern, too many). */
int user_add_metric(struct user_workload *u, const char *name, const char *pattern, char *err, size_t errlen);

/* "KEY=VALUE": a key that is not empty, not LD_PRELOAD. 0 or -1 with err. */
int user_check_env(const char *setting, char *err, size_t errlen);

#endif
