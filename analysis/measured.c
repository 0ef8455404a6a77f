/* analysis/measured.c: the model's measured inputs (see measured.h). */
#include "analysis/measured.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/events.h"

static const enum paper_event miss_events[] = {
    EV_LLC_LOAD_MISSES, EV_LLC_STORE_MISSES, EV_DTLB_LOAD_MISSES, EV_DTLB_STORE_MISSES,
};

static int has_runs(const json_t *doc, const struct run_filter *f, char *err, size_t errlen)
{
    json_t *found = runs_distinct(doc, f, "allocator");
    size_t n = json_array_size(found);
    json_decref(found);
    if (n == 0)
        snprintf(err, errlen, "no runs of %s%s%s", f->allocator, f->workload ? " on " : "",
                 f->workload ? f->workload : "");
    return n ? 0 : -1;
}

/* Add each miss event both sides counted; the names go into events. */
static size_t sum_misses(const json_t *doc, const struct run_filter side_filters[2],
                         struct measured_side out[2], char *events, size_t events_len)
{
    size_t used = 0, len = 0;
    events[0] = '\0';
    for (size_t e = 0; e < sizeof miss_events / sizeof miss_events[0]; e++) {
        const char *name = event_recorded_name(doc, &side_filters[0], miss_events[e]);
        struct counter_sample c[2] = { runs_counter(doc, &side_filters[0], name),
                                       runs_counter(doc, &side_filters[1], name) };
        if (c[0].n == 0 || c[1].n == 0)
            continue;
        for (int s = 0; s < 2; s++)
            out[s].totals.misses += c[s].median;
        int k = snprintf(events + len, events_len - len, "%s%s", used ? ", " : "", name);
        if (k > 0 && (size_t)k < events_len - len)
            len += (size_t)k;
        used++;
    }
    return used;
}

int measured_pair(const json_t *doc, const struct run_filter side_filters[2],
                  struct measured_side out[2], char *events, size_t events_len,
                  char *err, size_t errlen)
{
    for (int s = 0; s < 2; s++) {
        if (has_runs(doc, &side_filters[s], err, errlen) != 0)
            return -1;
        struct counter_sample cycles = runs_counter(doc, &side_filters[s], event_name(EV_CYCLES));
        out[s].totals.cycles = cycles.median;
        out[s].no_cycles = cycles.n ? NULL : cycles.unavailable ? cycles.unavailable : "not recorded in these runs";
        out[s].totals.misses = 0;
        out[s].wall_s = runs_field(doc, &side_filters[s], "wall_s").median;
        out[s].timing = runs_timing(doc, &side_filters[s]);
        out[s].calls = runs_call_count(doc, &side_filters[s]);
    }
    size_t summed = sum_misses(doc, side_filters, out, events, events_len);
    if (summed == 0) {
        snprintf(err, errlen, "%s and %s have no LLC or dTLB miss counter in common "
                          "(count them: ngbench run --events=paper, or --pmu=cachegrind)",
                 side_filters[0].allocator, side_filters[1].allocator);
        return -1;
    }
    return (int)summed;
}
