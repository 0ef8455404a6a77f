/* workloads/json_where.c: where a value is in a JSON text (see json_where.h). */
#include "workloads/json_where.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct scan {
    const char *p;
    int line;
};

static void skip_space(struct scan *s)
{
    for (; *s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'; s->p++)
        s->line += *s->p == '\n';
}

/* Past a string; *start and *len give its raw text between the quotes. */
static void skip_string(struct scan *s, const char **start, size_t *len)
{
    const char *begin = ++s->p;
    while (*s->p && *s->p != '"')
        s->p += s->p[0] == '\\' && s->p[1] ? 2 : 1;
    *start = begin;
    *len = (size_t)(s->p - begin);
    if (*s->p)
        s->p++;
}

/* Past one value of any kind (the text is valid JSON). */
static void skip_value(struct scan *s)
{
    skip_space(s);
    const char *start;
    size_t len;
    if (*s->p == '"') {
        skip_string(s, &start, &len);
        return;
    }
    if (*s->p != '{' && *s->p != '[') {
        while (*s->p && !strchr(",}] \t\r\n", *s->p))
            s->p++;
        return;
    }
    bool object = *s->p++ == '{';
    for (;;) {
        skip_space(s);
        if (*s->p == '}' || *s->p == ']' || !*s->p) {
            if (*s->p)
                s->p++;
            return;
        }
        if (object) {
            skip_string(s, &start, &len);
            skip_space(s);
            s->p++;   /* the colon */
        }
        skip_value(s);
        skip_space(s);
        if (*s->p == ',')
            s->p++;
    }
}

/* At the start of a value: the line of path's value inside it, or of the
 * deepest part found. */
static int find(struct scan *s, const char *const *path, size_t depth)
{
    skip_space(s);
    int here = s->line;
    if (depth == 0 || (*s->p != '{' && *s->p != '['))
        return here;
    bool object = *s->p++ == '{';
    for (long index = 0;; index++) {
        skip_space(s);
        if (*s->p == '}' || *s->p == ']' || !*s->p)
            return here;
        bool match;
        if (object) {
            const char *key;
            size_t len;
            skip_string(s, &key, &len);
            match = strlen(path[0]) == len && strncmp(key, path[0], len) == 0;
            skip_space(s);
            s->p++;   /* the colon */
        } else {
            char *end;
            match = strtol(path[0], &end, 10) == index && *end == '\0' && end != path[0];
        }
        if (match)
            return find(s, path + 1, depth - 1);
        skip_value(s);
        skip_space(s);
        if (*s->p == ',')
            s->p++;
    }
}

int json_line_of(const char *text, const char *const *path, size_t depth)
{
    struct scan s = { text, 1 };
    return find(&s, path, depth);
}
