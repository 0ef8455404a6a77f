/*
 * docs/extending.md, "Adding a workload", done once: ring_churn.c is the
 * file, the entry below the line (in workloads/ it would be one more entry of
 * catalog.c's catalog[], and 'ring-churn': {} in workloads/meson.build). The
 * entry alone gives the command line and the recorded params, and the run
 * goes through the harness's runner as `ngbench run` does.
 *
 * usage: test_workload BIN_DIR DATA_DIR (BIN_DIR holds the built ring-churn)
 */
#include "base/results.h"
#include "harness/registry.h"
#include "harness/runner.h"
#include "tests/check.h"
#include "workloads/catalog_parts.h"

static const struct workload ring_churn = {
    .name = "ring-churn", .threaded = true, .default_threads = 2, .command = wl_synthetic_command,
    .summary = "FIFO replacement of random-size blocks in per-thread rings (docs/extending.md)",
    .sizes = { { "steps", { 20000, 200000, 2000000 } }, { "live", { 1000, 1000, 1000 } } },
};

static void the_entry_makes_the_command_line_and_params(const char *bin_dir, const char *data_dir)
{
    struct wl_params p = { .size = WL_SIZE_TINY, .threads = 3, .bin_dir = bin_dir, .data_dir = data_dir };
    struct wl_command cmd = { 0 };
    char err[256], exe[4096];
    CHECK(ring_churn.command(&ring_churn, &p, &cmd, err, sizeof err) == 0);
    snprintf(exe, sizeof exe, "%s/ring-churn", bin_dir);
    const char *want[] = { exe, "--threads=3", "--steps=20000", "--live=1000", "--seed=42", NULL };
    for (size_t i = 0; want[i] || cmd.argv[i]; i++)
        CHECK(want[i] && cmd.argv[i] && strcmp(want[i], cmd.argv[i]) == 0);
    json_t *params = json_pack("{s:s,s:i,s:i,s:i}", "size", "tiny", "seed", 42, "steps", 20000, "live", 1000);
    CHECK(json_equal(cmd.params, params));
    json_decref(params);
    wl_command_free(&cmd);
    json_t *full = workload_params(&ring_churn, WL_SIZE_FULL);
    CHECK(json_integer_value(json_object_get(full, "steps")) == 2000000);
    json_decref(full);
}

/* Runs it under glibc through the runner; fault adds --inject-fault. */
static json_t *run(const char *bin_dir, const char *data_dir, bool fault)
{
    struct allocator glibc;
    char err[256];
    CHECK(registry_lookup("glibc", &glibc, err, sizeof err) == 0);
    struct wl_params p = { .size = WL_SIZE_TINY, .threads = 2, .bin_dir = bin_dir, .data_dir = data_dir };
    struct wl_command cmd = { 0 };
    CHECK(ring_churn.command(&ring_churn, &p, &cmd, err, sizeof err) == 0);
    if (fault)
        wl_push_arg(&cmd, "--inject-fault");
    struct run_spec spec = { .allocator = &glibc, .argv = cmd.argv, .timeout_s = 120 };
    json_t *rec = runner_run(&spec, err, sizeof err);
    wl_command_free(&cmd);
    return rec;
}

static void it_runs_and_reports_its_result_line(const char *bin_dir, const char *data_dir)
{
    json_t *rec = run(bin_dir, data_dir, false);
    CHECK(rec != NULL);
    CHECK_STR(results_str(rec, "status"), "ok");
    json_t *metrics = json_object_get(rec, "metrics");
    CHECK(json_number_value(json_object_get(metrics, "ops")) == 2 * 20000);
    CHECK(json_number_value(json_object_get(metrics, "ops_per_sec")) > 0);
    json_decref(rec);
}

static void its_self_check_catches_an_injected_fault(const char *bin_dir, const char *data_dir)
{
    json_t *rec = run(bin_dir, data_dir, true);
    CHECK(rec != NULL);
    CHECK_STR(results_str(rec, "status"), "failed");
    CHECK(strstr(results_str(rec, "error"), "self-check failed") != NULL);
    json_decref(rec);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_workload BIN_DIR DATA_DIR\n");
        return 2;
    }
    the_entry_makes_the_command_line_and_params(argv[1], argv[2]);
    it_runs_and_reports_its_result_line(argv[1], argv[2]);
    its_self_check_catches_an_injected_fault(argv[1], argv[2]);
    return CHECK_DONE();
}
