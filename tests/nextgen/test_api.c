/*
 * test_api: every entry point of libngmalloc.so at glibc's edges, run under
 * LD_PRELOAD in the mode NGMALLOC_MODE names.
 */
#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/check.h"

/* Sizes out of reach, hidden from the compiler's own size checks. */
static volatile size_t odd_alignment = 3, too_big = (size_t)PTRDIFF_MAX + 1, all_ones = SIZE_MAX, half = SIZE_MAX / 2,
                       ptrdiff_max = PTRDIFF_MAX;

static int aligned(const void *p, size_t a) { return ((uintptr_t)p & (a - 1)) == 0; }

/* Our heap serves 100 bytes from the 112-byte class; glibc would say 104. */
static void test_interposed(void)
{
    void *p = malloc(100);
    CHECK(malloc_usable_size(p) == 112);
    free(p);
}

static void test_malloc_edges(void)
{
    void *a = malloc(0), *b = malloc(0);
    CHECK(a && b && a != b);
    CHECK(aligned(a, 16) && aligned(b, 16));
    free(a);
    free(b);
    errno = 0;
    CHECK(malloc(too_big) == NULL && errno == ENOMEM);
    errno = 0;
    CHECK(malloc(all_ones) == NULL && errno == ENOMEM);
    free(NULL);
    for (size_t n = 1; n <= (1u << 21); n = n * 3 / 2 + 1) {
        unsigned char *p = malloc(n);
        CHECK(p && aligned(p, 16) && malloc_usable_size(p) >= n);
        memset(p, 0xab, n);
        CHECK(p[0] == 0xab && p[n - 1] == 0xab);
        free(p);
    }
    CHECK(malloc_usable_size(NULL) == 0);
}

static void test_calloc(void)
{
    errno = 0;
    CHECK(calloc(half, 3) == NULL && errno == ENOMEM);
    errno = 0;
    CHECK(calloc(ptrdiff_max, 2) == NULL && errno == ENOMEM);
    void *z = calloc(0, 5);
    CHECK(z != NULL);
    free(z);
    for (size_t n = 8; n <= (1u << 20); n *= 4) {
        for (int round = 0; round < 3; round++) {    /* dirty blocks, then reuse them */
            unsigned char *p = calloc(1, n);
            CHECK(p != NULL);
            size_t bad = 0;
            for (size_t i = 0; i < n; i++)
                bad += p[i] != 0;
            CHECK(bad == 0);
            memset(p, 0x5a, n);
            free(p);
        }
    }
}

static void test_realloc(void)
{
    unsigned char *p = realloc(NULL, 10);
    CHECK(p != NULL);
    for (int i = 0; i < 10; i++)
        p[i] = (unsigned char)i;
    size_t sizes[] = { 20, 100, 5000, 300000, 2000000, 8000000, 1000, 24, 3 };
    size_t have = 10;
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        p = realloc(p, sizes[k]);
        CHECK(p != NULL);
        size_t keep = have < sizes[k] ? have : sizes[k];
        size_t bad = 0;
        for (size_t i = 0; i < keep; i++)
            bad += p[i] != (unsigned char)i;
        CHECK(bad == 0);
        for (size_t i = 0; i < sizes[k]; i++)
            p[i] = (unsigned char)i;
        have = sizes[k];
    }
    errno = 0;
    void *q = realloc(p, too_big);
    CHECK(q == NULL && errno == ENOMEM);
    CHECK(p[2] == 2);                   /* left intact on failure */
    CHECK(realloc(p, 0) == NULL);       /* glibc: frees */
    void *big = malloc(3000000);
    CHECK(realloc(big, 0) == NULL);
    errno = 0;
    CHECK(reallocarray(NULL, half, 3) == NULL && errno == ENOMEM);
    int *arr = reallocarray(NULL, 100, sizeof(int));
    CHECK(arr != NULL);
    arr[99] = 7;
    arr = reallocarray(arr, 1000, sizeof(int));
    CHECK(arr && arr[99] == 7);
    free(arr);
}

static void test_aligned(void)
{
    void *p = (void *)0x1;
    CHECK(posix_memalign(&p, 3, 16) == EINVAL && p == (void *)0x1);
    CHECK(posix_memalign(&p, 0, 16) == EINVAL && p == (void *)0x1);
    CHECK(posix_memalign(&p, 4, 16) == EINVAL && p == (void *)0x1);
    CHECK(posix_memalign(&p, 24, 16) == EINVAL && p == (void *)0x1);
    CHECK(posix_memalign(&p, 64, too_big) == ENOMEM && p == (void *)0x1);
    for (size_t a = 8; a <= (2u << 20); a *= 2) {
        size_t sizes[] = { 0, 1, a / 2 + 1, a, 3 * a + 5, 100000 };
        for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
            size_t n = sizes[k];
            void *q = NULL;
            CHECK(posix_memalign(&q, a, n) == 0 && q && aligned(q, a));
            if (q)
                memset(q, 1, n);
            void *r = aligned_alloc(a, n), *s = memalign(a, n);
            CHECK(r && aligned(r, a) && s && aligned(s, a));
            CHECK(malloc_usable_size(r) >= n && malloc_usable_size(s) >= n);
            free(q);
            free(r);
            free(s);
        }
    }
    void *m = memalign(odd_alignment, 10);          /* glibc rounds odd alignments up */
    CHECK(m && aligned(m, 4));
    free(m);
    void *v = valloc(10), *pv = pvalloc(10), *pv0 = pvalloc(0);
    CHECK(v && aligned(v, 4096) && pv && aligned(pv, 4096) && pv0 && aligned(pv0, 4096));
    CHECK(malloc_usable_size(pv) >= 4096 && malloc_usable_size(pv0) >= 4096);
    free(v);
    free(pv);
    free(pv0);
}

typedef void *(*alloc_fn)(size_t);
typedef void *(*alloc2_fn)(size_t, size_t);
typedef void (*free_fn)(void *);

/* glibc's __libc_* names and the C++ operators resolve to the preloaded heap. */
static void test_other_names(void)
{
    alloc_fn lm = (alloc_fn)dlsym(RTLD_DEFAULT, "__libc_malloc");
    free_fn lf = (free_fn)dlsym(RTLD_DEFAULT, "__libc_free");
    alloc2_fn lc = (alloc2_fn)dlsym(RTLD_DEFAULT, "__libc_calloc");
    alloc2_fn lma = (alloc2_fn)dlsym(RTLD_DEFAULT, "__libc_memalign");
    CHECK(lm && lf && lc && lma);
    if (lm && lf && lc && lma) {
        void *p = lm(100), *q = lc(10, 10), *r = lma(256, 100);
        CHECK(malloc_usable_size(p) == 112 && malloc_usable_size(q) == 112 && aligned(r, 256));
        lf(p);
        lf(q);
        lf(r);
    }
    const char *news[] = { "_Znwm", "_Znam" };
    const char *deletes[] = { "_ZdlPv", "_ZdaPv" };
    for (int i = 0; i < 2; i++) {
        alloc_fn nw = (alloc_fn)dlsym(RTLD_DEFAULT, news[i]);
        free_fn dl = (free_fn)dlsym(RTLD_DEFAULT, deletes[i]);
        CHECK(nw && dl);
        if (nw && dl) {
            void *p = nw(100);
            CHECK(malloc_usable_size(p) == 112);
            dl(p);
        }
    }
    alloc2_fn anew = (alloc2_fn)dlsym(RTLD_DEFAULT, "_ZnwmSt11align_val_t");
    void (*adel)(void *, size_t, size_t) =
        (void (*)(void *, size_t, size_t))dlsym(RTLD_DEFAULT, "_ZdlPvmSt11align_val_t");
    CHECK(anew && adel);
    if (anew && adel) {
        void *p = anew(100, 1024);
        CHECK(p && aligned(p, 1024));
        adel(p, 100, 1024);
    }
    void *(*nothrow_new)(size_t, const void *) =
        (void *(*)(size_t, const void *))dlsym(RTLD_DEFAULT, "_ZnwmRKSt9nothrow_t");
    CHECK(nothrow_new && nothrow_new(too_big, NULL) == NULL);
}

int main(void)
{
    test_interposed();
    test_malloc_edges();
    test_calloc();
    test_realloc();
    test_aligned();
    test_other_names();
    return CHECK_DONE();
}
