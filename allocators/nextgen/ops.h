/*
 * ops.h: the operations on a heap that its owner runs for anyone (see
 * types.h: owner): blocks of a class, with a mapping of their own when the
 * class's run of spans is full, and their frees. They know nothing of
 * clients, channels or other heaps' owners; the caller owns heap h (the
 * one its own requests go to). Large blocks are not theirs: any thread
 * serves those itself (large.h).
 */
#ifndef NGMALLOC_OPS_H
#define NGMALLOC_OPS_H

#include <stddef.h>

#include "types.h"

/* A block of class cls from heap h, handed to the caller (marked given);
 * NULL with errno ENOMEM when none can be had. */
void *ops_alloc(unsigned h, unsigned cls);
/* Free arena address p, of class cls as heap_class_of(p) says, a block of
 * the heap its address names (which the caller owns); aborts with one line
 * when cls is NG_NCLASS (no block of any class). Returns 1, changing
 * nothing, when p sits in a stock as far as the heap knows and
 * !stocks_synced (heap_free). */
int ops_free(void *p, unsigned cls, int stocks_synced);

#endif
