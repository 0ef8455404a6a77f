/* tests/pmu/test_list.c: `ngbench list events` names libpfm4's PMUs and
 * events here and says which can be opened. */
#include <stdlib.h>
#include <string.h>

#include "pmu/perf.h"
#include "pmu/pmu.h"
#include "tests/check.h"

static char *listing(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    char err[256] = "";
    CHECK(pmu_list_events(out, err, sizeof err) == 0);
    fclose(out);
    return text;
}

/* The listing's line that starts (after spaces) with start, or NULL. */
static const char *line_starting(const char *text, const char *start)
{
    for (const char *line = text; *line; ) {
        if (strncmp(line + strspn(line, " "), start, strlen(start)) == 0)
            return line;
        const char *end = strchr(line, '\n');
        if (!end)
            break;
        line = end + 1;
    }
    return NULL;
}

static int line_has(const char *line, const char *what)
{
    if (!line)
        return 0;
    size_t len = strcspn(line, "\n");
    char buf[1024];
    snprintf(buf, sizeof buf, "%.*s", (int)len, line);
    return strstr(buf, what) != NULL;
}

int main(void)
{
    char *text = listing();
    struct pmu_host host;
    pmu_perf_host(&host);
    CHECK(line_starting(text, "pmu perf (perf_events generic PMU)") != NULL);
    CHECK(line_has(line_starting(text, "perf::PERF_COUNT_SW_PAGE_FAULTS "), " yes"));
    CHECK(line_has(line_starting(text, "perf::PERF_COUNT_SW_TASK_CLOCK "), " yes"));
    /* Events with unit masks are followed by them. */
    const char *ll = line_starting(text, "perf::PERF_COUNT_HW_CACHE_LL ");
    CHECK(ll != NULL);
    if (ll)
        CHECK(line_has(strchr(ll, '\n') + 1, "      unit masks: READ WRITE PREFETCH ACCESS MISS"));
    CHECK(line_has(line_starting(text, "paper    dTLB-store-misses"),
                   host.hardware_pmu ? "" : "no hardware PMU (perf_event_open: ENOENT)"));
    CHECK(line_has(line_starting(text, "always   page-faults"), "yes"));
    CHECK(line_has(line_starting(text, "simulated (--pmu=cachegrind):"), "sim-LL-write-misses"));
    CHECK(line_has(line_starting(text, "perf_event_paranoid:"),
                   host.hardware_pmu ? "hardware PMU: yes" : "hardware PMU: no"));
    if (!host.hardware_pmu)
        CHECK(line_has(line_starting(text, "perf::PERF_COUNT_HW_CPU_CYCLES "),
                       "no hardware PMU (perf_event_open: ENOENT)"));
    free(text);
    return CHECK_DONE();
}
