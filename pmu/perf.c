/* pmu/perf.c: perf_event_open probing, opening and reading (see perf.h). */
#include "pmu/perf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int pmu_perf_open(const struct perf_event_attr *attr, pid_t pid)
{
    /* cpu -1: follow the task on every CPU; CLOEXEC so later children of
     * ngbench never inherit another run's counters. */
    long fd = syscall(__NR_perf_event_open, attr, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
    return fd < 0 ? -errno : (int)fd;
}

int pmu_perf_read(int fd, struct pmu_reading *out)
{
    uint64_t buf[3];   /* value, time_enabled, time_running: our read_format */
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0)
        return -errno;
    if (n != (ssize_t)sizeof buf)
        return -EIO;
    out->raw = buf[0];
    out->time_enabled_ns = buf[1];
    out->time_running_ns = buf[2];
    return 0;
}

static int read_paranoid(void)
{
    FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
    int level = PMU_PARANOID_UNKNOWN;
    if (f) {
        if (fscanf(f, "%d", &level) != 1)
            level = PMU_PARANOID_UNKNOWN;
        fclose(f);
    }
    return level;
}

static int is_absent_errno(int err)
{
    /* What the kernel answers when no PMU driver claims an event type or
     * config: ENOENT (no driver, or a cache event the CPU lacks), ENODEV,
     * EOPNOTSUPP. */
    return err == ENOENT || err == ENODEV || err == EOPNOTSUPP;
}

void pmu_perf_host(struct pmu_host *host)
{
    host->paranoid = read_paranoid();
    /* Cycles is the one event every PMU driver provides, so it tells "no
     * PMU" apart from "this CPU lacks that event". User-only, so that a
     * paranoid setting cannot hide a PMU that is there. */
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_HARDWARE;
    attr.config = PERF_COUNT_HW_CPU_CYCLES;
    attr.disabled = 1;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    int fd = pmu_perf_open(&attr, 0);
    host->hardware_pmu = fd >= 0 || !is_absent_errno(-fd);
    if (fd >= 0)
        close(fd);
}

static const char *errno_name(int err)
{
    const char *name = strerrorname_np(err);
    return name ? name : "unknown error";
}

void pmu_perf_reason(int err, enum pmu_source source, const struct pmu_host *host,
                     char *reason, size_t len)
{
    if (err == EACCES || err == EPERM) {
        if (host->paranoid == PMU_PARANOID_UNKNOWN)
            snprintf(reason, len, "not permitted (perf_event_open: %s)", errno_name(err));
        else
            snprintf(reason, len, "not permitted (perf_event_paranoid=%d)", host->paranoid);
    } else if (source == PMU_SOURCE_HARDWARE && !host->hardware_pmu && is_absent_errno(err)) {
        snprintf(reason, len, "no hardware PMU (perf_event_open: %s)", errno_name(err));
    } else if (is_absent_errno(err) || err == EINVAL) {
        snprintf(reason, len, "not supported on this CPU (perf_event_open: %s)", errno_name(err));
    } else {
        snprintf(reason, len, "perf_event_open: %s", strerror(err));
    }
}

int pmu_perf_probe(struct pmu_event *ev, const struct pmu_host *host, char *reason, size_t len)
{
    int fd = pmu_perf_open(&ev->attr, 0);
    if ((fd == -EACCES || fd == -EPERM) && !ev->attr.exclude_kernel) {
        /* Kernel-side counting needs perf_event_paranoid <= 1 or
         * CAP_PERFMON; user-side counts are still worth having. */
        ev->attr.exclude_kernel = 1;
        ev->attr.exclude_hv = 1;
        fd = pmu_perf_open(&ev->attr, 0);
    }
    if (fd < 0) {
        pmu_perf_reason(-fd, ev->source, host, reason, len);
        return -1;
    }
    close(fd);
    return 0;
}
