/* workloads/catalog.c: the table of workloads, the named sets, and our synthetic workloads. */
#include "workloads/catalog_parts.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Sizes ---- */

static const char *const size_names[] = { "tiny", "quick", "full" };

const char *wl_size_name(enum wl_size s) { return size_names[s]; }

int wl_size_parse(const char *s, enum wl_size *out)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s, size_names[i]) == 0) {
            *out = (enum wl_size)i;
            return 0;
        }
    return -1;
}

/* ---- Helpers shared with catalog_real.c ---- */

int wl_push_arg(struct wl_command *cmd, const char *fmt, ...)
{
    size_t n = 0;
    while (cmd->argv[n])
        n++;
    if (n >= WL_MAX_ARGS)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    int rc = vasprintf(&cmd->argv[n], fmt, ap);
    va_end(ap);
    if (rc < 0) {
        cmd->argv[n] = NULL;
        return -1;
    }
    return 0;
}

int wl_make_dir(const char *path, char *err, size_t errlen)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        snprintf(err, errlen, "data folder path too long");
        return -1;
    }
    for (char *p = buf + 1;; p++) {
        char c = *p;
        if (c != '/' && c != '\0')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            snprintf(err, errlen, "cannot create %s: %s", buf, strerror(errno));
            return -1;
        }
        *p = c;
        if (c == '\0')
            return 0;
    }
}

void wl_command_free(struct wl_command *cmd)
{
    for (size_t i = 0; cmd->argv[i]; i++)
        free(cmd->argv[i]);
    free(cmd->stdin_path);
    free(cmd->stdout_path);
    json_decref(cmd->params);
    memset(cmd, 0, sizeof *cmd);
}

json_t *workload_params(const struct workload *w, enum wl_size size)
{
    struct wl_params p = { size, w->default_threads, "BIN_DIR", "DATA_DIR" };
    struct wl_command cmd = { 0 };
    char err[256];
    if (w->command(&p, &cmd, err, sizeof err) != 0) {
        wl_command_free(&cmd);
        return NULL;
    }
    json_t *params = json_incref(cmd.params);
    wl_command_free(&cmd);
    return params;
}

/* ---- Synthetic workloads: one executable each, parameters per size ---- */

/* One of a program's --name=value options, with its value at each size. */
struct synth_param { const char *name; long at[3]; };

struct synth {
    const char *exe;                        /* file name under bin_dir */
    bool threaded;
    const struct synth_param *params;       /* ends at name == NULL */
};

/* argv: bin_dir/exe [--threads=T] --name=value ... --seed=42; params
 * records size, seed and every --name=value (threads is the harness's). */
static int synth_command(const struct synth *s, const struct wl_params *p, struct wl_command *cmd,
                         char *err, size_t errlen)
{
    json_t *params = json_pack("{s:s,s:i}", "size", wl_size_name(p->size), "seed", WL_SEED);
    int rc = params ? wl_push_arg(cmd, "%s/%s", p->bin_dir, s->exe) : -1;
    if (rc == 0 && s->threaded)
        rc = wl_push_arg(cmd, "--threads=%d", p->threads);
    for (const struct synth_param *q = s->params; rc == 0 && q->name; q++) {
        rc = wl_push_arg(cmd, "--%s=%ld", q->name, q->at[p->size]);
        if (rc == 0)
            rc = json_object_set_new(params, q->name, json_integer(q->at[p->size]));
    }
    if (rc == 0)
        rc = wl_push_arg(cmd, "--seed=%d", WL_SEED);
    if (rc != 0) {
        json_decref(params);
        snprintf(err, errlen, "cannot build the command line of %s", s->exe);
        return -1;
    }
    cmd->params = params;
    return 0;
}

/* The harness's command() has no workload argument: each synthetic
 * workload gets a one-line wrapper that passes its spec. */
#define SYNTH_COMMAND(fn, spec) \
    static int fn(const struct wl_params *p, struct wl_command *cmd, char *err, size_t errlen) \
    { return synth_command(&(spec), p, cmd, err, errlen); }

/* Sizes (values for tiny, quick, full): tiny runs well under a second
 * (tests), quick about one second on this project's 2-core machine with
 * glibc, full about as long as the original's default run (seconds). */
static const struct synth_param xmalloc_params[] = {
    { "batches", { 2000, 100000, 600000 } }, { "batch", { 100, 100, 100 } }, { NULL, { 0 } } };
static const struct synth_param cache_params[] = {      /* cache-scratch and cache-thrash */
    { "iterations", { 20, 120, 1000 } }, { "repetitions", { 100000, 1000000, 1000000 } },
    { "object-size", { 8, 8, 8 } }, { NULL, { 0 } } };
static const struct synth_param larson_params[] = {
    { "generations", { 2, 100, 800 } }, { "rounds", { 10, 10, 10 } }, { "blocks", { 5000, 5000, 5000 } },
    { "max-size", { 1000, 1000, 1000 } }, { NULL, { 0 } } };
static const struct synth_param mstress_params[] = {
    { "rounds", { 4, 40, 100 } }, { "scale", { 50, 500, 1000 } }, { NULL, { 0 } } };
static const struct synth_param rptest_params[] = {
    { "loops", { 100, 1500, 20000 } }, { "ops", { 500, 500, 500 } }, { "cross-rate", { 4, 4, 4 } },
    { "max-size", { 16000, 16000, 16000 } }, { NULL, { 0 } } };
static const struct synth_param glibc_simple_params[] = {
    { "iterations", { 20, 400, 2000 } }, { "batch", { 1000, 1000, 1000 } }, { NULL, { 0 } } };
static const struct synth_param glibc_thread_params[] = {
    { "iterations", { 200000, 8000000, 50000000 } }, { "slots", { 4000, 4000, 4000 } }, { NULL, { 0 } } };
static const struct synth_param alloc_test_params[] = {
    { "iterations", { 200000, 6000000, 30000000 } }, { "slots", { 65536, 65536, 65536 } }, { NULL, { 0 } } };
static const struct synth_param smartheap_params[] = {  /* sh6bench and sh8bench */
    { "iterations", { 200, 4000, 40000 } }, { "run", { 100, 100, 100 } }, { "window", { 1000, 1000, 1000 } },
    { "max-size", { 1000, 1000, 1000 } }, { NULL, { 0 } } };
static const struct synth_param malloc_large_params[] = {
    { "iterations", { 200, 25000, 50000 } }, { "live", { 20, 20, 20 } }, { NULL, { 0 } } };

static const struct synth xmalloc_spec = { "xmalloc", true, xmalloc_params };
static const struct synth cache_scratch_spec = { "cache-scratch", true, cache_params };
static const struct synth cache_thrash_spec = { "cache-thrash", true, cache_params };
static const struct synth larson_spec = { "larson", true, larson_params };
static const struct synth mstress_spec = { "mstress", true, mstress_params };
static const struct synth rptest_spec = { "rptest", true, rptest_params };
static const struct synth glibc_simple_spec = { "glibc-simple", false, glibc_simple_params };
static const struct synth glibc_thread_spec = { "glibc-thread", true, glibc_thread_params };
static const struct synth alloc_test_spec = { "alloc-test", true, alloc_test_params };
static const struct synth sh6bench_spec = { "sh6bench", true, smartheap_params };
static const struct synth sh8bench_spec = { "sh8bench", true, smartheap_params };
static const struct synth malloc_large_spec = { "malloc-large", false, malloc_large_params };

SYNTH_COMMAND(xmalloc_command, xmalloc_spec)
SYNTH_COMMAND(cache_scratch_command, cache_scratch_spec)
SYNTH_COMMAND(cache_thrash_command, cache_thrash_spec)
SYNTH_COMMAND(larson_command, larson_spec)
SYNTH_COMMAND(mstress_command, mstress_spec)
SYNTH_COMMAND(rptest_command, rptest_spec)
SYNTH_COMMAND(glibc_simple_command, glibc_simple_spec)
SYNTH_COMMAND(glibc_thread_command, glibc_thread_spec)
SYNTH_COMMAND(alloc_test_command, alloc_test_spec)
SYNTH_COMMAND(sh6bench_command, sh6bench_spec)
SYNTH_COMMAND(sh8bench_command, sh8bench_spec)
SYNTH_COMMAND(malloc_large_command, malloc_large_spec)

/* Threaded workloads default to 2 threads: one per core of a 2-core machine
 * (xmalloc's 2 means 2 producers and 2 consumers). */
static const struct workload synthetic[] = {
    { "xmalloc", "producers allocate small objects, consumers free them (Lever and Boreham): remote frees",
      true, 2, NULL, NULL, NULL, xmalloc_command, NULL },
    { "cache-scratch", "passive false sharing of tiny objects handed between threads (Hoard)",
      true, 2, NULL, NULL, NULL, cache_scratch_command, NULL },
    { "cache-thrash", "active false sharing of tiny objects allocated concurrently (Hoard)",
      true, 2, NULL, NULL, NULL, cache_thrash_command, NULL },
    { "larson", "server simulation: random replacement, heaps inherited by successor threads (Larson)",
      true, 2, NULL, NULL, NULL, larson_command, NULL },
    { "mstress", "rounds of threads allocating, keeping, swapping and freeing varied blocks (mimalloc stress)",
      true, 2, NULL, NULL, NULL, mstress_command, NULL },
    { "rptest", "random sizes 8-16000 B, calloc and aligned_alloc, batches freed by other threads (rpmalloc)",
      true, 2, NULL, NULL, NULL, rptest_command, NULL },
    { "glibc-simple", "fixed-size batches freed FIFO and LIFO (glibc bench-malloc-simple)",
      false, 1, NULL, NULL, NULL, glibc_simple_command, NULL },
    { "glibc-thread", "per-thread random replacement, inverse-square sizes (glibc bench-malloc-thread)",
      true, 2, NULL, NULL, NULL, glibc_thread_command, NULL },
    { "alloc-test", "Pareto-distributed slot replacement, mostly small sizes (alloc-test)",
      true, 2, NULL, NULL, NULL, alloc_test_command, NULL },
    { "sh6bench", "size sweeps freed through a FIFO/LIFO window (MicroQuill sh6bench)",
      true, 2, NULL, NULL, NULL, sh6bench_command, NULL },
    { "sh8bench", "sh6 sweeps plus objects a producer allocates and workers free (MicroQuill sh8bench)",
      true, 2, NULL, NULL, NULL, sh8bench_command, NULL },
    { "malloc-large", "repeated 5 to 25 MiB allocations (mimalloc-bench malloc-large)",
      false, 1, NULL, NULL, NULL, malloc_large_command, NULL },
};

#define NSYNTH (sizeof synthetic / sizeof synthetic[0])

/* ---- The table ---- */

static const struct workload *const real_programs[] = { &wl_xalan, &wl_lua, &wl_sqlite };
#define NREAL (sizeof real_programs / sizeof real_programs[0])

size_t workload_count(void) { return NSYNTH + NREAL; }

const struct workload *workload_at(size_t i)
{
    if (i < NSYNTH)
        return &synthetic[i];
    return i < workload_count() ? real_programs[i - NSYNTH] : NULL;
}

const struct workload *workload_find(const char *name)
{
    for (size_t i = 0; i < workload_count(); i++)
        if (strcmp(workload_at(i)->name, name) == 0)
            return workload_at(i);
    return NULL;
}

/* ---- Named sets ---- */

/* The paper's evidence: xalancbmk (here xalan), xmalloc and cache-scratch. */
static const char *const paper_names[] = { "xalan", "xmalloc", "cache-scratch" };

int workload_set(const char *name, const char *const **names)
{
    static const char *all_names[NSYNTH + NREAL];
    if (strcmp(name, "all") == 0 || strcmp(name, "quick") == 0) {
        /* quick is every workload; its speed comes from size=quick */
        for (size_t i = 0; i < workload_count(); i++)
            all_names[i] = workload_at(i)->name;
        *names = all_names;
        return (int)workload_count();
    }
    if (strcmp(name, "paper") == 0) {
        *names = paper_names;
        return (int)(sizeof paper_names / sizeof paper_names[0]);
    }
    return -1;
}

int workload_set_size(const char *name, enum wl_size *size)
{
    if (strcmp(name, "quick") == 0)
        *size = WL_SIZE_QUICK;
    else if (strcmp(name, "paper") == 0)
        *size = WL_SIZE_FULL;
    else
        return -1;
    return 0;
}

/* ---- Availability ---- */

bool workload_available(const struct workload *w, char *why, size_t whylen)
{
    if (!w->program || access(w->program, X_OK) == 0)
        return true;
    snprintf(why, whylen, "%s not installed: apt-get install %s", w->program, w->package);
    return false;
}
