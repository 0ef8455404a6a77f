/*
 * cmd/run_cmd.c: `ngbench run`. Reads top-down as a matrix runs: parse,
 * resolve the matrix, check every allocator binds, then for each block run
 * the warm-ups and repetitions with allocators interleaved, saving the
 * results file after every run; finally print the summary.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/context.h"
#include "base/exit_codes.h"
#include "base/results.h"
#include "base/results_out.h"
#include "base/text.h"
#include "cmd/commands.h"
#include "harness/interrupt.h"
#include "harness/matrix.h"
#include "harness/registry.h"
#include "harness/resume.h"
#include "harness/run_dir.h"
#include "harness/run_options.h"
#include "harness/runner.h"
#include "harness/same_output.h"
#include "pmu/pmu.h"
#include "reports/report.h"

struct session {
    struct run_options opt;
    struct matrix m;
    struct pmu_plan *pmu;
    struct results_out *out;    /* --out, locked from before the first run until the end */
    json_t *doc;
    struct done_runs *done;     /* runs already in the file (--resume); NULL for none */
    char bin_dir[PATH_MAX];
    char data_dir[PATH_MAX];
    char counter_shim[PATH_MAX];
    int server_cpus[ALLOCATOR_MAX_SERVERS];   /* for allocators with server threads: CPUs outside --cpus */
    size_t n_server_cpus;
    char server_cpu_text[ALLOCATOR_MAX_SERVERS * 6];   /* the same as "a,b,c", as NGMALLOC_CPU takes it */
    size_t total, finished;     /* runs this invocation will do, and has done */
    double started;
    bool any_failed;
    bool unsaved;               /* the last run could not be saved */
};

/* ---- Before anything runs ---- */

/* Where workloads' prepared inputs are cached: $NGBENCH_DATA_DIR, else
 * ROOT/workload-data in a build tree (ROOT/build.ninja), else, never in
 * an installed tree, the user's cache ($XDG_CACHE_HOME or ~/.cache, then
 * ngbench/workload-data). */
static void choose_data_dir(const char *root, char *dir, size_t len)
{
    const char *data = getenv("NGBENCH_DATA_DIR"), *cache = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char ninja[PATH_MAX + 16];
    snprintf(ninja, sizeof ninja, "%s/build.ninja", root);
    if (data && *data)
        snprintf(dir, len, "%s", data);
    else if (access(ninja, F_OK) == 0)
        snprintf(dir, len, "%s/workload-data", root);
    else if (cache && *cache)
        snprintf(dir, len, "%s/ngbench/workload-data", cache);
    else
        snprintf(dir, len, "%s/.cache/ngbench/workload-data", home && *home ? home : "/tmp");
}

static int locate_build_products(struct session *s, char *err, size_t errlen)
{
    const char *root = registry_build_root();
    snprintf(s->bin_dir, sizeof s->bin_dir, "%s/workloads", root);
    choose_data_dir(root, s->data_dir, sizeof s->data_dir);
    snprintf(s->counter_shim, sizeof s->counter_shim, "%s/analysis/callcount/libngcount.so", root);
    if (s->opt.count_calls && access(s->counter_shim, R_OK) != 0) {
        snprintf(err, errlen, "--count-calls needs %s: build it with ninja", s->counter_shim);
        return -1;
    }
    return 0;
}

/* How many server threads the matrix's allocators run: what their
 * servers variable in ngbench's environment asks for (the allocator itself
 * refuses bad values), else one. */
static size_t servers_wanted(const struct session *s)
{
    size_t most = 1;
    for (size_t i = 0; i < s->m.n_allocators; i++) {
        const char *var = s->m.allocators[i].servers_env;
        const char *v = var ? getenv(var) : NULL;
        long n = v ? strtol(v, NULL, 10) : 1;
        if (n > (long)most)
            most = n > ALLOCATOR_MAX_SERVERS ? ALLOCATOR_MAX_SERVERS : (size_t)n;
    }
    return most;
}

/* With --cpus, an allocator's server threads belong on CPUs the workload
 * does not use (their "own room"): the last such CPUs ngbench may run on,
 * one per server while there are enough. */
static void choose_server_cpus(struct session *s)
{
    cpu_set_t allowed;
    s->n_server_cpus = 0;
    s->server_cpu_text[0] = '\0';
    if (!s->opt.has_cpus || sched_getaffinity(0, sizeof allowed, &allowed) != 0)
        return;
    size_t want = servers_wanted(s), used = 0;
    for (int cpu = CPU_SETSIZE - 1; cpu >= 0 && s->n_server_cpus < want; cpu--)
        if (CPU_ISSET(cpu, &allowed) && !CPU_ISSET(cpu, &s->opt.cpus)) {
            int n = snprintf(s->server_cpu_text + used, sizeof s->server_cpu_text - used, "%s%d",
                             s->n_server_cpus ? "," : "", cpu);
            used += n > 0 ? (size_t)n : 0;
            s->server_cpus[s->n_server_cpus++] = cpu;
        }
}

static json_t *matrix_request(const struct session *s)
{
    json_t *allocs = json_array(), *wls = json_array(), *threads = json_array();
    for (size_t i = 0; i < s->m.n_allocators; i++)
        json_array_append_new(allocs, json_string(s->m.allocators[i].name));
    for (size_t i = 0; i < s->opt.n_workloads; i++)
        json_array_append_new(wls, json_string(s->opt.workloads[i]));
    for (size_t i = 0; s->opt.n_workloads == 0 && i < s->m.defined.n; i++)
        json_array_append_new(wls, json_string(s->m.defined.items[i]->name));
    for (size_t i = 0; i < s->opt.n_threads; i++)
        json_array_append_new(threads, json_integer(s->opt.threads[i]));
    char shard[32];
    snprintf(shard, sizeof shard, "%d/%d", s->opt.shard_index, s->opt.shard_count);
    json_t *request = json_pack("{s:o,s:o,s:o,s:s,s:i,s:i,s:f,s:s}", "allocators", allocs, "workloads", wls,
                                "threads", threads, "size", wl_size_name(s->opt.size), "repeat", s->opt.repeat,
                                "warmup", s->opt.warmup, "timeout_s", s->opt.timeout_s, "shard", shard);
    if (s->opt.workload_file)
        json_object_set_new(request, "workload_file", json_string(s->opt.workload_file));
    if (s->opt.command) {
        json_t *argv = json_array();
        for (size_t i = 0; s->opt.command[i]; i++)
            json_array_append_new(argv, json_string(s->opt.command[i]));
        json_object_set_new(request, "command", argv);
    }
    return request;
}

/* Runs ngprobe under the allocator: malloc must come from its library. */
static int check_binding(const struct session *s, const struct allocator *a, char *bound,
                         size_t boundlen, char *err, size_t errlen)
{
    char probe[PATH_MAX];
    snprintf(probe, sizeof probe, "%s/harness/ngprobe", registry_build_root());
    char *argv[] = { probe, NULL };
    struct run_spec spec = { .allocator = a, .argv = argv, .timeout_s = 30,
                             .cpus = s->opt.has_cpus ? &s->opt.cpus : NULL };
    json_t *rec = runner_run(&spec, err, errlen);
    if (!rec)
        return -1;
    const char *malloc_from = results_str(json_object_get(rec, "metrics"), "malloc");
    snprintf(bound, boundlen, "%s", malloc_from);
    char want[PATH_MAX], got[PATH_MAX];
    bool ok = strcmp(results_str(rec, "status"), "ok") == 0 && realpath(malloc_from, got);
    if (ok && a->path[0])
        ok = realpath(a->path, want) && strcmp(want, got) == 0;
    else if (ok)
        ok = strstr(got, "/libc.so") || strstr(got, "/libc-");
    if (!ok)
        snprintf(err, errlen, "allocator '%s' did not bind: malloc came from %s, not %s%s%s", a->name,
                 malloc_from[0] ? malloc_from : "nowhere (the probe failed)",
                 a->path[0] ? a->path : "the C library", rec && json_object_get(rec, "error") ? ": " : "",
                 results_str(rec, "error"));
    json_decref(rec);
    return ok ? 0 : -1;
}

static json_t *describe_allocators(const struct session *s, char *err, size_t errlen)
{
    json_t *all = json_object();
    for (size_t i = 0; i < s->m.n_allocators; i++) {
        const struct allocator *a = &s->m.allocators[i];
        char bound[PATH_MAX], version[128];
        if (check_binding(s, a, bound, sizeof bound, err, errlen) != 0) {
            json_decref(all);
            return NULL;
        }
        registry_version(a, version, sizeof version);
        json_object_set_new(all, a->name, json_pack("{s:s?,s:s,s:s}", "path", a->path[0] ? a->path : NULL,
                                                    "version", version, "bound_to", bound));
    }
    return all;
}

static json_t *new_context(const struct session *s, json_t *allocators)
{
    json_t *ctx = context_machine();
    json_object_set_new(ctx, "cpus", s->opt.has_cpus ? json_string(s->opt.cpus_text) : json_null());
    json_object_set_new(ctx, "server_cpu", s->n_server_cpus ? json_integer(s->server_cpus[0]) : json_null());
    json_t *server_cpus = s->n_server_cpus ? json_array() : json_null();
    for (size_t i = 0; i < s->n_server_cpus; i++)
        json_array_append_new(server_cpus, json_integer(s->server_cpus[i]));
    json_object_set_new(ctx, "server_cpus", server_cpus);
    json_object_set_new(ctx, "allocators", allocators);
    json_object_set_new(ctx, "counters", pmu_plan_describe(s->pmu));
    json_object_set_new(ctx, "matrix", matrix_request(s));
    return ctx;
}

/* A resumed file's settings must be this run's, or be extended (harness/resume.h). */
static int check_settings(struct session *s, char *err, size_t errlen)
{
    char shard[32], qout[TEXT_QUOTED_LEN];
    snprintf(shard, sizeof shard, "%d/%d", s->opt.shard_index, s->opt.shard_count);
    json_t *counters = pmu_plan_describe(s->pmu);
    json_t *settings = resume_settings(wl_size_name(s->opt.size), s->opt.threads, s->opt.n_threads, counters,
                                       s->opt.has_cpus ? s->opt.cpus_text : NULL, shard);
    int rc = settings ? resume_check(json_object_get(s->doc, "context"), settings, s->opt.extend,
                                     text_quote(s->opt.out, qout, sizeof qout), err, errlen)
                      : -1;
    json_decref(counters);
    json_decref(settings);
    return rc;
}

/* --resume: the file's runs, so that none is run again. */
static int load_resumed(struct session *s, const char *path, char *err, size_t errlen)
{
    if (!(s->doc = results_load(path, err, errlen)) || check_settings(s, err, errlen) != 0)
        return -1;
    if (!(s->done = done_runs_of(s->doc))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* --out checked and locked before anything runs: a new file must not
 * exist; --resume must find a valid one, which is read now. */
static int open_output(struct session *s, char *err, size_t errlen)
{
    s->out = results_out_open(s->opt.out, s->opt.resume ? RESULTS_CONTINUE : RESULTS_CREATE, err, errlen);
    if (!s->out)
        return -1;
    return s->opt.resume ? load_resumed(s, results_out_path(s->out), err, errlen) : 0;
}

/* The document to fill: a new one, or the resumed one with any allocators
 * it did not have described beside the old ones. */
static int open_document(struct session *s, json_t *allocators, char *err, size_t errlen)
{
    if (!s->opt.resume) {
        s->doc = results_new(new_context(s, allocators));
    } else {
        json_t *known = json_object_get(json_object_get(s->doc, "context"), "allocators");
        if (json_is_object(known))
            json_object_update_missing(known, allocators);
        json_decref(allocators);
    }
    if (!s->doc || (!s->done && !(s->done = done_runs_of(s->doc)))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* ---- One run ---- */

/* On a terminal, one line rewritten in place; otherwise (a log, a CI job)
 * one plain line per run, so that a long matrix is never silent. */
static void show_progress(const struct session *s, const char *what)
{
    bool terminal = isatty(2);
    double elapsed = monotonic_s() - s->started;
    double eta = s->finished ? elapsed / (double)s->finished * (double)(s->total - s->finished) : NAN;
    fprintf(stderr, terminal ? "\r\033[K[%zu/%zu] %s" : "ngbench run: [%zu/%zu] %s", s->finished + 1, s->total,
            what);
    if (!isnan(eta))
        fprintf(stderr, "  ETA %dm%02ds", (int)eta / 60, (int)eta % 60);
    if (!terminal)
        fputc('\n', stderr);
}

static char *temp_path(const char *tag)
{
    char *path;
    if (asprintf(&path, "%s/ngbench-%s-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", tag) < 0)
        return NULL;
    int fd = mkstemp(path);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    close(fd);
    return path;
}

/* A JSON file a preloaded library wrote at exit, attached to the run record. */
static void attach_json_file(json_t *rec, const char *key, char *path)
{
    if (!path)
        return;
    json_t *v = json_load_file(path, 0, NULL);
    if (v)
        json_object_set_new(rec, key, v);
    unlink(path);
    free(path);
}

struct run_slot {
    const struct allocator *allocator;
    const struct block *block;
    int repetition;
    bool warmup;
};

static json_t *identity(const struct session *s, const struct run_slot *r, const json_t *params)
{
    return json_pack("{s:s,s:s,s:O,s:i,s:s,s:i,s:b}", "allocator", r->allocator->name, "workload",
                     r->block->workload->name, "params", params, "threads", r->block->threads,
                     "pmu", pmu_backend_name(s->opt.pmu), "repetition", r->repetition, "warmup", r->warmup);
}

static void verify_output(const struct workload *w, const struct wl_params *p, const struct wl_command *cmd,
                          json_t *rec)
{
    char why[512] = "";
    if (!w->verify || strcmp(results_str(rec, "status"), "ok") != 0 || w->verify(w, p, cmd, rec, why, sizeof why) == 0)
        return;
    json_object_set_new(rec, "status", json_string("failed"));
    json_object_set_new(rec, "error", json_sprintf("output verification failed: %s", why));
}

static json_t *measure(struct session *s, const struct run_slot *r, const struct wl_params *p,
                       const struct wl_command *cmd, char *err, size_t errlen)
{
    bool count_calls = s->opt.count_calls && r->warmup && r->repetition == 0;
    char *stats = r->allocator->stats_env ? temp_path("stats") : NULL;
    char *calls = count_calls ? temp_path("calls") : NULL;
    /* The run's private folder as TMPDIR, the workload's settings (which
     * may override it), then ngbench's own. */
    char *env[WL_MAX_ENV + 5] = { NULL };
    size_t k = 0;
    if (asprintf(&env[k], "TMPDIR=%s", p->run_dir) >= 0)
        k++;
    for (size_t i = 0; cmd->env[i]; i++)
        env[k++] = strdup(cmd->env[i]);
    if (stats && asprintf(&env[k], "%s=%s", r->allocator->stats_env, stats) >= 0)
        k++;
    if (calls && asprintf(&env[k], "NGCOUNT_OUT=%s", calls) >= 0)
        k++;
    const char *server_env = r->allocator->server_cpu_env;
    if (server_env && s->n_server_cpus && !getenv(server_env) &&
        asprintf(&env[k], "%s=%s", server_env, s->server_cpu_text) >= 0)
        k++;
    struct run_spec spec = {
        .allocator = r->allocator, .argv = cmd->argv, .stdin_path = cmd->stdin_path,
        .stdout_path = cmd->stdout_path, .preload_first = count_calls ? s->counter_shim : NULL,
        .extra_env = (const char *const *)env, .cwd = cmd->cwd, .cpus = s->opt.has_cpus ? &s->opt.cpus : NULL,
        .timeout_s = s->opt.timeout_s, .pmu = s->pmu,
    };
    json_t *rec = runner_run(&spec, err, errlen);
    for (size_t i = 0; i < k; i++)
        free(env[i]);
    if (rec) {
        verify_output(r->block->workload, p, cmd, rec);
        attach_json_file(rec, "allocator_stats", stats);
        attach_json_file(rec, "call_counts", calls);
    } else {
        free(stats);
        free(calls);
    }
    return rec;
}

/* Returns 0, or -1 when the matrix must stop (interrupted, results unwritable). */
static int run_slot(struct session *s, const struct run_slot *r, const struct wl_params *block_params,
                    char *err, size_t errlen)
{
    struct wl_command cmd;
    memset(&cmd, 0, sizeof cmd);
    char why[512] = "";
    json_t *rec = NULL;
    struct wl_params run_params = *block_params, *p = &run_params;
    char *run_dir = run_dir_make(why, sizeof why);
    p->run_dir = run_dir;
    if (!run_dir || r->block->workload->command(r->block->workload, p, &cmd, why, sizeof why) != 0) {
        rec = json_pack("{s:s,s:n,s:n,s:s}", "status", "failed", "exit_code", "signal", "error", why);
        json_decref(cmd.params);
        cmd.params = json_pack("{s:s}", "size", wl_size_name(p->size));
    }
    json_t *id = identity(s, r, cmd.params);
    bool done = done_runs_has(s->done, id);
    if (!done && s->opt.dry_run) {
        json_dumpf(id, stdout, JSON_COMPACT);
        putchar('\n');
    }
    if (done || s->opt.dry_run) {
        json_decref(id);
        json_decref(rec);
        wl_command_free(&cmd);
        run_dir_remove(run_dir);
        return 0;
    }
    char what[256];
    snprintf(what, sizeof what, "%s %s x%d %s%d", r->allocator->name, r->block->workload->name,
             r->block->threads, r->warmup ? "warm-up " : "rep ", r->repetition + 1);
    show_progress(s, what);
    if (!rec)
        rec = measure(s, r, p, &cmd, err, errlen);
    wl_command_free(&cmd);
    run_dir_remove(run_dir);
    if (!rec) {
        json_decref(id);
        return -1;
    }
    json_object_update(id, rec);
    json_decref(rec);
    if (r->block->workload->same_output)
        same_output_check(json_object_get(s->doc, "runs"), id, s->m.allocators[0].name);
    if (strcmp(results_str(id, "status"), "ok") != 0) {
        s->any_failed = true;
        if (isatty(2))
            fputc('\n', stderr);
        char qwhat[TEXT_QUOTED_LEN], qerror[TEXT_QUOTED_LEN];
        fprintf(stderr, "ngbench run: %s: %s: %s\n", text_quote(what, qwhat, sizeof qwhat),
                results_str(id, "status"), text_quote(results_str(id, "error"), qerror, sizeof qerror));
    }
    json_array_append_new(json_object_get(s->doc, "runs"), id);
    s->finished++;
    if (results_out_save(s->out, s->doc, err, errlen) == 0)
        return 0;
    s->unsaved = true;
    return -1;
}

/* ---- The matrix ---- */

static int run_block(struct session *s, const struct block *b, char *err, size_t errlen)
{
    struct wl_params p = { s->opt.size, b->threads, s->bin_dir, s->data_dir, NULL };
    char why[512] = "";
    if (b->workload->prepare && b->workload->prepare(b->workload, &p, why, sizeof why) != 0) {
        fprintf(stderr, "ngbench run: cannot prepare %s: %s\n", b->workload->name, why);
        s->any_failed = true;
        return 0;
    }
    int rounds = s->opt.warmup + s->opt.repeat;
    for (int round = 0; round < rounds; round++) {
        for (size_t a = 0; a < s->m.n_allocators; a++) {
            bool warmup = round < s->opt.warmup;
            struct run_slot r = { &s->m.allocators[a], b, warmup ? round : round - s->opt.warmup, warmup };
            if (run_slot(s, &r, &p, err, errlen) != 0)
                return -1;
        }
    }
    return 0;
}

static size_t runs_to_do(const struct session *s)
{
    size_t per_block = (size_t)(s->opt.warmup + s->opt.repeat) * s->m.n_allocators;
    size_t total = s->m.n_blocks * per_block;
    size_t have = done_runs_count(s->done);
    return total > have ? total - have : 0;
}

static void print_summary(const struct session *s)
{
    struct report_request req = { .table = REPORT_SUMMARY, .format = REPORT_TEXT, .baseline = s->opt.baseline };
    char err[256];
    struct run_set *runs = run_set_of_doc(s->doc);
    if (!runs || report_write(stdout, runs, &req, err, sizeof err) != 0)
        fprintf(stderr, "ngbench run: summary: %s\n", runs ? err : "out of memory");
    run_set_free(runs);
}

/* The summary's reference: named explicitly it must be in the matrix. */
static int choose_baseline(struct session *s, char *err, size_t errlen)
{
    const char *wanted = s->opt.baseline ? s->opt.baseline : "glibc";
    for (size_t i = 0; i < s->m.n_allocators; i++)
        if (strcmp(s->m.allocators[i].name, wanted) == 0) {
            s->opt.baseline = s->m.allocators[i].name;
            return 0;
        }
    if (s->opt.baseline) {
        snprintf(err, errlen, "--baseline=%s is not one of the allocators run", s->opt.baseline);
        return -1;
    }
    s->opt.baseline = s->m.allocators[0].name;
    return 0;
}

static int start_session(struct session *s, int argc, char **argv, char *err, size_t errlen)
{
    if (run_options_parse(argc, argv, &s->opt, err, errlen) != 0)
        return EXIT_USAGE;
    if (s->opt.help)
        return EXIT_OK;
    if (s->opt.count_calls && s->opt.warmup == 0)
        s->opt.warmup = 1;
    if (run_options_check_cpus(&s->opt, err, errlen) != 0 || locate_build_products(s, err, errlen) != 0 ||
        matrix_build(&s->opt, &s->m, err, errlen) != 0 || choose_baseline(s, err, errlen) != 0)
        return EXIT_USAGE;
    if (!(s->pmu = pmu_plan_new(s->opt.pmu, s->opt.events, err, errlen)))
        return EXIT_USAGE;
    choose_server_cpus(s);
    if (s->opt.dry_run)
        return s->opt.resume && load_resumed(s, s->opt.out, err, errlen) != 0 ? EXIT_USAGE : -1;
    if (open_output(s, err, errlen) != 0)
        return EXIT_USAGE;
    json_t *allocators = describe_allocators(s, err, errlen);
    if (interrupt_requested()) {
        json_decref(allocators);
        snprintf(err, errlen, "interrupted before the first run: nothing was written");
        return EXIT_INTERRUPTED;
    }
    if (!allocators)
        return EXIT_FAILED;
    if (open_document(s, allocators, err, errlen) != 0 || results_out_save(s->out, s->doc, err, errlen) != 0)
        return EXIT_USAGE;
    return -1;
}

/* After an interrupt: what the results file holds now. A file this
 * invocation created and no run finished in is removed, so that an
 * interrupt before the first run leaves nothing behind. */
static void say_what_was_kept(const struct session *s)
{
    char q[TEXT_QUOTED_LEN];
    text_quote(s->opt.out, q, sizeof q);
    if (s->finished == 0 && !s->opt.resume && unlink(results_out_path(s->out)) == 0)
        fprintf(stderr, "ngbench run: interrupted before the first run finished: nothing was written\n");
    else if (s->finished == 0)
        fprintf(stderr, "ngbench run: interrupted before the first run finished: nothing was added to %s\n", q);
    else
        fprintf(stderr, "ngbench run: interrupted; %s has every finished run (continue with --resume)\n", q);
}

int cmd_run(int argc, char **argv)
{
    struct session s;
    memset(&s, 0, sizeof s);
    char err[1024] = "";
    /* From the start: an interrupt while allocators are probed must still say
     * what happened rather than end ngbench silently. */
    signal(SIGPIPE, SIG_IGN);
    interrupt_install();
    int rc = start_session(&s, argc, argv, err, sizeof err);
    if (s.opt.help)
        run_options_usage(stdout);
    else if (rc > 0)
        fprintf(stderr, "ngbench run: %s\n", err);
    if (rc >= 0)
        goto out;
    const char *notice = pmu_plan_notice(s.pmu);
    if (notice)
        fprintf(stderr, "ngbench run: %s\n", notice);
    if (s.opt.pmu == PMU_BACKEND_CACHEGRIND)
        fprintf(stderr, "ngbench run: under --pmu=cachegrind, times are those of the simulation "
                        "(about 50x slower, threads serialised): compare the simulated counters\n");
    s.total = runs_to_do(&s);
    s.started = monotonic_s();
    rc = EXIT_OK;
    for (size_t i = 0; i < s.m.n_blocks && rc == EXIT_OK; i++)
        if (run_block(&s, &s.m.blocks[i], err, sizeof err) != 0)
            rc = interrupt_requested() ? EXIT_INTERRUPTED : EXIT_FAILED;
    if (isatty(2))
        fputs("\r\033[K", stderr);
    char qout[TEXT_QUOTED_LEN];
    text_quote(s.opt.out, qout, sizeof qout);
    if (rc == EXIT_INTERRUPTED)
        say_what_was_kept(&s);
    else if (rc != EXIT_OK && s.unsaved)
        fprintf(stderr, "ngbench run: stopped: %s; %s keeps the %zu runs saved before (the last run could not be "
                        "saved; continue with --resume)\n", err, qout,
                json_array_size(json_object_get(s.doc, "runs")) - 1);
    else if (rc != EXIT_OK)
        fprintf(stderr, "ngbench run: stopped: %s; %s has every finished run (continue with --resume)\n",
                err, qout);
    else if (s.any_failed)
        rc = EXIT_FAILED;
    if (!s.opt.dry_run && json_array_size(json_object_get(s.doc, "runs")) > 0)
        print_summary(&s);
out:
    json_decref(s.doc);
    done_runs_free(s.done);
    results_out_close(s.out);
    if (s.pmu)
        pmu_plan_free(s.pmu);
    matrix_free(&s.m);
    run_options_free(&s.opt);
    return rc;
}
