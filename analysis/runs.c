/* analysis/runs.c: runs grouped by benchmark, and their statistics (see runs.h). */
#include "analysis/runs.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "base/keyset.h"

/* What a reader needs of one run; the rest of the run is not kept. */
struct run_rec {
    size_t bench;
    bool measured;             /* not a warm-up */
    bool ok;                   /* status ok */
    bool simulated;            /* recorded a simulated counter: ran under cachegrind */
    double wall_s, max_rss_kb; /* NAN when absent */
    json_t *counters, *call_counts, *calls;   /* references kept, NULL when absent */
};

struct names {                 /* interned strings, first-seen order */
    struct keyset *index;      /* of const char *, pointing into strings */
    char **strings;
    size_t n, cap;
};

struct run_set {
    struct names allocators, workloads;
    struct keyset *benches;    /* of struct bench_id; owned copies */
    struct bench *bench_info;  /* per bench */
    size_t bench_cap;
    struct keyset *cases;      /* of struct bench_id with allocator "": a bench less its allocator */
    struct run_rec *runs;
    size_t nruns, runs_cap;
    /* Built by run_set_finish: */
    size_t *run_order, *bench_first, *bench_runs;       /* each bench's runs: run_order[first .. first + n) */
    size_t *case_order;                                  /* report order -> case key index */
    size_t *case_rank;                                   /* case key index -> report order */
    size_t *case_benches, *case_first, *case_nbenches;   /* each case's benches, allocator order */
    struct run_case *case_info;                          /* per case, report order */
    size_t *case_thread_counts;                          /* per case: thread counts of its setting */
    json_t **varying;                                    /* per workload: params keys that vary */
    bool *pmu_varies;                                    /* per workload */
};

static const char *const pmus[] = { "perf", "cachegrind" };

/* ---- Interned names ---- */

static bool same_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b) == 0;
}

static size_t intern(struct names *n, const char *s)
{
    uint64_t h = identity_hash_string(s);
    size_t i = keyset_find(n->index, &s, h);
    if (i != KEYSET_NONE)
        return i;
    if (n->n == n->cap) {
        size_t cap = n->cap ? 2 * n->cap : 16;
        char **grown = realloc(n->strings, cap * sizeof *grown);
        if (!grown)
            return KEYSET_NONE;
        n->strings = grown;
        n->cap = cap;
    }
    char *copy = strdup(s);
    if (!copy)
        return KEYSET_NONE;
    const char *key = copy;
    if (keyset_add(n->index, &key, h, NULL) == KEYSET_NONE) {
        free(copy);
        return KEYSET_NONE;
    }
    n->strings[n->n] = copy;
    return n->n++;
}

static void names_free(struct names *n)
{
    for (size_t i = 0; i < n->n; i++)
        free(n->strings[i]);
    free(n->strings);
    keyset_free(n->index);
}

/* ---- Building ---- */

static bool same_bench(const void *a, const void *b)
{
    return identity_equal(a, b);
}

struct run_set *run_set_new(void)
{
    struct run_set *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->allocators.index = keyset_new(sizeof(const char *), same_name);
    s->workloads.index = keyset_new(sizeof(const char *), same_name);
    s->benches = keyset_new(sizeof(struct bench_id), same_bench);
    s->cases = keyset_new(sizeof(struct bench_id), same_bench);
    if (!s->allocators.index || !s->workloads.index || !s->benches || !s->cases) {
        run_set_free(s);
        return NULL;
    }
    return s;
}

static const char *static_pmu(const char *pmu)
{
    return strcmp(pmu, pmus[1]) == 0 ? pmus[1] : pmus[0];
}

/* The case of a new bench: its identity less the allocator, in owned memory. */
static size_t case_of(struct run_set *s, const struct bench_id *owned)
{
    struct bench_id c = *owned;
    c.allocator = "";
    return keyset_add(s->cases, &c, identity_hash(&c), NULL);
}

/* The bench of id (pointers into a run), added with owned copies when new. */
static size_t bench_of(struct run_set *s, const struct bench_id *id)
{
    uint64_t h = identity_hash(id);
    size_t b = keyset_find(s->benches, id, h);
    if (b != KEYSET_NONE)
        return b;
    size_t a = intern(&s->allocators, id->allocator), w = intern(&s->workloads, id->workload);
    if (a == KEYSET_NONE || w == KEYSET_NONE)
        return KEYSET_NONE;
    struct bench_id owned = { s->allocators.strings[a], s->workloads.strings[w],
                              json_incref((json_t *)id->params), id->threads, static_pmu(id->pmu) };
    size_t c = case_of(s, &owned);
    if (c == KEYSET_NONE || (b = keyset_add(s->benches, &owned, h, NULL)) == KEYSET_NONE) {
        json_decref((json_t *)owned.params);
        return KEYSET_NONE;
    }
    if (b == s->bench_cap) {
        size_t cap = s->bench_cap ? 2 * s->bench_cap : 64;
        struct bench *grown = realloc(s->bench_info, cap * sizeof *grown);
        if (!grown)
            return KEYSET_NONE;
        s->bench_info = grown;
        s->bench_cap = cap;
    }
    s->bench_info[b] = (struct bench){ owned, a, c };
    return b;
}

static double number_or_nan(const json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static json_t *kept(json_t *v)
{
    return json_is_object(v) ? json_incref(v) : NULL;
}

static bool has_simulated_counter(const json_t *run)
{
    const char *event;
    const json_t *c;
    json_object_foreach((json_t *)json_object_get(run, "counters"), event, c) {
        const char *source = json_string_value(json_object_get(c, "source"));
        if (source && strcmp(source, "simulated") == 0)
            return true;
    }
    return false;
}

bool runs_is_measured_ok(const json_t *run)
{
    const char *status = json_string_value(json_object_get(run, "status"));
    return !json_is_true(json_object_get(run, "warmup")) && status && strcmp(status, "ok") == 0;
}

int run_set_add(struct run_set *s, const json_t *run, const char *file_pmu)
{
    struct bench_id id = identity_of(run, file_pmu);
    size_t b = bench_of(s, &id);
    if (b == KEYSET_NONE)
        return -1;
    if (s->nruns == s->runs_cap) {
        size_t cap = s->runs_cap ? 2 * s->runs_cap : 1024;
        struct run_rec *grown = realloc(s->runs, cap * sizeof *grown);
        if (!grown)
            return -1;
        s->runs = grown;
        s->runs_cap = cap;
    }
    const char *status = json_string_value(json_object_get(run, "status"));
    s->runs[s->nruns++] = (struct run_rec){
        .bench = b,
        .measured = !json_is_true(json_object_get(run, "warmup")),
        .ok = status && strcmp(status, "ok") == 0,
        .simulated = has_simulated_counter(run),
        .wall_s = number_or_nan(json_object_get(run, "wall_s")),
        .max_rss_kb = number_or_nan(json_object_get(run, "max_rss_kb")),
        .counters = json_object_size(json_object_get(run, "counters")) ? kept(json_object_get(run, "counters")) : NULL,
        .call_counts = kept(json_object_get(run, "call_counts")),
        .calls = kept(json_object_get(json_object_get(run, "allocator_stats"), "calls")),
    };
    return 0;
}

/* Counting sort: for each of n items its group key[i] < ngroups; fills
 * first[g], count[g] and order (items grouped, first-seen order kept). */
static int group_by(const size_t *key, size_t n, size_t ngroups, size_t **order, size_t **first, size_t **count)
{
    *order = malloc((n + 1) * sizeof **order);
    *first = calloc(ngroups + 1, sizeof **first);
    *count = calloc(ngroups + 1, sizeof **count);
    size_t *next = calloc(ngroups + 1, sizeof *next);
    if (!*order || !*first || !*count || !next) {
        free(next);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        (*count)[key[i]]++;
    for (size_t g = 1; g < ngroups; g++)
        (*first)[g] = (*first)[g - 1] + (*count)[g - 1];
    memcpy(next, *first, ngroups * sizeof *next);
    for (size_t i = 0; i < n; i++)
        (*order)[next[key[i]]++] = i;
    free(next);
    return 0;
}

static int group_runs(struct run_set *s)
{
    size_t nbench = keyset_count(s->benches);
    size_t *key = malloc((s->nruns + 1) * sizeof *key);
    if (!key)
        return -1;
    for (size_t i = 0; i < s->nruns; i++)
        key[i] = s->runs[i].bench;
    int rc = group_by(key, s->nruns, nbench, &s->run_order, &s->bench_first, &s->bench_runs);
    free(key);
    return rc;
}

/* Cases in report order (by workload, stable), and each case's benches by allocator. */
static int order_cases(struct run_set *s)
{
    size_t ncases = keyset_count(s->cases), nbench = keyset_count(s->benches);
    size_t *key = calloc(ncases + nbench + 1, sizeof *key);
    size_t *unused_first = NULL, *unused_count = NULL;
    if (!key)
        return -1;
    for (size_t c = 0; c < ncases; c++) {
        const struct bench_id *id = keyset_key(s->cases, c);
        key[c] = intern(&s->workloads, id->workload);   /* already there: its index */
    }
    int rc = group_by(key, ncases, s->workloads.n, &s->case_order, &unused_first, &unused_count);
    free(unused_first);
    free(unused_count);
    s->case_rank = malloc((ncases + 1) * sizeof *s->case_rank);
    s->case_info = malloc((ncases + 1) * sizeof *s->case_info);
    if (rc != 0 || !s->case_rank || !s->case_info) {
        free(key);
        return -1;
    }
    for (size_t r = 0; r < ncases; r++) {
        const struct bench_id *id = keyset_key(s->cases, s->case_order[r]);
        s->case_rank[s->case_order[r]] = r;
        s->case_info[r] = (struct run_case){ id->workload, id->params, id->threads, id->pmu,
                                             key[s->case_order[r]] };
    }
    /* benches by case (report order); bench indexes ascend with first appearance,
     * and within a case an allocator has one bench, so sort each case's few by allocator */
    for (size_t b = 0; b < nbench; b++)
        key[b] = s->case_rank[s->bench_info[b].case_index];
    rc = group_by(key, nbench, ncases, &s->case_benches, &s->case_first, &s->case_nbenches);
    free(key);
    for (size_t c = 0; rc == 0 && c < ncases; c++) {
        size_t *list = s->case_benches + s->case_first[c];
        for (size_t i = 1; i < s->case_nbenches[c]; i++)   /* insertion sort: a case has few benches */
            for (size_t j = i; j > 0 && s->bench_info[list[j - 1]].allocator > s->bench_info[list[j]].allocator; j--) {
                size_t t = list[j];
                list[j] = list[j - 1];
                list[j - 1] = t;
            }
    }
    for (size_t b = 0; rc == 0 && b < nbench; b++)
        s->bench_info[b].case_index = s->case_rank[s->bench_info[b].case_index];
    return rc;
}

/* Whether params key has the same value in every case of [first, end). */
static bool key_constant(const struct run_set *s, size_t first, size_t end, const char *key)
{
    const json_t *v = json_object_get(s->case_info[first].params, key);
    for (size_t i = first + 1; i < end; i++)
        if (!json_equal((json_t *)v, json_object_get(s->case_info[i].params, key)))
            return false;
    return v != NULL;
}

/* Per workload (its cases are [first, end) in report order): the params keys
 * whose values vary and whether the backend does, for labels. */
static int describe_workload(struct run_set *s, size_t w, size_t first, size_t end)
{
    json_t *keys = json_object();
    if (!keys)
        return -1;
    for (size_t i = first; i < end; i++) {
        const char *key;
        json_t *value;
        json_object_foreach((json_t *)s->case_info[i].params, key, value)
            if (!json_object_get(keys, key))
                json_object_set_new(keys, key, json_boolean(!key_constant(s, first, end, key)));
        s->pmu_varies[w] |= strcmp(s->case_info[i].pmu, s->case_info[first].pmu) != 0;
    }
    s->varying[w] = keys;
    return 0;
}

/* For each case, how many thread counts its setting (workload, params, pmu) has. */
static int count_thread_counts(struct run_set *s)
{
    size_t ncases = run_set_case_count(s);
    struct keyset *settings = keyset_new(sizeof(struct bench_id), same_bench);
    size_t *setting = malloc((ncases + 1) * sizeof *setting), *per = calloc(ncases + 1, sizeof *per);
    int rc = settings && setting && per ? 0 : -1;
    for (size_t c = 0; rc == 0 && c < ncases; c++) {
        const struct run_case *k = &s->case_info[c];
        struct bench_id id = { "", k->workload, k->params, 0, k->pmu };
        setting[c] = keyset_add(settings, &id, identity_hash(&id), NULL);
        rc = setting[c] == KEYSET_NONE ? -1 : 0;
        if (rc == 0)
            per[setting[c]]++;
    }
    for (size_t c = 0; rc == 0 && c < ncases; c++)
        s->case_thread_counts[c] = per[setting[c]];
    keyset_free(settings);
    free(setting);
    free(per);
    return rc;
}

static int describe_cases(struct run_set *s)
{
    size_t ncases = run_set_case_count(s), nw = s->workloads.n;
    s->case_thread_counts = malloc((ncases + 1) * sizeof *s->case_thread_counts);
    s->varying = calloc(nw + 1, sizeof *s->varying);
    s->pmu_varies = calloc(nw + 1, sizeof *s->pmu_varies);
    if (!s->case_thread_counts || !s->varying || !s->pmu_varies || count_thread_counts(s) != 0)
        return -1;
    for (size_t first = 0, end; first < ncases; first = end) {
        for (end = first + 1; end < ncases && s->case_info[end].workload_index == s->case_info[first].workload_index;
             end++)
            ;
        if (describe_workload(s, s->case_info[first].workload_index, first, end) != 0)
            return -1;
    }
    return 0;
}

int run_set_finish(struct run_set *s)
{
    return group_runs(s) == 0 && order_cases(s) == 0 && describe_cases(s) == 0 ? 0 : -1;
}

struct run_set *run_set_of_doc(const json_t *doc)
{
    struct run_set *s = run_set_new();
    const char *file_pmu = identity_file_pmu(json_object_get(doc, "context"));
    size_t i;
    const json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run)
        if (s && run_set_add(s, run, file_pmu) != 0) {
            run_set_free(s);
            return NULL;
        }
    if (s && run_set_finish(s) != 0) {
        run_set_free(s);
        return NULL;
    }
    return s;
}

void run_set_free(struct run_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nruns; i++) {
        json_decref(s->runs[i].counters);
        json_decref(s->runs[i].call_counts);
        json_decref(s->runs[i].calls);
    }
    for (size_t b = 0; s->benches && b < keyset_count(s->benches); b++)
        json_decref((json_t *)s->bench_info[b].id.params);
    keyset_free(s->benches);
    keyset_free(s->cases);
    free(s->bench_info);
    free(s->runs);
    free(s->run_order);
    free(s->bench_first);
    free(s->bench_runs);
    free(s->case_order);
    free(s->case_rank);
    free(s->case_benches);
    free(s->case_first);
    free(s->case_nbenches);
    free(s->case_info);
    free(s->case_thread_counts);
    for (size_t w = 0; s->varying && w < s->workloads.n; w++)
        json_decref(s->varying[w]);
    free(s->varying);
    free(s->pmu_varies);
    names_free(&s->allocators);
    names_free(&s->workloads);
    free(s);
}

/* ---- What it holds ---- */

size_t run_set_allocator_count(const struct run_set *s)
{
    return s->allocators.n;
}

const char *run_set_allocator(const struct run_set *s, size_t i)
{
    return s->allocators.strings[i];
}

size_t run_set_allocator_index(const struct run_set *s, const char *name)
{
    return keyset_find(s->allocators.index, &name, identity_hash_string(name));
}

size_t run_set_case_count(const struct run_set *s)
{
    return keyset_count(s->cases);
}

const struct run_case *run_set_case(const struct run_set *s, size_t i)
{
    return &s->case_info[i];
}

const struct bench *run_set_find(const struct run_set *s, size_t c, size_t allocator)
{
    const size_t *list = s->case_benches + s->case_first[c];
    for (size_t i = 0; i < s->case_nbenches[c]; i++)
        if (s->bench_info[list[i]].allocator == allocator)
            return &s->bench_info[list[i]];
    return NULL;
}

size_t run_set_case_thread_counts(const struct run_set *s, size_t c)
{
    return s->case_thread_counts[c];
}

char *run_set_case_distinction(const struct run_set *s, size_t c)
{
    const struct run_case *k = &s->case_info[c];
    json_t *shown = json_object();
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)k->params, key, value)
        if (json_is_true(json_object_get(s->varying[k->workload_index], key)))
            json_object_set(shown, key, value);
    char *params = identity_params_text(shown);
    json_decref(shown);
    bool pmu = s->pmu_varies[k->workload_index];
    char *text = NULL;
    if (params && asprintf(&text, "%s%s%s", params, *params && pmu ? ", " : "", pmu ? k->pmu : "") < 0)
        text = NULL;
    free(params);
    return text;
}

/* ---- Statistics of one benchmark ---- */

static const struct run_rec *bench_run(const struct run_set *s, const struct bench *b, size_t k)
{
    size_t i = (size_t)(b - s->bench_info);
    return &s->runs[s->run_order[s->bench_first[i] + k]];
}

static size_t bench_nruns(const struct run_set *s, const struct bench *b)
{
    return s->bench_runs[b - s->bench_info];
}

struct field_sample run_set_field(const struct run_set *s, const struct bench *b, enum run_field field)
{
    struct field_sample f = { NAN, NAN, NAN, 0, 0 };
    size_t n = bench_nruns(s, b);
    double *v = malloc((n + 1) * sizeof *v);
    for (size_t k = 0; v && k < n; k++) {
        const struct run_rec *r = bench_run(s, b, k);
        double x = field == RUN_WALL_S ? r->wall_s : r->max_rss_kb;
        if (!r->measured)
            continue;
        if (!r->ok)
            f.failed++;
        else if (!isnan(x)) {
            v[f.n++] = x;
            f.max = isnan(f.max) || x > f.max ? x : f.max;
        }
    }
    f.median = stats_median(v, f.n);
    f.mad = stats_mad(v, f.n);
    free(v);
    return f;
}

static enum counter_source source_named(const char *s)
{
    if (!s)
        return COUNTER_NONE;
    if (strcmp(s, "hardware") == 0)
        return COUNTER_HARDWARE;
    if (strcmp(s, "simulated") == 0)
        return COUNTER_SIMULATED;
    return COUNTER_SOFTWARE;
}

/* Source and unavailability reason, from the first measured ok run that
 * recorded the event (preferring one with a value). */
static void describe_counter(const struct run_set *s, const struct bench *b, const char *event,
                             struct counter_sample *c)
{
    for (size_t k = 0; k < bench_nruns(s, b); k++) {
        const struct run_rec *r = bench_run(s, b, k);
        const json_t *ev = json_object_get(r->counters, event);
        if (!ev || !r->measured || !r->ok)
            continue;
        bool has_value = json_is_number(json_object_get(ev, "value"));
        if (c->source == COUNTER_NONE || has_value) {
            c->source = source_named(json_string_value(json_object_get(ev, "source")));
            c->unavailable = has_value ? NULL : json_string_value(json_object_get(ev, "unavailable"));
            if (!c->unavailable && !has_value)
                c->unavailable = "not counted";
        }
        if (has_value)
            return;
    }
    /* Never recorded: under cachegrind, because it does not simulate it. */
    if (c->source == COUNTER_NONE && run_set_timing(s, &b, 1) == TIMES_SIMULATED)
        c->unavailable = "not simulated by cachegrind";
}

static double counter_value(const struct run_rec *r, const char *event)
{
    return number_or_nan(json_object_get(json_object_get(r->counters, event), "value"));
}

struct counter_sample run_set_counter(const struct run_set *s, const struct bench *b, const char *event)
{
    struct counter_sample c = { NAN, 0, COUNTER_NONE, NULL };
    size_t n = bench_nruns(s, b);
    double *v = malloc((n + 1) * sizeof *v);
    for (size_t k = 0; v && k < n; k++) {
        const struct run_rec *r = bench_run(s, b, k);
        double x = counter_value(r, event);
        if (r->measured && r->ok && !isnan(x))
            v[c.n++] = x;
    }
    c.median = stats_median(v, c.n);
    free(v);
    describe_counter(s, b, event, &c);
    return c;
}

bool run_set_has_value(const struct run_set *s, const struct bench *b, const char *event)
{
    for (size_t k = 0; k < bench_nruns(s, b); k++)
        if (!isnan(counter_value(bench_run(s, b, k), event)))
            return true;
    return false;
}

static enum run_timing timing_of(size_t simulated, size_t measured)
{
    return simulated == 0 ? TIMES_MEASURED : measured == 0 ? TIMES_SIMULATED : TIMES_MIXED;
}

enum run_timing run_set_timing(const struct run_set *s, const struct bench *const *benches, size_t n)
{
    size_t simulated = 0, measured = 0;
    for (size_t i = 0; !benches && i < s->nruns; i++)
        if (s->runs[i].measured && s->runs[i].ok)
            s->runs[i].simulated ? simulated++ : measured++;
    for (size_t i = 0; benches && i < n; i++)
        for (size_t k = 0; k < bench_nruns(s, benches[i]); k++) {
            const struct run_rec *r = bench_run(s, benches[i], k);
            if (r->measured && r->ok)
                r->simulated ? simulated++ : measured++;
        }
    return timing_of(simulated, measured);
}

static double sum_of_calls(const json_t *calls)
{
    double sum = 0;
    const char *name;
    const json_t *n;
    json_object_foreach((json_t *)calls, name, n)
        if (json_is_number(n))
            sum += json_number_value(n);
    return sum;
}

double run_set_call_count(const struct run_set *s, const struct bench *b)
{
    for (size_t k = 0; k < bench_nruns(s, b); k++) {
        const struct run_rec *r = bench_run(s, b, k);
        if (r->ok && (r->calls || r->call_counts))
            return sum_of_calls(r->calls ? r->calls : r->call_counts);
    }
    return NAN;
}
