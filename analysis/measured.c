/* analysis/measured.c: the model's measured inputs (see measured.h). */
#include "analysis/measured.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/events.h"
#include "base/text.h"

static const enum paper_event miss_events[] = {
    EV_LLC_LOAD_MISSES, EV_LLC_STORE_MISSES, EV_DTLB_LOAD_MISSES, EV_DTLB_STORE_MISSES,
};

/* Add each miss event both sides counted; the names go into events. */
static size_t sum_misses(const struct run_set *s, const struct bench *const b[2],
                         struct measured_side out[2], char *events, size_t events_len)
{
    size_t used = 0, len = 0;
    events[0] = '\0';
    for (size_t e = 0; e < sizeof miss_events / sizeof miss_events[0]; e++) {
        const char *name = event_recorded_name(s, b, 1, miss_events[e]);
        struct counter_sample c[2] = { run_set_counter(s, b[0], name), run_set_counter(s, b[1], name) };
        if (c[0].n == 0 || c[1].n == 0)
            continue;
        for (int k = 0; k < 2; k++)
            out[k].totals.misses += c[k].median;
        int n = snprintf(events + len, events_len - len, "%s%s", used ? ", " : "", name);
        if (n > 0 && (size_t)n < events_len - len)
            len += (size_t)n;
        used++;
    }
    return used;
}

int measured_pair(const struct run_set *s, size_t case_index, const char *const allocators[2],
                  struct measured_side out[2], char *events, size_t events_len,
                  char *err, size_t errlen)
{
    const struct bench *b[2];
    char qa[TEXT_QUOTED_LEN], qw[TEXT_QUOTED_LEN];
    for (int k = 0; k < 2; k++) {
        size_t a = run_set_allocator_index(s, allocators[k]);
        b[k] = a == (size_t)-1 ? NULL : run_set_find(s, case_index, a);
        if (!b[k]) {
            snprintf(err, errlen, "no runs of %s on %s", text_quote(allocators[k], qa, sizeof qa),
                     text_quote(run_set_case(s, case_index)->workload, qw, sizeof qw));
            return -1;
        }
        struct counter_sample cycles = run_set_counter(s, b[k], event_name(EV_CYCLES));
        out[k].totals.cycles = cycles.median;
        out[k].no_cycles = cycles.n ? NULL : cycles.unavailable ? cycles.unavailable : "not recorded in these runs";
        out[k].totals.misses = 0;
        out[k].wall_s = run_set_field(s, b[k], RUN_WALL_S).median;
        out[k].timing = run_set_timing(s, &b[k], 1);
        out[k].calls = run_set_call_count(s, b[k]);
    }
    size_t summed = sum_misses(s, b, out, events, events_len);
    if (summed == 0) {
        snprintf(err, errlen, "%s and %s have no LLC or dTLB miss counter in common "
                          "(count them: ngbench run --events=paper, or --pmu=cachegrind)",
                 text_quote(allocators[0], qa, sizeof qa), text_quote(allocators[1], qw, sizeof qw));
        return -1;
    }
    return (int)summed;
}
