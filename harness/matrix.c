/* harness/matrix.c: resolving a run's request into blocks (see matrix.h). */
#include "harness/matrix.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool has_allocator(const struct matrix *m, const char *name)
{
    for (size_t i = 0; i < m->n_allocators; i++)
        if (strcmp(m->allocators[i].name, name) == 0)
            return true;
    return false;
}

static int add_allocator(struct matrix *m, const struct allocator *a, char *err, size_t errlen)
{
    if (has_allocator(m, a->name)) {
        snprintf(err, errlen, "allocator '%s' named twice", a->name);
        return -1;
    }
    m->allocators[m->n_allocators++] = *a;
    return 0;
}

static int resolve_allocators(const struct run_options *o, struct matrix *m, char *err, size_t errlen)
{
    m->allocators = calloc(RUN_MAX_LIST + registry_builtin_count(), sizeof *m->allocators);
    for (size_t i = 0; i < o->n_allocators; i++) {
        struct allocator a;
        int set = registry_set(o->allocators[i]);
        if (set >= 0) {
            for (size_t b = 0; b < registry_builtin_count(); b++) {
                registry_builtin(b, &a);
                if (!registry_set_has(set, &a))
                    continue;
                if (!a.installed)
                    fprintf(stderr, "ngbench run: skipping allocator %s: not installed (%s)\n", a.name, a.path);
                else if (!has_allocator(m, a.name))
                    m->allocators[m->n_allocators++] = a;
            }
            continue;
        }
        if (registry_lookup(o->allocators[i], &a, err, errlen) != 0 || add_allocator(m, &a, err, errlen) != 0)
            return -1;
    }
    return 0;
}

static bool has_workload(const struct workload **list, size_t n, const struct workload *w)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == w)
            return true;
    return false;
}

/* The command's workload and the workload file's, before anything else is resolved. */
static int define_workloads(const struct run_options *o, struct matrix *m, char *err, size_t errlen)
{
    if (o->workload_file && user_load_file(&m->defined, o->workload_file, err, errlen) != 0)
        return -1;
    for (size_t i = 0; o->same_output && i < m->defined.n; i++)
        m->defined.items[i]->base.same_output = true;
    if (!o->command)
        return 0;
    struct user_command c = { .argv = o->command, .name = o->name, .stdin_path = o->stdin_path, .cwd = o->cwd,
                              .expect_output = o->expect_output, .env = o->env, .n_env = o->n_env,
                              .same_output = o->same_output };
    return user_add_command(&m->defined, &c, err, errlen);
}

/* Names and sets into a list of available workloads, in the order given;
 * no names: every defined workload. */
static int resolve_workloads(const struct run_options *o, const struct matrix *m, const struct workload **list,
                             size_t *n, char *err, size_t errlen)
{
    char why[256];
    for (size_t i = 0; i < o->n_workloads; i++) {
        const char *const *names;
        int count = workload_set(o->workloads[i], &names);
        bool from_set = count >= 0;
        const char *single[] = { o->workloads[i] };
        if (!from_set) {
            names = single;
            count = 1;
        }
        for (int k = 0; k < count; k++) {
            const struct workload *w = user_find(&m->defined, names[k]);
            if (!w)
                w = workload_find(names[k]);
            if (!w) {
                snprintf(err, errlen, "unknown workload '%s' (see 'ngbench list workloads')", names[k]);
                return -1;
            }
            if (!workload_available(w, why, sizeof why)) {
                if (!from_set) {
                    snprintf(err, errlen, "workload '%s' cannot run here: %s", w->name, why);
                    return -1;
                }
                fprintf(stderr, "ngbench run: skipping workload %s: %s\n", w->name, why);
                continue;
            }
            if (!has_workload(list, *n, w))
                list[(*n)++] = w;
        }
    }
    for (size_t i = 0; o->n_workloads == 0 && i < m->defined.n; i++)
        list[(*n)++] = &m->defined.items[i]->base;
    return 0;
}

/* Thread counts apply to multi-threaded workloads; the others run once, on one thread. */
static void add_blocks(const struct run_options *o, const struct workload *w, struct matrix *m)
{
    if (!w->threaded || o->n_threads == 0) {
        m->blocks[m->n_blocks++] = (struct block){ w, w->threaded ? w->default_threads : 1 };
        return;
    }
    for (size_t t = 0; t < o->n_threads; t++)
        m->blocks[m->n_blocks++] = (struct block){ w, o->threads[t] };
}

static void keep_shard(const struct run_options *o, struct matrix *m)
{
    m->n_blocks_total = m->n_blocks;
    size_t kept = 0;
    for (size_t i = 0; i < m->n_blocks; i++)
        if ((int)(i % (size_t)o->shard_count) == o->shard_index - 1)
            m->blocks[kept++] = m->blocks[i];
    m->n_blocks = kept;
}

int matrix_build(const struct run_options *o, struct matrix *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    if (resolve_allocators(o, m, err, errlen) != 0)
        return -1;
    if (m->n_allocators == 0) {
        snprintf(err, errlen, "no allocator to run");
        return -1;
    }
    if (define_workloads(o, m, err, errlen) != 0)
        return -1;
    const struct workload **list = calloc(workload_count() + m->defined.n + 1, sizeof *list);
    size_t n = 0;
    int rc = resolve_workloads(o, m, list, &n, err, errlen);
    if (rc == 0 && n == 0) {
        snprintf(err, errlen, "no workload can run here");
        rc = -1;
    }
    if (rc != 0) {
        free(list);
        return -1;
    }
    m->blocks = calloc(n * (o->n_threads + 1), sizeof *m->blocks);
    for (size_t i = 0; i < n; i++)
        add_blocks(o, list[i], m);
    free(list);
    keep_shard(o, m);
    return 0;
}

void matrix_free(struct matrix *m)
{
    user_set_free(&m->defined);
    free(m->allocators);
    free(m->blocks);
    memset(m, 0, sizeof *m);
}
