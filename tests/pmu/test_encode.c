/* tests/pmu/test_encode.c: libpfm4 encodes the paper's events, and the
 * software events, to the type and config the kernel ABI defines for them. */
#include <string.h>

#include "pmu/encode.h"
#include "tests/check.h"

/* The kernel ABI's generic cache event config: cache | op << 8 | result << 16. */
#define cache_config(cache, op, result) \
    ((unsigned long long)(cache) | (unsigned long long)(op) << 8 | (unsigned long long)(result) << 16)

static void check_encoding(const char *name, unsigned type, unsigned long long config,
                           enum pmu_source source, enum pmu_role role)
{
    struct pmu_event ev;
    char err[256] = "";
    if (pmu_encode_event(name, &ev, err, sizeof err) < 0) {
        fprintf(stderr, "%s: %s\n", name, err);
        CHECK(!"encodes");
        return;
    }
    if (ev.attr.type != type || ev.attr.config != config)
        fprintf(stderr, "%s: type %u config %#llx, want %u %#llx\n", name, ev.attr.type,
                (unsigned long long)ev.attr.config, type, config);
    CHECK(ev.attr.type == type);
    CHECK(ev.attr.config == config);
    CHECK(ev.source == source);
    CHECK(ev.role == role);
    CHECK_STR(ev.name, name);
    /* Counted from exec on, in every thread, with the multiplexing times. */
    CHECK(ev.attr.disabled && ev.attr.enable_on_exec && ev.attr.inherit);
    CHECK(ev.attr.read_format == (PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING));
    CHECK(!ev.attr.exclude_user);
    CHECK(!ev.attr.exclude_kernel);   /* kernel work is part of an allocator's cost */
    CHECK(ev.attr.sample_period == 0);
}

static void paper_events_encode_to_kernel_abi(void)
{
    enum { LL = PERF_COUNT_HW_CACHE_LL, TLB = PERF_COUNT_HW_CACHE_DTLB,
           RD = PERF_COUNT_HW_CACHE_OP_READ, WR = PERF_COUNT_HW_CACHE_OP_WRITE,
           MISS = PERF_COUNT_HW_CACHE_RESULT_MISS };
    const struct { const char *name; unsigned type; unsigned long long config; enum pmu_role role; }
    want[] = {
        { "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, PMU_ROLE_CYCLES },
        { "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, PMU_ROLE_INSTRUCTIONS },
        { "LLC-load-misses", PERF_TYPE_HW_CACHE, cache_config(LL, RD, MISS), PMU_ROLE_MISSES },
        { "LLC-store-misses", PERF_TYPE_HW_CACHE, cache_config(LL, WR, MISS), PMU_ROLE_MISSES },
        { "dTLB-load-misses", PERF_TYPE_HW_CACHE, cache_config(TLB, RD, MISS), PMU_ROLE_MISSES },
        { "dTLB-store-misses", PERF_TYPE_HW_CACHE, cache_config(TLB, WR, MISS), PMU_ROLE_MISSES },
        /* The literal ABI values too, in case the header's enums ever drift. */
        { "LLC-store-misses", 3, 0x10102, PMU_ROLE_MISSES },
        { "dTLB-load-misses", 3, 0x10003, PMU_ROLE_MISSES },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        check_encoding(want[i].name, want[i].type, want[i].config, PMU_SOURCE_HARDWARE,
                       want[i].role);
}

static void paper_set_is_the_papers_tables(void)
{
    const char *want[] = { "cycles", "instructions", "LLC-load-misses", "LLC-store-misses",
                           "dTLB-load-misses", "dTLB-store-misses" };
    size_t n = 0;
    while (pmu_paper_events[n])
        n++;
    CHECK(n == 6);
    for (size_t i = 0; i < n && i < 6; i++)
        CHECK_STR(pmu_paper_events[i], want[i]);
}

static void software_events_encode_as_software(void)
{
    const enum pmu_source S = PMU_SOURCE_SOFTWARE;
    check_encoding("task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, S, PMU_ROLE_OTHER);
    check_encoding("page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, S, PMU_ROLE_OTHER);
    check_encoding("context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES, S,
                   PMU_ROLE_OTHER);
    check_encoding("cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS, S,
                   PMU_ROLE_OTHER);
    size_t n = 0;
    for (const char *const *e = pmu_software_events; *e; e++, n++) {
        struct pmu_event ev;
        char err[256];
        CHECK(pmu_encode_event(*e, &ev, err, sizeof err) == 0 && ev.source == S);
    }
    CHECK(n == 4);
}

static void qualified_and_modified_names_encode(void)
{
    struct pmu_event ev;
    char err[256];
    CHECK(pmu_encode_event("perf::PERF_COUNT_HW_CPU_CYCLES", &ev, err, sizeof err) == 0);
    CHECK(ev.attr.type == PERF_TYPE_HARDWARE && ev.attr.config == PERF_COUNT_HW_CPU_CYCLES);
    CHECK(strstr(ev.encoding, "PERF_COUNT_HW_CPU_CYCLES") != NULL);
    /* ":u" is the user's choice to leave the kernel out. */
    CHECK(pmu_encode_event("instructions:u", &ev, err, sizeof err) == 0);
    CHECK(ev.attr.exclude_kernel && !ev.attr.exclude_user);
    CHECK(pmu_encode_event("branch-misses", &ev, err, sizeof err) == 0);
    CHECK(ev.role == PMU_ROLE_MISSES);
}

static void bad_names_are_rejected_with_the_reason(void)
{
    struct pmu_event ev;
    char err[256] = "";
    CHECK(pmu_encode_event("no-such-event", &ev, err, sizeof err) == -1);
    CHECK_STR(err, "unknown event 'no-such-event' (libpfm4: event not found)");
    CHECK(pmu_encode_event("cycles:bogus=1", &ev, err, sizeof err) == -1);
    CHECK(strncmp(err, "cannot encode event 'cycles:bogus=1' (libpfm4: ", 47) == 0);
    CHECK(pmu_encode_event("perf::PERF_COUNT_HW_CACHE_LL:READ:WRITE:MISS:ACCESS:bad", &ev, err,
                           sizeof err) == -1);
    CHECK(strncmp(err, "cannot encode event", 19) == 0);
    char longname[300];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    CHECK(pmu_encode_event(longname, &ev, err, sizeof err) == -1);
    CHECK(strncmp(err, "event name too long", 19) == 0);
}

static void roles_of_cpu_and_simulated_events_come_from_names(void)
{
    CHECK(pmu_role_of(NULL, "sim-instructions") == PMU_ROLE_INSTRUCTIONS);
    CHECK(pmu_role_of(NULL, "sim-LL-read-misses") == PMU_ROLE_MISSES);
    CHECK(pmu_role_of(NULL, "sim-D1-reads") == PMU_ROLE_OTHER);
    struct perf_event_attr raw;
    memset(&raw, 0, sizeof raw);
    raw.type = PERF_TYPE_RAW;
    CHECK(pmu_role_of(&raw, "amd64_fam17h_zen2::L2_CACHE_MISS_FROM_DC_MISS") == PMU_ROLE_MISSES);
    CHECK(pmu_role_of(&raw, "amd64_fam17h_zen2::RETIRED_UOPS") == PMU_ROLE_OTHER);
    CHECK_STR(pmu_source_name(PMU_SOURCE_SIMULATED), "simulated");
}

int main(void)
{
    char err[256];
    if (pmu_encode_init(err, sizeof err) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    paper_events_encode_to_kernel_abi();
    paper_set_is_the_papers_tables();
    software_events_encode_as_software();
    qualified_and_modified_names_encode();
    bad_names_are_rejected_with_the_reason();
    roles_of_cpu_and_simulated_events_come_from_names();
    return CHECK_DONE();
}
