/*
 * test_glibc_api: glibc's malloc extensions are the preloaded library's
 * (dladdr names libngmalloc for each), so none reaches glibc's allocator,
 * which is never set up. Children that have never called them start 8
 * threads behind a barrier that call every one at once, 40 times over (the
 * race that crashed glibc's arena set-up); then their meaning: malloc_trim
 * gives freed memory back (RSS falls) and says so, and 0 when nothing is
 * left; mallinfo2 and mallinfo follow what is allocated; mallopt takes
 * M_TRIM_THRESHOLD (0: freed large blocks are not cached) and refuses
 * other options with 0; malloc_stats and malloc_info print the figures.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/check.h"

/* mallinfo is deprecated (its int fields overflow); glibc still has it, so
 * the library must too. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#define THREADS 8
#define CHILDREN 40

static pthread_barrier_t start;

static void *every_call(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    int ok = malloc_trim(0) >= 0;
    ok &= mallopt(M_TRIM_THRESHOLD, 64 << 20) == 1;
    ok &= mallopt(M_ARENA_MAX, 2) == 0;
    struct mallinfo2 m2 = mallinfo2();
    struct mallinfo m = mallinfo();
    ok &= m.arena >= 0 && m2.hblks < 1000000;
    malloc_stats();
    FILE *f = fopen("/dev/null", "w");
    ok &= f && malloc_info(0, f) == 0;
    if (f)
        fclose(f);
    void *p = malloc(100);
    free(p);
    return (void *)(uintptr_t)ok;
}

/* One child: its first calls of each, from every thread at once. */
static int race_once(void)
{
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 2);   /* malloc_stats prints to stderr */
    pthread_barrier_init(&start, NULL, THREADS);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, every_call, NULL) != 0)
            return 1;
    int ok = 1;
    for (int i = 0; i < THREADS; i++) {
        void *r = NULL;
        pthread_join(t[i], &r);
        ok &= r == (void *)1;
    }
    return ok ? 0 : 1;
}

static void all_ours(void)
{
    struct { const char *name; void *fn; } fns[] = {
        { "malloc_trim", (void *)malloc_trim }, { "mallopt", (void *)mallopt },
        { "mallinfo2", (void *)mallinfo2 }, { "mallinfo", (void *)mallinfo },
        { "malloc_stats", (void *)malloc_stats }, { "malloc_info", (void *)malloc_info },
        { "__libc_mallinfo", dlsym(RTLD_DEFAULT, "__libc_mallinfo") },
        { "__libc_mallopt", dlsym(RTLD_DEFAULT, "__libc_mallopt") },
        { "cfree", dlsym(RTLD_DEFAULT, "cfree") },
    };
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++) {
        Dl_info info;
        int ours = fns[i].fn && dladdr(fns[i].fn, &info) && info.dli_fname && strstr(info.dli_fname, "libngmalloc");
        if (!ours)
            fprintf(stderr, "%s is not libngmalloc's\n", fns[i].name);
        CHECK(ours);
    }
}

static size_t rss(void)
{
    unsigned long v[2] = { 0, 0 };
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%lu %lu", &v[0], &v[1]) != 2)
            v[1] = 0;
        fclose(f);
    }
    return v[1] * (size_t)sysconf(_SC_PAGESIZE);
}

static void meanings(void)
{
    struct mallinfo2 before = mallinfo2();
    enum { N = 16384 };
    static void *b[N];
    for (int i = 0; i < N; i++) {
        b[i] = malloc(4000);                 /* 64 MiB of small blocks */
        memset(b[i], 1, 4000);
    }
    void *big = malloc(8 << 20);
    struct mallinfo2 during = mallinfo2();
    CHECK(during.uordblks >= before.uordblks + (size_t)N * 4000);
    CHECK(during.hblks == before.hblks + 1 && during.hblkhd >= before.hblkhd + (8 << 20));
    CHECK(mallinfo().uordblks > 0);
    size_t full = rss();
    for (int i = 0; i < N; i++)
        free(b[i]);
    free(big);
    CHECK(malloc_trim(0) == 1);
    size_t trimmed = rss();
    printf("RSS %zu KiB with 72 MiB allocated, %zu KiB after free and malloc_trim\n", full >> 10, trimmed >> 10);
    CHECK(trimmed + (48u << 20) < full);
    CHECK(malloc_trim(0) == 0);              /* nothing left to give back */
    CHECK(mallopt(M_TRIM_THRESHOLD, 0) == 1);
    free(malloc(8 << 20));
    CHECK(mallinfo2().keepcost == 0);        /* no large block cached */
    CHECK(mallopt(M_MMAP_THRESHOLD, 1 << 20) == 0);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    CHECK(mem && malloc_info(0, mem) == 0);
    if (mem)
        fclose(mem);
    CHECK(text && strstr(text, "<malloc version=") && strstr(text, "</malloc>"));
    free(text);
    CHECK(malloc_info(1, stdout) == -1);
}

int main(void)
{
    all_ours();
    int raced = 0;
    for (int i = 0; i < CHILDREN; i++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(race_once());
        int st = 0;
        waitpid(pid, &st, 0);
        raced += WIFEXITED(st) && WEXITSTATUS(st) == 0;
        if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0))
            fprintf(stderr, "child %d: status %#x\n", i, st);
    }
    printf("%d of %d children called every entry point from %d threads at once\n", raced, CHILDREN, THREADS);
    CHECK(raced == CHILDREN);
    meanings();
    return CHECK_DONE();
}
