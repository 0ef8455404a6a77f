/*
 * workloads/bench.h: what every synthetic workload program shares.
 *
 * Options (--name=value tables), a seeded random generator, stamping and
 * checking blocks (with one injectable fault, so tests can prove the
 * self-check bites), working sets of stamped blocks and the random
 * replacement loop two workloads share, a bounded queue for handing blocks
 * between threads, starting and joining workers, a monotonic clock, and
 * the final "ngbench-result:" line.
 * What it must never do: allocate anything in a measured loop beyond the
 * blocks the workload asked for (its own bookkeeping is allocated before
 * the clock starts), or keep global state beyond the fault flag and the
 * program name.
 */
#ifndef NGBENCH_WORKLOADS_BENCH_H
#define NGBENCH_WORKLOADS_BENCH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Options ---- */

struct bench_opt {
    const char *name;       /* without the leading "--" */
    long *value;            /* holds the default; overwritten when given */
    long min, max;          /* accepted range, inclusive */
    const char *help;
};

/* Parses --name=value for every option in opts, plus --seed (into *seed,
 * default left as given), --inject-fault and --help. Exits 2 with
 * "PROG: ..." on anything else. */
void bench_parse(int argc, char **argv, const char *prog, const char *summary,
                 struct bench_opt *opts, size_t nopts, uint64_t *seed);

/* ---- Random numbers (splitmix64: tiny, seedable, good enough) ---- */

struct rng { uint64_t s; };

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0. */
static inline uint64_t rng_below(struct rng *r, uint64_t n) { return rng_next(r) % n; }

/* Uniform in [lo, hi]. */
static inline size_t rng_range(struct rng *r, size_t lo, size_t hi)
{
    return lo + (size_t)rng_below(r, (uint64_t)(hi - lo) + 1);
}

/* A generator for stream `stream` (a thread index, say) of seed `seed`. */
static inline struct rng rng_for(uint64_t seed, uint64_t stream)
{
    struct rng r = { seed ^ (stream * 0xd1b54a32d192ed03ULL) };
    rng_next(&r);
    return r;
}

/* ---- Stamping and checking blocks ---- */

/* The tag a block with sequence number seq of stream `stream` carries. */
static inline uint64_t bench_tag(uint64_t stream, uint64_t seq)
{
    return (stream << 40) ^ seq ^ 0x5bd1e9955bd1e995ULL;
}

/* Writes the tag into the first 8 bytes and its complement into the last
 * 8 (fewer, overlapping, when size < 16). */
void bench_stamp(void *p, size_t size, uint64_t tag);
/* Writes a tag-derived value into every 8-byte word (and the tail bytes). */
void bench_fill(void *p, size_t size, uint64_t tag);
/* Check what bench_stamp / bench_fill wrote; on a mismatch print
 * "PROG: self-check failed: <what> ..." and exit 1. */
void bench_check_stamp(const void *p, size_t size, uint64_t tag, const char *what);
void bench_check_fill(const void *p, size_t size, uint64_t tag, const char *what);

/* Fault injection: when --inject-fault was given, the first call (over all
 * threads) flips one byte of p; later calls do nothing. bench_stamp and
 * bench_fill call it; workloads that write blocks their own way call it
 * after writing. */
void bench_fault_point(void *p, size_t size);

/* Prints "PROG: self-check failed: ..." and exits 1. */
void bench_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ---- A working set of stamped blocks, replaced by index ---- */

struct slot_set {
    void **blocks;          /* NULL where a slot is empty */
    size_t *sizes;
    uint64_t *tags;
    size_t n;
};

void slot_set_init(struct slot_set *s, size_t n);
/* Checks and frees what slot i holds, then allocates and stamps a block of
 * `size` bytes tagged `tag` there. */
void slot_set_put(struct slot_set *s, size_t i, size_t size, uint64_t tag);
/* Checks and frees every block and the arrays. */
void slot_set_clear(struct slot_set *s);

/* Random replacement in a per-thread working set (glibc-thread,
 * alloc-test): `iterations` times, put a block of size(rng) into slot
 * slot(rng, slots). Run it as a thread function on a struct churn. */
struct churn {
    long id, iterations, slots;
    uint64_t seed;
    size_t (*slot)(struct rng *r, size_t slots);
    size_t (*size)(struct rng *r);
};
void *churn_run(void *churn);

/* The whole main() of a churn workload: parses --threads, --iterations,
 * --slots and --seed, runs one churn per thread, prints the result line
 * (an op is one replacement). */
int churn_main(int argc, char **argv, const char *prog, const char *summary, long iterations, long slots,
               size_t (*slot)(struct rng *r, size_t slots), size_t (*size)(struct rng *r));

/* ---- Handing blocks between threads ---- */

/* A bounded FIFO of pointers guarded by a mutex: push waits while full, pop
 * waits while empty. Its ring is allocated once, outside measured loops. */
struct bench_queue {
    pthread_mutex_t lock;
    pthread_cond_t not_full, not_empty;
    void **ring;
    size_t cap, head, count;
};

void bench_queue_init(struct bench_queue *q, size_t cap);
void bench_queue_push(struct bench_queue *q, void *item);
void *bench_queue_pop(struct bench_queue *q);
void bench_queue_destroy(struct bench_queue *q);

/* ---- Threads, time, results ---- */

/* Runs fn(args + i * arg_size) on `threads` threads and joins them all;
 * returns the seconds from the first start to the last join. */
double bench_run_workers(long threads, void *(*fn)(void *), void *args, size_t arg_size);

/* pthread_create or exit 1 with a message. */
void bench_spawn(pthread_t *t, void *(*fn)(void *), void *arg);
void bench_join(pthread_t t);

/* malloc that exits 1 with a message when the allocator returns NULL. */
void *bench_xmalloc(size_t size);

double bench_now(void);

/* Prints "ngbench-result: time_s=T ops=N ops_per_sec=R" followed by extra
 * (already formatted "key=value ..." pairs, or NULL). */
void bench_result(double seconds, double ops, const char *extra);

#endif
