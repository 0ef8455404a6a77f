/*
 * api.c: the exported allocation API and the routing behind it.
 *
 * Fast paths (modes auto, offload, inplace; a registered thread): malloc
 * takes a block from the thread's stock, free appends an arena address to
 * its free queue. Large blocks (large.h) are served by the calling thread
 * in every mode. Everything else is a NG_NOINLINE slow path that either
 * runs the operation directly on a heap it owns for the call (mode inline;
 * before the constructor; a server; the thread starting the servers) or
 * posts it for its heap's owner (call.h).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "api.h"
#include "call.h"
#include "channel.h"
#include "init.h"
#include "large.h"
#include "os.h"
#include "serve.h"

/* ---- Routing (slow) ---- */

static int runs_direct(int phase)
{
    return phase != NG_PHASE_READY || ng.mode == NG_MODE_INLINE || tl_role != NG_ROLE_CLIENT;
}

static int phase_now(void)
{
    int ph = atomic_load_explicit(&ng.phase, memory_order_acquire);
    if (NG_UNLIKELY(ph == NG_PHASE_NONE)) {
        ng_ensure_ready();
        ph = atomic_load_explicit(&ng.phase, memory_order_acquire);
    }
    return ph;
}

static void *ng_call(ng_op_t op, void *ptr, size_t size)
{
    int ph = phase_now();
    if (ph == NG_PHASE_BROKEN) {
        errno = ENOMEM;
        return NULL;
    }
    void *r;
    ng_client_t *c = tl_self;
    if (runs_direct(ph)) {
        if (NG_UNLIKELY(tl_role == NG_ROLE_SERVER) && tl_owner)   /* a server serving its heaps */
            return serve_op(tl_owner, op, ptr, size);
        if (call_direct(c ? c->heap : 0, op, ptr, size, &r))
            return r;
    } else {
        if (!c && !tl_exited)
            c = ng_register_thread();
        if (c) {
            call_heap(c, op, ptr, size);
            return c->resp_ptr;
        }
    }
    if (!ng.orphan)
        os_fatal("no channel to the heaps for a call after thread exit");
    lock_acquire(&ng.orphan_lock);
    call_heap(ng.orphan, op, ptr, size);
    r = ng.orphan->resp_ptr;
    lock_release(&ng.orphan_lock);
    return r;
}

/* The calling thread may keep freed large blocks for reuse: it has a
 * thread-exit hook (it is registered) that gives them back. */
static int caches_large(void) { return tl_self != NULL; }

/* Register the thread on its first call once the constructor has run. */
static void thread_ensure(void)
{
    if (tl_self || tl_exited || tl_role != NG_ROLE_CLIENT)
        return;
    if (phase_now() == NG_PHASE_READY)
        ng_register_thread();
}

NG_NOINLINE static void count_slow(unsigned k)
{
    thread_ensure();
    count_event(k);
}

/* ---- Allocation ---- */

/* The stock is empty: a block the thread freed since its last publication
 * serves first (a malloc/free pair of a size whose stock holds one block,
 * 200 KB say, is then no round trip), else the owner. */
NG_NOINLINE static void *stock_miss(ng_client_t *c, unsigned cls)
{
    void *p = queue_take_back(c, cls);
    if (p) {
        c->counts[CNT_TAKEN_BACK]++;
        return p;
    }
    c->counts[CNT_MISSES]++;
    stock_grow(c, cls);
    call_heap(c, NG_OP_MALLOC, NULL, cls);
    if (!c->resp_ptr)
        errno = ENOMEM;
    return c->resp_ptr;
}

static void *alloc_small(unsigned cls)
{
    ng_client_t *c = tl_client;
    if (c) {
        void *p = stock_pop(c, cls);
        return p ? p : stock_miss(c, cls);
    }
    void *p = ng_call(NG_OP_MALLOC, NULL, cls);
    if (!p)
        errno = ENOMEM;
    return p;
}

/* n bytes aligned to align (0 for malloc's 16, else a power of two). */
static void *alloc_any(size_t n, size_t align)
{
    if (n > PTRDIFF_MAX) {
        errno = ENOMEM;
        return NULL;
    }
    unsigned cls = align > 16 ? sc_of_aligned(n, align) : n <= NG_SMALL_MAX ? sc_of(n) : NG_NCLASS;
    if (cls < NG_NCLASS)
        return alloc_small(cls);
    size_t page = os_page_size();
    return large_alloc(n, align > page ? align : page, caches_large());
}

NG_NOINLINE static void *malloc_slow(size_t n)
{
    count_slow(CNT_MALLOC);
    return alloc_any(n, 0);
}

NG_API void *malloc(size_t n)
{
    ng_client_t *c = tl_client;
    if (NG_LIKELY(c != NULL && n <= NG_SMALL_MAX)) {   /* fast path: the stock */
        c->counts[CNT_MALLOC]++;
        unsigned cls = sc_of(n);
        void *p = stock_pop(c, cls);
        if (NG_LIKELY(p != NULL))
            return p;
        return stock_miss(c, cls);
    }
    return malloc_slow(n);
}

/* ---- Free ---- */

/* The free queue is full: let the server drain it, then append. */
NG_NOINLINE static void queue_full(ng_client_t *c, void *p)
{
    for (;;) {
        c->q_head_seen = atomic_load_explicit(&c->q_head, memory_order_acquire);
        if (queue_push(c, p))
            return;
        call_heap(c, NG_OP_NONE, NULL, 0);   /* publishes, and the owner drains */
    }
}

NG_NOINLINE static void release_slow(void *p)
{
    ng_client_t *c = tl_client;
    if (!heap_contains(p))
        large_free(p, caches_large());
    else if (c)
        queue_full(c, p);
    else
        ng_call(NG_OP_FREE, p, 0);
}

/* Free without counting a call (realloc's moves). */
static void release(void *p)
{
    ng_client_t *c = tl_client;
    if (NG_LIKELY(c != NULL && heap_contains(p) && queue_push(c, p)))
        return;
    release_slow(p);
}

NG_API void free(void *p)
{
    ng_client_t *c = tl_client;
    if (NG_LIKELY(c != NULL)) {                        /* fast path: the queue */
        c->counts[CNT_FREE]++;
        if (NG_LIKELY(heap_contains(p) && queue_push(c, p)))
            return;
    } else {
        count_slow(CNT_FREE);
    }
    if (p)
        release_slow(p);
}

/* ---- calloc, realloc ---- */

NG_API void *calloc(size_t n, size_t m)
{
    count_slow(CNT_CALLOC);
    size_t total;
    if (__builtin_mul_overflow(n, m, &total)) {
        errno = ENOMEM;
        return NULL;
    }
    if (total > NG_SMALL_MAX)   /* a fresh mapping, zero already: no cached block */
        return total > PTRDIFF_MAX ? alloc_any(total, 0) : large_alloc(total, os_page_size(), 0);
    void *p = alloc_any(total, 0);
    if (p)
        memset(p, 0, total);
    return p;
}

/* Usable size of a block, aborting on a pointer this heap never gave. */
static size_t block_size(void *p, const char *what)
{
    unsigned c = heap_class_of(p);
    if (c < NG_NCLASS) {
        if (!heap_is_block_start(p, c))
            os_fatal("%s of interior pointer %p (size class %zu B)", what, p, sc_size(c));
        return sc_size(c);
    }
    size_t len = heap_contains(p) ? 0 : large_size(p);
    if (!len)
        os_fatal("%s of %p, which this heap never handed out", what, p);
    return len;
}

static void *realloc_any(void *p, size_t n)
{
    if (!p)
        return alloc_any(n, 0);
    if (n == 0) {                 /* glibc: free and return NULL */
        release(p);
        return NULL;
    }
    if (n > PTRDIFF_MAX) {
        errno = ENOMEM;
        return NULL;
    }
    size_t old;
    unsigned c = heap_class_of(p);
    if (c < NG_NCLASS) {
        old = block_size(p, "realloc");
        if (n <= old && (n > old / 2 || c == 0))
            return p;
    } else if (n > NG_SMALL_MAX && !heap_contains(p)) {
        return large_realloc(p, n);
    } else {
        old = block_size(p, "realloc");
    }
    void *q = alloc_any(n, 0);
    if (!q)
        return NULL;
    memcpy(q, p, old < n ? old : n);
    release(p);
    return q;
}

NG_API void *realloc(void *p, size_t n)
{
    count_slow(CNT_REALLOC);
    return realloc_any(p, n);
}

NG_API void *reallocarray(void *p, size_t n, size_t m)
{
    count_slow(CNT_REALLOC);
    size_t total;
    if (__builtin_mul_overflow(n, m, &total)) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc_any(p, total);
}

/* ---- Aligned ---- */

/* glibc's memalign: alignments below 16 are malloc's, others round up to a
 * power of two; absurd ones fail with EINVAL. */
void *ng_memalign(size_t align, size_t n)
{
    count_slow(CNT_ALIGNED);
    if (align > SIZE_MAX / 2 + 1) {
        errno = EINVAL;
        return NULL;
    }
    size_t a = 16;
    while (a < align)
        a *= 2;
    return alloc_any(n, a);
}

NG_API int posix_memalign(void **out, size_t align, size_t n)
{
    if (align < sizeof(void *) || (align & (align - 1)))
        return EINVAL;
    int saved = errno;
    void *p = ng_memalign(align, n);
    errno = saved;
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

NG_API void *memalign(size_t align, size_t n) { return ng_memalign(align, n); }
NG_API void *aligned_alloc(size_t align, size_t n) { return ng_memalign(align, n); }
NG_API void *valloc(size_t n) { return ng_memalign(os_page_size(), n); }

NG_API void *pvalloc(size_t n)
{
    size_t page = os_page_size();
    if (n > SIZE_MAX - page) {
        errno = ENOMEM;
        return NULL;
    }
    return ng_memalign(page, n ? (n + page - 1) & ~(page - 1) : page);
}

NG_API size_t malloc_usable_size(void *p)
{
    count_slow(CNT_USABLE);
    return p ? block_size(p, "malloc_usable_size") : 0;
}

/* ---- glibc's internal names ---- */

NG_API void *__libc_malloc(size_t n) { return malloc(n); }
NG_API void __libc_free(void *p) { free(p); }
NG_API void *__libc_calloc(size_t n, size_t m) { return calloc(n, m); }
NG_API void *__libc_realloc(void *p, size_t n) { return realloc(p, n); }
NG_API void *__libc_memalign(size_t a, size_t n) { return memalign(a, n); }
NG_API void *__libc_valloc(size_t n) { return valloc(n); }
NG_API void *__libc_pvalloc(size_t n) { return pvalloc(n); }
