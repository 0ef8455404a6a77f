/*
 * ops.h: the operations on a heap that its owner runs for anyone (see
 * types.h: owner): blocks of a class, with a mapping of their own when the
 * class's run of spans is full, large blocks, and frees of either. They
 * know nothing of clients, channels or other heaps' owners; the caller
 * owns heap h (the one its own requests go to).
 */
#ifndef NGMALLOC_OPS_H
#define NGMALLOC_OPS_H

#include <stddef.h>

#include "types.h"

/* A block of class cls from heap h, handed to the caller (marked given);
 * NULL with errno ENOMEM when none can be had. */
void *ops_alloc(unsigned h, unsigned cls);
/* A large block (large.h), counted against heap h. */
void *ops_alloc_large(unsigned h, size_t size, size_t align);
/* Free p, of class cls as heap_class_of(p) says: a small block of the heap
 * its address names (which the caller owns), or a large block when cls is
 * NG_NCLASS (counted against heap h). Returns 1, changing nothing, when p
 * sits in a stock as far as the heap knows and !stocks_synced (heap_free). */
int ops_free(unsigned h, void *p, unsigned cls, int stocks_synced);
/* Usable size of large block p, or 0 when p is none. */
size_t ops_large_size(const void *p);
/* Resize large block p to n bytes; NULL (p intact) on failure or when n
 * fits a class (the caller then moves it). */
void *ops_realloc_large(unsigned h, void *p, size_t n);

#endif
