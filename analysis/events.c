/* analysis/events.c: the paper's events and their simulated stand-ins (see events.h). */
#include "analysis/events.h"

#include <stdbool.h>

static const struct {
    const char *name;
    const char *simulated;
} events[EV_COUNT] = {
    [EV_CYCLES] = { "cycles", NULL },
    [EV_INSTRUCTIONS] = { "instructions", "sim-instructions" },
    [EV_LLC_LOAD_MISSES] = { "LLC-load-misses", "sim-LL-read-misses" },
    [EV_LLC_STORE_MISSES] = { "LLC-store-misses", "sim-LL-write-misses" },
    [EV_DTLB_LOAD_MISSES] = { "dTLB-load-misses", NULL },
    [EV_DTLB_STORE_MISSES] = { "dTLB-store-misses", NULL },
};

const char *event_name(enum paper_event e)
{
    return events[e].name;
}

static bool any_value(const struct run_set *s, const struct bench *const *benches, size_t n, const char *event)
{
    for (size_t i = 0; i < n; i++)
        if (run_set_has_value(s, benches[i], event))
            return true;
    return false;
}

const char *event_recorded_name(const struct run_set *s, const struct bench *const *benches, size_t n,
                                enum paper_event e)
{
    if (!any_value(s, benches, n, events[e].name) && events[e].simulated &&
        any_value(s, benches, n, events[e].simulated))
        return events[e].simulated;
    return events[e].name;
}
