/*
 * heap.h: the heap core: size-class regions, spans, bitmaps and the table of
 * large blocks. It knows nothing of threads, channels or modes.
 *
 * Every function below except the inline address helpers must be called by
 * the heap's single owner: the server thread, or (mode inline, bootstrap, a
 * forked child before its server starts) a thread holding the heap lock.
 * Clients only read ng_arena, which never changes after heap_init.
 * Nothing here writes to user blocks, except heap_realloc_large's mremap.
 */
#ifndef NGMALLOC_HEAP_H
#define NGMALLOC_HEAP_H

#include "sizeclass.h"

typedef struct {
    char *base;            /* start of region 0; regions follow each other */
    size_t region_shift;   /* log2 of a region's size */
    char *region[NG_NCLASS];   /* start of each class's region: a stock slot decodes with one load */
} ng_arena_t;

extern ng_arena_t ng_arena;   /* written once by heap_init, read-only after */

/* Span of class c: the larger of 64 KiB and 8 blocks, a power of two. */
static inline unsigned heap_span_shift(unsigned c)
{
    size_t want = sc_size(c) * 8;
    unsigned s = 16;
    while (((size_t)1 << s) < want)
        s++;
    return s;
}

/* Class of an arena address, or NG_NCLASS when p is outside the arena. */
static inline unsigned heap_class_of(const void *p)
{
    uintptr_t off = (uintptr_t)p - (uintptr_t)ng_arena.base;
    size_t idx = off >> ng_arena.region_shift;
    return idx < NG_NCLASS ? (unsigned)idx : NG_NCLASS;
}

/* Block p of class c as an offset into its class's region (regions are at
 * most 4 GiB), and back: stock rings hold offsets, half a pointer's size. */
static inline uint32_t heap_block_off(const void *p, unsigned c)
{
    return (uint32_t)((const char *)p - ng_arena.region[c]);
}

static inline void *heap_block_at(unsigned c, uint32_t off)
{
    return ng_arena.region[c] + off;
}

/* 1 when arena address p (of class c) sits at the start of a block slot.
 * Readable by clients: it depends on geometry only. */
static inline int heap_is_block_start(const void *p, unsigned c)
{
    uintptr_t in = ((uintptr_t)p - (uintptr_t)ng_arena.base) &
                   (((uintptr_t)1 << heap_span_shift(c)) - 1);
    size_t size = sc_size(c);
    return in % size == 0 && in / size < (((size_t)1 << heap_span_shift(c)) / size);
}

/* Reserve the arena and metadata; 0 on success. */
int heap_init(void);

/* A free block of class c marked busy; marked given too when `give` (it goes
 * straight to the caller rather than to a stock). NULL when the region is full. */
void *heap_alloc_small(unsigned c, int give);
/* Record that a stocked block was taken by its client. */
void heap_mark_given(void *p);
/* Take back a stocked block that no client took. */
void heap_unstock(void *p);

/* Free p (small or large), checking it; aborts with a one-line message on a
 * double, invalid or interior free. When p is a block still sitting in a
 * stock as far as the heap knows, and !stocks_synced, returns 1 and changes
 * nothing: the caller refreshes what clients took (heap_mark_given) and calls
 * again with stocks_synced set, which makes that case a double free. */
int heap_free(void *p, int stocks_synced);

/* Free small block p of class c straight into a stock: it stays busy and
 * stops being given. Checks as heap_free does; returns 1, changing nothing,
 * when p is not marked given (see heap_free). */
int heap_restock(void *p, unsigned c);

/* Large blocks: their own mapping, size rounded up to pages. */
void *heap_alloc_large(size_t size, size_t align);
/* Usable size of a large block, or 0 when p is none. */
size_t heap_large_size(const void *p);
/* Resize large block p to n > NG_SMALL_MAX bytes; NULL on failure (p intact). */
void *heap_realloc_large(void *p, size_t n);

/* Give back the pages of spans that have been empty for about 10 ms; 1 when
 * empty spans are left that will come due later (the server sleeping looks
 * again then). */
int heap_sweep(void);

/* Bytes in blocks handed out (to stocks or callers) and the peak of that. */
uint64_t heap_bytes_out(void);
uint64_t heap_bytes_peak(void);

#endif
