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

const char *event_simulated_name(enum paper_event e)
{
    return events[e].simulated;
}

static bool any_value(const json_t *doc, const struct run_filter *f, const char *event)
{
    size_t i;
    const json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run)
        if (runs_match(run, f) && json_is_number(json_object_get(json_object_get(json_object_get(run, "counters"), event),
                                           "value")))
            return true;
    return false;
}

const char *event_recorded_name(const json_t *doc, const struct run_filter *f, enum paper_event e)
{
    if (!any_value(doc, f, events[e].name) && events[e].simulated &&
        any_value(doc, f, events[e].simulated))
        return events[e].simulated;
    return events[e].name;
}
