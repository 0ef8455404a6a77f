/*
 * workloads/real_redis.c: the redis workload: our driver (redis_driver.c,
 * built as bin_dir/redis-driver) is the measured process; it runs
 * redis-server under the allocator on a Unix socket in the run's private
 * folder, drives it with redis-benchmark (not under the allocator), checks
 * that every request was processed, stops the server cleanly and prints
 * the figures: requests per second and the server's peak RSS.
 */
#include "workloads/catalog_parts.h"

#include <unistd.h>

#define REDIS_BENCHMARK "/usr/bin/redis-benchmark"
#define DRIVER "redis-driver"

int redis_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen)
{
    char driver[4096];
    snprintf(driver, sizeof driver, "%s/%s", p->bin_dir, DRIVER);
    if (access(driver, X_OK) != 0) {
        snprintf(err, errlen, "%s: %s missing (is bin_dir the build's workloads folder?)", w->name, driver);
        return -1;
    }
    if (access(REDIS_BENCHMARK, X_OK) != 0) {
        snprintf(err, errlen, "%s: %s not installed: apt-get install redis-tools", w->name, REDIS_BENCHMARK);
        return -1;
    }
    return 0;
}

int redis_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                  char *err, size_t errlen)
{
    cmd->params = wl_sized_params(w, p->size);
    if (!cmd->params || wl_push_arg(cmd, "%s/%s", p->bin_dir, DRIVER) || wl_push_arg(cmd, "--server=%s", w->program)
        || wl_push_arg(cmd, "--benchmark=%s", REDIS_BENCHMARK) || wl_push_arg(cmd, "--dir=%s", p->run_dir)
        || wl_push_arg(cmd, "--requests=%ld", wl_sized_value(w, "requests", p->size)))
        return wl_out_of_memory(w, err, errlen);
    return 0;
}
