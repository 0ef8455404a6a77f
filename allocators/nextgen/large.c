/* large.c: the large-block table (see large.h): open addressing, linear
 * probing, rebuilt at twice the live count when half full. */
#include "large.h"

#include <errno.h>
#include <stdint.h>

#include "heap.h"
#include "lock.h"
#include "os.h"

typedef struct { uintptr_t ptr; size_t len; } ng_large_t;
#define LARGE_TOMB ((uintptr_t)1)
#define LARGE_MIN_CAP 1024u

static ng_lock_t large_lock;
static ng_large_t *large_tab;
static size_t large_cap, large_live, large_tombs;

static size_t pages_round(size_t n) { return (n + os_page_size() - 1) & ~(os_page_size() - 1); }

static size_t large_slot(uintptr_t ptr)
{
    size_t h = (size_t)((ptr / os_page_size()) * 0x9E3779B97F4A7C15ull);
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

static void large_forget(ng_large_t *e)
{
    e->ptr = LARGE_TOMB;
    large_tombs++;
    large_live--;
}

/* Room for one more entry: rebuild at twice the live count when half full. */
static int large_reserve(void)
{
    if ((large_live + large_tombs + 1) * 2 <= large_cap)
        return 0;
    size_t cap = LARGE_MIN_CAP;
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

void *large_alloc(unsigned h, size_t size, size_t align)
{
    size_t len = size ? pages_round(size) : os_page_size();
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
    heap_count_large(h, (int64_t)len);
    return p;
}

size_t large_size(const void *p)
{
    lock_acquire(&large_lock);
    ng_large_t *e = large_find((uintptr_t)p);
    size_t len = e ? e->len : 0;
    lock_release(&large_lock);
    return len;
}

void *large_realloc(unsigned h, void *p, size_t n)
{
    lock_acquire(&large_lock);
    ng_large_t *e = large_find((uintptr_t)p);
    if (!e)
        os_fatal("realloc of %p, which this heap never handed out", p);
    size_t old = e->len, len = pages_round(n);
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
    heap_count_large(h, (int64_t)len - (int64_t)old);
    return q;
}

void large_free(unsigned h, void *p)
{
    lock_acquire(&large_lock);
    ng_large_t *e = large_find((uintptr_t)p);
    if (!e)
        os_fatal("free of %p, which this heap never handed out", p);
    size_t len = e->len;
    large_forget(e);
    lock_release(&large_lock);
    os_unmap(p, len);
    heap_count_large(h, -(int64_t)len);
}
