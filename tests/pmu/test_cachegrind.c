/* tests/pmu/test_cachegrind.c: the simulated backend: its argv, its output
 * parser, and a real single-threaded run under valgrind whose misses are
 * known in advance. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pmu/cachegrind.h"
#include "pmu/counter.h"
#include "spawn.h"
#include "tests/check.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void argv_wraps_the_workload_in_valgrind_with_the_geometry(void)
{
    char *argv[] = { "/usr/bin/env", "A=1", "prog", NULL };
    char **w = pmu_cg_argv("/usr/bin/valgrind", &pmu_cg_geometry, "/tmp/out.cg", argv);
    const char *want[] = { "/usr/bin/valgrind", "-q", "--tool=cachegrind", "--cache-sim=yes",
                           "--branch-sim=no", "--I1=32768,8,64", "--D1=32768,8,64",
                           "--LL=8388608,16,64", "--cachegrind-out-file=/tmp/out.cg", "--",
                           "/usr/bin/env", "A=1", "prog", NULL };
    for (size_t i = 0; want[i]; i++)
        CHECK_STR(w[i], want[i]);
    CHECK(w[13] == NULL);
    free(w);
}

static void output_totals_are_parsed_by_event_name(void)
{
    char path[] = "/tmp/ngbench-test-cg-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    write_file(path,
               "desc: I1 cache:         32768 B, 64 B, 8-way associative\n"
               "cmd: ./loop 100000\n"
               "events: Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw \n"
               "fl=loop.c\nfn=main\n0 1200020 1 1 200003 199901 16383 4 1 0\n"
               "summary: 1329793 1267 1246 229654 201214 17387 10840 415 351\n");
    const char *names[] = { "sim-instructions", "sim-LL-read-misses", "sim-D1-write-misses",
                            "sim-LL-write-misses" };
    char err[512] = "";
    json_t *c = pmu_cg_parse(path, names, 4, err, sizeof err);
    CHECK(c != NULL);
    CHECK(pmu_counter_value(c, "sim-instructions") == 1329793);
    CHECK(pmu_counter_value(c, "sim-LL-read-misses") == 17387);
    CHECK(pmu_counter_value(c, "sim-D1-write-misses") == 415);
    CHECK(pmu_counter_value(c, "sim-LL-write-misses") == 351);
    CHECK_STR(json_string_value(json_object_get(json_object_get(c, "sim-LL-write-misses"), "source")),
              "simulated");
    CHECK(json_object_size(c) == 4);
    json_decref(c);

    /* A column cachegrind did not write (an older version, another tool). */
    write_file(path, "events: Ir\nsummary: 77\n");
    c = pmu_cg_parse(path, names, 2, err, sizeof err);
    CHECK(pmu_counter_value(c, "sim-instructions") == 77);
    CHECK_STR(json_string_value(json_object_get(json_object_get(c, "sim-LL-read-misses"),
                                                "unavailable")), "not in cachegrind's output");
    json_decref(c);

    write_file(path, "events: Ir Dr\nsummary: 77\n");
    CHECK(pmu_cg_parse(path, names, 1, err, sizeof err) == NULL);
    CHECK(strstr(err, "2 events but 1 totals") != NULL);
    write_file(path, "");
    CHECK(pmu_cg_parse(path, names, 1, err, sizeof err) == NULL);
    CHECK(strstr(err, "has no events:/summary: lines") != NULL);
    unlink(path);
    CHECK(pmu_cg_parse(path, names, 1, err, sizeof err) == NULL);
    CHECK(strncmp(err, "cachegrind wrote no output (", 28) == 0);
}

static void event_names_map_to_cachegrind_columns(void)
{
    CHECK_STR(pmu_cg_code("sim-instructions"), "Ir");
    CHECK_STR(pmu_cg_code("sim-D1-read-misses"), "D1mr");
    CHECK_STR(pmu_cg_code("sim-LL-read-misses"), "DLmr");
    CHECK_STR(pmu_cg_code("sim-LL-write-misses"), "DLmw");
    CHECK(pmu_cg_code("cycles") == NULL);
}

static void valgrind_is_found_on_path_past_folders_of_its_name(void)
{
    /* meson test puts /usr/lib/x86_64-linux-gnu, which holds a folder
     * "valgrind", first on PATH: that folder is not the program. */
    char dir[] = "/tmp/ngbench-test-path-XXXXXX", sub[64], path[4096], err[256] = "";
    CHECK(mkdtemp(dir) != NULL);
    snprintf(sub, sizeof sub, "%s/valgrind", dir);
    CHECK(mkdir(sub, 0755) == 0);
    char *saved = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    char *path_var = malloc(strlen(dir) + strlen(saved) + 2);
    sprintf(path_var, "%s:%s", dir, saved);
    setenv("PATH", path_var, 1);
    CHECK(pmu_cg_find_valgrind(path, sizeof path, err, sizeof err) == 0);
    CHECK(strcmp(path, sub) != 0);
    setenv("PATH", dir, 1);
    CHECK(pmu_cg_find_valgrind(path, sizeof path, err, sizeof err) == -1);
    CHECK_STR(err, "valgrind not found on PATH (--pmu=cachegrind needs it; Debian package valgrind)");
    setenv("PATH", saved, 1);
    rmdir(sub);
    rmdir(dir);
    free(path_var);
    free(saved);
}

static struct pmu_plan *cachegrind_plan(const char *events)
{
    char err[512];
    struct pmu_plan *plan = pmu_plan_new(PMU_BACKEND_CACHEGRIND, events, err, sizeof err);
    if (!plan)
        fprintf(stderr, "pmu_plan_new: %s\n", err);
    CHECK(plan != NULL);
    return plan;
}

static void a_real_run_counts_its_known_misses(const char *child)
{
    struct pmu_plan *plan = cachegrind_plan(NULL);
    if (!plan)
        return;
    /* 1 MiB written once, line by line: 16384 cold lines, each a D1 and an
     * LL write miss in any simulated cache. */
    char *argv[] = { (char *)child, "lines", "1024", NULL };
    int status = -1;
    json_t *c = spawn_counted(plan, argv, 0, &status);
    CHECK(c != NULL);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    double insns = pmu_counter_value(c, "sim-instructions");
    double d1w = pmu_counter_value(c, "sim-D1-write-misses");
    double llw = pmu_counter_value(c, "sim-LL-write-misses");
    fprintf(stderr, "simulated: %.0f instructions, %.0f D1 write misses, %.0f LL write misses\n",
            insns, d1w, llw);
    CHECK(insns > 16384 * 2);
    CHECK(d1w >= 16384 && d1w < 16384 + 4096);
    CHECK(llw >= 16384 && llw <= d1w);
    CHECK(pmu_counter_value(c, "sim-D1-read-misses") >= 0);
    CHECK(pmu_counter_value(c, "sim-LL-read-misses") >= 0);
    json_t *derived = json_object_get(c, "derived");
    CHECK(json_is_null(json_object_get(derived, "ipc")));
    CHECK_NEAR(json_number_value(json_object_get(json_object_get(derived, "mpki"),
                                                 "sim-LL-write-misses")),
               1000.0 * llw / insns, 1e-9);
    CHECK(json_object_size(json_object_get(derived, "mpki")) == 4);
    json_decref(c);
    pmu_plan_free(plan);
}

static void a_threaded_run_is_simulated_in_one_cache(const char *child)
{
    struct pmu_plan *plan = cachegrind_plan("sim-instructions,sim-D1-write-misses");
    if (!plan)
        return;
    /* Two threads, 64 fresh pages each: Valgrind runs them one at a time,
     * into the one simulated D1, which sees both threads' first writes. */
    char *argv[] = { (char *)child, "threads", "2", "64", NULL };
    int status = -1;
    json_t *c = spawn_counted(plan, argv, 0, &status);
    CHECK(c != NULL);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(pmu_counter_value(c, "sim-D1-write-misses") >= 128);
    CHECK(pmu_counter_value(c, "sim-instructions") > 0);
    json_decref(c);
    pmu_plan_free(plan);
}

static void the_output_file_is_removed_with_the_run(const char *child)
{
    struct pmu_plan *plan = cachegrind_plan("sim-instructions");
    if (!plan)
        return;
    char *argv[] = { (char *)child, "lines", "1", NULL };
    char err[512];
    struct pmu_run *run = pmu_run_new(plan, argv, err, sizeof err);
    CHECK(run != NULL);
    char *const *w = pmu_run_argv(run);
    const char *out = NULL;
    for (size_t i = 0; w[i]; i++)
        if (strncmp(w[i], "--cachegrind-out-file=", 22) == 0)
            out = w[i] + 22;
    CHECK(out != NULL);
    char path[4096];
    snprintf(path, sizeof path, "%s", out ? out : "");
    CHECK(access(path, F_OK) == 0);
    pmu_run_free(run);
    CHECK(access(path, F_OK) != 0);
    pmu_plan_free(plan);
}

static void a_failed_run_reports_every_event_unavailable(void)
{
    struct pmu_plan *plan = cachegrind_plan(NULL);
    if (!plan)
        return;
    char *argv[] = { "/nonexistent/ngbench-test-program", NULL };
    int status = -1;
    json_t *c = spawn_counted(plan, argv, 0, &status);
    CHECK(c != NULL);
    CHECK(!(WIFEXITED(status) && WEXITSTATUS(status) == 0));
    json_t *ir = json_object_get(c, "sim-instructions");
    CHECK(json_is_null(json_object_get(ir, "value")));
    CHECK(strstr(json_string_value(json_object_get(ir, "unavailable")), "has no events:/summary:")
          != NULL);
    json_decref(c);
    pmu_plan_free(plan);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_cachegrind PMU_CHILD\n");
        return 2;
    }
    argv_wraps_the_workload_in_valgrind_with_the_geometry();
    output_totals_are_parsed_by_event_name();
    event_names_map_to_cachegrind_columns();
    valgrind_is_found_on_path_past_folders_of_its_name();
    a_real_run_counts_its_known_misses(argv[1]);
    a_threaded_run_is_simulated_in_one_cache(argv[1]);
    the_output_file_is_removed_with_the_run(argv[1]);
    a_failed_run_reports_every_event_unavailable();
    return CHECK_DONE();
}
