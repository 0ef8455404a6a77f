/* heap.c: the heap core (see heap.h). One owner per heap, no atomics on the
 * block paths; the large-block table, shared by the heaps, has a lock. */
#include "heap.h"

#include <errno.h>
#include <string.h>

#include "lock.h"
#include "os.h"

#define SPAN_IN_AVAIL  1u   /* span is on its class's avail list */
#define SPAN_RELEASED  2u   /* span's pages were given back to the OS */
#define SPAN_IN_EMPTY  4u   /* span is on its class's list of empty spans */
#define SPAN_NONE      UINT32_MAX
#define RELEASE_DELAY  30000000u  /* TSC ticks (~10 ms) a span stays empty before release */
#define REGION_MAX_SHIFT 32 /* 4 GiB of address space per class */
#define REGION_MIN_SHIFT 22 /* 4 MiB: the largest span */
#define PREFAULT_AHEAD_MAX (64u << 10)  /* most prefaulted past the block being handed out */
#define WATCH_EVERY 16u      /* fresh blocks over a page between two judged ones */
#define WHOLE_SCORE_MAX 8

ng_arena_t ng_arena;
/* Set by the constructor and cleared by any owner on a kernel without the
 * call, read by every owner: atomic, relaxed. */
static _Atomic int prefault_on = 1;

/* Everything the heap knows of one span, in one record, so that a span in
 * use costs the metadata mapping one touched line or a few rather than a
 * page in each of several arrays: a small program touches about one
 * metadata page per size class it uses. The record is followed by the
 * span's bitmaps: wps words of busy bits (not free: in a stock or given),
 * then wps words of given bits (handed to a caller). */
typedef struct {
    uint64_t empty_tick;    /* when it last became empty */
    uint32_t used;          /* busy blocks */
    uint32_t next_avail;    /* next span on the avail list */
    uint32_t next_empty;    /* next span on the empty list */
    uint32_t flags;         /* SPAN_* */
    uint32_t prefaulted;    /* blocks before this byte were prefaulted (span_prefault) */
    uint64_t bits[];        /* busy words, then given words */
} ng_span_t;

/* Server-only state of one size class. */
typedef struct {
    char *region;
    char *spans;            /* span records, 2^stride_shift bytes apart */
    size_t size;            /* block size */
    unsigned stride_shift;  /* log2 of the bytes per span record with its bitmaps */
    uint64_t inv_size;      /* 2^32 / size, to divide offsets by a multiply */
    unsigned span_shift;
    uint32_t bps, wps;      /* blocks per span, bitmap words per span */
    uint32_t nspans_max;    /* spans that fit the region */
    uint32_t nspans_used;   /* spans ever handed out (bump pointer) */
    uint32_t avail;         /* spans with free blocks, other than cur (a stack) */
    uint32_t empty;         /* spans that lost their last busy block, not yet released */
    uint32_t cur;           /* span blocks are taken from; SPAN_NONE when none */
    uint32_t cur_word;      /* no free block before this bitmap word of cur */
    unsigned heap;          /* the heap it belongs to */
    /* blocks over a page: does the program write them whole? (span_prefault) */
    int whole_score;        /* > 0: yes, prefault them whole */
    uint32_t fresh_count;   /* fresh blocks handed out */
    const char *watched;    /* a fresh block prefaulted by its first page only, to judge */
} ng_class_t;

/* Server-only table of large blocks: open addressing, linear probing. */
typedef struct { uintptr_t ptr; size_t len; } ng_large_t;
#define LARGE_TOMB ((uintptr_t)1)

/* One server's heap. The byte counts are written by the owner alone and
 * read by anyone (statistics), hence relaxed atomic loads and stores. */
typedef struct {
    ng_class_t classes[NG_NCLASS];
    _Atomic int64_t bytes_out, bytes_peak;
    _Atomic uint64_t bytes_prefaulted;  /* pages backed by span_prefault, in bytes */
    uint64_t last_sweep;
} ng_heap_t;

static ng_heap_t heaps[NG_MAX_SERVERS];
/* The class of each arena region (NULL past the last class of a heap):
 * finding a block's class state is one load. */
static ng_class_t *class_table[NG_MAX_SERVERS * NG_HEAP_REGIONS];
static ng_lock_t large_lock;
static ng_large_t *large_tab;
static size_t large_cap, large_live, large_tombs;

static inline ng_span_t *span_at(const ng_class_t *k, uint32_t s)
{
    return (ng_span_t *)(k->spans + ((size_t)s << k->stride_shift));
}

/* A span's busy bitmap is sp->bits; its given bitmap follows it. */
static inline uint64_t *span_given(const ng_class_t *k, ng_span_t *sp) { return sp->bits + k->wps; }

/* ---- Initialisation ---- */

static int class_init(ng_class_t *k, unsigned c, char *region, size_t region_size)
{
    k->region = region;
    k->size = sc_size(c);
    k->inv_size = ((uint64_t)1 << 32) / k->size;
    k->span_shift = heap_span_shift(c);
    k->bps = (uint32_t)(((size_t)1 << k->span_shift) / k->size);
    k->wps = (k->bps + 63) / 64;
    /* A power of two, so that finding a record is a shift: the server does
     * it for every block. */
    size_t record = sizeof(ng_span_t) + 2 * (size_t)k->wps * sizeof(uint64_t);
    k->stride_shift = 5;
    while (((size_t)1 << k->stride_shift) < record)
        k->stride_shift++;
    k->nspans_max = (uint32_t)(region_size >> k->span_shift);
    k->cur = k->avail = k->empty = SPAN_NONE;
    size_t len = (((size_t)k->nspans_max << k->stride_shift) + 4095) & ~(size_t)4095;
    k->spans = os_map(len);
    return k->spans ? 0 : -1;
}

/* Region size: 4 GiB per class, less when RLIMIT_AS would not allow a
 * quarter of it for the arena's `nregions` regions. */
static size_t region_shift_for_limit(size_t nregions)
{
    size_t limit = os_as_limit();
    size_t shift = REGION_MAX_SHIFT;
    while (shift > REGION_MIN_SHIFT && limit / 4 / nregions < ((size_t)1 << shift))
        shift--;
    return shift;
}

int heap_init(unsigned nheaps)
{
    size_t nregions = (size_t)nheaps * NG_HEAP_REGIONS;
    for (size_t shift = region_shift_for_limit(nregions); shift >= REGION_MIN_SHIFT; shift--) {
        size_t region = (size_t)1 << shift;
        char *base = os_map_aligned(region * nregions, region);
        if (!base)
            continue;
        ng_arena.base = base;
        ng_arena.region_shift = shift;
        ng_arena.nheaps = nheaps;
        ng_arena.nregions = nregions;
        for (size_t i = 0; i < nregions; i++)
            ng_arena.region[i] = base + i * region;
        for (unsigned h = 0; h < nheaps; h++)
            for (unsigned c = 0; c < NG_NCLASS; c++) {
                ng_class_t *k = &heaps[h].classes[c];
                k->heap = h;
                class_table[(size_t)h * NG_HEAP_REGIONS + c] = k;
                if (class_init(k, c, heap_regions(h)[c], region) != 0)
                    return -1;
            }
        return 0;
    }
    return -1;
}

/* ---- Spans ---- */

static void avail_push(ng_class_t *k, uint32_t s, ng_span_t *sp)
{
    if (s == k->cur || (sp->flags & SPAN_IN_AVAIL))
        return;
    sp->flags |= SPAN_IN_AVAIL;
    sp->next_avail = k->avail;
    k->avail = s;
}

/* Make a span with a free block current; 0 when the region is exhausted. */
NG_NOINLINE static int class_next_span(ng_class_t *k)
{
    uint32_t s;
    ng_span_t *sp;
    if (k->avail != SPAN_NONE) {
        s = k->avail;
        sp = span_at(k, s);
        k->avail = sp->next_avail;
        sp->flags &= ~SPAN_IN_AVAIL;
    } else if (k->nspans_used < k->nspans_max) {
        s = k->nspans_used++;
        sp = span_at(k, s);
        if (k->bps % 64)   /* slots past the span's last block are never free */
            sp->bits[k->wps - 1] = ~(uint64_t)0 << (k->bps % 64);
    } else {
        return 0;
    }
    sp->flags &= ~SPAN_RELEASED;
    k->cur = s;
    k->cur_word = 0;
    return 1;
}

/* Release the pages of class k's spans that have stayed empty for
 * RELEASE_DELAY ticks (they stay in the class and come back zeroed); forget
 * the ones that were reused meanwhile. */
static void class_sweep(ng_class_t *k, uint64_t now)
{
    for (uint32_t *link = &k->empty; *link != SPAN_NONE;) {
        uint32_t s = *link;
        ng_span_t *sp = span_at(k, s);
        int reused = sp->used != 0 || s == k->cur;
        if (!reused && now - sp->empty_tick < RELEASE_DELAY) {
            link = &sp->next_empty;
            continue;
        }
        if (!reused) {
            os_release(k->region + ((size_t)s << k->span_shift), (size_t)1 << k->span_shift);
            sp->flags |= SPAN_RELEASED;
            sp->prefaulted = 0;
        }
        sp->flags &= ~SPAN_IN_EMPTY;
        *link = sp->next_empty;
    }
}

int heap_sweep(unsigned h)
{
    ng_heap_t *hp = &heaps[h];
    uint64_t now = os_ticks();
    int pending = 0;
    hp->last_sweep = now;
    for (unsigned c = 0; c < NG_NCLASS; c++)
        if (hp->classes[c].empty != SPAN_NONE) {
            class_sweep(&hp->classes[c], now);
            pending |= hp->classes[c].empty != SPAN_NONE;
        }
    return pending;
}

/* A span just lost its last busy block. Its pages go back to the OS only
 * once it has stayed empty a while, so a program that frees everything and
 * allocates it again does not fault its pages back in each time. */
static void span_emptied(ng_class_t *k, uint32_t s, ng_span_t *sp)
{
    sp->empty_tick = os_ticks();
    if (!(sp->flags & SPAN_IN_EMPTY)) {
        sp->flags |= SPAN_IN_EMPTY;
        sp->next_empty = k->empty;
        k->empty = s;
    }
    if (sp->empty_tick - heaps[k->heap].last_sweep >= RELEASE_DELAY)
        heap_sweep(k->heap);
}

static inline void count_out(unsigned h, int64_t delta)
{
    ng_heap_t *hp = &heaps[h];
    int64_t out = atomic_load_explicit(&hp->bytes_out, memory_order_relaxed) + delta;
    atomic_store_explicit(&hp->bytes_out, out, memory_order_relaxed);
    if (out > atomic_load_explicit(&hp->bytes_peak, memory_order_relaxed))
        atomic_store_explicit(&hp->bytes_peak, out, memory_order_relaxed);
}

/* ---- Small blocks ---- */

void heap_set_prefault(int on) { atomic_store_explicit(&prefault_on, on, memory_order_relaxed); }

/* Blocks over a page: every WATCH_EVERY-th fresh one is prefaulted by its
 * first page only and judged WATCH_EVERY fresh blocks later, when the
 * program has had time to fill it: were all its pages written (resident)?
 * Yes scores one, no loses two, so a class goes whole-block only on clear
 * evidence and leaves it quickly. Returns 1 when `block` is the one now
 * watched. */
static int class_watch(ng_class_t *k, const char *block)
{
    if (k->fresh_count++ % WATCH_EVERY)
        return 0;
    if (k->watched) {
        int whole = os_resident(k->watched, k->size);
        if (whole && k->whole_score < WHOLE_SCORE_MAX)
            k->whole_score++;
        else if (!whole && k->whole_score > -WHOLE_SCORE_MAX)
            k->whole_score -= 2;
    }
    k->watched = block;
    return 1;
}

/* Have the kernel back the pages of the block ending at byte `end` of span
 * s before it is handed out, so that the client does not take its page
 * faults: the owner pays them, off the client's critical path, as it does
 * the allocator's other work. Only blocks past sp->prefaulted are new to
 * the span's pages. A block of a page or less: its pages and, while blocks
 * keep coming from the span, as much again as the span has had prefaulted
 * (up to PREFAULT_AHEAD_MAX), so that a span costs a few calls. A larger
 * block: its first page, the one a program surely writes, and the rest too
 * once watching the class has shown that the program writes its blocks
 * whole (class_watch); otherwise the rest waits for the program, as it
 * would without us, and a buffer reserved large but filled little stays
 * small. A kernel without MADV_POPULATE_WRITE turns prefaulting off. */
NG_NOINLINE static void span_prefault(ng_class_t *k, uint32_t s, ng_span_t *sp, size_t end)
{
    size_t page = os_page_size();
    char *base = k->region + ((size_t)s << k->span_shift);
    size_t from, upto;
    if (k->size > page) {
        size_t start = end - k->size;
        int watched = class_watch(k, base + start);
        from = start & ~(page - 1);
        upto = k->whole_score > 0 && !watched ? (end + page - 1) & ~(page - 1) : from + page;
        sp->prefaulted = (uint32_t)end;
    } else {
        size_t ahead = sp->prefaulted < PREFAULT_AHEAD_MAX ? sp->prefaulted : PREFAULT_AHEAD_MAX;
        size_t span = (size_t)1 << k->span_shift;
        from = sp->prefaulted & ~(page - 1);
        upto = (end + ahead + page - 1) & ~(page - 1);
        if (upto > span)
            upto = span;
        sp->prefaulted = (uint32_t)upto;
    }
    int rc = os_prefault(base + from, upto - from);
    if (rc == 0)
        ng_count(&heaps[k->heap].bytes_prefaulted, upto - from);
    else if (rc == OS_PREFAULT_UNSUPPORTED)
        heap_set_prefault(0);
}

void *heap_alloc_small(unsigned h, unsigned c, int give)
{
    ng_class_t *k = class_table[(size_t)h * NG_HEAP_REGIONS + c];
    if (NG_UNLIKELY(k->cur == SPAN_NONE || span_at(k, k->cur)->used == k->bps) && !class_next_span(k))
        return NULL;
    uint32_t s = k->cur;
    ng_span_t *sp = span_at(k, s);
    uint64_t *words = sp->bits;
    uint32_t w = k->cur_word;
    while (words[w] == ~(uint64_t)0)
        w++;
    unsigned bit = (unsigned)__builtin_ctzll(~words[w]);
    words[w] |= (uint64_t)1 << bit;
    if (give)
        span_given(k, sp)[w] |= (uint64_t)1 << bit;
    k->cur_word = w;
    sp->used++;
    count_out(h, (int64_t)k->size);
    size_t in = ((size_t)w * 64 + bit) * k->size;
    if (NG_UNLIKELY(in + k->size > sp->prefaulted) && atomic_load_explicit(&prefault_on, memory_order_relaxed))
        span_prefault(k, s, sp, in + k->size);
    return k->region + ((size_t)s << k->span_shift) + in;
}

/* Where a block's state lives: its span, the span's record, its bitmap
 * word and bit. */
typedef struct {
    uint32_t s;
    ng_span_t *sp;
    uint32_t w;
    uint64_t m;
} ng_slot_t;

/* Locate the state of p, an address in a class's region; aborts when p is
 * no block of this heap. Inlined: it is most of the server's work per block. */
static inline __attribute__((always_inline)) ng_class_t *block_locate(const void *p, ng_slot_t *at)
{
    ng_class_t *k = class_table[heap_region_index(p)];
    size_t off = (size_t)((const char *)p - k->region);
    uint32_t s = (uint32_t)(off >> k->span_shift);
    size_t in = off & (((size_t)1 << k->span_shift) - 1);
    size_t idx = (in * k->inv_size) >> 32;    /* in / size, or one less */
    if ((idx + 1) * k->size <= in)
        idx++;
    if (NG_UNLIKELY(s >= k->nspans_used || idx >= k->bps))
        os_fatal("free of %p, which this heap never handed out", p);
    if (NG_UNLIKELY(in != idx * k->size))
        os_fatal("free of interior pointer %p (size class %zu B)", p, k->size);
    at->s = s;
    at->sp = span_at(k, s);
    at->w = (uint32_t)(idx / 64);
    at->m = (uint64_t)1 << (idx % 64);
    return k;
}

void heap_mark_given(void *p)
{
    ng_slot_t at;
    ng_class_t *k = block_locate(p, &at);
    span_given(k, at.sp)[at.w] |= at.m;
}

static void block_release(ng_class_t *k, const ng_slot_t *at)
{
    ng_span_t *sp = at->sp;
    sp->bits[at->w] &= ~at->m;
    span_given(k, sp)[at->w] &= ~at->m;
    if (at->s == k->cur && at->w < k->cur_word)
        k->cur_word = at->w;
    if (sp->used-- == k->bps)
        avail_push(k, at->s, sp);
    if (sp->used == 0)
        span_emptied(k, at->s, sp);
    count_out(k->heap, -(int64_t)k->size);
}

void heap_unstock(void *p)
{
    ng_slot_t at;
    ng_class_t *k = block_locate(p, &at);
    block_release(k, &at);
}

/* ---- Large blocks ---- */

static size_t large_slot(uintptr_t ptr)
{
    size_t h = (size_t)((ptr >> 12) * 0x9E3779B97F4A7C15ull);
    return h & (large_cap - 1);
}

static ng_large_t *large_find(uintptr_t ptr)
{
    if (!large_cap)
        return NULL;
    for (size_t i = large_slot(ptr);; i = (i + 1) & (large_cap - 1)) {
        if (large_tab[i].ptr == ptr)
            return &large_tab[i];
        if (large_tab[i].ptr == 0)
            return NULL;
    }
}

static void large_put(uintptr_t ptr, size_t len)
{
    size_t i = large_slot(ptr);
    while (large_tab[i].ptr > LARGE_TOMB)
        i = (i + 1) & (large_cap - 1);
    if (large_tab[i].ptr == LARGE_TOMB)
        large_tombs--;
    large_tab[i].ptr = ptr;
    large_tab[i].len = len;
    large_live++;
}

/* Room for one more entry: rebuild at twice the live count when half full. */
static int large_reserve(void)
{
    if ((large_live + large_tombs + 1) * 2 <= large_cap)
        return 0;
    size_t cap = 1024;
    while (cap < (large_live + 1) * 4)
        cap *= 2;
    ng_large_t *old = large_tab;
    size_t old_cap = large_cap;
    ng_large_t *tab = os_map(cap * sizeof *tab);
    if (!tab)
        return -1;
    large_tab = tab;
    large_cap = cap;
    large_live = large_tombs = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].ptr > LARGE_TOMB)
            large_put(old[i].ptr, old[i].len);
    if (old)
        os_unmap(old, old_cap * sizeof *old);
    return 0;
}

void *heap_alloc_large(unsigned h, size_t size, size_t align)
{
    size_t len = size ? (size + 4095) & ~(size_t)4095 : 4096;
    void *p = len < size ? NULL : os_map_aligned(len, align);
    if (!p) {
        errno = ENOMEM;
        return NULL;
    }
    lock_acquire(&large_lock);
    int room = large_reserve() == 0;
    if (room)
        large_put((uintptr_t)p, len);
    lock_release(&large_lock);
    if (!room) {
        os_unmap(p, len);
        errno = ENOMEM;
        return NULL;
    }
    count_out(h, (int64_t)len);
    return p;
}

size_t heap_large_size(const void *p)
{
    lock_acquire(&large_lock);
    ng_large_t *e = large_find((uintptr_t)p);
    size_t len = e ? e->len : 0;
    lock_release(&large_lock);
    return len;
}

static void large_forget(ng_large_t *e)
{
    e->ptr = LARGE_TOMB;
    large_tombs++;
    large_live--;
}

void *heap_realloc_large(unsigned h, void *p, size_t n)
{
    lock_acquire(&large_lock);
    ng_large_t *e = large_find((uintptr_t)p);
    if (!e)
        os_fatal("realloc of %p, which this heap never handed out", p);
    size_t old = e->len, len = (n + 4095) & ~(size_t)4095;
    void *q = large_reserve() == 0 ? os_remap(p, old, len) : NULL;
    if (q) {
        large_forget(large_find((uintptr_t)p));   /* large_reserve may have moved it */
        large_put((uintptr_t)q, len);
    }
    lock_release(&large_lock);
    if (!q) {
        errno = ENOMEM;
        return NULL;
    }
    count_out(h, (int64_t)len - (int64_t)old);
    return q;
}

static void large_free(unsigned h, void *p)
{
    lock_acquire(&large_lock);
    ng_large_t *e = large_find((uintptr_t)p);
    if (!e)
        os_fatal("free of %p, which this heap never handed out", p);
    size_t len = e->len;
    large_forget(e);
    lock_release(&large_lock);
    os_unmap(p, len);
    count_out(h, -(int64_t)len);
}

/* ---- Free ---- */

/* Locate a block being freed and check it is busy; *given says whether it
 * is also given (not sitting in a stock). */
static inline __attribute__((always_inline)) ng_class_t *freed_block(void *p, ng_slot_t *at, int *given)
{
    ng_class_t *k = block_locate(p, at);
    if (!(at->sp->bits[at->w] & at->m))
        os_fatal("double free of %p (size class %zu B)", p, k->size);
    *given = (span_given(k, at->sp)[at->w] & at->m) != 0;
    return k;
}

int heap_free(unsigned h, void *p, int stocks_synced)
{
    unsigned c = heap_class_of(p);
    if (c == NG_NCLASS) {
        large_free(h, p);
        return 0;
    }
    ng_slot_t at;
    int given;
    ng_class_t *k = freed_block(p, &at, &given);
    if (!given) {
        if (stocks_synced)   /* busy but in a stock: it was freed before and re-stocked */
            os_fatal("double free of %p (size class %zu B)", p, k->size);
        return 1;
    }
    block_release(k, &at);
    return 0;
}

int heap_restock(void *p)
{
    ng_slot_t at;
    int given;
    ng_class_t *k = freed_block(p, &at, &given);
    if (!given)
        return 1;
    span_given(k, at.sp)[at.w] &= ~at.m;
    return 0;
}

int64_t heap_bytes_out(unsigned h) { return atomic_load_explicit(&heaps[h].bytes_out, memory_order_relaxed); }
int64_t heap_bytes_peak(unsigned h) { return atomic_load_explicit(&heaps[h].bytes_peak, memory_order_relaxed); }
uint64_t heap_bytes_prefaulted(unsigned h) { return atomic_load_explicit(&heaps[h].bytes_prefaulted, memory_order_relaxed); }
