/* tests/pmu/test_perf_reason.c: each perf_event_open failure is reported
 * with the reason docs/counters.md promises, and this machine's own answer
 * for hardware events agrees with what it says of its PMU. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "pmu/perf.h"
#include "tests/check.h"

static void reason_is(int err, enum pmu_source source, int paranoid, int hardware_pmu,
                      const char *want)
{
    struct pmu_host host = { paranoid, hardware_pmu };
    char reason[160];
    pmu_perf_reason(err, source, &host, reason, sizeof reason);
    CHECK_STR(reason, want);
}

static void errnos_map_to_documented_reasons(void)
{
    const enum pmu_source H = PMU_SOURCE_HARDWARE, S = PMU_SOURCE_SOFTWARE;
    reason_is(ENOENT, H, 2, 0, "no hardware PMU (perf_event_open: ENOENT)");
    reason_is(ENODEV, H, 2, 0, "no hardware PMU (perf_event_open: ENODEV)");
    /* With a PMU, a missing event is this CPU's gap (Zen: no generic LLC events). */
    reason_is(ENOENT, H, 2, 1, "not supported on this CPU (perf_event_open: ENOENT)");
    reason_is(EINVAL, H, 2, 1, "not supported on this CPU (perf_event_open: EINVAL)");
    reason_is(EOPNOTSUPP, H, 0, 1, "not supported on this CPU (perf_event_open: EOPNOTSUPP)");
    reason_is(ENOENT, S, 2, 0, "not supported on this CPU (perf_event_open: ENOENT)");
    reason_is(EACCES, H, 3, 1, "not permitted (perf_event_paranoid=3)");
    reason_is(EPERM, S, 2, 0, "not permitted (perf_event_paranoid=2)");
    reason_is(EACCES, H, PMU_PARANOID_UNKNOWN, 1, "not permitted (perf_event_open: EACCES)");
    reason_is(EMFILE, S, 2, 1, "perf_event_open: Too many open files");
}

static void this_hosts_cycles_answer_matches_its_pmu_verdict(void)
{
    struct pmu_host host;
    pmu_perf_host(&host);
    CHECK(host.paranoid != PMU_PARANOID_UNKNOWN);   /* Linux always has the file */
    char err[256], reason[160] = "";
    CHECK(pmu_encode_init(err, sizeof err) == 0);
    struct pmu_event ev;
    CHECK(pmu_encode_event("cycles", &ev, err, sizeof err) == 0);
    int rc = pmu_perf_probe(&ev, &host, reason, sizeof reason);
    fprintf(stderr, "hardware PMU: %d; cycles: %s\n", host.hardware_pmu, rc ? reason : "countable");
    if (!host.hardware_pmu)
        CHECK_STR(reason, "no hardware PMU (perf_event_open: ENOENT)");
    else
        CHECK(rc == 0 || strncmp(reason, "not permitted", 13) == 0);
}

static void software_events_probe_countable(void)
{
    struct pmu_host host;
    pmu_perf_host(&host);
    char err[256], reason[160] = "";
    struct pmu_event ev;
    CHECK(pmu_encode_event("page-faults", &ev, err, sizeof err) == 0);
    CHECK(pmu_perf_probe(&ev, &host, reason, sizeof reason) == 0);
    /* The kernel side is counted exactly when the paranoid level or our
     * privileges allow it. */
    if (host.paranoid <= 1 || geteuid() == 0)
        CHECK(!ev.attr.exclude_kernel);
}

int main(void)
{
    errnos_map_to_documented_reasons();
    this_hosts_cycles_answer_matches_its_pmu_verdict();
    software_events_probe_countable();
    return CHECK_DONE();
}
