/* base/keyset.c: open addressing over a dense array of keys (see keyset.h). */
#include "base/keyset.h"

#include <stdlib.h>
#include <string.h>

struct keyset {
    size_t key_size;
    bool (*equal)(const void *a, const void *b);
    unsigned char *keys;       /* count keys of key_size bytes, first-seen order */
    uint64_t *hashes;          /* of each key */
    size_t count, capacity;
    size_t *slots;             /* index + 1 of a key, 0 for empty; a power of two, at most half full */
    size_t nslots;
};

struct keyset *keyset_new(size_t key_size, bool (*equal)(const void *a, const void *b))
{
    struct keyset *s = calloc(1, sizeof *s);
    if (s) {
        s->key_size = key_size;
        s->equal = equal;
    }
    return s;
}

void keyset_free(struct keyset *s)
{
    if (!s)
        return;
    free(s->keys);
    free(s->hashes);
    free(s->slots);
    free(s);
}

static const void *key_at(const struct keyset *s, size_t i)
{
    return s->keys + i * s->key_size;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t probe(const struct keyset *s, const void *key, uint64_t hash)
{
    size_t mask = s->nslots - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        size_t at = s->slots[i];
        if (at == 0 || (s->hashes[at - 1] == hash && s->equal(key_at(s, at - 1), key)))
            return i;
    }
}

static bool grow_slots(struct keyset *s)
{
    size_t nslots = s->nslots ? 2 * s->nslots : 16;
    size_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return false;
    free(s->slots);
    s->slots = slots;
    s->nslots = nslots;
    for (size_t k = 0; k < s->count; k++) {
        size_t mask = nslots - 1, i = (size_t)s->hashes[k] & mask;
        while (slots[i])
            i = (i + 1) & mask;
        slots[i] = k + 1;
    }
    return true;
}

static bool grow_keys(struct keyset *s)
{
    size_t capacity = s->capacity ? 2 * s->capacity : 16;
    unsigned char *keys = realloc(s->keys, capacity * s->key_size);
    if (!keys)
        return false;
    s->keys = keys;
    uint64_t *hashes = realloc(s->hashes, capacity * sizeof *hashes);
    if (!hashes)
        return false;
    s->hashes = hashes;
    s->capacity = capacity;
    return true;
}

size_t keyset_find(const struct keyset *s, const void *key, uint64_t hash)
{
    if (s->count == 0)
        return KEYSET_NONE;
    size_t at = s->slots[probe(s, key, hash)];
    return at ? at - 1 : KEYSET_NONE;
}

size_t keyset_add(struct keyset *s, const void *key, uint64_t hash, bool *added)
{
    if (added)
        *added = false;
    if (2 * (s->count + 1) > s->nslots && !grow_slots(s))
        return KEYSET_NONE;
    size_t slot = probe(s, key, hash);
    if (s->slots[slot])
        return s->slots[slot] - 1;
    if (s->count == s->capacity && !grow_keys(s))
        return KEYSET_NONE;
    memcpy(s->keys + s->count * s->key_size, key, s->key_size);
    s->hashes[s->count] = hash;
    s->slots[slot] = ++s->count;
    if (added)
        *added = true;
    return s->count - 1;
}

size_t keyset_count(const struct keyset *s)
{
    return s->count;
}

const void *keyset_key(const struct keyset *s, size_t i)
{
    return key_at(s, i);
}
