/* adapt.c: mode auto's decisions (see adapt.h). */
#include "adapt.h"

static void adapt_switch(ng_adapt_t *a, int offload, uint64_t now_ns)
{
    a->offload = offload;
    a->since_ns = now_ns;
    a->spare = 0;
}

void adapt_start(ng_adapt_t *a, unsigned cpus, uint64_t now_ns)
{
    *a = (ng_adapt_t){ .offload = cpus > 1, .spare_needed = ADAPT_SPARE_START, .since_ns = now_ns };
}

int adapt_offloading(ng_adapt_t *a, int shared, unsigned cpus, uint64_t now_ns)
{
    if (!a->offload || (!shared && cpus > 1))
        return 0;
    uint64_t lasted = now_ns - a->since_ns;
    if (lasted < ADAPT_SHORT_NS && a->spare_needed < ADAPT_SPARE_MAX)
        a->spare_needed *= 2;
    else if (lasted >= ADAPT_LONG_NS)
        a->spare_needed = ADAPT_SPARE_START;
    adapt_switch(a, 0, now_ns);
    return 1;
}

int adapt_in_place(ng_adapt_t *a, unsigned busy_milli, unsigned cpus, int waited, uint64_t now_ns)
{
    if (a->offload)
        return 0;
    int spare = !waited && cpus > 1 && busy_milli + 1000u <= cpus * 1000u + ADAPT_SLACK_MILLI;
    a->spare = spare ? a->spare + 1 : 0;
    if (a->spare < a->spare_needed)
        return 0;
    adapt_switch(a, 1, now_ns);
    return 1;
}
