/*
 * base/results_read.c: reading a results file run by run (see results.h).
 *
 * Two passes over the file, never all of it in memory. The first scans the
 * top-level object and its runs array for structure only (strings, nesting,
 * commas), noting where each member and each run starts and ends. The
 * second parses the pieces with jansson in the order a reader needs them
 * (schema_version, context, then each run), checks each, hands it to the
 * reader and frees it. A file of a million runs costs its runs' boundaries
 * and one run at a time.
 */
#include "base/results.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/text.h"

#define SCAN_BUFFER (1 << 20)
#define RAW_KEY_MAX 256        /* a top-level key longer than this, escapes included, is not ours */

struct span {
    off_t start, end;          /* bytes [start, end) */
    long line;                 /* line of start, from 1 */
};

struct scanner {
    int fd;
    unsigned char *buf;
    size_t len, at;            /* buf holds len bytes; the next is buf[at] */
    off_t offset;              /* file offset of buf[0] */
    long line;
    const char *qpath;         /* the path, quoted for messages */
    char *err;
    size_t errlen;
};

/* What the first pass finds. */
struct layout {
    struct span member[3];     /* schema_version, context, runs (the array) */
    bool has[3];
    bool runs_array;           /* runs is an array (else the second pass says what it is) */
    struct span *runs;         /* each run */
    size_t nruns, cap;
};

enum { VERSION, CONTEXT, RUNS };
static const char *const member_names[] = { [VERSION] = "schema_version", [CONTEXT] = "context", [RUNS] = "runs" };

static int fail_at(const char *qpath, long line, char *err, size_t errlen, const char *fmt, ...)
{
    char why[TEXT_QUOTED_LEN + 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(err, errlen, "%s: line %ld: %s", qpath, line, why);
    return -1;
}

#define FAIL(s, ...) fail_at((s)->qpath, (s)->line, (s)->err, (s)->errlen, __VA_ARGS__)

/* ---- First pass: structure ---- */

static off_t position(const struct scanner *s)
{
    return s->offset + (off_t)s->at;
}

/* The next byte without consuming it; -1 at the end, -2 after a read error (err set). */
static int peek(struct scanner *s)
{
    if (s->at == s->len) {
        s->offset += (off_t)s->len;
        s->at = s->len = 0;
        ssize_t n;
        do
            n = read(s->fd, s->buf, SCAN_BUFFER);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            snprintf(s->err, s->errlen, "%s: cannot read: %s", s->qpath, strerror(errno));
            return -2;
        }
        s->len = (size_t)n;
        if (n == 0)
            return -1;
    }
    return s->buf[s->at];
}

static int next(struct scanner *s)
{
    int c = peek(s);
    if (c >= 0) {
        s->at++;
        s->line += c == '\n';
    }
    return c;
}

static int skip_space(struct scanner *s)
{
    int c;
    while ((c = peek(s)) == ' ' || c == '\t' || c == '\n' || c == '\r')
        next(s);
    return c;
}

/* An error for byte c where want was expected (c < 0: the end or a read error). */
static int unexpected(struct scanner *s, int c, const char *want)
{
    if (c == -2)
        return -1;
    if (c == -1)
        return FAIL(s, "premature end of input (%s expected)", want);
    if (c < 0x20 || c >= 0x7F)
        return FAIL(s, "%s expected, not byte 0x%02x", want, c);
    return FAIL(s, "%s expected near '%c'", want, c);
}

/* A string token, its opening quote next. Its raw bytes (quotes and escapes
 * included) go to raw when they fit in rawlen - 1; *fits says whether they did. */
static int scan_string(struct scanner *s, char *raw, size_t rawlen, bool *fits)
{
    size_t used = 0;
    bool escaped = false;
    for (bool first = true;; first = false) {
        int c = next(s);
        if (c < 0)
            return unexpected(s, c, "'\"'");
        if (raw && used + 1 < rawlen)
            raw[used++] = (char)c;
        else if (raw)
            *fits = false;
        if (!first && !escaped && c == '"')
            break;
        escaped = !escaped && c == '\\';
    }
    if (raw)
        raw[used] = '\0';
    return 0;
}

/* Any value: a string, an object or array (brackets counted, strings
 * skipped), or a bare word (a number, true, false, null). Its syntax is
 * jansson's to check in the second pass; this only finds where it ends. */
static int skip_value(struct scanner *s)
{
    int c = skip_space(s);
    if (c == '"')
        return scan_string(s, NULL, 0, NULL);
    if (c != '{' && c != '[') {
        size_t n = 0;
        while ((c = peek(s)) >= 0 && !strchr(" \t\r\n,]}:", c) && c != '"' && c != '{' && c != '[') {
            next(s);
            n++;
        }
        return n ? (c == -2 ? -1 : 0) : unexpected(s, c, "a value");
    }
    size_t depth = 0;
    do {
        c = peek(s);
        if (c < 0)
            return unexpected(s, c, depth ? "'}' or ']'" : "a value");
        if (c == '"') {
            if (scan_string(s, NULL, 0, NULL) != 0)
                return -1;
            continue;
        }
        next(s);
        depth += c == '{' || c == '[';
        depth -= c == '}' || c == ']';
    } while (depth > 0);
    return 0;
}

static int add_run(struct scanner *s, struct layout *l, struct span run)
{
    if (l->nruns == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 1024;
        struct span *grown = realloc(l->runs, cap * sizeof *grown);
        if (!grown) {
            snprintf(s->err, s->errlen, "%s: out of memory", s->qpath);
            return -1;
        }
        l->runs = grown;
        l->cap = cap;
    }
    l->runs[l->nruns++] = run;
    return 0;
}

/* The runs array: each element's span. */
static int scan_runs(struct scanner *s, struct layout *l)
{
    int c = skip_space(s);
    if (c != '[')
        return c < 0 ? unexpected(s, c, "'['") : 1;   /* not an array: the second pass says so */
    next(s);
    if ((c = skip_space(s)) == ']') {
        next(s);
        return 0;
    }
    for (;;) {
        struct span run = { position(s), 0, s->line };
        if (skip_value(s) != 0)
            return -1;
        run.end = position(s);
        if (add_run(s, l, run) != 0)
            return -1;
        c = skip_space(s);
        next(s);
        if (c == ']')
            return 0;
        if (c != ',')
            return unexpected(s, c, "',' or ']'");
        if (skip_space(s) == ']')
            return FAIL(s, "a value expected after ','");
    }
}

/* A member name, decoded (JSON escapes allowed); "" when it is none of ours. */
static int scan_key(struct scanner *s, char *key, size_t keylen)
{
    char raw[RAW_KEY_MAX];
    bool fits = true;
    int c = skip_space(s);
    if (c != '"')
        return unexpected(s, c, "a string");
    if (scan_string(s, raw, sizeof raw, &fits) != 0)
        return -1;
    key[0] = '\0';
    json_t *decoded = fits ? json_loads(raw, JSON_DECODE_ANY, NULL) : NULL;
    if (json_is_string(decoded) && json_string_length(decoded) < keylen)
        memcpy(key, json_string_value(decoded), json_string_length(decoded) + 1);
    json_decref(decoded);
    return 0;
}

static int scan_member(struct scanner *s, struct layout *l)
{
    char key[32], q[TEXT_QUOTED_LEN];
    if (scan_key(s, key, sizeof key) != 0)
        return -1;
    int c = skip_space(s);
    if (next(s) != ':')
        return unexpected(s, c, "':'");
    size_t m = 0;
    while (m < 3 && strcmp(key, member_names[m]) != 0)
        m++;
    if (m == 3)
        return FAIL(s, "not an ngbench results file: unexpected member \"%s\" (it has schema_version, context and runs)",
                    text_quote(key, q, sizeof q));
    if (l->has[m])
        return FAIL(s, "\"%s\" appears twice", member_names[m]);
    skip_space(s);
    l->has[m] = true;
    l->member[m] = (struct span){ position(s), 0, s->line };
    int rc = m == RUNS ? scan_runs(s, l) : 1;
    l->runs_array = l->runs_array || (m == RUNS && rc == 0);
    if (rc > 0)
        rc = skip_value(s);
    l->member[m].end = position(s);
    return rc;
}

/* 0 with l filled; 1 when the file is JSON of another shape (not an object); -1 with err. */
static int scan_layout(struct scanner *s, struct layout *l)
{
    int c = skip_space(s);
    if (c != '{')
        return c == '[' || c == '"' || (c >= 0 && strchr("-0123456789tfn", c)) ? 1 : unexpected(s, c, "'{'");
    next(s);
    if ((c = skip_space(s)) == '}')
        next(s);
    else
        for (;;) {
            if (scan_member(s, l) != 0)
                return -1;
            c = skip_space(s);
            next(s);
            if (c == '}')
                break;
            if (c != ',')
                return unexpected(s, c, "',' or '}'");
        }
    c = skip_space(s);
    return c == -1 ? 0 : c == -2 ? -1 : FAIL(s, "end of file expected after the document");
}

/* ---- Second pass: the pieces, parsed ---- */

struct pieces {
    int fd;
    const char *qpath;
    char *buf;
    size_t cap;
    off_t buf_start, buf_end;  /* the file bytes buf holds */
    char *err;
    size_t errlen;
};

/* The bytes of span, read into p->buf (with the bytes after it, so that
 * consecutive runs need one read per megabyte). */
static const char *bytes_of(struct pieces *p, struct span sp)
{
    size_t n = (size_t)(sp.end - sp.start);
    if (sp.start >= p->buf_start && sp.end <= p->buf_end)
        return p->buf + (sp.start - p->buf_start);
    size_t want = n > SCAN_BUFFER ? n : SCAN_BUFFER;
    if (want > p->cap) {
        char *grown = realloc(p->buf, want);
        if (!grown) {
            snprintf(p->err, p->errlen, "%s: out of memory", p->qpath);
            return NULL;
        }
        p->buf = grown;
        p->cap = want;
    }
    size_t got = 0;
    while (got < want) {
        ssize_t r = pread(p->fd, p->buf + got, want - got, sp.start + (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    p->buf_start = sp.start;
    p->buf_end = sp.start + (off_t)got;
    if (got < n) {
        snprintf(p->err, p->errlen, "%s: cannot read: %s", p->qpath, got ? "the file shrank" : strerror(errno));
        return NULL;
    }
    return p->buf;
}

static json_t *parse(struct pieces *p, struct span sp)
{
    const char *bytes = bytes_of(p, sp);
    if (!bytes)
        return NULL;
    json_error_t jerr;
    json_t *v = json_loadb(bytes, (size_t)(sp.end - sp.start), JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
    if (!v) {
        char q[TEXT_QUOTED_LEN];
        fail_at(p->qpath, sp.line + (jerr.line > 0 ? jerr.line - 1 : 0), p->err, p->errlen, "%s",
                text_quote(jerr.text, q, sizeof q));
    }
    return v;
}

static int read_version(struct pieces *p, const struct layout *l)
{
    json_t *version = parse(p, l->member[VERSION]);
    if (!version)
        return -1;
    int rc = 0;
    if (!json_is_integer(version)) {
        snprintf(p->err, p->errlen, "%s: not an ngbench results file (schema_version is not an integer)", p->qpath);
        rc = -1;
    } else if (json_integer_value(version) != RESULTS_SCHEMA_VERSION) {
        snprintf(p->err, p->errlen, "%s: schema_version %lld is not %d", p->qpath,
                 (long long)json_integer_value(version), RESULTS_SCHEMA_VERSION);
        rc = -1;
    }
    json_decref(version);
    return rc;
}

static int read_context(struct pieces *p, const struct layout *l, const struct results_reader *r)
{
    json_t *context = parse(p, l->member[CONTEXT]);
    if (!context)
        return -1;
    int rc = 0;
    const json_t *backend = json_object_get(json_object_get(context, "counters"), "backend");
    if (!json_is_object(context)) {
        snprintf(p->err, p->errlen, "%s: not an ngbench results file (context is not an object)", p->qpath);
        rc = -1;
    } else if (backend && results_check_pmu(backend) != 0) {
        snprintf(p->err, p->errlen, "%s: context.counters.backend is not \"perf\" or \"cachegrind\"", p->qpath);
        rc = -1;
    } else if (r->context && r->context(r->ctx, context, p->err, p->errlen) != 0) {
        rc = -1;
    }
    json_decref(context);
    return rc;
}

static int read_runs(struct pieces *p, const struct layout *l, const struct results_reader *r)
{
    for (size_t i = 0; i < l->nruns; i++) {
        json_t *run = parse(p, l->runs[i]);
        if (!run)
            return -1;
        char why[TEXT_QUOTED_LEN + 128];
        int rc = 0;
        if (results_check_run(run, why, sizeof why) != 0) {
            snprintf(p->err, p->errlen, "%s: runs[%zu]: %s", p->qpath, i, why);
            rc = -1;
        } else if (r->run && r->run(r->ctx, run, i, p->err, p->errlen) != 0) {
            rc = -1;
        }
        json_decref(run);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* The runs member when it is not an array: parsed only to say what it is. */
static int check_runs_is_array(struct pieces *p, const struct layout *l)
{
    if (l->runs_array)
        return 0;
    json_t *runs = parse(p, l->member[RUNS]);
    if (!runs)
        return -1;
    json_decref(runs);
    snprintf(p->err, p->errlen, "%s: not an ngbench results file (runs is not an array)", p->qpath);
    return -1;
}

static int open_regular(const char *path, const char *qpath, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", qpath, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: %s", qpath, S_ISDIR(st.st_mode) ? "is a directory, not a results file"
                                                              : "is not a regular file");
        close(fd);
        return -1;
    }
    return fd;
}

int results_read(const char *path, const struct results_reader *r, char *err, size_t errlen)
{
    char qpath[TEXT_QUOTED_LEN];
    text_quote(path, qpath, sizeof qpath);
    int fd = open_regular(path, qpath, err, errlen);
    if (fd < 0)
        return -1;
    struct scanner s = { .fd = fd, .buf = malloc(SCAN_BUFFER), .line = 1, .qpath = qpath,
                         .err = err, .errlen = errlen };
    struct layout l = { 0 };
    struct pieces p = { .fd = fd, .qpath = qpath, .err = err, .errlen = errlen };
    int rc = -1, shape = s.buf ? scan_layout(&s, &l) : -1;
    if (!s.buf)
        snprintf(err, errlen, "%s: out of memory", qpath);
    else if (shape == 1 || (shape == 0 && (!l.has[VERSION] || !l.has[CONTEXT] || !l.has[RUNS])))
        snprintf(err, errlen, "%s: not an ngbench results file", qpath);
    else if (shape == 0)
        rc = read_version(&p, &l) == 0 && read_context(&p, &l, r) == 0 && check_runs_is_array(&p, &l) == 0 &&
             read_runs(&p, &l, r) == 0 ? 0 : -1;
    free(s.buf);
    free(l.runs);
    free(p.buf);
    close(fd);
    return rc;
}
