/* heap.c: the heap core (see heap.h). One owner per heap, no atomics on the
 * block paths. */
#include "heap.h"

#include "os.h"

#define SPAN_IN_AVAIL  1u   /* span is on its class's avail list */
#define SPAN_NONE      UINT32_MAX
#define SLOT_NONE      UINT32_MAX
#define RELEASE_DELAY  30000000u  /* TSC ticks (~10 ms) a span stays empty before release */
#define EMPTY_SCAN     8u   /* empty spans searched for the class's own before taking another's */
#define REGION_MAX_SHIFT 32 /* 4 GiB of address space per region */
#define REGION_MIN_SHIFT 22 /* 4 MiB: the largest span */
#define ARENA_HINT ((uintptr_t)32 << 40)   /* 32 TiB: below where Linux maps anything itself */
#define ARENA_TRIES 8       /* places tried for the arena, a stride apart */
#define CLASS_MAP_SHARE 64  /* the class map (mapped whole) takes at most RLIMIT_AS / this */
#define GROW_MAX (64u << 20)  /* most address space a run of spans takes in one step */
#define GROW_SHARE 16       /* ... and at most RLIMIT_AS / this */
#define RECORDS_MIN 256u    /* span records a run starts with */
#define POOL_MAX_SHIFT 36   /* 64 GiB: what a stock ring's 32-bit references reach */
#define PREFAULT_AHEAD_MAX (64u << 10)  /* most prefaulted past the block being handed out */
#define WATCH_EVERY 16u      /* fresh blocks over a page between two judged ones */
#define WHOLE_SCORE_MAX 8

ng_arena_t ng_arena;
/* Set by the constructor and cleared by any owner on a kernel without the
 * call, read by every owner: atomic, relaxed. */
static _Atomic int prefault_on = 1;

/* Links of a span in a list of spans (doubly linked, by span number). */
typedef struct { uint32_t next, prev; } ng_link_t;
typedef struct { uint32_t head, tail; } ng_list_t;

/* What the heap knows of one span besides its bitmaps. The records of a
 * run of spans are one dense array. */
typedef struct {
    uint64_t empty_tick;    /* when it last became empty */
    uint32_t used;          /* busy blocks */
    uint32_t flags;         /* SPAN_* */
    uint32_t prefaulted;    /* span_prefault's mark: for blocks of a page or less, the
                             * bytes before it are backed; for larger ones, the blocks
                             * before it were handed out (their first pages backed) */
    uint32_t slot;          /* its bitmaps in its class's array of them */
    ng_link_t avail;        /* in its class's spans with free blocks */
    ng_link_t empty;        /* in its space's empty spans, or its released ones */
} ng_span_t;

/* A run of spans of one size: the pool that the classes below
 * NG_POOL_CLASSES share, or one larger class's region. Spans are handed out
 * bump-wise; one that empties waits on the empty list (newest first) for
 * any class of the space to take it, and after RELEASE_DELAY gives its
 * pages back and waits on the released list. */
typedef struct {
    char *base;
    ng_span_t *spans;
    unsigned span_shift;
    uint32_t nspans_max;    /* spans that fit its region (address space, not mapped) */
    uint32_t nspans_used;   /* spans ever handed out (bump pointer) */
    uint32_t records_cap;   /* span records mapped (they grow by mremap) */
    size_t committed;       /* bytes from base mapped so far (they grow in place) */
    ng_list_t empty;        /* resident, no busy block, no class's current span */
    ng_list_t released;     /* their pages went back to the OS */
    _Atomic uint8_t *map;   /* the pool: its part of ng_arena.class_map; else NULL */
} ng_space_t;

/* Owner-only state of one size class. A span of the class has its
 * bitmaps in a slot of the heap's bitmap area: wps words of busy bits (not
 * free: in a stock or given), then wps words of given bits (handed to a
 * caller). */
typedef struct {
    ng_space_t *space;
    /* the space's geometry, copied: the per-block paths read it */
    char *base;
    ng_span_t *spans;
    unsigned span_shift;
    size_t size;            /* block size */
    uint64_t inv_size;      /* 2^32 / size, to divide offsets by a multiply */
    uint32_t bps, wps;      /* blocks per span, bitmap words per span */
    uint64_t *bitmaps;      /* the heap's bitmap area, copied */
    uint32_t slot_free;     /* slots given back by spans the pool moved on, a stack */
    ng_list_t avail;        /* spans with free blocks, other than cur and empty ones */
    uint32_t cur;           /* span blocks are taken from; SPAN_NONE when none */
    uint32_t cur_word;      /* no free block before this bitmap word of cur */
    unsigned heap, id;      /* the heap it belongs to, its class number */
    /* blocks over a page: does the program write them whole? (span_prefault) */
    int whole_score;        /* > 0: yes, prefault them whole */
    uint32_t fresh_count;   /* fresh blocks handed out */
    const char *watched;    /* a fresh block prefaulted by its first page only, to judge */
} ng_class_t;

/* One heap. The byte counts are written by the owner alone and
 * read by anyone (statistics), hence relaxed atomic loads and stores. */
typedef struct {
    ng_class_t classes[NG_NCLASS];
    ng_space_t pool;                              /* classes below NG_POOL_CLASSES */
    ng_space_t own[NG_NCLASS - NG_POOL_CLASSES];  /* a region for each larger class */
    /* Span bitmaps, slots of every class's size handed out bump-wise, so a
     * program that uses a class for a span or two touches a few lines of
     * it, not a page. */
    uint64_t *bitmaps;
    uint64_t bitmap_words_used;
    uint64_t bitmap_words_cap;  /* mapped (the area grows by mremap) */
    uint64_t bitmap_words_max;  /* room for every class to hold every span of its run */
    _Atomic int64_t bytes_out, bytes_peak;
    _Atomic uint64_t bytes_prefaulted;  /* pages backed by span_prefault, in bytes */
    _Atomic uint64_t bytes_released;    /* pages given back to the OS, in bytes, ever */
    _Atomic uint32_t trim_req;          /* bumped by heap_request_trim (any thread) */
    uint32_t trim_done;                 /* trim_req as of the owner's last sweep */
    uint64_t last_sweep;
} ng_heap_t;

static ng_heap_t heaps[NG_MAX_HEAPS];
/* Each heap's classes by number: finding a block's class state is one load. */
static ng_class_t *class_table[NG_MAX_HEAPS][NG_NCLASS];

static inline ng_span_t *span_at(const ng_space_t *sp, uint32_t s) { return &sp->spans[s]; }

/* The busy bitmap in slot `slot` (a word index into the heap's bitmap
 * area), or of span sp of class k; the given bitmap follows it, k->wps
 * words on. */
static inline uint64_t *slot_busy(const ng_class_t *k, uint32_t slot) { return k->bitmaps + slot; }
static inline uint64_t *span_busy(const ng_class_t *k, const ng_span_t *sp) { return slot_busy(k, sp->slot); }

static inline char *span_start(const ng_space_t *sp, uint32_t s)
{
    return sp->base + ((size_t)s << sp->span_shift);
}

/* ---- Lists of spans: `field` is the offset of the ng_link_t they use ---- */

#define AVAIL offsetof(ng_span_t, avail)
#define EMPTY offsetof(ng_span_t, empty)

static inline ng_link_t *link_at(const ng_space_t *sp, uint32_t s, size_t field)
{
    return (ng_link_t *)((char *)span_at(sp, s) + field);
}

static void list_push(const ng_space_t *sp, ng_list_t *l, size_t field, uint32_t s)
{
    ng_link_t *n = link_at(sp, s, field);
    n->prev = SPAN_NONE;
    n->next = l->head;
    if (l->head != SPAN_NONE)
        link_at(sp, l->head, field)->prev = s;
    else
        l->tail = s;
    l->head = s;
}

static void list_unlink(const ng_space_t *sp, ng_list_t *l, size_t field, uint32_t s)
{
    ng_link_t *n = link_at(sp, s, field);
    if (n->prev != SPAN_NONE)
        link_at(sp, n->prev, field)->next = n->next;
    else
        l->head = n->next;
    if (n->next != SPAN_NONE)
        link_at(sp, n->next, field)->prev = n->prev;
    else
        l->tail = n->prev;
}

/* ---- Initialisation ---- */

static size_t page_round(size_t n) { return (n + os_page_size() - 1) & ~(os_page_size() - 1); }

/* A space of `bytes` at base in spans of 2^span_shift; nothing is mapped
 * until a span is taken (space_grow). */
static void space_init(ng_space_t *sp, char *base, size_t bytes, unsigned span_shift)
{
    sp->base = base;
    sp->span_shift = span_shift;
    sp->nspans_max = (uint32_t)(bytes >> span_shift);
    sp->empty.head = sp->empty.tail = sp->released.head = sp->released.tail = SPAN_NONE;
}

static void class_init(ng_class_t *k, unsigned c, unsigned h, ng_space_t *sp)
{
    k->space = sp;
    k->base = sp->base;
    k->spans = sp->spans;
    k->span_shift = sp->span_shift;
    k->size = sc_size(c);
    k->inv_size = ((uint64_t)1 << 32) / k->size;
    k->bps = (uint32_t)(((size_t)1 << k->span_shift) / k->size);
    k->wps = (k->bps + 63) / 64;
    k->cur = k->avail.head = k->avail.tail = SPAN_NONE;
    k->slot_free = SLOT_NONE;
    k->heap = h;
    k->id = c;
}

/* Words of bitmap area heap h may need: a slot for every span of its
 * space for each class, the most the classes can hold at once. */
static uint64_t bitmap_words_max(const ng_heap_t *hp)
{
    uint64_t words = 0;
    for (unsigned c = 0; c < NG_NCLASS; c++)
        words += (uint64_t)hp->classes[c].space->nspans_max * 2 * hp->classes[c].wps;
    return words;
}

/* Most address space a run of spans takes in one step: GROW_MAX, less
 * under a small RLIMIT_AS (read at start, and again when a mapping fails). */
static _Atomic size_t grow_max = GROW_MAX;

static void limit_read(void)
{
    size_t limit = os_as_limit() / GROW_SHARE;
    atomic_store_explicit(&grow_max, limit < GROW_MAX ? limit : GROW_MAX, memory_order_relaxed);
}

/* Region size: 4 GiB per class, less when the class map, which is mapped
 * whole (a byte per 64 KiB of the arena), would take over
 * RLIMIT_AS / CLASS_MAP_SHARE. The regions themselves are address space
 * only, mapped as they are used. */
static size_t region_shift_for_limit(size_t nregions)
{
    size_t limit = os_as_limit();
    size_t shift = REGION_MAX_SHIFT;
    while (shift > REGION_MIN_SHIFT && ((nregions << shift) >> NG_POOL_SPAN_SHIFT) > limit / CLASS_MAP_SHARE)
        shift--;
    return shift;
}

/* Where the arena goes: the first of a few places, high in the address
 * space (Linux places its own mappings top-down from near 128 TiB, or
 * bottom-up from 42 TiB), with nothing mapped at either end. */
static char *arena_place(size_t bytes)
{
    size_t stride = (bytes + ((size_t)1 << 40) - 1) & ~(((size_t)1 << 40) - 1);
    for (unsigned i = 0; i < ARENA_TRIES; i++) {
        char *at = (char *)(ARENA_HINT + i * stride);
        if (os_range_free(at, bytes))
            return at;
    }
    return NULL;
}

/* Point every class of heap hp at its space's records and the heap's
 * bitmaps, after either moved. */
static void classes_follow(ng_heap_t *hp)
{
    for (unsigned c = 0; c < NG_NCLASS; c++) {
        hp->classes[c].spans = hp->classes[c].space->spans;
        hp->classes[c].bitmaps = hp->bitmaps;
    }
}

/* Grow a mapping that only its heap's owner reads (records, bitmaps) to
 * `want` bytes, moving it if need be; 0 on failure. */
static int owner_area_grow(void **area, size_t *have, size_t want)
{
    want = page_round(want);
    void *p = *area ? os_remap(*area, *have, want) : os_map(want);
    if (!p)
        return 0;
    *area = p;
    *have = want;
    return 1;
}

/* Map span s of sp and its record, growing the run's mapped part in
 * doubling steps (at most grow_max, at least what s needs). 0 when the OS
 * refuses even that: the run counts as full. */
static int space_grow(ng_heap_t *hp, ng_space_t *sp, uint32_t s)
{
    size_t need = ((size_t)s + 1) << sp->span_shift;
    if (need > sp->committed) {
        size_t most = atomic_load_explicit(&grow_max, memory_order_relaxed);
        size_t step = sp->committed < most ? sp->committed : most;
        size_t room = ((size_t)sp->nspans_max << sp->span_shift) - sp->committed;
        if (step < need - sp->committed)
            step = need - sp->committed;
        step = (step + ((size_t)1 << sp->span_shift) - 1) & ~(((size_t)1 << sp->span_shift) - 1);
        if (step > room)
            step = room;
        if (!os_map_at(sp->base + sp->committed, step)) {
            limit_read();
            step = need - sp->committed;
            if (!os_map_at(sp->base + sp->committed, step))
                return 0;
        }
        sp->committed += step;
    }
    if (s < sp->records_cap)
        return 1;
    uint32_t cap = sp->records_cap ? sp->records_cap * 2 : RECORDS_MIN;
    if (cap > sp->nspans_max)
        cap = sp->nspans_max;
    size_t have = sp->records_cap * sizeof(ng_span_t);
    void *area = sp->spans;
    if (!owner_area_grow(&area, &have, cap * sizeof(ng_span_t)))
        return 0;
    sp->spans = area;
    sp->records_cap = (uint32_t)(have / sizeof(ng_span_t));
    classes_follow(hp);
    return 1;
}

/* Room in heap hp's bitmap area for `words` more (a slot of any class);
 * 0 when it cannot be mapped. */
static int bitmap_room(ng_heap_t *hp, uint64_t words)
{
    uint64_t need = hp->bitmap_words_used + words;
    if (need <= hp->bitmap_words_cap)
        return 1;
    uint64_t cap = hp->bitmap_words_cap * 2 > need ? hp->bitmap_words_cap * 2 : need;
    if (cap > hp->bitmap_words_max)
        cap = hp->bitmap_words_max;
    size_t have = hp->bitmap_words_cap * sizeof(uint64_t);
    void *area = hp->bitmaps;
    if (need > cap || !owner_area_grow(&area, &have, cap * sizeof(uint64_t)))
        return 0;
    hp->bitmaps = area;
    hp->bitmap_words_cap = have / sizeof(uint64_t);
    classes_follow(hp);
    return 1;
}

/* Heap h's pool (its first NG_POOL_CLASSES regions, up to 64 GiB), the
 * regions of its larger classes and its classes. */
static int heap_init_one(unsigned h, size_t region_shift)
{
    ng_heap_t *hp = &heaps[h];
    char **region = &ng_arena.region[(size_t)h * NG_HEAP_REGIONS];
    char *pool = region[0];
    size_t pool_bytes = (size_t)NG_POOL_CLASSES << region_shift;
    if (pool_bytes > (size_t)1 << POOL_MAX_SHIFT)
        pool_bytes = (size_t)1 << POOL_MAX_SHIFT;
    space_init(&hp->pool, pool, pool_bytes, heap_span_shift(0));
    hp->pool.map = ng_arena.class_map + ((size_t)(pool - ng_arena.base) >> NG_POOL_SPAN_SHIFT);
    for (unsigned c = 0; c < NG_NCLASS; c++) {
        ng_space_t *sp = &hp->pool;
        if (c < NG_POOL_CLASSES) {
            if (heap_span_shift(c) != NG_POOL_SPAN_SHIFT)   /* the pool's spans fit every pooled class */
                return -1;
            region[c] = pool;
        } else {
            sp = &hp->own[c - NG_POOL_CLASSES];
            space_init(sp, region[c], (size_t)1 << region_shift, heap_span_shift(c));
        }
        class_init(&hp->classes[c], c, h, sp);
        class_table[h][c] = &hp->classes[c];
    }
    hp->bitmap_words_max = bitmap_words_max(hp);   /* about 0.5 G with 4 GiB regions */
    return hp->bitmap_words_max <= UINT32_MAX ? 0 : -1;   /* slots are 32-bit word indexes */
}

int heap_init(unsigned nheaps)
{
    size_t nregions = (size_t)nheaps * NG_HEAP_REGIONS;
    size_t shift = region_shift_for_limit(nregions), region = (size_t)1 << shift;
    char *base = arena_place(region * nregions);
    limit_read();
    if (!base)
        return -1;
    ng_arena.class_map = os_map(page_round((region * nregions) >> NG_POOL_SPAN_SHIFT));
    if (!ng_arena.class_map)
        return -1;
    ng_arena.base = base;
    ng_arena.region_shift = shift;
    ng_arena.nheaps = nheaps;
    ng_arena.nregions = nregions;
    ng_arena.bytes = region * nregions;
    for (size_t i = 0; i < nregions; i++)
        ng_arena.region[i] = base + i * region;
    for (unsigned h = 0; h < nheaps; h++)
        if (heap_init_one(h, shift) != 0)
            return -1;
    return 0;
}

/* ---- Spans ---- */

NG_NOINLINE static void avail_push(ng_class_t *k, uint32_t s, ng_span_t *sp)
{
    if (s == k->cur || (sp->flags & SPAN_IN_AVAIL))
        return;
    sp->flags |= SPAN_IN_AVAIL;
    list_push(k->space, &k->avail, AVAIL, s);
}

static void avail_remove(ng_class_t *k, uint32_t s, ng_span_t *sp)
{
    sp->flags &= ~SPAN_IN_AVAIL;
    list_unlink(k->space, &k->avail, AVAIL, s);
}

/* Class + 1 of pool span s, as the class map says (0: none yet). */
static inline unsigned span_owner(const ng_space_t *pool, uint32_t s)
{
    return atomic_load_explicit(&pool->map[s], memory_order_relaxed);
}

/* Of the space's empty spans, the newest of class k's among the first few,
 * else the newest (in the pool, another class's): a class gets back its
 * own span (bitmaps laid out, lines perhaps still cached) when it has one
 * to hand. */
static uint32_t empty_pick(const ng_space_t *sp, const ng_class_t *k)
{
    uint32_t s = sp->empty.head;
    for (unsigned n = 0; sp->map && s != SPAN_NONE && n < EMPTY_SCAN; n++, s = span_at(sp, s)->empty.next)
        if (span_owner(sp, s) == k->id + 1)
            return s;
    return sp->empty.head;
}

/* A slot of bitmaps for a span of class k: one of k's that a span gave
 * back, else a new one, whose padding (slots past the span's last block are
 * never free) it keeps for good: an empty span has no other bit set, here
 * or in a slot given back. A free slot's first given word links the stack.
 * The area has room for every class to hold a slot for every span. */
static uint32_t slot_take(ng_class_t *k)
{
    uint32_t slot = k->slot_free;
    if (slot != SLOT_NONE) {
        uint64_t *link = slot_busy(k, slot) + k->wps;
        k->slot_free = (uint32_t)*link;
        *link = 0;
        return slot;
    }
    ng_heap_t *hp = &heaps[k->heap];
    slot = (uint32_t)hp->bitmap_words_used;
    hp->bitmap_words_used += 2 * k->wps;
    if (k->bps % 64)
        slot_busy(k, slot)[k->wps - 1] = ~(uint64_t)0 << (k->bps % 64);
    return slot;
}

static void slot_give_back(ng_class_t *k, uint32_t slot)
{
    slot_busy(k, slot)[k->wps] = k->slot_free;
    k->slot_free = slot;
}

/* Make empty span s (`fresh`: never used) class k's. In a class's own
 * region only a fresh span needs a slot of bitmaps. In the pool a span
 * changing hands takes a slot of k's, giving back its last owner's, and the
 * class map says so before any of its blocks is handed out. */
static void span_assign(ng_class_t *k, uint32_t s, int fresh)
{
    ng_space_t *sp = k->space;
    ng_span_t *span = span_at(sp, s);
    if (!sp->map) {
        if (fresh)
            span->slot = slot_take(k);
        return;
    }
    unsigned was = span_owner(sp, s);
    if (was == k->id + 1)
        return;
    if (was) {
        ng_class_t *last = &heaps[k->heap].classes[was - 1];
        slot_give_back(last, span->slot);
        if (last->size > os_page_size())   /* its mark: blocks handed out, pages not all backed */
            span->prefaulted = 0;
    }
    span->slot = slot_take(k);
    atomic_store_explicit(&sp->map[s], (uint8_t)(k->id + 1), memory_order_relaxed);
}

/* An empty span for class k: one emptied lately (see empty_pick), else one
 * whose pages went back, else a new one; SPAN_NONE when the space is full. */
static uint32_t space_take(ng_space_t *sp, ng_class_t *k)
{
    uint32_t s;
    int fresh = 0;
    ng_heap_t *hp = &heaps[k->heap];
    if (!bitmap_room(hp, 2 * (uint64_t)k->wps))   /* span_assign may take a slot */
        return SPAN_NONE;
    if (sp->empty.head != SPAN_NONE) {
        s = empty_pick(sp, k);
        list_unlink(sp, &sp->empty, EMPTY, s);
    } else if (sp->released.head != SPAN_NONE) {
        s = sp->released.head;
        list_unlink(sp, &sp->released, EMPTY, s);
    } else if (sp->nspans_used < sp->nspans_max && space_grow(hp, sp, sp->nspans_used)) {
        s = sp->nspans_used++;
        fresh = 1;
    } else {
        return SPAN_NONE;
    }
    span_assign(k, s, fresh);
    return s;
}

/* Make a span with a free block current; 0 when the space is exhausted. */
NG_NOINLINE static int class_next_span(ng_class_t *k)
{
    uint32_t s = k->avail.head;
    if (s != SPAN_NONE)
        avail_remove(k, s, span_at(k->space, s));
    else if ((s = space_take(k->space, k)) == SPAN_NONE)
        return 0;
    k->cur = s;
    k->cur_word = 0;
    return 1;
}

/* Give back the pages of the space's spans that have stayed empty for
 * RELEASE_DELAY ticks, or of all its empty spans when `all` (oldest first:
 * the list is in the order they emptied); they come back zero-filled when
 * taken again. Adds the bytes given back to *released; 1 when empty spans
 * are left. */
static int space_sweep(ng_space_t *sp, uint64_t now, int all, uint64_t *released)
{
    uint32_t s;
    while ((s = sp->empty.tail) != SPAN_NONE && (all || now - span_at(sp, s)->empty_tick >= RELEASE_DELAY)) {
        list_unlink(sp, &sp->empty, EMPTY, s);
        os_release(span_start(sp, s), (size_t)1 << sp->span_shift);
        *released += (size_t)1 << sp->span_shift;
        span_at(sp, s)->prefaulted = 0;
        list_push(sp, &sp->released, EMPTY, s);
    }
    return sp->empty.head != SPAN_NONE;
}

/* A trim asked for is done only by a sweep that follows a drain of every
 * queue (heap_sweep_settled): a sweep on a timer that consumed it before
 * the drain left the spans the drain emptied for the timer. */
static int sweep(unsigned h, int settled)
{
    ng_heap_t *hp = &heaps[h];
    uint64_t now = os_ticks(), released = 0;
    uint32_t trim = atomic_load_explicit(&hp->trim_req, memory_order_acquire);
    int all = settled && trim != hp->trim_done;
    hp->last_sweep = now;
    if (settled)
        hp->trim_done = trim;
    int pending = space_sweep(&hp->pool, now, all, &released);
    for (unsigned i = 0; i < NG_NCLASS - NG_POOL_CLASSES; i++)
        pending |= space_sweep(&hp->own[i], now, all, &released);
    if (released)
        ng_count(&hp->bytes_released, released);
    return pending;
}

int heap_sweep(unsigned h)
{
    return sweep(h, 0);
}

int heap_sweep_settled(unsigned h)
{
    return sweep(h, 1);
}

void heap_request_trim(void)
{
    for (unsigned h = 0; h < ng_arena.nheaps; h++)
        atomic_fetch_add_explicit(&heaps[h].trim_req, 1, memory_order_release);
}

uint64_t heap_bytes_released(unsigned h)
{
    return atomic_load_explicit(&heaps[h].bytes_released, memory_order_relaxed);
}

void heap_sweep_due(unsigned h)
{
    if (os_ticks() - heaps[h].last_sweep >= RELEASE_DELAY)
        heap_sweep(h);
}

/* A span just lost its last busy block. Unless its class is still filling
 * it, it waits on its space's empty list, where any class of the space may
 * take it; its pages go back to the OS only once it has stayed there a
 * while, so a program that frees everything and allocates it again does
 * not fault its pages back in each time. */
NG_NOINLINE static void span_emptied(ng_class_t *k, uint32_t s, ng_span_t *sp)
{
    if (s == k->cur)
        return;
    if (sp->flags & SPAN_IN_AVAIL)
        avail_remove(k, s, sp);
    sp->empty_tick = os_ticks();
    list_push(k->space, &k->space->empty, EMPTY, s);
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
    char *base = span_start(k->space, s);
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
    ng_class_t *k = class_table[h][c];
    if (NG_UNLIKELY(k->cur == SPAN_NONE || k->spans[k->cur].used == k->bps) && !class_next_span(k))
        return NULL;
    uint32_t s = k->cur;
    ng_span_t *sp = &k->spans[s];
    uint64_t *words = span_busy(k, sp);
    uint32_t w = k->cur_word;
    while (words[w] == ~(uint64_t)0)
        w++;
    unsigned bit = (unsigned)__builtin_ctzll(~words[w]);
    words[w] |= (uint64_t)1 << bit;
    if (give)
        words[k->wps + w] |= (uint64_t)1 << bit;
    k->cur_word = w;
    sp->used++;
    count_out(h, (int64_t)k->size);
    size_t in = ((size_t)w * 64 + bit) * k->size;
    if (NG_UNLIKELY(in + k->size > sp->prefaulted) && atomic_load_explicit(&prefault_on, memory_order_relaxed))
        span_prefault(k, s, sp, in + k->size);
    return k->base + ((size_t)s << k->span_shift) + in;
}

/* Where a block's state lives: its span, the span's record and busy
 * bitmap, its word and bit there. */
typedef struct {
    uint32_t s;
    ng_span_t *sp;
    uint64_t *busy;         /* its given bitmap follows */
    uint32_t w;
    uint64_t m;
} ng_slot_t;

/* Locate the state of p, an arena address heap_class_of puts in class c;
 * aborts when p is no block of this heap. Inlined: it is most of the
 * owner's work per block. */
static inline __attribute__((always_inline)) ng_class_t *block_locate(const void *p, unsigned c, ng_slot_t *at)
{
    ng_class_t *k = class_table[heap_of(p)][c];
    size_t off = (size_t)((const char *)p - k->base);
    uint32_t s = (uint32_t)(off >> k->span_shift);
    size_t in = off & (((size_t)1 << k->span_shift) - 1);
    size_t idx = (in * k->inv_size) >> 32;    /* in / size, or one less */
    if ((idx + 1) * k->size <= in)
        idx++;
    if (NG_UNLIKELY(s >= k->space->nspans_used || idx >= k->bps))
        os_fatal("free of %p, which this heap never handed out", p);
    if (NG_UNLIKELY(in != idx * k->size))
        os_fatal("free of interior pointer %p (size class %zu B)", p, k->size);
    at->s = s;
    at->sp = &k->spans[s];
    at->busy = span_busy(k, at->sp);
    at->w = (uint32_t)(idx / 64);
    at->m = (uint64_t)1 << (idx % 64);
    return k;
}

void heap_mark_given(void *p, unsigned c)
{
    ng_slot_t at;
    ng_class_t *k = block_locate(p, c, &at);
    at.busy[k->wps + at.w] |= at.m;
}

static void block_release(ng_class_t *k, const ng_slot_t *at)
{
    ng_span_t *sp = at->sp;
    at->busy[at->w] &= ~at->m;
    at->busy[k->wps + at->w] &= ~at->m;
    if (at->s == k->cur && at->w < k->cur_word)
        k->cur_word = at->w;
    if (sp->used-- == k->bps)
        avail_push(k, at->s, sp);
    if (sp->used == 0)
        span_emptied(k, at->s, sp);
    count_out(k->heap, -(int64_t)k->size);
}

void heap_unstock(void *p, unsigned c)
{
    ng_slot_t at;
    ng_class_t *k = block_locate(p, c, &at);
    block_release(k, &at);
}

/* ---- Free ---- */

/* Locate a block being freed and check it is busy; *given says whether it
 * is also given (not sitting in a stock). */
static inline __attribute__((always_inline)) ng_class_t *freed_block(void *p, unsigned c, ng_slot_t *at,
                                                                    int *given)
{
    ng_class_t *k = block_locate(p, c, at);
    if (!(at->busy[at->w] & at->m))
        os_fatal("double free of %p (size class %zu B)", p, k->size);
    *given = (at->busy[k->wps + at->w] & at->m) != 0;
    return k;
}

int heap_free(void *p, unsigned c, int stocks_synced)
{
    ng_slot_t at;
    int given;
    ng_class_t *k = freed_block(p, c, &at, &given);
    if (!given) {
        if (stocks_synced)   /* busy but in a stock: it was freed before and re-stocked */
            os_fatal("double free of %p (size class %zu B)", p, k->size);
        return 1;
    }
    block_release(k, &at);
    return 0;
}

int heap_restock(void *p, unsigned c)
{
    ng_slot_t at;
    int given;
    ng_class_t *k = freed_block(p, c, &at, &given);
    if (!given)
        return 1;
    at.busy[k->wps + at.w] &= ~at.m;
    return 0;
}

int64_t heap_bytes_out(unsigned h) { return atomic_load_explicit(&heaps[h].bytes_out, memory_order_relaxed); }
int64_t heap_bytes_peak(unsigned h) { return atomic_load_explicit(&heaps[h].bytes_peak, memory_order_relaxed); }
uint64_t heap_bytes_prefaulted(unsigned h) { return atomic_load_explicit(&heaps[h].bytes_prefaulted, memory_order_relaxed); }
