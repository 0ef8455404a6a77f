/*
 * mstress: models mimalloc's test-stress. For --rounds rounds, --threads
 * fresh threads each make 100 * --scale allocation steps: allocate a block
 * of varied size (mostly 8 bytes to 320 bytes, 1 in 100 up to 64 KiB, 1 in
 * 10000 up to 4 MiB), free a random live one, or swap a live block with a
 * slot of a transfer array shared by all threads, so that blocks are freed
 * by threads (and rounds) other than the one that allocated them. Half of
 * each thread's live blocks are kept past its round, for the next round's
 * thread of the same index to free.
 *
 * Usage: mstress [--threads=N] [--rounds=N] [--scale=N] [--seed=S]
 * Self-check: every word of every block is written when it is allocated and
 * checked before it is freed.
 */
#include "bench.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define TRANSFERS 1000
#define HEADER_WORDS 3      /* words, tag, checksum of both */
#define HEADER_KEY 0x2545f4914f6cdd1dULL

static _Atomic(uint64_t *) transfer[TRANSFERS];

struct worker {
    long id, round, scale;
    uint64_t seed;
    uint64_t **kept;        /* this index's blocks carried between rounds */
    long nkept;
};

/* A block: header (its length in words, its tag, their checksum), then
 * the filled payload. Anyone holding the pointer can check it. */
static uint64_t *block_new(struct rng *r, uint64_t tag)
{
    size_t payload;
    if (rng_below(r, 10000) == 0)
        payload = rng_range(r, 1, (4u << 20) / 8);
    else if (rng_below(r, 100) == 0)
        payload = rng_range(r, 1, (64u << 10) / 8);
    else
        payload = rng_range(r, 1, 40);
    size_t words = HEADER_WORDS + payload;
    uint64_t *b = bench_xmalloc(words * 8);
    b[0] = words;
    b[1] = tag;
    b[2] = words ^ tag ^ HEADER_KEY;
    bench_fill(b + HEADER_WORDS, payload * 8, tag);
    return b;
}

static void block_free(uint64_t *b)
{
    if (!b)
        return;
    if (b[2] != (b[0] ^ b[1] ^ HEADER_KEY) || b[0] <= HEADER_WORDS)
        bench_fail("block %p: header overwritten", (void *)b);
    bench_check_fill(b + HEADER_WORDS, (b[0] - HEADER_WORDS) * 8, b[1], "block freed");
    free(b);
}

static void *stress(void *arg)
{
    struct worker *w = arg;
    struct rng r = rng_for(w->seed, (uint64_t)(w->round * 1024 + w->id));
    long steps = 100 * w->scale, cap = steps, live = 0;
    uint64_t seq = 0;
    uint64_t **data = bench_xmalloc((size_t)cap * sizeof *data);
    for (long i = 0; i < w->nkept; i++)   /* the previous round's blocks */
        block_free(w->kept[i]);
    w->nkept = 0;
    for (long s = 0; s < steps; s++) {
        unsigned choice = (unsigned)rng_below(&r, 8);
        if (choice < 4 || live == 0) {
            data[live++] = block_new(&r, bench_tag((uint64_t)(w->round * 1024 + w->id), seq++));
        } else if (choice < 7) {
            long victim = (long)rng_below(&r, (uint64_t)live);
            block_free(data[victim]);
            data[victim] = data[--live];
        } else {
            long mine = (long)rng_below(&r, (uint64_t)live);
            uint64_t *got = atomic_exchange(&transfer[rng_below(&r, TRANSFERS)], data[mine]);
            if (got)
                data[mine] = got;
            else
                data[mine] = data[--live];
        }
    }
    for (long i = 0; i < live; i++) {
        if (i % 2)
            w->kept[w->nkept++] = data[i];
        else
            block_free(data[i]);
    }
    free(data);
    return NULL;
}

int main(int argc, char **argv)
{
    long threads = 2, rounds = 10, scale = 50;
    uint64_t seed = 42;
    struct bench_opt opts[] = {
        { "threads", &threads, 1, 1024, "threads per round" },
        { "rounds", &rounds, 1, 1L << 30, "rounds (fresh threads each)" },
        { "scale", &scale, 1, 1L << 24, "100 * scale allocation steps per thread per round" },
    };
    bench_parse(argc, argv, "mstress", "rounds of threads allocating, keeping, swapping and freeing varied blocks",
                opts, sizeof opts / sizeof opts[0], &seed);

    struct worker *ws = bench_xmalloc((size_t)threads * sizeof *ws);
    for (long i = 0; i < threads; i++) {
        ws[i] = (struct worker){ .id = i, .scale = scale, .seed = seed };
        ws[i].kept = bench_xmalloc((size_t)(100 * scale) * sizeof *ws[i].kept);
    }
    double secs = 0;
    for (long round = 0; round < rounds; round++) {
        for (long i = 0; i < threads; i++)
            ws[i].round = round;
        secs += bench_run_workers(threads, stress, ws, sizeof *ws);
    }
    for (long i = 0; i < threads; i++) {
        for (long k = 0; k < ws[i].nkept; k++)
            block_free(ws[i].kept[k]);
        free(ws[i].kept);
    }
    for (int t = 0; t < TRANSFERS; t++)
        block_free(atomic_load(&transfer[t]));
    free(ws);
    /* An op is one allocation step (allocate, free or swap). */
    bench_result(secs, (double)rounds * (double)threads * 100.0 * (double)scale, NULL);
    return 0;
}
