/* workloads/bench.c: options, stamping and checking, fault injection, result line. */
#include "bench.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *bench_prog = "workload";
static atomic_bool fault_armed;

/* ---- Options ---- */

static void usage(const char *summary, const struct bench_opt *opts, size_t nopts)
{
    printf("%s: %s\nOptions:\n", bench_prog, summary);
    for (size_t i = 0; i < nopts; i++)
        printf("  --%s=N  %s (default %ld, %ld..%ld)\n", opts[i].name, opts[i].help,
               *opts[i].value, opts[i].min, opts[i].max);
    printf("  --seed=S  random seed (default 42)\n"
           "  --inject-fault  corrupt one block to prove the self-check catches it\n");
}

static void bad_arg(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", bench_prog);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(2);
}

/* Parses the digits after "--name=" into a long, or exits 2. */
static long parse_long(const char *arg, const char *digits)
{
    char *end;
    errno = 0;
    long v = strtol(digits, &end, 10);
    if (errno || end == digits || *end)
        bad_arg("'%s' is not a whole number", arg);
    return v;
}

static bool set_option(const char *arg, struct bench_opt *opts, size_t nopts)
{
    for (size_t i = 0; i < nopts; i++) {
        size_t len = strlen(opts[i].name);
        if (strncmp(arg + 2, opts[i].name, len) != 0 || arg[2 + len] != '=')
            continue;
        long v = parse_long(arg, arg + 3 + len);
        if (v < opts[i].min || v > opts[i].max) {
            fprintf(stderr, "%s: --%s must be in %ld..%ld\n", bench_prog, opts[i].name,
                    opts[i].min, opts[i].max);
            exit(2);
        }
        *opts[i].value = v;
        return true;
    }
    return false;
}

void bench_parse(int argc, char **argv, const char *prog, const char *summary,
                 struct bench_opt *opts, size_t nopts, uint64_t *seed)
{
    bench_prog = prog;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0) {
            usage(summary, opts, nopts);
            exit(0);
        } else if (strcmp(a, "--inject-fault") == 0) {
            atomic_store(&fault_armed, true);
        } else if (strncmp(a, "--seed=", 7) == 0) {
            *seed = (uint64_t)parse_long(a, a + 7);
        } else if (strncmp(a, "--", 2) != 0 || !set_option(a, opts, nopts)) {
            bad_arg("unknown argument '%s' (try --help)", a);
        }
    }
}

/* ---- Stamping and checking ---- */

/* The value word i of a filled block holds. */
static inline uint64_t fill_word(uint64_t tag, size_t i)
{
    return tag ^ ((uint64_t)i * 0x9e3779b97f4a7c15ULL);
}

void bench_fault_point(void *p, size_t size)
{
    if (size == 0 || !atomic_load_explicit(&fault_armed, memory_order_relaxed))
        return;
    if (atomic_exchange(&fault_armed, false))
        ((unsigned char *)p)[0] ^= 0x5a;
}

/* The head word holds the tag, the tail word its complement; in blocks
 * under 16 bytes they overlap, the tail written last. */
static void stamp_image(void *dst, size_t size, uint64_t tag)
{
    uint64_t tail = ~tag;
    size_t n = size < 8 ? size : 8;
    memcpy(dst, &tag, n);
    memcpy((char *)dst + size - n, &tail, n);
}

void bench_stamp(void *p, size_t size, uint64_t tag)
{
    stamp_image(p, size, tag);
    bench_fault_point(p, size);
}

void bench_check_stamp(const void *p, size_t size, uint64_t tag, const char *what)
{
    unsigned char want[16];
    bool ok;
    if (size < 16) {
        stamp_image(want, size, tag);
        ok = memcmp(p, want, size) == 0;
    } else {
        stamp_image(want, 16, tag);
        ok = memcmp(p, want, 8) == 0 && memcmp((const char *)p + size - 8, want + 8, 8) == 0;
    }
    if (!ok)
        bench_fail("%s: block %p of %zu bytes lost its stamp", what, p, size);
}

void bench_fill(void *p, size_t size, uint64_t tag)
{
    uint64_t *w = p;
    size_t words = size / 8;
    for (size_t i = 0; i < words; i++)
        w[i] = fill_word(tag, i);
    uint64_t last = fill_word(tag, words);
    memcpy((char *)p + words * 8, &last, size % 8);
    bench_fault_point(p, size);
}

void bench_check_fill(const void *p, size_t size, uint64_t tag, const char *what)
{
    const uint64_t *w = p;
    size_t words = size / 8;
    for (size_t i = 0; i < words; i++)
        if (w[i] != fill_word(tag, i))
            bench_fail("%s: word %zu of block %p (%zu bytes) overwritten", what, i, p, size);
    uint64_t last = fill_word(tag, words);
    if (memcmp((const char *)p + words * 8, &last, size % 8) != 0)
        bench_fail("%s: tail of block %p (%zu bytes) overwritten", what, p, size);
}

void bench_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: self-check failed: ", bench_prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fflush(stderr);
    _exit(1);   /* other threads may hold the blocks: do not run exit handlers */
}

/* ---- A working set of stamped blocks ---- */

void slot_set_init(struct slot_set *s, size_t n)
{
    s->n = n;
    s->blocks = bench_xmalloc(n * sizeof *s->blocks);
    s->sizes = bench_xmalloc(n * sizeof *s->sizes);
    s->tags = bench_xmalloc(n * sizeof *s->tags);
    for (size_t i = 0; i < n; i++)
        s->blocks[i] = NULL;
}

static void slot_drop(struct slot_set *s, size_t i)
{
    if (!s->blocks[i])
        return;
    bench_check_stamp(s->blocks[i], s->sizes[i], s->tags[i], "block in a working set");
    free(s->blocks[i]);
    s->blocks[i] = NULL;
}

void slot_set_put(struct slot_set *s, size_t i, size_t size, uint64_t tag)
{
    slot_drop(s, i);
    s->sizes[i] = size;
    s->tags[i] = tag;
    s->blocks[i] = bench_xmalloc(size);
    bench_stamp(s->blocks[i], size, tag);
}

void slot_set_clear(struct slot_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        slot_drop(s, i);
    free(s->blocks);
    free(s->sizes);
    free(s->tags);
    s->n = 0;
}

void *churn_run(void *arg)
{
    struct churn *c = arg;
    struct rng r = rng_for(c->seed, (uint64_t)c->id);
    struct slot_set set;
    slot_set_init(&set, (size_t)c->slots);
    for (long it = 0; it < c->iterations; it++) {
        size_t i = c->slot(&r, (size_t)c->slots);
        slot_set_put(&set, i, c->size(&r), bench_tag((uint64_t)c->id, (uint64_t)it));
    }
    slot_set_clear(&set);
    return NULL;
}

int churn_main(int argc, char **argv, const char *prog, const char *summary, long iterations, long slots,
               size_t (*slot)(struct rng *r, size_t slots), size_t (*size)(struct rng *r))
{
    long threads = 2;
    uint64_t seed = 42;
    struct bench_opt opts[] = {
        { "threads", &threads, 1, 1024, "worker threads" },
        { "iterations", &iterations, 1, 1L << 40, "replacements per thread" },
        { "slots", &slots, 1, 1L << 26, "working-set slots per thread" },
    };
    bench_parse(argc, argv, prog, summary, opts, sizeof opts / sizeof opts[0], &seed);
    struct churn *cs = bench_xmalloc((size_t)threads * sizeof *cs);
    for (long i = 0; i < threads; i++)
        cs[i] = (struct churn){ .id = i, .iterations = iterations, .slots = slots, .seed = seed,
                                .slot = slot, .size = size };
    double secs = bench_run_workers(threads, churn_run, cs, sizeof *cs);
    free(cs);
    bench_result(secs, (double)threads * (double)iterations, NULL);
    return 0;
}

/* ---- Handing blocks between threads ---- */

void bench_queue_init(struct bench_queue *q, size_t cap)
{
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->not_full, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    q->ring = bench_xmalloc(cap * sizeof *q->ring);
    q->cap = cap;
    q->head = q->count = 0;
}

void bench_queue_push(struct bench_queue *q, void *item)
{
    pthread_mutex_lock(&q->lock);
    while (q->count == q->cap)
        pthread_cond_wait(&q->not_full, &q->lock);
    q->ring[(q->head + q->count) % q->cap] = item;
    q->count++;
    pthread_cond_signal(&q->not_empty);
    pthread_mutex_unlock(&q->lock);
}

void *bench_queue_pop(struct bench_queue *q)
{
    pthread_mutex_lock(&q->lock);
    while (q->count == 0)
        pthread_cond_wait(&q->not_empty, &q->lock);
    void *item = q->ring[q->head];
    q->head = (q->head + 1) % q->cap;
    q->count--;
    pthread_cond_signal(&q->not_full);
    pthread_mutex_unlock(&q->lock);
    return item;
}

void bench_queue_destroy(struct bench_queue *q)
{
    free(q->ring);
    pthread_cond_destroy(&q->not_full);
    pthread_cond_destroy(&q->not_empty);
    pthread_mutex_destroy(&q->lock);
}

/* ---- Threads, time, results ---- */

void bench_spawn(pthread_t *t, void *(*fn)(void *), void *arg)
{
    int rc = pthread_create(t, NULL, fn, arg);
    if (rc != 0) {
        fprintf(stderr, "%s: cannot create thread: %s\n", bench_prog, strerror(rc));
        exit(1);
    }
}

double bench_run_workers(long threads, void *(*fn)(void *), void *args, size_t arg_size)
{
    pthread_t *ts = bench_xmalloc((size_t)threads * sizeof *ts);
    double t0 = bench_now();
    for (long i = 0; i < threads; i++)
        bench_spawn(&ts[i], fn, (char *)args + (size_t)i * arg_size);
    for (long i = 0; i < threads; i++)
        bench_join(ts[i]);
    double secs = bench_now() - t0;
    free(ts);
    return secs;
}

void bench_join(pthread_t t)
{
    int rc = pthread_join(t, NULL);
    if (rc != 0) {
        fprintf(stderr, "%s: cannot join thread: %s\n", bench_prog, strerror(rc));
        exit(1);
    }
}

void *bench_xmalloc(size_t size)
{
    void *p = malloc(size);
    if (!p) {
        fprintf(stderr, "%s: out of memory allocating %zu bytes\n", bench_prog, size);
        _exit(1);
    }
    return p;
}

double bench_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void bench_result(double seconds, double ops, const char *extra)
{
    if (seconds <= 0)
        seconds = 1e-9;
    printf("ngbench-result: time_s=%.6f ops=%.0f ops_per_sec=%.6e%s%s\n", seconds, ops,
           ops / seconds, extra ? " " : "", extra ? extra : "");
    fflush(stdout);
}
