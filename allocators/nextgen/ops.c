/* ops.c: the operations a request names, run by the heap owner: the server
 * of heap h for a round trip, or the calling thread under heap_lock (see
 * core.h). */

#include "channel.h"
#include "core.h"
#include "heap.h"

/* Class c's run of spans is full (regions are small under a low
 * RLIMIT_AS: 4 MiB for a class of 20 KB blocks at 512 MiB): a mapping of
 * its own, as aligned as the class's blocks, serves. */
NG_NOINLINE static void *class_full(unsigned h, unsigned c)
{
    size_t block = sc_size(c);
    return heap_alloc_large(h, block, (size_t)1 << __builtin_ctzl(block));
}

void *op_run(unsigned h, ng_op_t op, void *ptr, size_t size, size_t align, size_t *out_size)
{
    switch (op) {
    case NG_OP_MALLOC: {            /* size carries the class */
        void *p = heap_alloc_small(h, (unsigned)size, 1);
        return NG_LIKELY(p != NULL) ? p : class_full(h, (unsigned)size);
    }
    case NG_OP_LARGE:
        return heap_alloc_large(h, size, align);
    case NG_OP_FREE:
        owner_release(h, ptr);
        return NULL;
    case NG_OP_REALLOC_LARGE:
        *out_size = heap_large_size(ptr);
        return size > NG_SMALL_MAX ? heap_realloc_large(h, ptr, size) : NULL;
    case NG_OP_USABLE_LARGE:
        *out_size = heap_large_size(ptr);
        return NULL;
    case NG_OP_BARRIER:
    case NG_OP_NONE:
        return NULL;
    }
    return NULL;
}
