/*
 * stats.c: the NGMALLOC_STATS file. Sums the call counts of every thread
 * (live clients plus those folded in at exit) and the server's published
 * figures, and writes one JSON object with snprintf into a static buffer and
 * write(2): nothing here allocates.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "stats.h"

#include "channel.h"
#include "forward.h"
#include "heap.h"
#include "large.h"
#include "os.h"

static const char *mode_name(ng_mode_t m)
{
    static const char *const names[] = { [NG_MODE_AUTO] = "auto", [NG_MODE_OFFLOAD] = "offload",
                                         [NG_MODE_INPLACE] = "inplace", [NG_MODE_SYNC] = "sync",
                                         [NG_MODE_INLINE] = "inline" };
    return names[m];
}

/* Seconds the heaps were served by server threads and in place, summed
 * over the servers, and the switches between the two. Without server
 * threads (modes inplace, inline, or none could start) it was all in
 * place. */
static void serving_figures(double *offload_s, double *in_place_s, uint64_t *switches)
{
    uint64_t now = os_now_ns(), off = 0, in = 0;
    *switches = 0;
    if (!mode_servers() || !atomic_load(&ng.server_up)) {
        *offload_s = 0;
        *in_place_s = (double)(now - ng.start_ns) / 1e9;
        return;
    }
    for (unsigned s = 0; s < ng.nservers; s++) {
        ng_server_t *srv = &ng.servers[s];
        uint64_t open = now - atomic_load(&srv->way_since_ns);
        off += atomic_load(&srv->offload_ns) + (atomic_load(&srv->serving) ? open : 0);
        in += atomic_load(&srv->inplace_ns) + (atomic_load(&srv->serving) ? 0 : open);
        *switches += atomic_load(&srv->switches);
    }
    *offload_s = (double)off / 1e9;
    *in_place_s = (double)in / 1e9;
}

/* The call counts of every thread (live clients, and those folded in at
 * exit) and the bytes sitting in their stocks. */
static void sum_counts(ng_figures_t *f)
{
    for (unsigned k = 0; k < CNT_COUNT; k++)
        f->calls[k] = atomic_load_explicit(&ng.done[k], memory_order_relaxed);
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire), st;
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = client_active_at(i, &st);
        if (!c)
            continue;
        for (unsigned k = 0; k < CNT_COUNT; k++)
            f->calls[k] += __atomic_load_n(&c->counts[k], __ATOMIC_RELAXED);
        f->in_stocks += client_stocked_bytes(c);
    }
}

/* The heaps' and the large path's figures, summed: bytes out exactly; the
 * peak as the sum of each heap's peak and the large blocks' (exact with one
 * server and no large blocks, else an upper bound). The servers' busy
 * fraction is the mean of each one's. */
static void heap_figures(ng_figures_t *f)
{
    int64_t out = 0, peak = 0;
    for (unsigned h = 0; h < ng.nheaps; h++) {
        out += heap_bytes_out(h);
        peak += heap_bytes_peak(h);
        f->prefaulted += heap_bytes_prefaulted(h);
        f->forwarded += forward_count(h);
    }
    double busy_sum = 0;
    for (unsigned s = 0; s < ng.nservers; s++) {
        uint64_t up = atomic_load(&ng.servers[s].up_ticks);
        if (up)
            busy_sum += (double)atomic_load(&ng.servers[s].busy_ticks) / (double)up;
    }
    f->large = large_figures();
    f->small_out = out > 0 ? (uint64_t)out : 0;
    f->peak = (peak > 0 ? (uint64_t)peak : 0) + f->large.peak;
    f->busy = mode_servers() ? busy_sum / ng.nservers : 0;
}

ng_figures_t stats_figures(void)
{
    ng_figures_t f = { 0 };
    sum_counts(&f);
    heap_figures(&f);
    uint64_t out = f.small_out + f.large.bytes;
    f.in_use = out > f.in_stocks ? out - f.in_stocks : 0;
    f.reserved = os_mapped_bytes();
    return f;
}

/* path as one printable line: control characters as '?', cut at 200 bytes. */
static const char *printable(const char *path)
{
    static char out[208];
    size_t i = 0;
    for (; path[i] && i < 200; i++)
        out[i] = (unsigned char)path[i] < 0x20 || path[i] == 0x7f ? '?' : path[i];
    strcpy(out + i, path[i] ? "..." : "");
    return out;
}

void stats_keep_path(const char *value)
{
    static char path[4096];
    if (!value)
        return;
    size_t len = strlen(value);
    if (len >= sizeof path) {
        os_warn("NGMALLOC_STATS=%s: statistics not written: the path is longer than %zu bytes",
                printable(value), sizeof path - 1);
        return;
    }
    memcpy(path, value, len + 1);
    ng.stats_path = path;
}

void stats_write(void)
{
    static char buf[1536];
    ng_figures_t f = stats_figures();
    const uint64_t *c = f.calls;
    uint64_t switches;
    double offload_s, in_place_s;
    serving_figures(&offload_s, &in_place_s, &switches);
    int len = snprintf(buf, sizeof buf,
        "{\"mode\": \"%s\", \"servers\": %u, \"heaps\": %u, \"calls\": {\"malloc\": %" PRIu64 ", \"free\": %" PRIu64
        ", \"calloc\": %" PRIu64 ", \"realloc\": %" PRIu64 ", \"aligned\": %" PRIu64
        ", \"usable_size\": %" PRIu64 "}, \"stock_hits\": %" PRIu64 ", \"stock_misses\": %" PRIu64
        ", \"frees_taken_back\": %" PRIu64 ", \"sync_round_trips\": %" PRIu64 ", \"served_in_place\": %" PRIu64
        ", \"serving\": {\"offload_s\": %.6f, \"in_place_s\": %.6f, \"switches\": %" PRIu64 "}"
        ", \"bytes_in_use\": %" PRIu64
        ", \"bytes_peak\": %" PRIu64 ", \"bytes_in_stocks\": %" PRIu64 ", \"bytes_large_cached\": %" PRIu64
        ", \"bytes_reserved\": %" PRIu64 ", \"bytes_prefaulted\": %" PRIu64 ", \"blocks_forwarded\": %" PRIu64 ", \"server_busy_fraction\": %.6f}\n",
        mode_name(ng.mode), mode_servers() ? ng.nservers : 0u, ng.nheaps, c[CNT_MALLOC], c[CNT_FREE], c[CNT_CALLOC],
        c[CNT_REALLOC], c[CNT_ALIGNED], c[CNT_USABLE], c[CNT_HITS], c[CNT_MISSES],
        c[CNT_TAKEN_BACK], c[CNT_ROUND_TRIPS], c[CNT_IN_PLACE], offload_s, in_place_s, switches,
        f.in_use, f.peak, f.in_stocks, f.large.cached, f.reserved, f.prefaulted, f.forwarded, f.busy);
    const char *why = len < 0 || (size_t)len >= sizeof buf ? "they do not fit the buffer"
                      : os_write_new_file(ng.stats_path, buf, (size_t)len);
    if (why)
        os_warn("NGMALLOC_STATS=%s: statistics not written: %s", printable(ng.stats_path), why);
}
