/*
 * libtoyalloc.so: the allocator docs/extending.md adds, built by the test
 * suite only. An allocator ngbench can measure is a shared library that
 * defines the malloc family; preloaded, its definitions win over the C
 * library's. This one hands every call to glibc's own entry points and
 * counts them, the smallest thing that binds: ngprobe must find malloc here.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <unistd.h>

/* glibc's allocator under its own names (they are exported for this use). */
void *__libc_malloc(size_t size);
void __libc_free(void *p);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void *__libc_memalign(size_t align, size_t size);

static atomic_ulong calls;   /* an allocator may keep what it likes; ngbench never reads this */

void *malloc(size_t size)
{
    atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
    return __libc_malloc(size);
}

void free(void *p)
{
    atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
    __libc_free(p);
}

void *calloc(size_t n, size_t size)
{
    atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
    return __libc_realloc(p, size);
}

void *memalign(size_t align, size_t size)
{
    atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
    return __libc_memalign(align, size);
}

void *aligned_alloc(size_t align, size_t size)
{
    return memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
    if (align < sizeof(void *) || (align & (align - 1)))
        return EINVAL;
    void *p = memalign(align, size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t size)
{
    return memalign((size_t)sysconf(_SC_PAGESIZE), size);
}
