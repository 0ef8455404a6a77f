/* ops.c: the owner's operations on a heap (see ops.h). */
#include "ops.h"

#include "heap.h"
#include "large.h"

/* Class c's run of spans is full (regions are small under a low
 * RLIMIT_AS: 4 MiB for a class of 20 KB blocks at 512 MiB): a mapping of
 * its own, as aligned as the class's blocks, serves. */
NG_NOINLINE static void *class_full(unsigned h, unsigned c)
{
    size_t block = sc_size(c);
    return large_alloc(h, block, (size_t)1 << __builtin_ctzl(block));
}

void *ops_alloc(unsigned h, unsigned cls)
{
    void *p = heap_alloc_small(h, cls, 1);
    return NG_LIKELY(p != NULL) ? p : class_full(h, cls);
}

void *ops_alloc_large(unsigned h, size_t size, size_t align) { return large_alloc(h, size, align); }

int ops_free(unsigned h, void *p, unsigned cls, int stocks_synced)
{
    if (cls == NG_NCLASS) {
        large_free(h, p);
        return 0;
    }
    return heap_free(p, cls, stocks_synced);
}

size_t ops_large_size(const void *p) { return large_size(p); }

void *ops_realloc_large(unsigned h, void *p, size_t n)
{
    return n > NG_SMALL_MAX ? large_realloc(h, p, n) : NULL;
}
