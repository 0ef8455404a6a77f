/* base/identity.c: benchmark and run identities (see identity.h). */
#include "base/identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

const char *identity_file_pmu(const json_t *context)
{
    const char *backend = json_string_value(json_object_get(json_object_get(context, "counters"), "backend"));
    return backend && strcmp(backend, "cachegrind") == 0 ? "cachegrind" : "perf";
}

struct bench_id identity_of(const json_t *run, const char *file_pmu)
{
    const char *pmu = json_string_value(json_object_get(run, "pmu"));
    return (struct bench_id){
        .allocator = json_string_value(json_object_get(run, "allocator")),
        .workload = json_string_value(json_object_get(run, "workload")),
        .params = json_object_get(run, "params"),
        .threads = json_integer_value(json_object_get(run, "threads")),
        .pmu = pmu ? pmu : file_pmu,
    };
}

struct run_id identity_run_of(const json_t *run, const char *file_pmu)
{
    return (struct run_id){
        .bench = identity_of(run, file_pmu),
        .warmup = json_is_true(json_object_get(run, "warmup")),
        .repetition = json_integer_value(json_object_get(run, "repetition")),
    };
}

/* ---- Hashing ---- */

/* A 64-bit finaliser (the murmur3 one): every input bit reaches every output bit. */
static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    return h ^ (h >> 33);
}

static uint64_t combine(uint64_t h, uint64_t v)
{
    return mix(h ^ (v + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2)));
}

/* Bytes and their length, so ("ab", "c") and ("a", "bc") differ. */
static uint64_t hash_bytes(uint64_t h, const char *s, size_t n)
{
    uint64_t word = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&word, s + i, 8);
        h = combine(h, word);
    }
    word = 0;
    memcpy(&word, s + i, n - i);
    return combine(combine(h, word), n);
}

static uint64_t hash_string(uint64_t h, const char *s)
{
    return hash_bytes(h, s, strlen(s));
}

/* A JSON value as json_equal sees it: type and value; an object's keys in
 * any order (its pairs are summed). */
static uint64_t hash_json(const json_t *v)
{
    uint64_t h = mix((uint64_t)json_typeof(v) + 1);
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        uint64_t sum = 0;
        const char *key;
        json_t *value;
        json_object_foreach((json_t *)v, key, value)
            sum += combine(hash_string(0, key), hash_json(value));
        return combine(h, sum);
    }
    case JSON_ARRAY:
        for (size_t i = 0; i < json_array_size(v); i++)
            h = combine(h, hash_json(json_array_get(v, i)));
        return combine(h, json_array_size(v));
    case JSON_STRING:
        return hash_bytes(h, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        return combine(h, (uint64_t)json_integer_value(v));
    case JSON_REAL: {
        double d = json_real_value(v) + 0.0;   /* -0.0 and 0.0 are equal */
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        return combine(h, bits);
    }
    default:
        return h;
    }
}

uint64_t identity_hash_string(const char *s)
{
    return hash_string(0, s);
}

uint64_t identity_hash(const struct bench_id *id)
{
    uint64_t h = hash_string(0, id->allocator);
    h = hash_string(h, id->workload);
    h = combine(h, hash_json(id->params));
    h = combine(h, (uint64_t)id->threads);
    return hash_string(h, id->pmu);
}

bool identity_equal(const struct bench_id *a, const struct bench_id *b)
{
    return a->threads == b->threads && strcmp(a->allocator, b->allocator) == 0 &&
           strcmp(a->workload, b->workload) == 0 && strcmp(a->pmu, b->pmu) == 0 &&
           json_equal((json_t *)a->params, (json_t *)b->params);
}

uint64_t identity_run_hash(const struct run_id *id)
{
    return combine(combine(identity_hash(&id->bench), id->warmup), (uint64_t)id->repetition);
}

bool identity_run_equal(const struct run_id *a, const struct run_id *b)
{
    return a->warmup == b->warmup && a->repetition == b->repetition && identity_equal(&a->bench, &b->bench);
}

/* ---- For people ---- */

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *identity_params_text(const json_t *params)
{
    size_t n = json_object_size(params), i = 0;
    const char **keys = malloc((n ? n : 1) * sizeof *keys);
    char *text = NULL;
    size_t len = 0;
    FILE *out = keys ? open_memstream(&text, &len) : NULL;
    if (!out) {
        free(keys);
        return NULL;
    }
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)params, key, value)
        keys[i++] = key;
    qsort(keys, n, sizeof *keys, compare_strings);
    for (i = 0; i < n; i++) {
        value = json_object_get(params, keys[i]);
        char *dumped = json_is_string(value) ? NULL : json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
        fprintf(out, "%s%s=%s", i ? "," : "", keys[i], dumped ? dumped : json_string_value(value));
        free(dumped);
    }
    fclose(out);
    free(keys);
    char *shown = text ? text_escaped(text) : NULL;
    free(text);
    return shown;
}

char *identity_key_text(const struct bench_id *id)
{
    json_t *key = json_pack("[s,s,O,I,s]", id->allocator, id->workload, id->params, (json_int_t)id->threads,
                            id->pmu);
    char *text = key ? json_dumps(key, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(key);
    return text;
}

json_t *identity_to_json(const struct bench_id *id)
{
    return json_pack("{s:s,s:s,s:O,s:I,s:s}", "allocator", id->allocator, "workload", id->workload,
                     "params", id->params, "threads", (json_int_t)id->threads, "pmu", id->pmu);
}
