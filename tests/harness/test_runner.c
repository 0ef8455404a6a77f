/* The isolated runner: statuses, timeouts that kill the whole group, the
 * result line, environment and preload, affinity, stdout redirection. */
#include "base/clock.h"
#include "harness/runner.h"
#include "tests/check.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static struct allocator glibc;

static json_t *run_shell(const char *script, double timeout_s)
{
    char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
    struct run_spec spec = { .allocator = &glibc, .argv = argv, .timeout_s = timeout_s };
    char err[256];
    json_t *rec = runner_run(&spec, err, sizeof err);
    if (!rec)
        fprintf(stderr, "runner_run: %s\n", err);
    return rec;
}

static const char *status_of(const json_t *rec)
{
    return json_string_value(json_object_get(rec, "status"));
}

static void exit_statuses_map_to_run_statuses(void)
{
    json_t *ok = run_shell("exit 0", 10);
    CHECK_STR(status_of(ok), "ok");
    CHECK(json_integer_value(json_object_get(ok, "exit_code")) == 0);
    CHECK(json_is_null(json_object_get(ok, "signal")));
    CHECK(json_number_value(json_object_get(ok, "wall_s")) > 0);
    CHECK(json_integer_value(json_object_get(ok, "max_rss_kb")) > 0);
    json_decref(ok);

    json_t *failed = run_shell("echo first >&2; echo 'the reason' >&2; exit 3", 10);
    CHECK_STR(status_of(failed), "failed");
    CHECK(json_integer_value(json_object_get(failed, "exit_code")) == 3);
    CHECK(strstr(json_string_value(json_object_get(failed, "error")), "exit code 3: the reason") != NULL);
    json_decref(failed);

    json_t *crashed = run_shell("kill -SEGV $$", 10);
    CHECK_STR(status_of(crashed), "crashed");
    CHECK(json_integer_value(json_object_get(crashed, "signal")) == SIGSEGV);
    CHECK(json_is_null(json_object_get(crashed, "exit_code")));
    json_decref(crashed);
}

/* Killed orphans linger as zombies until init reaps them: those count as gone. */
static int process_alive(int pid)
{
    char path[64], state = 'X';
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    if (fscanf(f, "%*d (%*[^)]) %c", &state) != 1)
        state = 'X';
    fclose(f);
    return state != 'Z' && state != 'X';
}

static void timeout_kills_the_whole_process_group(void)
{
    char pidfile[] = "/tmp/ngbench-test-runner-XXXXXX";
    int fd = mkstemp(pidfile);
    close(fd);
    char script[256];
    snprintf(script, sizeof script, "sleep 30 & echo $! > %s; sleep 30", pidfile);
    json_t *rec = run_shell(script, 0.3);
    CHECK_STR(status_of(rec), "timeout");
    CHECK(json_number_value(json_object_get(rec, "wall_s")) < 10);
    json_decref(rec);
    FILE *f = fopen(pidfile, "r");
    int pid = 0;
    CHECK(f && fscanf(f, "%d", &pid) == 1);
    if (f)
        fclose(f);
    usleep(100000);
    CHECK(pid > 0 && !process_alive(pid));   /* the background sleep is gone too */
    unlink(pidfile);
}

/* A process that left the group (setsid) keeps the output pipe open: the run
 * still ends when the workload is reaped, not when that process exits. */
static void escaped_process_does_not_hold_the_run(void)
{
    double t0 = monotonic_s();
    json_t *rec = run_shell("setsid -f sleep 20; echo 'ngbench-result: done=1'", 60);
    double took = monotonic_s() - t0;
    CHECK_STR(status_of(rec), "ok");
    CHECK_NEAR(json_number_value(json_object_get(json_object_get(rec, "metrics"), "done")), 1, 0);
    CHECK(took < 15);   /* not the 20 s of the escaped sleep */
    json_decref(rec);
}

static void last_result_line_becomes_metrics(void)
{
    json_t *rec = run_shell("echo 'ngbench-result: a=1'; echo noise; echo 'ngbench-result: a=2.5 word=abc n=1e3'", 10);
    json_t *m = json_object_get(rec, "metrics");
    CHECK_NEAR(json_number_value(json_object_get(m, "a")), 2.5, 0);
    CHECK_NEAR(json_number_value(json_object_get(m, "n")), 1000, 0);
    CHECK_STR(json_string_value(json_object_get(m, "word")), "abc");
    json_decref(rec);
    CHECK(runner_parse_result_line("result: a=1") == NULL);
}

static void allocator_preload_and_environment_reach_the_child_only(void)
{
    struct allocator custom = { .name = "custom", .path = "/lib/custom.so", .env = { "NG_A=1", NULL } };
    const char *extra[] = { "NG_B=2", NULL };
    char *argv[] = { "/bin/sh", "-c", "echo \"ngbench-result: preload=$LD_PRELOAD a=$NG_A b=$NG_B\"", NULL };
    struct run_spec spec = { .allocator = &custom, .argv = argv, .preload_first = "/lib/first.so",
                             .extra_env = extra, .timeout_s = 10 };
    char err[256];
    /* The dynamic loader warns that the libraries don't exist; the shell still runs. */
    json_t *rec = runner_run(&spec, err, sizeof err);
    json_t *m = json_object_get(rec, "metrics");
    CHECK_STR(json_string_value(json_object_get(m, "preload")), "/lib/first.so:/lib/custom.so");
    CHECK_NEAR(json_number_value(json_object_get(m, "a")), 1, 0);
    CHECK_NEAR(json_number_value(json_object_get(m, "b")), 2, 0);
    CHECK(getenv("LD_PRELOAD") == NULL || strstr(getenv("LD_PRELOAD"), "custom") == NULL);
    json_decref(rec);
}

static void affinity_and_stdout_file(void)
{
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    char out[] = "/tmp/ngbench-test-stdout-XXXXXX";
    close(mkstemp(out));
    char *argv[] = { "/bin/sh", "-c", "grep Cpus_allowed_list /proc/self/status", NULL };
    struct run_spec spec = { .allocator = &glibc, .argv = argv, .cpus = &one, .stdout_path = out, .timeout_s = 10 };
    char err[256];
    json_t *rec = runner_run(&spec, err, sizeof err);
    CHECK_STR(status_of(rec), "ok");
    json_decref(rec);
    char line[256] = "";
    FILE *f = fopen(out, "r");
    CHECK(f && fgets(line, sizeof line, f));
    if (f)
        fclose(f);
    CHECK(strstr(line, ":\t0\n") != NULL);
    unlink(out);
}

static void missing_program_is_a_failed_run(void)
{
    char *argv[] = { "/nonexistent/workload", NULL };
    struct run_spec spec = { .allocator = &glibc, .argv = argv, .timeout_s = 10 };
    char err[256];
    json_t *rec = runner_run(&spec, err, sizeof err);
    CHECK_STR(status_of(rec), "failed");
    CHECK(strstr(json_string_value(json_object_get(rec, "error")), "/nonexistent/workload") != NULL);
    json_decref(rec);
}

int main(void)
{
    snprintf(glibc.name, sizeof glibc.name, "glibc");
    exit_statuses_map_to_run_statuses();
    timeout_kills_the_whole_process_group();
    last_result_line_becomes_metrics();
    escaped_process_does_not_hold_the_run();
    allocator_preload_and_environment_reach_the_child_only();
    affinity_and_stdout_file();
    missing_program_is_a_failed_run();
    return CHECK_DONE();
}
