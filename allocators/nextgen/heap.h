/*
 * heap.h: the heap core: NG_MAX_HEAPS heaps at most, each a pool of 64 KiB
 * spans that the classes of blocks up to 8 KiB share, a region of spans for
 * each larger class, and bitmaps for the blocks of every span. It knows
 * nothing of threads, channels, modes or large blocks (large.c).
 *
 * Every function below except the inline address helpers and the byte
 * counts' readers must be called by the owner of the heap it works on (see
 * types.h: owner). Clients only read ng_arena, which never changes after
 * heap_init, and the class map it points to.
 * Nothing here writes to user blocks; heap_alloc_small has the kernel back
 * a block's pages (zero-filled, as they were) before it is handed out,
 * unless heap_set_prefault(0).
 */
#ifndef NGMALLOC_HEAP_H
#define NGMALLOC_HEAP_H

#include "sizeclass.h"

/* Regions reserved per heap: a power of two, so that an address names its
 * heap with a shift; classes from NG_POOL_CLASSES on use region c, those
 * below share the pool, which begins at region 0. */
#define NG_HEAP_REGIONS 64
/* Classes whose span is 64 KiB (blocks up to 8 KiB) share one pool of
 * spans per heap, so that a span one class emptied can serve another
 * without going back to the OS. */
#define NG_POOL_CLASSES 32
/* 64 KiB: the pool's spans, the smallest; the class map has a byte for
 * each 64 KiB of the arena. */
#define NG_POOL_SPAN_SHIFT 16
/* Stock rings refer to a block by its offset from its region in 16-byte
 * units (every block is 16-byte aligned): 32 bits reach 64 GiB, the pool's
 * limit. */
#define NG_REF_SHIFT 4

typedef struct {
    char *base;            /* start of region 0; regions follow each other */
    size_t region_shift;   /* log2 of a region's size (regions are aligned to it) */
    unsigned nheaps;
    size_t nregions;       /* nheaps * NG_HEAP_REGIONS */
    size_t bytes;          /* nregions regions */
    /* class + 1 of the pool span each 64 KiB of the arena is in (0: in
     * none yet; the larger classes' regions say their class themselves):
     * written by the heap's owner before a span's first block is handed
     * out, readable by anyone */
    _Atomic uint8_t *class_map;
    /* start of heap h's class c region (for a pooled class, the pool's) at
     * h * NG_HEAP_REGIONS + c: a stock slot decodes with one load */
    char *region[NG_MAX_HEAPS * NG_HEAP_REGIONS];
} ng_arena_t;

extern ng_arena_t ng_arena;   /* written once by heap_init, read-only after */

/* Span of class c: the larger of 64 KiB and 8 blocks, a power of two. */
static inline unsigned heap_span_shift(unsigned c)
{
    size_t want = sc_size(c) * 8;
    unsigned s = NG_POOL_SPAN_SHIFT;
    while (((size_t)1 << s) < want)
        s++;
    return s;
}

static inline size_t heap_region_index(const void *p)
{
    return ((uintptr_t)p - (uintptr_t)ng_arena.base) >> ng_arena.region_shift;
}

/* 1 when p lies in the arena (a small block, or no block at all); large
 * blocks never do. */
static inline int heap_contains(const void *p)
{
    return (uintptr_t)p - (uintptr_t)ng_arena.base < ng_arena.bytes;
}

/* Class of an arena address, or NG_NCLASS when p is in no class's region
 * or in a pool span no class has had. */
static inline unsigned heap_class_of(const void *p)
{
    uintptr_t off = (uintptr_t)p - (uintptr_t)ng_arena.base;
    if (off >= ng_arena.bytes)
        return NG_NCLASS;
    unsigned r = (unsigned)((off >> ng_arena.region_shift) % NG_HEAP_REGIONS);
    if (r >= NG_POOL_CLASSES)
        return r < NG_NCLASS ? r : NG_NCLASS;
    unsigned id = atomic_load_explicit(&ng_arena.class_map[off >> NG_POOL_SPAN_SHIFT], memory_order_relaxed);
    return id ? id - 1 : NG_NCLASS;
}

/* Heap of an address whose class heap_class_of found. */
static inline unsigned heap_of(const void *p)
{
    return (unsigned)(heap_region_index(p) / NG_HEAP_REGIONS);
}

/* Heap h's regions, indexed by class (the pool's start for pooled classes). */
static inline char *const *heap_regions(unsigned h)
{
    return &ng_arena.region[(size_t)h * NG_HEAP_REGIONS];
}

/* Block p of class c as a 32-bit reference, and back: stock rings hold
 * references, half a pointer's size. */
static inline uint32_t heap_block_ref(char *const *regions, unsigned c, const void *p)
{
    return (uint32_t)(((uintptr_t)p - (uintptr_t)regions[c]) >> NG_REF_SHIFT);
}

static inline void *heap_block_at(char *const *regions, unsigned c, uint32_t ref)
{
    return regions[c] + ((size_t)ref << NG_REF_SHIFT);
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

/* Reserve the arena for `nheaps` heaps and their metadata; 0 on success. */
int heap_init(unsigned nheaps);

/* Prefault the pages of blocks before handing them out (the default), or not. */
void heap_set_prefault(int on);
/* A free block of class c from heap h, marked busy; marked given too when
 * `give` (it goes straight to the caller rather than to a stock). NULL when
 * the class's run of spans (the pool, or its region) is full. */
void *heap_alloc_small(unsigned h, unsigned c, int give);
/* The functions below that take a block p take its class c too, as
 * heap_class_of(p) gave it to the owner (who alone changes what it says):
 * the owner has it at hand, and looking it up again is a good share of its
 * work per block. */

/* Record that a stocked block was taken by its client. */
void heap_mark_given(void *p, unsigned c);
/* Take back a stocked block that no client took. */
void heap_unstock(void *p, unsigned c);

/* Free small block p (of the heap its address names), checking it; aborts
 * with a one-line message on a double, invalid or interior free. When p is
 * a block still sitting in a stock as far as the heap knows, and
 * !stocks_synced, returns 1 and changes nothing: the caller refreshes what
 * clients took (heap_mark_given) and calls again with stocks_synced set,
 * which makes that case a double free. */
int heap_free(void *p, unsigned c, int stocks_synced);

/* Free small block p straight into a stock: it stays busy and
 * stops being given. Checks as heap_free does; returns 1, changing nothing,
 * when p is not marked given (see heap_free). */
int heap_restock(void *p, unsigned c);

/* Give back the pages of heap h's spans that have been empty for about 10
 * ms; 1 when empty spans are left that will come due later (the server
 * sleeping looks again then). */
int heap_sweep(unsigned h);
/* heap_sweep right after every queue of heap h was drained: gives back all
 * its empty spans when a trim was asked for since the last such sweep. */
int heap_sweep_settled(unsigned h);
/* Ask every heap's owner to give back all its empty spans at its next
 * settled sweep (malloc_trim). Any thread may call it. */
void heap_request_trim(void);
/* Bytes of pages heap h has given back to the OS so far. Readable by any thread. */
uint64_t heap_bytes_released(unsigned h);
/* heap_sweep, when the last one was about 10 ms ago or more (cheap
 * otherwise): for owners that do not sleep between their calls. */
void heap_sweep_due(unsigned h);

/* Bytes heap h has handed out (to stocks or callers), and the peak of
 * that. Readable by any thread. */
int64_t heap_bytes_out(unsigned h);
int64_t heap_bytes_peak(unsigned h);
uint64_t heap_bytes_prefaulted(unsigned h);

#endif
