/*
 * test_large: blocks over 512 KiB. A freed block is reused by the thread's
 * next allocation of that size (never by calloc: it must be zero); realloc grows and shrinks them keeping
 * their bytes; threads allocating and freeing each other's large blocks
 * find every byte pattern intact; cached blocks go back to the OS after
 * about 100 ms (RSS falls back near where it was), and at once when a
 * mapping would otherwise fail under RLIMIT_AS; a forked child starts with
 * no cached block (the parent's threads' caches are not its) and serves
 * large blocks.
 */
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/check.h"

#define MiB ((size_t)1 << 20)

static size_t statm_field(int field)
{
    unsigned long v[2] = { 0, 0 };
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%lu %lu", &v[0], &v[1]) != 2)
            v[0] = v[1] = 0;
        fclose(f);
    }
    return v[field] * (size_t)sysconf(_SC_PAGESIZE);
}
static size_t vm_size(void) { return statm_field(0); }
static size_t rss(void) { return statm_field(1); }

static void sleep_ms(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&t, NULL);
}

static void reuse_and_realloc(void)
{
    char *p = malloc(1000000);
    CHECK(p != NULL);
    memset(p, 0x5a, 1000000);
    free(p);
    char *q = malloc(1000000);
    CHECK(q == p);                       /* the thread's cache gave it back */
    memset(q, 0x11, 1000000);
    q = realloc(q, 5 * MiB);             /* grown (in place where the mapping allows) */
    CHECK(q && q[0] == 0x11 && q[999999] == 0x11);
    memset(q + 1000000, 0x22, 5 * MiB - 1000000);
    q = realloc(q, 900 * 1024);          /* cut */
    CHECK(q && q[0] == 0x11 && q[900 * 1024 - 1] == 0x11);
    q = realloc(q, 100);                 /* into a size class */
    CHECK(q && q[0] == 0x11 && q[99] == 0x11);
    free(q);
    p = malloc(1000000);                 /* a dirty block in the cache ... */
    memset(p, 0xff, 1000000);
    free(p);
    unsigned char *z = calloc(1, 1000000);   /* ... never serves calloc */
    int zero = z != NULL;
    for (size_t i = 0; zero && i < 1000000; i += 997)
        zero = z[i] == 0;
    CHECK(zero && z[999999] == 0);
    free(z);
}

/* ---- Threads handing large blocks to each other ---- */

#define THREADS 4
#define ROUNDS 400
#define SLOTS 16
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { unsigned char *p; size_t n; } slots[SLOTS];

static int stamp_ok(const unsigned char *p, size_t n)
{
    unsigned char tag = (unsigned char)(n >> 12);
    return p[0] == tag && p[n / 2] == tag && p[n - 1] == tag;
}

static void *churn(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    int ok = 1;
    for (int i = 0; i < ROUNDS; i++) {
        size_t n = 600 * 1024 + (size_t)(rand_r(&seed) % (3 * MiB));
        unsigned char *p = malloc(n);
        if (!p) {
            ok = 0;
            break;
        }
        unsigned char tag = (unsigned char)(n >> 12);
        p[0] = p[n / 2] = p[n - 1] = tag;
        if (i % 3 == 0) {
            p = realloc(p, n + MiB);
            if (!p || !stamp_ok(p, n)) {
                ok = 0;
                break;
            }
        }
        unsigned k = (unsigned)rand_r(&seed) % SLOTS;
        pthread_mutex_lock(&slot_lock);
        unsigned char *old = slots[k].p;
        size_t oldn = slots[k].n;
        slots[k].p = p;
        slots[k].n = n;
        pthread_mutex_unlock(&slot_lock);
        if (old) {
            ok &= stamp_ok(old, oldn);
            free(old);                   /* often another thread's block */
        }
    }
    return (void *)(uintptr_t)ok;
}

static void threads_exchange(void)
{
    pthread_t t[THREADS];
    for (uintptr_t i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, churn, (void *)(i + 1)) == 0);
    for (int i = 0; i < THREADS; i++) {
        void *ok = NULL;
        pthread_join(t[i], &ok);
        CHECK(ok == (void *)1);
    }
    for (int k = 0; k < SLOTS; k++)
        if (slots[k].p) {
            CHECK(stamp_ok(slots[k].p, slots[k].n));
            free(slots[k].p);
        }
}

/* ---- Returning cached blocks ---- */

/* 32 MiB of large blocks written and freed: the cache keeps them a while,
 * then they go back (a later large call, or the server, sees them expire). */
static void cache_expires(void)
{
    size_t base = rss();
    void *b[4];
    for (int i = 0; i < 4; i++) {
        b[i] = malloc(8 * MiB);
        CHECK(b[i] != NULL);
        if (b[i])
            memset(b[i], 1, 8 * MiB);
    }
    for (int i = 0; i < 4; i++)
        free(b[i]);
    size_t now = rss();
    for (int tries = 0; tries < 30 && now > base + 8 * MiB; tries++) {
        sleep_ms(150);
        free(malloc(600 * 1024));        /* a large call looks at its cache */
        now = rss();
    }
    printf("RSS %zu KiB before, %zu KiB after the cache expired\n", base >> 10, now >> 10);
    CHECK(now <= base + 8 * MiB);
}

/* Under RLIMIT_AS a cache must not cost a failed allocation: blocks it
 * holds go back when a mapping is refused. */
static void cache_gives_way(void)
{
    void *b[4];
    for (int i = 0; i < 4; i++)
        b[i] = malloc(8 * MiB);
    for (int i = 0; i < 4; i++)
        free(b[i]);                      /* cached: 32 MiB of address space */
    struct rlimit old, rl;
    getrlimit(RLIMIT_AS, &old);
    rl = old;
    rl.rlim_cur = vm_size() + 16 * MiB;
    CHECK(setrlimit(RLIMIT_AS, &rl) == 0);
    char *p = malloc(40 * MiB);          /* fits only once the cache has gone */
    CHECK(p != NULL);
    if (p)
        p[40 * MiB - 1] = 1;
    free(p);
    setrlimit(RLIMIT_AS, &old);
}

/* ---- Fork ---- */

/* A child run right after blocks were cached must start with none: the
 * caches belong to the parent's threads. (A loaded machine may stall the
 * parent past the blocks' 100 ms, so the caching is tried again until
 * the fork follows it.) */
static void fork_drops_caches(void)
{
    int cached = 0;
    for (int tries = 0; tries < 20 && !cached; tries++) {
        for (int i = 0; i < 4; i++)
            free(malloc(2 * MiB + (size_t)i * MiB));
        cached = mallinfo2().keepcost > 0;
    }
    CHECK(cached);
    pid_t pid = fork();
    if (pid == 0) {
        int ok = mallinfo2().keepcost == 0;
        for (int i = 0; i < 50 && ok; i++) {
            char *p = malloc(3 * MiB);
            ok = p != NULL;
            if (p) {
                p[0] = p[3 * MiB - 1] = 7;
                free(p);
            }
        }
        _exit(ok ? 0 : 1);
    }
    int st = 0;
    CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(void)
{
    reuse_and_realloc();
    threads_exchange();
    cache_expires();
    cache_gives_way();
    fork_drops_caches();
    return CHECK_DONE();
}
