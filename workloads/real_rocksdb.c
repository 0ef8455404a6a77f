/*
 * workloads/real_rocksdb.c: the rocksdb workload: RocksDB's db_bench
 * (Debian's rocksdb-tools) fills a database in the run's private folder
 * with random keys, then reads random keys, with a fixed key count, value
 * size and seed. Its figures are each phase's operations per second; the
 * check is the number of keys readrandom found, which the seed fixes.
 */
#include "workloads/catalog_parts.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define PHASES "fillrandom,readrandom"

int rocksdb_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                    char *err, size_t errlen)
{
    cmd->params = wl_sized_params(w, p->size);
    if (!cmd->params || json_object_set_new(cmd->params, "benchmarks", json_string(PHASES))
        || wl_push_arg(cmd, "%s", w->program) || wl_push_arg(cmd, "--benchmarks=%s", PHASES)
        || wl_push_arg(cmd, "--num=%ld", wl_sized_value(w, "keys", p->size))
        || wl_push_arg(cmd, "--value_size=%ld", wl_sized_value(w, "value-size", p->size))
        || wl_push_arg(cmd, "--seed=%d", WL_SEED) || wl_push_arg(cmd, "--threads=1")
        || wl_push_arg(cmd, "--compression_type=none") || wl_push_arg(cmd, "--progress_reports=false")
        || wl_push_arg(cmd, "--db=%s/db", p->run_dir) || wl_set_output(w, p, cmd))
        return wl_out_of_memory(w, err, errlen);
    return 0;
}

/* "readrandom   :  19.651 micros/op 50877 ops/sec ... (12616 of 20000 found)":
 * the phase's ops/s into metrics as PHASE_ops_per_sec, and the found count. */
static void read_phase(const char *line, json_t *metrics, long *found)
{
    char phase[64];
    double micros, ops;
    if (sscanf(line, "%63s : %lf micros/op %lf ops/sec", phase, &micros, &ops) != 3)
        return;
    char key[96];
    snprintf(key, sizeof key, "%s_ops_per_sec", phase);
    json_object_set_new(metrics, key, json_real(ops));
    const char *paren = strrchr(line, '(');
    long of;
    if (strcmp(phase, "readrandom") == 0 && paren && sscanf(paren, "(%ld of %ld found)", found, &of) == 2)
        json_object_set_new(metrics, "keys_found", json_integer(*found));
}

int rocksdb_verify(const struct workload *w, const struct wl_params *p, const struct wl_command *cmd,
                   json_t *run, char *err, size_t errlen)
{
    FILE *f = fopen(cmd->stdout_path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read %s: %s", cmd->stdout_path, strerror(errno));
        return -1;
    }
    json_t *metrics = json_object_get(run, "metrics");
    long found = -1;
    char line[1024];
    while (fgets(line, sizeof line, f))
        read_phase(line, metrics, &found);
    fclose(f);
    long want = (long)w->expected[p->size];
    if (found != want || !json_object_get(metrics, "fillrandom_ops_per_sec")) {
        snprintf(err, errlen, "db_bench output %s: readrandom found %ld keys, expected %ld for size %s",
                 cmd->stdout_path, found, want, wl_size_name(p->size));
        return -1;
    }
    unlink(cmd->stdout_path);
    return 0;
}
