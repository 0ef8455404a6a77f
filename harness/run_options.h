/*
 * harness/run_options.h: `ngbench run`'s command line, parsed and checked
 * before anything runs or is written. Pure parsing: no file is touched here
 * (the CPU check asks the kernel which CPUs this process may use).
 */
#ifndef NGBENCH_HARNESS_RUN_OPTIONS_H
#define NGBENCH_HARNESS_RUN_OPTIONS_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "pmu/pmu.h"
#include "workloads/catalog.h"

#define RUN_MAX_LIST 64

struct run_options {
    char *allocators[RUN_MAX_LIST];   /* names, NAME:/path specs, or "all" */
    size_t n_allocators;
    char *workloads[RUN_MAX_LIST];    /* names or set names; none: those of the command and the
                                         workload file, else the set quick */
    size_t n_workloads;
    int threads[RUN_MAX_LIST];        /* empty: each workload's default */
    size_t n_threads;
    enum wl_size size;
    bool size_given;
    int repeat, warmup;
    double timeout_s;
    bool has_cpus;
    cpu_set_t cpus;
    char cpus_text[128];
    const char *out;
    bool resume;
    bool extend;                      /* --resume may add runs of another size, threads or --pmu */
    const char *baseline;             /* NULL: glibc if in the matrix, else the first */
    enum pmu_backend pmu;
    const char *events;
    int shard_index, shard_count;     /* 1-based; 1/1 is the whole matrix */
    bool count_calls;
    bool dry_run;                     /* print the runs, run and write nothing */
    bool help;
    /* Users' workloads (workloads/user.h): a command given after "--" and
     * its options, and a workload file. */
    char **command;                   /* PROGRAM [ARGS...] after "--", NULL-terminated; NULL: none */
    const char *name;                 /* --name */
    const char *stdin_path, *cwd;     /* --stdin, --cwd */
    const char *expect_output;        /* --expect-output */
    char *env[RUN_MAX_LIST];          /* --env, once per setting */
    size_t n_env;
    bool same_output;
    const char *workload_file;        /* --workload-file */
};

/* 0 ok (o->help set when --help was asked), -1 with a one-line err. */
int run_options_parse(int argc, char **argv, struct run_options *o, char *err, size_t errlen);
/* Every --cpus CPU is one this process may run on: 0, or -1 with err. */
int run_options_check_cpus(const struct run_options *o, char *err, size_t errlen);
void run_options_free(struct run_options *o);
void run_options_usage(FILE *out);

/* Building blocks, exposed for tests. */
int parse_int_list(const char *text, int *out, size_t max, size_t *n);     /* "1,2,4": 0 or -1 */
int parse_cpu_list(const char *text, cpu_set_t *set);                       /* "0-3,6": 0 or -1 */
int parse_shard(const char *text, int *index, int *count);                  /* "2/4": 0 or -1 */

#endif
