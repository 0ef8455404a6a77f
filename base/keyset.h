/*
 * base/keyset.h: a set of fixed-size keys (a struct bench_id, a struct
 * run_id, ...) in the order they were first added, found by hash in
 * constant expected time. Readers group a file's runs with it in one pass.
 *
 * What it must never do: hash or compare keys itself (the caller gives the
 * hash and the equality), or own what a key points to.
 */
#ifndef NGBENCH_BASE_KEYSET_H
#define NGBENCH_BASE_KEYSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEYSET_NONE ((size_t)-1)

struct keyset;

struct keyset *keyset_new(size_t key_size, bool (*equal)(const void *a, const void *b));
void keyset_free(struct keyset *s);

/* The index (first-seen order, from 0) of the key equal to key, added when
 * there is none (*added says which; may be NULL). KEYSET_NONE when memory
 * runs out. The set keeps a copy of the key's bytes. */
size_t keyset_add(struct keyset *s, const void *key, uint64_t hash, bool *added);
/* The index of the key equal to key, or KEYSET_NONE. */
size_t keyset_find(const struct keyset *s, const void *key, uint64_t hash);

size_t keyset_count(const struct keyset *s);
/* The copy of key i; valid until the next keyset_add. */
const void *keyset_key(const struct keyset *s, size_t i);

#endif
