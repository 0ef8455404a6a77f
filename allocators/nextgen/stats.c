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
#include "os.h"

static const char *mode_name(ng_mode_t m)
{
    return m == NG_MODE_SYNC ? "sync" : m == NG_MODE_INLINE ? "inline" : "offload";
}

/* Counts of all threads; bytes held in stocks into *stocked. */
static void sum_counts(uint64_t sum[CNT_COUNT], uint64_t *stocked)
{
    for (unsigned k = 0; k < CNT_COUNT; k++)
        sum[k] = atomic_load_explicit(&ng.done[k], memory_order_relaxed);
    *stocked = 0;
    uint32_t n = atomic_load_explicit(&ng.nclients, memory_order_acquire), st;
    for (uint32_t i = 0; i < n; i++) {
        ng_client_t *c = client_active_at(i, &st);
        if (!c)
            continue;
        for (unsigned k = 0; k < CNT_COUNT; k++)
            sum[k] += __atomic_load_n(&c->counts[k], __ATOMIC_RELAXED);
        *stocked += client_stocked_bytes(c);
    }
}

/* The heaps' figures, summed: bytes out exactly; the peak as the sum of
 * each heap's peak (exact with one server, an upper bound with more). The
 * servers' busy fraction is the mean of each one's. */
static void heap_figures(uint64_t *out, uint64_t *peak, uint64_t *prefaulted, double *busy, uint64_t *forwarded)
{
    int64_t sum_out = 0, sum_peak = 0;
    *forwarded = *prefaulted = 0;
    double busy_sum = 0;
    for (unsigned h = 0; h < ng.nheaps; h++) {
        sum_out += heap_bytes_out(h);
        sum_peak += heap_bytes_peak(h);
        *prefaulted += heap_bytes_prefaulted(h);
        *forwarded += forward_count(h);
    }
    for (unsigned s = 0; s < ng.nservers; s++) {
        uint64_t up = atomic_load(&ng.servers[s].up_ticks);
        if (up)
            busy_sum += (double)atomic_load(&ng.servers[s].busy_ticks) / (double)up;
    }
    *out = sum_out > 0 ? (uint64_t)sum_out : 0;
    *peak = sum_peak > 0 ? (uint64_t)sum_peak : 0;
    *busy = ng.mode == NG_MODE_INLINE ? 0 : busy_sum / ng.nservers;
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

void stats_write(void)
{
    static char buf[1024];
    uint64_t s[CNT_COUNT], stocked, out, peak, prefaulted, forwarded;
    double busy;
    sum_counts(s, &stocked);
    heap_figures(&out, &peak, &prefaulted, &busy, &forwarded);
    int len = snprintf(buf, sizeof buf,
        "{\"mode\": \"%s\", \"servers\": %u, \"calls\": {\"malloc\": %" PRIu64 ", \"free\": %" PRIu64
        ", \"calloc\": %" PRIu64 ", \"realloc\": %" PRIu64 ", \"aligned\": %" PRIu64
        ", \"usable_size\": %" PRIu64 "}, \"stock_hits\": %" PRIu64 ", \"stock_misses\": %" PRIu64
        ", \"sync_round_trips\": %" PRIu64 ", \"bytes_in_use\": %" PRIu64
        ", \"bytes_peak\": %" PRIu64 ", \"bytes_in_stocks\": %" PRIu64 ", \"bytes_prefaulted\": %" PRIu64
        ", \"blocks_forwarded\": %" PRIu64 ", \"server_busy_fraction\": %.6f}\n",
        mode_name(ng.mode), ng.mode == NG_MODE_INLINE ? 0u : ng.nservers, s[CNT_MALLOC], s[CNT_FREE], s[CNT_CALLOC], s[CNT_REALLOC],
        s[CNT_ALIGNED], s[CNT_USABLE], s[CNT_HITS], s[CNT_MISSES], s[CNT_ROUND_TRIPS],
        out > stocked ? out - stocked : 0, peak, stocked, prefaulted, forwarded, busy);
    const char *why = len < 0 || (size_t)len >= sizeof buf ? "they do not fit the buffer"
                      : os_write_new_file(ng.stats_path, buf, (size_t)len);
    if (why)
        os_warn("NGMALLOC_STATS=%s: statistics not written: %s", printable(ng.stats_path), why);
}
