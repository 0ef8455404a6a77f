/*
 * large.h: blocks too large for any size class (or aligned beyond what any
 * class gives), and a full class's overflow: each is a mapping of its own,
 * its size rounded up to pages. One table, under its own lock, knows them
 * all; any thread calls these directly (no round trip to a heap's owner).
 * A freed block waits in a cache of the thread that freed it, which that
 * thread's next large allocations reuse (grown or cut by mremap where the
 * size differs); cached blocks go back to the OS when they have waited
 * about 100 ms (large_sweep), when a mapping fails (memory pressure or
 * RLIMIT_AS), at thread exit and on large_trim. Double and invalid frees
 * are reported (one line, abort) before the freeing call returns.
 * Nothing here allocates through malloc or touches a heap's spans.
 */
#ifndef NGMALLOC_LARGE_H
#define NGMALLOC_LARGE_H

#include <stddef.h>
#include <stdint.h>

/* A block of at least `size` bytes aligned to `align` (a power of two, at
 * least a page); NULL with errno ENOMEM on failure. `cache`: the calling
 * thread may keep and reuse blocks (it has a thread-exit hook that calls
 * large_thread_exit). */
void *large_alloc(size_t size, size_t align, int cache);
/* Usable size of large block p, or 0 when p is none. */
size_t large_size(const void *p);
/* Resize large block p to n bytes (> NG_SMALL_MAX), in place where the
 * mapping allows; NULL with errno ENOMEM on failure (p intact). Aborts when
 * p is no large block. */
void *large_realloc(void *p, size_t n);
/* Free large block p: into the calling thread's cache when `cache`, else
 * back to the OS. Aborts with one line when p is none or already free. */
void large_free(void *p, int cache);

/* Bound on the bytes each thread's cache holds (mallopt M_TRIM_THRESHOLD);
 * 0 turns caching off. */
void large_set_cache_bytes(size_t bytes);
/* Give back cached blocks that have waited long enough; 1 when blocks are
 * left that will come due later. Any thread may call it. */
int large_sweep(void);
/* Give back every cached block now; returns the bytes given back. */
size_t large_trim(void);
/* The calling thread is exiting: its cached blocks go back. */
void large_thread_exit(void);
/* Fork: no lock of this module may be held across it. */
void large_fork_prepare(void);
void large_fork_parent(void);
/* The child: only the calling thread survives; other threads' caches go. */
void large_fork_child(void);

/* Figures any thread may read: blocks handed out and their bytes, the
 * peak of those bytes, and the bytes cached. */
typedef struct { uint64_t blocks, bytes, peak, cached; } ng_large_figures_t;
ng_large_figures_t large_figures(void);

#endif
