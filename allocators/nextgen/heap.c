/* heap.c: the heap core (see heap.h). Single owner; no locks, no atomics. */
#include "heap.h"

#include <errno.h>
#include <string.h>

#include "os.h"

#define SPAN_IN_AVAIL  1u   /* span is on its class's avail stack */
#define SPAN_RELEASED  2u   /* span's pages were given back to the OS */
#define SPAN_IN_EMPTY  4u   /* span is on its class's list of empty spans */
#define RELEASE_DELAY  30000000u  /* TSC ticks (~10 ms) a span stays empty before release */
#define REGION_MAX_SHIFT 32 /* 4 GiB of address space per class */
#define REGION_MIN_SHIFT 22 /* 4 MiB: the largest span */

ng_arena_t ng_arena;

/* Server-only state of one size class. */
typedef struct {
    char *region;
    size_t size;            /* block size */
    uint64_t inv_size;      /* 2^32 / size, to divide offsets by a multiply */
    unsigned span_shift;
    uint32_t bps, wps;      /* blocks per span, bitmap words per span */
    uint32_t nspans_max;    /* spans that fit the region */
    uint32_t nspans_used;   /* spans ever handed out (bump pointer) */
    uint64_t *busy;         /* bit per block: not free (in a stock or given) */
    uint64_t *given;        /* bit per block: handed to a caller */
    uint32_t *used;         /* busy blocks per span */
    uint8_t *flags;         /* SPAN_* per span */
    uint32_t *avail;        /* stack of spans with free blocks, other than cur */
    uint32_t navail;
    uint32_t cur;           /* span blocks are taken from; UINT32_MAX when none */
    uint32_t cur_word;      /* no free block before this bitmap word of cur */
    uint32_t *empty;        /* spans that lost their last busy block, not yet released */
    uint64_t *empty_tick;   /* per span: when it last became empty */
    uint32_t nempty;
} ng_class_t;

/* Server-only table of large blocks: open addressing, linear probing. */
typedef struct { uintptr_t ptr; size_t len; } ng_large_t;
#define LARGE_TOMB ((uintptr_t)1)

static ng_class_t classes[NG_NCLASS];
static ng_large_t *large_tab;
static size_t large_cap, large_live, large_tombs;
static uint64_t bytes_out, bytes_peak;
static uint64_t last_sweep;

/* ---- Initialisation ---- */

static void *meta_map(size_t len)
{
    return os_map((len + 4095) & ~(size_t)4095);
}

static int class_init(ng_class_t *k, unsigned c, char *region, size_t region_size)
{
    k->region = region;
    k->size = sc_size(c);
    k->inv_size = ((uint64_t)1 << 32) / k->size;
    k->span_shift = heap_span_shift(c);
    k->bps = (uint32_t)(((size_t)1 << k->span_shift) / k->size);
    k->wps = (k->bps + 63) / 64;
    k->nspans_max = (uint32_t)(region_size >> k->span_shift);
    k->cur = UINT32_MAX;
    size_t n = k->nspans_max;
    k->busy = meta_map(n * k->wps * 8);
    k->given = meta_map(n * k->wps * 8);
    k->used = meta_map(n * 4);
    k->flags = meta_map(n);
    k->avail = meta_map(n * 4);
    k->empty = meta_map(n * 4);
    k->empty_tick = meta_map(n * 8);
    return k->busy && k->given && k->used && k->flags && k->avail && k->empty && k->empty_tick ? 0 : -1;
}

/* Region size: 4 GiB per class, less when RLIMIT_AS would not allow a
 * quarter of it for the arena. */
static size_t region_shift_for_limit(void)
{
    size_t limit = os_as_limit();
    size_t shift = REGION_MAX_SHIFT;
    while (shift > REGION_MIN_SHIFT && limit / 4 / NG_NCLASS < ((size_t)1 << shift))
        shift--;
    return shift;
}

int heap_init(void)
{
    for (size_t shift = region_shift_for_limit(); shift >= REGION_MIN_SHIFT; shift--) {
        size_t region = (size_t)1 << shift;
        char *base = os_map_aligned(region * NG_NCLASS, region);
        if (!base)
            continue;
        ng_arena.base = base;
        ng_arena.region_shift = shift;
        for (unsigned c = 0; c < NG_NCLASS; c++)
            if (class_init(&classes[c], c, base + c * region, region) != 0)
                return -1;
        return 0;
    }
    return -1;
}

/* ---- Spans ---- */

static void avail_push(ng_class_t *k, uint32_t s)
{
    if (s == k->cur || (k->flags[s] & SPAN_IN_AVAIL))
        return;
    k->flags[s] |= SPAN_IN_AVAIL;
    k->avail[k->navail++] = s;
}

/* Make a span with a free block current; 0 when the region is exhausted. */
NG_NOINLINE static int class_next_span(ng_class_t *k)
{
    uint32_t s;
    if (k->navail) {
        s = k->avail[--k->navail];
        k->flags[s] &= (uint8_t)~SPAN_IN_AVAIL;
    } else if (k->nspans_used < k->nspans_max) {
        s = k->nspans_used++;
        if (k->bps % 64)   /* slots past the span's last block are never free */
            k->busy[(size_t)s * k->wps + k->wps - 1] = ~(uint64_t)0 << (k->bps % 64);
    } else {
        return 0;
    }
    k->flags[s] &= (uint8_t)~SPAN_RELEASED;
    k->cur = s;
    k->cur_word = 0;
    return 1;
}

/* Release the pages of class k's spans that have stayed empty for
 * RELEASE_DELAY ticks (they stay in the class and come back zeroed); forget
 * the ones that were reused meanwhile. */
static void class_sweep(ng_class_t *k, uint64_t now)
{
    for (uint32_t i = 0; i < k->nempty;) {
        uint32_t s = k->empty[i];
        int reused = k->used[s] != 0 || s == k->cur;
        if (!reused && now - k->empty_tick[s] < RELEASE_DELAY) {
            i++;
            continue;
        }
        if (!reused) {
            os_release(k->region + ((size_t)s << k->span_shift), (size_t)1 << k->span_shift);
            k->flags[s] |= SPAN_RELEASED;
        }
        k->flags[s] &= (uint8_t)~SPAN_IN_EMPTY;
        k->empty[i] = k->empty[--k->nempty];
    }
}

int heap_sweep(void)
{
    uint64_t now = os_ticks();
    int pending = 0;
    last_sweep = now;
    for (unsigned c = 0; c < NG_NCLASS; c++)
        if (classes[c].nempty) {
            class_sweep(&classes[c], now);
            pending |= classes[c].nempty != 0;
        }
    return pending;
}

/* A span just lost its last busy block. Its pages go back to the OS only
 * once it has stayed empty a while, so a program that frees everything and
 * allocates it again does not fault its pages back in each time. */
static void span_emptied(ng_class_t *k, uint32_t s)
{
    k->empty_tick[s] = os_ticks();
    if (!(k->flags[s] & SPAN_IN_EMPTY)) {
        k->flags[s] |= SPAN_IN_EMPTY;
        k->empty[k->nempty++] = s;
    }
    if (k->empty_tick[s] - last_sweep >= RELEASE_DELAY)
        heap_sweep();
}

static void count_out(int64_t delta)
{
    bytes_out += (uint64_t)delta;
    if (bytes_out > bytes_peak)
        bytes_peak = bytes_out;
}

/* ---- Small blocks ---- */

void *heap_alloc_small(unsigned c, int give)
{
    ng_class_t *k = &classes[c];
    if (NG_UNLIKELY(k->cur == UINT32_MAX || k->used[k->cur] == k->bps) && !class_next_span(k))
        return NULL;
    uint32_t s = k->cur;
    uint64_t *words = k->busy + (size_t)s * k->wps;
    uint32_t w = k->cur_word;
    while (words[w] == ~(uint64_t)0)
        w++;
    unsigned bit = (unsigned)__builtin_ctzll(~words[w]);
    words[w] |= (uint64_t)1 << bit;
    if (give)
        k->given[(size_t)s * k->wps + w] |= (uint64_t)1 << bit;
    k->cur_word = w;
    k->used[s]++;
    count_out((int64_t)k->size);
    return k->region + ((size_t)s << k->span_shift) + ((size_t)w * 64 + bit) * k->size;
}

/* Locate p's bitmap word and bit; aborts when p is no block of this heap.
 * Inlined: it is most of the server's work per block. */
static inline __attribute__((always_inline)) ng_class_t *block_locate(const void *p, unsigned c, uint32_t *span, size_t *word, uint64_t *mask)
{
    ng_class_t *k = &classes[c];
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
    *span = s;
    *word = (size_t)s * k->wps + idx / 64;
    *mask = (uint64_t)1 << (idx % 64);
    return k;
}

void heap_mark_given(void *p)
{
    uint32_t s; size_t w; uint64_t m;
    ng_class_t *k = block_locate(p, heap_class_of(p), &s, &w, &m);
    k->given[w] |= m;
}

static void block_release(ng_class_t *k, uint32_t s, size_t w, uint64_t m)
{
    k->busy[w] &= ~m;
    k->given[w] &= ~m;
    if (s == k->cur && w - (size_t)s * k->wps < k->cur_word)
        k->cur_word = (uint32_t)(w - (size_t)s * k->wps);
    if (k->used[s]-- == k->bps)
        avail_push(k, s);
    if (k->used[s] == 0)
        span_emptied(k, s);
    count_out(-(int64_t)k->size);
}

void heap_unstock(void *p)
{
    uint32_t s; size_t w; uint64_t m;
    ng_class_t *k = block_locate(p, heap_class_of(p), &s, &w, &m);
    block_release(k, s, w, m);
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

void *heap_alloc_large(size_t size, size_t align)
{
    size_t len = size ? (size + 4095) & ~(size_t)4095 : 4096;
    if (len < size || large_reserve() != 0) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = os_map_aligned(len, align);
    if (!p) {
        errno = ENOMEM;
        return NULL;
    }
    large_put((uintptr_t)p, len);
    count_out((int64_t)len);
    return p;
}

size_t heap_large_size(const void *p)
{
    ng_large_t *e = large_find((uintptr_t)p);
    return e ? e->len : 0;
}

void *heap_realloc_large(void *p, size_t n)
{
    if (large_reserve() != 0) {
        errno = ENOMEM;
        return NULL;
    }
    ng_large_t *e = large_find((uintptr_t)p);
    if (!e)
        os_fatal("realloc of %p, which this heap never handed out", p);
    size_t len = (n + 4095) & ~(size_t)4095;
    void *q = os_remap(p, e->len, len);
    if (!q) {
        errno = ENOMEM;
        return NULL;
    }
    count_out((int64_t)len - (int64_t)e->len);
    e->ptr = LARGE_TOMB;
    large_tombs++;
    large_live--;
    large_put((uintptr_t)q, len);
    return q;
}

static void large_free(void *p)
{
    ng_large_t *e = large_find((uintptr_t)p);
    if (!e)
        os_fatal("free of %p, which this heap never handed out", p);
    os_unmap(p, e->len);
    count_out(-(int64_t)e->len);
    e->ptr = LARGE_TOMB;
    large_tombs++;
    large_live--;
}

/* ---- Free ---- */

/* Locate a block being freed and check it is busy; 1 when it is also given. */
static inline __attribute__((always_inline)) ng_class_t *freed_block(void *p, unsigned c, uint32_t *s, size_t *w, uint64_t *m, int *given)
{
    ng_class_t *k = block_locate(p, c, s, w, m);
    if (!(k->busy[*w] & *m))
        os_fatal("double free of %p (size class %zu B)", p, k->size);
    *given = (k->given[*w] & *m) != 0;
    return k;
}

int heap_free(void *p, int stocks_synced)
{
    unsigned c = heap_class_of(p);
    if (c == NG_NCLASS) {
        large_free(p);
        return 0;
    }
    uint32_t s; size_t w; uint64_t m; int given;
    ng_class_t *k = freed_block(p, c, &s, &w, &m, &given);
    if (!given) {
        if (stocks_synced)   /* busy but in a stock: it was freed before and re-stocked */
            os_fatal("double free of %p (size class %zu B)", p, k->size);
        return 1;
    }
    block_release(k, s, w, m);
    return 0;
}

int heap_restock(void *p, unsigned c)
{
    uint32_t s; size_t w; uint64_t m; int given;
    ng_class_t *k = freed_block(p, c, &s, &w, &m, &given);
    if (!given)
        return 1;
    k->given[w] &= ~m;
    return 0;
}

uint64_t heap_bytes_out(void) { return bytes_out; }
uint64_t heap_bytes_peak(void) { return bytes_peak; }
