/* large.c: large blocks (see large.h). A table (open addressing, linear
 * probing, rebuilt at twice the live count when half full) knows every
 * block, in use or cached; each thread that frees large blocks has a small
 * cache of them, on a list a trimmer walks. Lock order: caches_lock, then a
 * cache's lock, then table_lock; no system call is made under table_lock
 * except the table's own rebuild. Deletion shifts entries back (no
 * tombstones), so a block that moves is forgotten and entered again
 * without the table filling up. */
#include "large.h"

#include <errno.h>

#include "heap.h"
#include "lock.h"
#include "os.h"
#include "types.h"

#define CACHE_SLOTS      8u
#define CACHE_AGE_NS     100000000ull     /* 100 ms a block may wait in a cache */
#define CACHE_BYTES_DEFAULT (64u << 20)   /* a thread's cache holds at most this */
#define CACHE_LIMIT_SHARE 8u              /* ... and at most RLIMIT_AS / this */
#define TABLE_MIN_CAP    1024u

/* ---- The table ---- */

typedef struct { uintptr_t ptr; size_t len; uint32_t cached; } ng_large_t;

static ng_lock_t table_lock;
static ng_large_t *table;
static size_t table_cap, table_live;

static _Atomic uint64_t live_blocks, live_bytes, peak_bytes, cached_bytes;

static size_t pages_round(size_t n) { return (n + os_page_size() - 1) & ~(os_page_size() - 1); }

static size_t table_slot(uintptr_t ptr)
{
    return (size_t)((ptr / os_page_size()) * 0x9E3779B97F4A7C15ull) & (table_cap - 1);
}

static ng_large_t *table_find(uintptr_t ptr)
{
    if (!table_cap)
        return NULL;
    for (size_t i = table_slot(ptr);; i = (i + 1) & (table_cap - 1)) {
        if (table[i].ptr == ptr)
            return &table[i];
        if (table[i].ptr == 0)
            return NULL;
    }
}

static void table_put(uintptr_t ptr, size_t len, uint32_t cached)
{
    size_t i = table_slot(ptr);
    while (table[i].ptr)
        i = (i + 1) & (table_cap - 1);
    table[i] = (ng_large_t){ ptr, len, cached };
    table_live++;
}

/* Remove e, moving back the entries after it that may sit in its slot
 * (each stays reachable from its home slot). */
static void table_forget(ng_large_t *e)
{
    size_t mask = table_cap - 1, i = (size_t)(e - table);
    for (size_t j = (i + 1) & mask; table[j].ptr; j = (j + 1) & mask)
        if (((j - table_slot(table[j].ptr)) & mask) >= ((j - i) & mask)) {
            table[i] = table[j];
            i = j;
        }
    table[i].ptr = 0;
    table_live--;
}

/* Room for one more entry: rebuild at four times the live count when
 * half full. */
static int table_reserve(void)
{
    if ((table_live + 1) * 2 <= table_cap)
        return 0;
    size_t cap = TABLE_MIN_CAP;
    while (cap < (table_live + 1) * 4)
        cap *= 2;
    ng_large_t *old = table, *fresh = os_map(cap * sizeof *fresh);
    size_t old_cap = table_cap;
    if (!fresh)
        return -1;
    table = fresh;
    table_cap = cap;
    table_live = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].ptr)
            table_put(old[i].ptr, old[i].len, old[i].cached);
    if (old)
        os_unmap(old, old_cap * sizeof *old);
    return 0;
}

/* Enter block p of len bytes as handed out; 0 on success. */
static int table_add(void *p, size_t len)
{
    lock_acquire(&table_lock);
    int ok = table_reserve() == 0;
    if (ok)
        table_put((uintptr_t)p, len, 0);
    lock_release(&table_lock);
    return ok ? 0 : -1;
}

static void count_live(int64_t blocks, int64_t bytes)
{
    atomic_fetch_add_explicit(&live_blocks, (uint64_t)blocks, memory_order_relaxed);
    uint64_t now = atomic_fetch_add_explicit(&live_bytes, (uint64_t)bytes, memory_order_relaxed) + (uint64_t)bytes;
    uint64_t peak = atomic_load_explicit(&peak_bytes, memory_order_relaxed);
    while (now > peak && !atomic_compare_exchange_weak_explicit(&peak_bytes, &peak, now, memory_order_relaxed,
                                                                memory_order_relaxed))
        ;
}

/* ---- Caches: one per thread that frees large blocks ---- */

typedef struct { char *p; size_t len; uint64_t since; } ng_cached_t;   /* since: when it was freed (coarse ns) */

typedef struct ng_lcache {
    ng_lock_t lock;                  /* its thread's, and a trimmer's now and then */
    uint32_t n;                      /* entries in e[] */
    int owned;                       /* a live thread's */
    size_t bytes;                    /* the sum of e[].len */
    ng_cached_t e[CACHE_SLOTS];
    struct ng_lcache *next;          /* the list of every cache (never shrinks) */
} ng_lcache_t;

static ng_lock_t caches_lock;
static ng_lcache_t *caches;
static __thread ng_lcache_t *tl_cache __attribute__((tls_model("initial-exec")));
static _Atomic size_t cache_bytes_max = CACHE_BYTES_DEFAULT;
static _Atomic size_t as_limit_share;   /* RLIMIT_AS / CACHE_LIMIT_SHARE; 0 until first read */

void large_set_cache_bytes(size_t bytes) { atomic_store_explicit(&cache_bytes_max, bytes, memory_order_relaxed); }

/* Read RLIMIT_AS (at the first free of a large block, and again when a
 * mapping fails). */
static void limit_reread(void)
{
    size_t limit = os_as_limit();
    atomic_store_explicit(&as_limit_share, limit == SIZE_MAX ? SIZE_MAX : limit / CACHE_LIMIT_SHARE,
                          memory_order_relaxed);
}

static size_t cache_bound(void)
{
    size_t max = atomic_load_explicit(&cache_bytes_max, memory_order_relaxed);
    size_t share = atomic_load_explicit(&as_limit_share, memory_order_relaxed);
    if (NG_UNLIKELY(!share)) {
        limit_reread();
        share = atomic_load_explicit(&as_limit_share, memory_order_relaxed);
    }
    return share < max ? share : max;
}

/* The calling thread's cache: one a finished thread left, else a new one. */
static ng_lcache_t *cache_mine(void)
{
    if (tl_cache)
        return tl_cache;
    lock_acquire(&caches_lock);
    ng_lcache_t *c = caches;
    while (c && c->owned)
        c = c->next;
    if (!c && (c = os_map(sizeof *c)) != NULL) {
        c->next = caches;
        caches = c;
    }
    if (c)
        c->owned = 1;
    lock_release(&caches_lock);
    return tl_cache = c;
}

static void cache_remove(ng_lcache_t *c, uint32_t i, ng_cached_t *out)
{
    *out = c->e[i];
    c->bytes -= out->len;
    c->e[i] = c->e[--c->n];
}

/* Give cached blocks back to the OS; returns their bytes. */
static size_t release(const ng_cached_t *v, unsigned n)
{
    size_t bytes = 0;
    for (unsigned i = 0; i < n; i++) {
        lock_acquire(&table_lock);
        ng_large_t *e = table_find((uintptr_t)v[i].p);
        if (e)
            table_forget(e);
        lock_release(&table_lock);
        os_unmap(v[i].p, v[i].len);
        bytes += v[i].len;
    }
    atomic_fetch_sub_explicit(&cached_bytes, bytes, memory_order_relaxed);
    return bytes;
}

/* Take out of c every entry that began waiting before `before`
 * (UINT64_MAX: all of them) into v; returns how many. Caller holds c->lock. */
static unsigned cache_take_expired(ng_lcache_t *c, uint64_t before, ng_cached_t *v)
{
    unsigned n = 0;
    for (uint32_t i = c->n; i-- > 0;)
        if (c->e[i].since < before)
            cache_remove(c, i, &v[n++]);
    return n;
}

/* A cached block for a request of len bytes aligned to align: the smallest
 * that holds it, else (align of a page) the largest, to be grown; 0 when
 * there is none. Expired entries go into v / *nv on the way. */
static int cache_take(ng_lcache_t *c, size_t len, size_t align, ng_cached_t *out, ng_cached_t *v, unsigned *nv)
{
    lock_acquire(&c->lock);
    uint64_t now = os_coarse_ns();
    *nv = cache_take_expired(c, now > CACHE_AGE_NS ? now - CACHE_AGE_NS : 0, v);
    uint32_t best = UINT32_MAX, largest = UINT32_MAX;
    for (uint32_t i = 0; i < c->n; i++) {
        if ((uintptr_t)c->e[i].p & (align - 1))
            continue;
        if (c->e[i].len >= len && (best == UINT32_MAX || c->e[i].len < c->e[best].len))
            best = i;
        if (largest == UINT32_MAX || c->e[i].len > c->e[largest].len)
            largest = i;
    }
    if (best == UINT32_MAX && align <= os_page_size())
        best = largest;
    if (best != UINT32_MAX)
        cache_remove(c, best, out);
    lock_release(&c->lock);
    return best != UINT32_MAX;
}

/* Put block p of len bytes into c, the oldest entries making room (into v). */
static unsigned cache_put(ng_lcache_t *c, char *p, size_t len, ng_cached_t *v)
{
    size_t bound = cache_bound();
    unsigned n = 0;
    lock_acquire(&c->lock);
    while (c->n && (c->n == CACHE_SLOTS || c->bytes + len > bound)) {
        uint32_t oldest = 0;
        for (uint32_t i = 1; i < c->n; i++)
            if (c->e[i].since < c->e[oldest].since)
                oldest = i;
        cache_remove(c, oldest, &v[n++]);
    }
    c->e[c->n++] = (ng_cached_t){ p, len, os_coarse_ns() };
    c->bytes += len;
    lock_release(&c->lock);
    return n;
}

/* Go through every cache, giving back the entries older than `before`
 * (and all of a cache no thread owns); returns the bytes given back, and
 * in *left whether entries remain. */
static size_t caches_sweep(uint64_t before, int *left)
{
    size_t bytes = 0;
    *left = 0;
    lock_acquire(&caches_lock);
    for (ng_lcache_t *c = caches; c; c = c->next) {
        ng_cached_t v[CACHE_SLOTS];
        lock_acquire(&c->lock);
        unsigned n = cache_take_expired(c, c->owned ? before : UINT64_MAX, v);
        *left |= c->n != 0;
        lock_release(&c->lock);
        bytes += release(v, n);
    }
    lock_release(&caches_lock);
    return bytes;
}

int large_sweep(void)
{
    uint64_t now = os_coarse_ns();
    int left;
    caches_sweep(now > CACHE_AGE_NS ? now - CACHE_AGE_NS : 0, &left);
    return left;
}

size_t large_trim(void)
{
    int left;
    return caches_sweep(UINT64_MAX, &left);
}

void large_thread_exit(void)
{
    ng_lcache_t *c = tl_cache;
    if (!c)
        return;
    ng_cached_t v[CACHE_SLOTS];
    lock_acquire(&c->lock);
    unsigned n = cache_take_expired(c, UINT64_MAX, v);
    c->owned = 0;
    lock_release(&c->lock);
    tl_cache = NULL;
    release(v, n);
}

/* ---- Blocks ---- */

/* A fresh mapping; when the OS refuses, the caches go back (memory
 * pressure, or RLIMIT_AS reached) and it is tried once more. */
static void *map_fresh(size_t len, size_t align)
{
    void *p = os_map_aligned(len, align);
    if (!p && large_trim()) {
        limit_reread();
        p = os_map_aligned(len, align);
    }
    if (p && heap_contains(p)) {   /* the OS placed it in the arena's range (docs: Arena) */
        os_unmap(p, len);
        p = NULL;
    }
    return p;
}

/* Move mapping p from old to len bytes (in place where the pages after it
 * are free); like map_fresh, trims the caches and tries again on failure. */
static void *remap(void *p, size_t old, size_t len)
{
    void *q = os_remap(p, old, len);
    if (!q && large_trim()) {
        limit_reread();
        q = os_remap(p, old, len);
    }
    return q;
}

/* A block about to be moved or resized by mremap leaves the table first:
 * once mremap has moved it, the OS may give its old address to another
 * thread's new block, which must not find an entry there. */
static void table_take(void *p)
{
    lock_acquire(&table_lock);
    ng_large_t *e = table_find((uintptr_t)p);
    if (e)
        table_forget(e);
    lock_release(&table_lock);
}

/* Enter a block table_take took out again, in use, at q with len bytes.
 * The entry it left is room enough even if the rebuild fails. */
static void table_readd(void *q, size_t len)
{
    lock_acquire(&table_lock);
    if (table_reserve() != 0 && table_live + 1 >= table_cap)
        os_fatal("no memory to grow the large-block table");
    table_put((uintptr_t)q, len, 0);
    lock_release(&table_lock);
}

/* A cached block p goes back in use as it is. */
static void table_uncache(void *p)
{
    lock_acquire(&table_lock);
    table_find((uintptr_t)p)->cached = 0;
    lock_release(&table_lock);
}

/* Serve a request of len bytes from the thread's cache: the block as it
 * is when it fits without wasting over half of it, else cut or grown to
 * len. NULL when the cache has nothing usable. */
static void *cache_reuse(size_t len, size_t align)
{
    ng_cached_t got, v[CACHE_SLOTS];
    unsigned nv;
    int hit = cache_take(tl_cache, len, align, &got, v, &nv);
    release(v, nv);
    if (!hit)
        return NULL;
    char *q = got.p;
    size_t qlen = got.len;
    if (qlen < len || qlen - len > qlen / 2) {
        table_take(got.p);
        q = remap(got.p, got.len, len);
        qlen = len;
        if (q)
            table_readd(q, qlen);
    } else {
        table_uncache(q);
    }
    atomic_fetch_sub_explicit(&cached_bytes, got.len, memory_order_relaxed);
    if (!q) {
        os_unmap(got.p, got.len);
        return NULL;
    }
    count_live(1, (int64_t)qlen);
    return q;
}

void *large_alloc(size_t size, size_t align, int cache)
{
    size_t len = size ? pages_round(size) : os_page_size();
    if (len < size) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = cache && tl_cache ? cache_reuse(len, align) : NULL;
    if (p)
        return p;
    p = map_fresh(len, align);
    if (p && table_add(p, len) != 0) {
        os_unmap(p, len);
        p = NULL;
    }
    if (!p) {
        errno = ENOMEM;
        return NULL;
    }
    count_live(1, (int64_t)len);
    return p;
}

size_t large_size(const void *p)
{
    lock_acquire(&table_lock);
    ng_large_t *e = table_find((uintptr_t)p);
    size_t len = e && !e->cached ? e->len : 0;
    lock_release(&table_lock);
    return len;
}

/* The entry of block p, in use; aborts with one line naming `what` when p
 * is none or sits free in a cache. Called with table_lock held. */
static ng_large_t *in_use(const void *p, const char *what)
{
    ng_large_t *e = table_find((uintptr_t)p);
    if (e && !e->cached)
        return e;
    lock_release(&table_lock);
    if (e)
        os_fatal("%s of %p, a large block already freed", what, p);
    os_fatal("%s of %p, which this heap never handed out", what, p);
}

void *large_realloc(void *p, size_t n)
{
    size_t len = pages_round(n);
    lock_acquire(&table_lock);
    ng_large_t *e = in_use(p, "realloc");
    size_t old = e->len;
    int keep = len <= old && len > old / 2;
    if (!keep)
        table_forget(e);   /* as table_take: mremap may free the old address */
    lock_release(&table_lock);
    if (keep)
        return p;
    void *q = remap(p, old, len);
    table_readd(q ? q : p, q ? len : old);
    if (!q) {
        errno = ENOMEM;
        return NULL;
    }
    count_live(0, (int64_t)len - (int64_t)old);
    return q;
}

void large_free(void *p, int cache)
{
    ng_lcache_t *c = cache && cache_bound() ? cache_mine() : NULL;
    lock_acquire(&table_lock);
    ng_large_t *e = in_use(p, "free");
    size_t len = e->len;
    int keep = c && len <= cache_bound();
    if (keep)
        e->cached = 1;
    else
        table_forget(e);
    lock_release(&table_lock);
    count_live(-1, -(int64_t)len);
    if (!keep) {
        os_unmap(p, len);
        return;
    }
    atomic_fetch_add_explicit(&cached_bytes, len, memory_order_relaxed);
    ng_cached_t v[CACHE_SLOTS];
    release(v, cache_put(c, p, len, v));
}

/* ---- Fork, figures ---- */

void large_fork_prepare(void)
{
    lock_acquire(&caches_lock);
    lock_acquire(&table_lock);
}

void large_fork_parent(void)
{
    lock_release(&table_lock);
    lock_release(&caches_lock);
}

void large_fork_child(void)
{
    lock_reset(&table_lock);
    lock_reset(&caches_lock);
    for (ng_lcache_t *c = caches; c; c = c->next) {
        lock_reset(&c->lock);
        if (c != tl_cache)
            c->owned = 0;
    }
    large_trim();
}

ng_large_figures_t large_figures(void)
{
    return (ng_large_figures_t){
        atomic_load_explicit(&live_blocks, memory_order_relaxed),
        atomic_load_explicit(&live_bytes, memory_order_relaxed),
        atomic_load_explicit(&peak_bytes, memory_order_relaxed),
        atomic_load_explicit(&cached_bytes, memory_order_relaxed),
    };
}
