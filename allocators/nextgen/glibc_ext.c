/*
 * glibc_ext.c: the rest of glibc's malloc API, so that no call reaches
 * glibc's own allocator (never set up while this library serves malloc):
 * malloc_trim, mallopt, mallinfo2, mallinfo, malloc_stats, malloc_info,
 * and the __libc_ and compatibility names among them. Figures come from
 * the allocator's own counters (stats.h); docs/nextgen.md, glibc's malloc
 * API, says how each maps onto glibc's fields. Nothing here takes a lock
 * that the fast paths take.
 */
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "large.h"
#include "os.h"
#include "server.h"
#include "stats.h"

static uint64_t released_by_heaps(void)
{
    uint64_t sum = 0;
    for (unsigned h = 0; h < ng_arena.nheaps; h++)
        sum += heap_bytes_released(h);
    return sum;
}

/* Every thread's frees are settled first (so emptied spans are empty),
 * then each heap's owner gives back all its empty spans; cached large
 * blocks go too. `pad` has no meaning here: spans go back whole, and
 * nothing sits at a heap's top. Returns 1 when any memory went back. */
NG_API int malloc_trim(size_t pad)
{
    (void)pad;
    int saved = errno;
    int did = large_trim() > 0;
    int ph = atomic_load_explicit(&ng.phase, memory_order_acquire);
    if (ph == NG_PHASE_HEAP || ph == NG_PHASE_READY) {
        uint64_t before = released_by_heaps();
        heap_request_trim();
        if (tl_self && ng.mode != NG_MODE_INLINE)
            queue_publish(tl_self);
        servers_settle();
        did |= released_by_heaps() > before;
    }
    errno = saved;
    return did;
}

/* M_TRIM_THRESHOLD bounds what each thread's large cache may hold (0:
 * none); every other option has no counterpart here and is refused, as
 * glibc refuses what it does not know. */
NG_API int mallopt(int param, int value)
{
    if (param != M_TRIM_THRESHOLD)
        return 0;
    large_set_cache_bytes(value > 0 ? (size_t)value : 0);
    return 1;
}

NG_API struct mallinfo2 mallinfo2(void)
{
    ng_figures_t f = stats_figures();
    struct mallinfo2 mi = { 0 };
    mi.arena = f.small_out;
    mi.uordblks = f.small_out > f.in_stocks ? f.small_out - f.in_stocks : 0;
    mi.fordblks = f.in_stocks;
    mi.hblks = f.large.blocks;
    mi.hblkhd = f.large.bytes;
    mi.keepcost = f.large.cached;
    return mi;
}

static int saturated(size_t v) { return v > INT_MAX ? INT_MAX : (int)v; }

static struct mallinfo mallinfo_ints(void)
{
    struct mallinfo2 m = mallinfo2();
    return (struct mallinfo){
        .arena = saturated(m.arena), .ordblks = saturated(m.ordblks), .smblks = saturated(m.smblks),
        .hblks = saturated(m.hblks), .hblkhd = saturated(m.hblkhd), .usmblks = saturated(m.usmblks),
        .fsmblks = saturated(m.fsmblks), .uordblks = saturated(m.uordblks), .fordblks = saturated(m.fordblks),
        .keepcost = saturated(m.keepcost),
    };
}

NG_API struct mallinfo mallinfo(void) { return mallinfo_ints(); }

/* The figures malloc_stats and malloc_info print, by name. */
typedef struct { const char *name; uint64_t value; } ng_named_t;
enum { NAMED_COUNT = 7 };

static void named_figures(ng_named_t out[NAMED_COUNT])
{
    ng_figures_t f = stats_figures();
    ng_named_t all[NAMED_COUNT] = {
        { "small bytes handed out", f.small_out }, { "of which in stocks", f.in_stocks },
        { "large blocks", f.large.blocks }, { "large bytes", f.large.bytes },
        { "large bytes cached", f.large.cached }, { "in use bytes", f.in_use }, { "peak bytes", f.peak },
    };
    for (int i = 0; i < NAMED_COUNT; i++)
        out[i] = all[i];
}

/* glibc prints to stderr with its own stdio; this formats into a stack
 * buffer and writes it whole, so it allocates nothing. */
NG_API void malloc_stats(void)
{
    ng_named_t v[NAMED_COUNT];
    named_figures(v);
    char buf[512] = "ngmalloc:\n";
    size_t len = strlen(buf);
    for (int i = 0; i < NAMED_COUNT && len < sizeof buf; i++) {
        int n = snprintf(buf + len, sizeof buf - len, "%-22s = %10llu\n", v[i].name, (unsigned long long)v[i].value);
        len += n > 0 ? (size_t)n : 0;
    }
    os_print(buf, len < sizeof buf ? len : sizeof buf - 1);
}

/* The same figures as XML, one element each. */
NG_API int malloc_info(int options, FILE *fp)
{
    if (options != 0) {
        errno = EINVAL;
        return -1;
    }
    ng_named_t v[NAMED_COUNT];
    named_figures(v);
    fputs("<malloc version=\"ngmalloc-1\">\n", fp);
    for (int i = 0; i < NAMED_COUNT; i++)
        fprintf(fp, "<total type=\"%s\" size=\"%llu\"/>\n", v[i].name, (unsigned long long)v[i].value);
    fputs("</malloc>\n", fp);
    return 0;
}

NG_API struct mallinfo __libc_mallinfo(void) { return mallinfo_ints(); }
NG_API int __libc_mallopt(int param, int value) { return mallopt(param, value); }
/* Removed from glibc's headers in 2.26 but still bound by older binaries. */
NG_API void cfree(void *p) { free(p); }
