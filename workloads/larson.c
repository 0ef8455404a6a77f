/*
 * larson: models Larson and Krishnan's server simulation. Each of --threads
 * slots owns an array of --blocks blocks; its thread replaces random blocks
 * with new ones of random size (--min-size to --max-size bytes) for
 * --rounds rounds of --blocks replacements, then starts its successor and
 * exits. The successor inherits the array, so it frees blocks a dead thread
 * allocated. Every slot runs --generations threads in turn; the main thread
 * allocates the first blocks and frees the last ones.
 *
 * Usage: larson [--threads=N] [--blocks=N] [--rounds=N] [--generations=N]
 *        [--min-size=N] [--max-size=N] [--seed=S]
 * Self-check: every block is stamped when allocated and checked before free.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

struct slot {
    long id, generation;
    struct slot_set set;    /* the array every generation inherits */
    uint64_t seq;           /* blocks this slot has allocated: the tag source */
    struct rng rng;
};

static struct {
    long blocks, rounds, generations, min_size, max_size;
    pthread_mutex_t lock;
    pthread_cond_t finished_cond;
    long finished;
} cfg = { .lock = PTHREAD_MUTEX_INITIALIZER, .finished_cond = PTHREAD_COND_INITIALIZER };

/* Frees what slot block i holds (checked) and puts a new random one there. */
static void replace_block(struct slot *s, size_t i)
{
    size_t size = rng_range(&s->rng, (size_t)cfg.min_size, (size_t)cfg.max_size);
    slot_set_put(&s->set, i, size, bench_tag((uint64_t)s->id, s->seq++));
}

static void *generation(void *arg);

/* Hands the slot to a fresh detached thread, as the original's threads do. */
static void start_generation(struct slot *s)
{
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, generation, s) != 0)
        bench_fail("cannot start generation %ld of slot %ld", s->generation, s->id);
    pthread_attr_destroy(&attr);
}

static void *generation(void *arg)
{
    struct slot *s = arg;
    for (long r = 0; r < cfg.rounds; r++)
        for (long k = 0; k < cfg.blocks; k++) {
            replace_block(s, (size_t)rng_below(&s->rng, (uint64_t)cfg.blocks));
        }
    if (++s->generation < cfg.generations) {
        start_generation(s);
        return NULL;
    }
    pthread_mutex_lock(&cfg.lock);
    cfg.finished++;
    pthread_cond_signal(&cfg.finished_cond);
    pthread_mutex_unlock(&cfg.lock);
    return NULL;
}

int main(int argc, char **argv)
{
    long threads = 2;
    uint64_t seed = 42;
    cfg.blocks = 5000; cfg.rounds = 10; cfg.generations = 100;
    cfg.min_size = 8; cfg.max_size = 1000;
    struct bench_opt opts[] = {
        { "threads", &threads, 1, 1024, "concurrent slots (threads)" },
        { "blocks", &cfg.blocks, 1, 1L << 24, "blocks each slot holds" },
        { "rounds", &cfg.rounds, 1, 1L << 30, "rounds of --blocks replacements per thread" },
        { "generations", &cfg.generations, 1, 1L << 30, "threads each slot runs in turn" },
        { "min-size", &cfg.min_size, 1, 1L << 30, "smallest block" },
        { "max-size", &cfg.max_size, 1, 1L << 30, "largest block" },
    };
    bench_parse(argc, argv, "larson", "server simulation: random replacement, heaps inherited by new threads",
                opts, sizeof opts / sizeof opts[0], &seed);
    if (cfg.min_size > cfg.max_size) {
        fprintf(stderr, "larson: --min-size must not exceed --max-size\n");
        return 2;
    }

    struct slot *slots = bench_xmalloc((size_t)threads * sizeof *slots);
    for (long t = 0; t < threads; t++) {
        struct slot *s = &slots[t];
        *s = (struct slot){ .id = t, .rng = rng_for(seed, (uint64_t)t) };
        slot_set_init(&s->set, (size_t)cfg.blocks);
        for (long i = 0; i < cfg.blocks; i++)
            replace_block(s, (size_t)i);
    }
    double t0 = bench_now();
    for (long t = 0; t < threads; t++)
        start_generation(&slots[t]);
    pthread_mutex_lock(&cfg.lock);
    while (cfg.finished < threads)
        pthread_cond_wait(&cfg.finished_cond, &cfg.lock);
    pthread_mutex_unlock(&cfg.lock);
    double secs = bench_now() - t0;
    for (long t = 0; t < threads; t++)
        slot_set_clear(&slots[t].set);
    free(slots);
    /* An op is one replacement: a free and a malloc. */
    bench_result(secs, (double)threads * (double)cfg.generations * (double)cfg.rounds * (double)cfg.blocks,
                 NULL);
    return 0;
}
