/* harness/run_options.c: `ngbench run`'s options (see run_options.h). */
#include "harness/run_options.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/options.h"

void run_options_usage(FILE *out)
{
    fputs("usage: ngbench run [OPTIONS]\n"
          "Runs every allocator x workload x thread count, each cell --repeat times after\n"
          "--warmup runs, interleaving allocators (A B A B ...), each run a fresh process with\n"
          "the allocator preloaded. Results go to --out, rewritten atomically after every run.\n\n"
          "  --allocator=A[,B...]   allocators or sets: default (every installed production\n"
          "                         allocator and nextgen; the default), ablations (NextGen's\n"
          "                         other modes), all; NAME:/path/lib.so names any other library\n"
          "  --workload=W[,V...]    workloads or sets: quick, paper, all (default quick)\n"
          "  --threads=N[,M...]     thread counts for multi-threaded workloads (default: each\n"
          "                         workload's own)\n"
          "  --size=tiny|quick|full input size (default quick; the set paper means full)\n"
          "  --repeat=R             measured runs per cell (default 3)\n"
          "  --warmup=K             unrecorded-in-statistics runs before them (default 1)\n"
          "  --timeout=S            seconds before a run's process group is killed (default 600)\n"
          "  --cpus=LIST            CPU affinity of the workloads, e.g. 0-3,6\n"
          "  --out=FILE             results file (default ngbench-results.json); must not exist\n"
          "                         unless --resume\n"
          "  --resume               continue FILE, skipping runs it already has; its size,\n"
          "                         threads, --pmu, --events, --cpus and --shard must match\n"
          "  --extend               with --resume: add runs of another --size, --threads or --pmu\n"
          "                         beside the old ones (reports keep them apart)\n"
          "  --baseline=A           reference allocator of the summary's ratios (default glibc\n"
          "                         when it is in the matrix, else the first allocator)\n"
          "  --pmu=perf|cachegrind  counter backend (default perf)\n"
          "  --events=paper|none|LIST  counters (default: software events only)\n"
          "  --shard=I/N            run only slice I of N of the matrix (see docs/gate.md)\n"
          "  --count-calls          count malloc/free calls in the first warm-up of each cell\n"
          "  --dry-run              print the runs the matrix (or shard) would make, one JSON\n"
          "                         line each, and run and write nothing\n"
          "Exit status: 0 all runs ok, 1 some run failed, 2 bad usage or unreadable input,\n"
          "130 interrupted (Ctrl-C or SIGTERM; --resume continues).\n",
          out);
}

static void free_list(char **items, size_t *n)
{
    while (*n > 0)
        free(items[--*n]);
}

/* "a,b,c" into strdup'ed items, replacing what an earlier same option put
 * there; an empty item ("a,,b", "a,", "") makes the whole list bad, and
 * nothing is kept. */
static int split_list(const char *text, char **out, size_t max, size_t *n)
{
    free_list(out, n);
    for (const char *p = text;; p++) {
        size_t len = strcspn(p, ",");
        if (len == 0 || *n == max) {
            free_list(out, n);
            return -1;
        }
        out[(*n)++] = strndup(p, len);
        p += len;
        if (!*p)
            return 0;
    }
}

static int parse_positive(const char *text, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int parse_int_list(const char *text, int *out, size_t max, size_t *n)
{
    char *items[RUN_MAX_LIST];
    size_t count = 0;
    if (split_list(text, items, max < RUN_MAX_LIST ? max : RUN_MAX_LIST, &count) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < count; i++) {
        long v;
        if (parse_positive(items[i], 1, 4096, &v) != 0)
            rc = -1;
        else
            out[i] = (int)v;
        free(items[i]);
    }
    *n = count;
    return rc;
}

int parse_cpu_list(const char *text, cpu_set_t *set)
{
    CPU_ZERO(set);
    char *items[RUN_MAX_LIST];
    size_t count = 0;
    if (split_list(text, items, RUN_MAX_LIST, &count) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < count; i++) {
        long lo, hi;
        char *dash = strchr(items[i], '-');
        if (dash)
            *dash = '\0';
        if (parse_positive(items[i], 0, CPU_SETSIZE - 1, &lo) != 0 ||
            parse_positive(dash ? dash + 1 : items[i], lo, CPU_SETSIZE - 1, &hi) != 0)
            rc = -1;
        else
            for (long c = lo; c <= hi; c++)
                CPU_SET(c, set);
        free(items[i]);
    }
    return rc;
}

int parse_shard(const char *text, int *index, int *count)
{
    long i, n;
    char *copy = strdup(text);
    char *slash = strchr(copy, '/');
    int rc = -1;
    if (slash) {
        *slash = '\0';
        if (parse_positive(slash + 1, 1, 100000, &n) == 0 && parse_positive(copy, 1, n, &i) == 0) {
            *index = (int)i;
            *count = (int)n;
            rc = 0;
        }
    }
    free(copy);
    return rc;
}

/* ---- Each option's value ---- */

/* A repeated option replaces the earlier list (split_list). */
static int take_allocators(const char *v, void *out)
{
    struct run_options *o = out;
    return split_list(v, o->allocators, RUN_MAX_LIST, &o->n_allocators);
}

static int take_workloads(const char *v, void *out)
{
    struct run_options *o = out;
    return split_list(v, o->workloads, RUN_MAX_LIST, &o->n_workloads);
}

static int take_threads(const char *v, void *out)
{
    struct run_options *o = out;
    return parse_int_list(v, o->threads, RUN_MAX_LIST, &o->n_threads);
}

static int take_size(const char *v, void *out)
{
    struct run_options *o = out;
    if (wl_size_parse(v, &o->size) != 0)
        return -1;
    o->size_given = true;
    return 0;
}

static int take_cpus(const char *v, void *out)
{
    struct run_options *o = out;
    snprintf(o->cpus_text, sizeof o->cpus_text, "%s", v);
    o->has_cpus = true;
    return parse_cpu_list(v, &o->cpus);
}

static int take_pmu(const char *v, void *out)
{
    return pmu_backend_parse(v, &((struct run_options *)out)->pmu);
}

static int take_shard(const char *v, void *out)
{
    struct run_options *o = out;
    return parse_shard(v, &o->shard_index, &o->shard_count);
}

/* --env=KEY=VALUE, repeatable. */
static int take_env(const char *v, void *out)
{
    struct run_options *o = out;
    if (o->n_env == RUN_MAX_LIST || !strchr(v, '=') || v[0] == '=')
        return -1;
    o->env[o->n_env++] = (char *)v;
    return 0;
}

int run_options_parse(int argc, char **argv, struct run_options *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->size = WL_SIZE_QUICK;
    o->timeout_s = 600;
    o->out = "ngbench-results.json";
    o->pmu = PMU_BACKEND_PERF;
    o->shard_index = o->shard_count = 1;
    /* After "--": the command to run as the workload. */
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--") == 0) {
            o->command = argv + i + 1;
            argc = i;
            break;
        }
    long repeat = 3, warmup = 1;
    const struct option_spec specs[] = {
        { .name = "allocator", .kind = OPTION_CUSTOM, .out = o, .parse = take_allocators,
          .want = "names separated by commas" },
        { .name = "workload", .kind = OPTION_CUSTOM, .out = o, .parse = take_workloads,
          .want = "names separated by commas" },
        { .name = "threads", .kind = OPTION_CUSTOM, .out = o, .parse = take_threads,
          .want = "positive integers, e.g. 1,2,4" },
        { .name = "size", .kind = OPTION_CUSTOM, .out = o, .parse = take_size, .want = "tiny, quick or full" },
        { .name = "repeat", .kind = OPTION_INTEGER, .out = &repeat, .min = 1, .max = 100000 },
        { .name = "warmup", .kind = OPTION_INTEGER, .out = &warmup, .min = 0, .max = 100000 },
        { .name = "timeout", .kind = OPTION_POSITIVE, .out = &o->timeout_s },
        { .name = "cpus", .kind = OPTION_CUSTOM, .out = o, .parse = take_cpus, .want = "CPUs, e.g. 0-3,6" },
        { .name = "out", .kind = OPTION_STRING, .out = &o->out },
        { .name = "resume", .kind = OPTION_FLAG, .out = &o->resume },
        { .name = "baseline", .kind = OPTION_STRING, .out = &o->baseline },
        { .name = "pmu", .kind = OPTION_CUSTOM, .out = o, .parse = take_pmu, .want = "perf or cachegrind" },
        { .name = "events", .kind = OPTION_STRING, .out = &o->events },
        { .name = "shard", .kind = OPTION_CUSTOM, .out = o, .parse = take_shard, .want = "I/N with 1 <= I <= N" },
        { .name = "count-calls", .kind = OPTION_FLAG, .out = &o->count_calls },
        { .name = "dry-run", .kind = OPTION_FLAG, .out = &o->dry_run },
        { .name = "name", .kind = OPTION_STRING, .out = &o->name },
        { .name = "stdin", .kind = OPTION_STRING, .out = &o->stdin_path },
        { .name = "cwd", .kind = OPTION_STRING, .out = &o->cwd },
        { .name = "expect-output", .kind = OPTION_STRING, .out = &o->expect_output },
        { .name = "env", .kind = OPTION_CUSTOM, .out = o, .parse = take_env, .want = "KEY=VALUE, at most 64" },
        { .name = "same-output", .kind = OPTION_FLAG, .out = &o->same_output },
        { .name = "workload-file", .kind = OPTION_STRING, .out = &o->workload_file },
        { .name = "extend", .kind = OPTION_FLAG, .out = &o->extend },
    };
    enum options_result rc = options_parse(argc, argv, specs, sizeof specs / sizeof specs[0], NULL, 0, NULL,
                                           err, errlen);
    o->repeat = (int)repeat;
    o->warmup = (int)warmup;
    if (rc == OPTIONS_ERROR)
        return -1;
    o->help = rc == OPTIONS_HELP;
    if (!o->help && o->extend && !o->resume) {
        snprintf(err, errlen, "--extend adds runs to a file: it needs --resume");
        return -1;
    }
    if (o->n_allocators == 0)
        split_list("default", o->allocators, RUN_MAX_LIST, &o->n_allocators);
    if (o->command && !o->command[0]) {
        snprintf(err, errlen, "no command after '--' (want -- PROGRAM [ARGS...])");
        return -1;
    }
    if (!o->command && (o->name || o->stdin_path || o->cwd || o->expect_output || o->n_env)) {
        snprintf(err, errlen, "--name, --stdin, --cwd, --env and --expect-output are about a command: "
                              "give it after '--'");
        return -1;
    }
    if (o->same_output && !o->command && !o->workload_file) {
        snprintf(err, errlen, "--same-output is about a command (give it after '--') or a --workload-file");
        return -1;
    }
    if (o->n_workloads == 0 && !o->command && !o->workload_file)
        split_list("quick", o->workloads, RUN_MAX_LIST, &o->n_workloads);
    /* A set names the size it is meant for (paper: the paper's sizes). */
    if (!o->size_given && o->n_workloads > 0)
        workload_set_size(o->workloads[0], &o->size);
    return 0;
}

/* {0,1,2,5} -> "0-2,5" */
static void cpu_list_text(const cpu_set_t *set, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int lo = 0; lo < CPU_SETSIZE && used < len; lo++) {
        if (!CPU_ISSET(lo, set))
            continue;
        int hi = lo;
        while (hi + 1 < CPU_SETSIZE && CPU_ISSET(hi + 1, set))
            hi++;
        int n = hi > lo ? snprintf(buf + used, len - used, "%s%d-%d", used ? "," : "", lo, hi)
                        : snprintf(buf + used, len - used, "%s%d", used ? "," : "", lo);
        used += n > 0 ? (size_t)n : 0;
        lo = hi;
    }
}

int run_options_check_cpus(const struct run_options *o, char *err, size_t errlen)
{
    cpu_set_t allowed;
    if (!o->has_cpus || sched_getaffinity(0, sizeof allowed, &allowed) != 0)
        return 0;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
        if (CPU_ISSET(cpu, &o->cpus) && !CPU_ISSET(cpu, &allowed)) {
            char may[128];
            cpu_list_text(&allowed, may, sizeof may);
            snprintf(err, errlen, "--cpus=%s: CPU %d is not one this process may run on (%s)", o->cpus_text,
                     cpu, may);
            return -1;
        }
    return 0;
}

void run_options_free(struct run_options *o)
{
    free_list(o->allocators, &o->n_allocators);
    free_list(o->workloads, &o->n_workloads);
}
