/*
 * A deliberately broken allocator for the harness tests: it binds (exports
 * malloc, so the probe accepts it) and forwards to the C library, then aborts
 * after NGTEST_CRASH_AFTER calls, so a matrix sees a crashing run. With
 * NGTEST_SLOW_START=S every process it is loaded into first sleeps S
 * seconds (the probe too), so ngbench can be interrupted while it probes.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor)) static void slow_start(void)
{
    const char *env = getenv("NGTEST_SLOW_START");
    if (env)
        sleep((unsigned)atoi(env));
}

extern void *__libc_malloc(size_t size);
extern void __libc_free(void *p);

static atomic_long calls;

void *malloc(size_t size)
{
    static long limit = -1;
    if (limit < 0) {
        const char *env = getenv("NGTEST_CRASH_AFTER");
        limit = env ? atol(env) : 1000000;
    }
    if (atomic_fetch_add(&calls, 1) >= limit)
        abort();
    return __libc_malloc(size);
}

void free(void *p)
{
    __libc_free(p);
}
