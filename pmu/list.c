/*
 * pmu/list.c: `ngbench list events`: the PMUs and events libpfm4 knows on
 * this machine, and whether each one can be opened here.
 */
#include "pmu/pmu.h"

#include <string.h>

#include "pmu/cachegrind.h"
#include "pmu/encode.h"
#include "pmu/perf.h"

/* "yes", "yes (user only)", or why not. */
static void availability(const char *name, const struct pmu_host *host, char *out, size_t len)
{
    struct pmu_event ev;
    char err[256];
    if (pmu_encode_event(name, &ev, err, sizeof err) < 0) {
        /* Most often a unit mask or attribute the event needs: libpfm4's
         * reason, without the event's name repeated. */
        const char *reason = strstr(err, "(libpfm4:");
        snprintf(out, len, "cannot encode %.200s", reason ? reason : err);
        return;
    }
    if (pmu_perf_probe(&ev, host, out, len) == 0)
        snprintf(out, len, "%s", ev.attr.exclude_kernel ? "yes (user only)" : "yes");
}

static void list_umasks(FILE *out, int idx, int nattrs)
{
    int shown = 0;
    for (int a = 0; a < nattrs; a++) {
        pfm_event_attr_info_t info;
        memset(&info, 0, sizeof info);
        info.size = sizeof info;
        if (pfm_get_event_attr_info(idx, a, PFM_OS_PERF_EVENT_EXT, &info) != PFM_SUCCESS
            || info.type != PFM_ATTR_UMASK)
            continue;
        fprintf(out, "%s%s", shown++ ? " " : "      unit masks: ", info.name);
    }
    if (shown)
        fputc('\n', out);
}

static void list_pmu_events(FILE *out, const pfm_pmu_info_t *pmu, const struct pmu_host *host)
{
    for (int idx = pmu->first_event; idx != -1; idx = pfm_get_event_next(idx)) {
        pfm_event_info_t info;
        memset(&info, 0, sizeof info);
        info.size = sizeof info;
        if (pfm_get_event_info(idx, PFM_OS_PERF_EVENT_EXT, &info) != PFM_SUCCESS)
            continue;
        char name[PMU_NAME_MAX + 64], avail[256];
        snprintf(name, sizeof name, "%s::%s", pmu->name, info.name);
        availability(name, host, avail, sizeof avail);
        fprintf(out, "  %-52s %s\n", name, avail);
        list_umasks(out, idx, info.nattrs);
    }
}

static void list_sets(FILE *out, const struct pmu_host *host)
{
    fprintf(out, "event sets (--events=):\n");
    for (const char *const *e = pmu_paper_events; *e; e++) {
        char avail[256];
        availability(*e, host, avail, sizeof avail);
        fprintf(out, "  paper    %-43s %s\n", *e, avail);
    }
    for (const char *const *e = pmu_software_events; *e; e++) {
        char avail[256];
        availability(*e, host, avail, sizeof avail);
        fprintf(out, "  always   %-43s %s\n", *e, avail);
    }
    char names[512];
    pmu_cg_names(names, sizeof names);
    fprintf(out, "simulated (--pmu=cachegrind): %s\n", names);
}

int pmu_list_events(FILE *out, char *err, size_t errlen)
{
    if (pmu_encode_init(err, errlen) < 0)
        return -1;
    struct pmu_host host;
    pmu_perf_host(&host);
    fprintf(out, "perf_event_paranoid: %d; hardware PMU: %s\n", host.paranoid,
            host.hardware_pmu ? "yes" : "no (perf_event_open answers ENOENT for cycles)");
    list_sets(out, &host);
    pfm_pmu_t p;
    pfm_for_all_pmus(p) {
        pfm_pmu_info_t pmu;
        memset(&pmu, 0, sizeof pmu);
        pmu.size = sizeof pmu;
        if (pfm_get_pmu_info(p, &pmu) != PFM_SUCCESS || !pmu.is_present)
            continue;
        fprintf(out, "pmu %s (%s), %d events:\n", pmu.name, pmu.desc, pmu.nevents);
        list_pmu_events(out, &pmu, &host);
    }
    return 0;
}
