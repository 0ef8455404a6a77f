/*
 * large.h: blocks too large for any size class (or aligned beyond what any
 * class gives): each is its own mapping, its size rounded up to pages, and
 * one table, shared by the heaps under its own lock, knows them all. Any
 * heap's owner may call these; the bytes count against heap h, the caller's.
 * Nothing here allocates through malloc or touches a heap's spans.
 */
#ifndef NGMALLOC_LARGE_H
#define NGMALLOC_LARGE_H

#include <stddef.h>

/* A mapping of at least `size` bytes aligned to `align` (a power of two);
 * NULL with errno ENOMEM on failure. */
void *large_alloc(unsigned h, size_t size, size_t align);
/* Usable size of large block p, or 0 when p is none. */
size_t large_size(const void *p);
/* Resize large block p to n bytes (mremap); NULL with errno ENOMEM on
 * failure (p intact). Aborts when p is no large block. */
void *large_realloc(unsigned h, void *p, size_t n);
/* Unmap large block p; aborts with a one-line message when p is none. */
void large_free(unsigned h, void *p);

#endif
