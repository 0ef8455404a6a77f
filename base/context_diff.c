/* base/context_diff.c: differences between two results contexts (see context_diff.h). */
#include "base/context_diff.h"

#include "base/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct diff_text {
    char *buf;
    size_t len, used;
    size_t count;
};

/* Records `name` when the two values differ; a key absent on both sides is equal. */
static void compare_value(struct diff_text *d, const char *name, const json_t *a, const json_t *b)
{
    if ((!a && !b) || (a && b && json_equal(a, b)))
        return;
    char *ta = a ? json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    char *tb = b ? json_dumps(b, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    char qa[TEXT_QUOTED_LEN], qb[TEXT_QUOTED_LEN];
    if (d->used < d->len) {
        int n = snprintf(d->buf + d->used, d->len - d->used, "%s%s %s vs %s", d->count ? "; " : "", name,
                         ta ? text_quote(ta, qa, sizeof qa) : "(absent)",
                         tb ? text_quote(tb, qb, sizeof qb) : "(absent)");
        d->used += n > 0 ? (size_t)n : 0;
        if (d->used > d->len)
            d->used = d->len;
    }
    d->count++;
    free(ta);
    free(tb);
}

static void compare_allocators(struct diff_text *d, const json_t *a, const json_t *b)
{
    static const char *const fields[] = { "path", "version" };
    const char *name;
    const json_t *alloc_a;
    json_object_foreach((json_t *)json_object_get(a, "allocators"), name, alloc_a) {
        const json_t *alloc_b = json_object_get(json_object_get(b, "allocators"), name);
        if (!alloc_b)
            continue;
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
            char label[TEXT_QUOTED_LEN + 32], q[TEXT_QUOTED_LEN];
            snprintf(label, sizeof label, "allocators.%s.%s", text_quote(name, q, sizeof q), fields[k]);
            compare_value(d, label, json_object_get(alloc_a, fields[k]), json_object_get(alloc_b, fields[k]));
        }
    }
}

size_t context_differences(const json_t *a, const json_t *b, const char *const *fields,
                           bool with_allocators, char *buf, size_t buflen)
{
    struct diff_text d = { buf, buflen, 0, 0 };
    if (buflen)
        buf[0] = '\0';
    for (size_t i = 0; fields[i]; i++)
        compare_value(&d, fields[i], json_object_get(a, fields[i]), json_object_get(b, fields[i]));
    if (with_allocators)
        compare_allocators(&d, a, b);
    return d.count;
}
