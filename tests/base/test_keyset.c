/* The keyset: first-seen order, lookups by hash and equality, growth, and
 * keys whose hashes collide. */
#include "base/keyset.h"
#include "tests/check.h"

#include <stdint.h>

struct pair {
    int a, b;
};

static bool same_pair(const void *x, const void *y)
{
    const struct pair *p = x, *q = y;
    return p->a == q->a && p->b == q->b;
}

/* Deliberately bad: every pair with the same a collides. */
static uint64_t weak_hash(const struct pair *p)
{
    return (uint64_t)p->a;
}

int main(void)
{
    struct keyset *s = keyset_new(sizeof(struct pair), same_pair);
    CHECK(s && keyset_count(s) == 0);
    struct pair probe = { 1, 1 };
    CHECK(keyset_find(s, &probe, weak_hash(&probe)) == KEYSET_NONE);
    /* 20,000 keys, 100 per hash value: indexes follow first appearance */
    for (int i = 0; i < 20000; i++) {
        struct pair p = { i % 200, i };
        bool added;
        CHECK(keyset_add(s, &p, weak_hash(&p), &added) == (size_t)i && added);
    }
    CHECK(keyset_count(s) == 20000);
    for (int i = 0; i < 20000; i += 7) {
        struct pair p = { i % 200, i };
        bool added;
        CHECK(keyset_add(s, &p, weak_hash(&p), &added) == (size_t)i && !added);
        CHECK(keyset_find(s, &p, weak_hash(&p)) == (size_t)i);
        const struct pair *k = keyset_key(s, (size_t)i);
        CHECK(k->a == p.a && k->b == p.b);
    }
    struct pair absent = { 3, 20003 };
    CHECK(keyset_find(s, &absent, weak_hash(&absent)) == KEYSET_NONE);
    keyset_free(s);
    return CHECK_DONE();
}
