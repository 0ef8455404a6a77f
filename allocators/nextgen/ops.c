/* ops.c: the owner's operations on a heap (see ops.h). */
#include "ops.h"

#include "heap.h"
#include "large.h"
#include "os.h"

/* Class c's run of spans is full, or the OS would not extend it (memory,
 * or RLIMIT_AS): the large caches give their address space back and the
 * heap tries once more; else a mapping of its own, as aligned as the
 * class's blocks are, serves. */
NG_NOINLINE static void *class_full(unsigned h, unsigned c)
{
    void *p = large_trim() ? heap_alloc_small(h, c, 1) : NULL;
    size_t block = sc_size(c);
    return p ? p : large_alloc(block, (size_t)1 << __builtin_ctzl(block), 0);
}

void *ops_alloc(unsigned h, unsigned cls)
{
    void *p = heap_alloc_small(h, cls, 1);
    return NG_LIKELY(p != NULL) ? p : class_full(h, cls);
}

int ops_free(void *p, unsigned cls, int stocks_synced)
{
    if (cls == NG_NCLASS)
        os_fatal("free of %p, which this heap never handed out", p);
    return heap_free(p, cls, stocks_synced);
}
