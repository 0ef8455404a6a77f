/* tests/pmu/test_run_perf.c: the perf backend on real child processes:
 * software counters count the workload (every thread and child process of
 * it) and nothing before its exec; hardware events this machine lacks are
 * reported per event while the run itself is fine. */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pmu/counter.h"
#include "pmu/perf.h"
#include "spawn.h"
#include "tests/check.h"

static const char *child_path;

static json_t *run_child(const struct pmu_plan *plan, const char *mode, const char *a,
                         const char *b, long pre_exec_pages)
{
    char *argv[] = { (char *)child_path, (char *)mode, (char *)a, (char *)b, NULL };
    int status = -1;
    json_t *counters = spawn_counted(plan, argv, pre_exec_pages, &status);
    CHECK(counters != NULL);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return counters;
}

static struct pmu_plan *plan_for(const char *events)
{
    char err[512];
    struct pmu_plan *plan = pmu_plan_new(PMU_BACKEND_PERF, events, err, sizeof err);
    if (!plan)
        fprintf(stderr, "pmu_plan_new: %s\n", err);
    return plan;
}

static void software_counters_count_a_real_run(const struct pmu_plan *plan)
{
    json_t *c = run_child(plan, "pages", "2000", NULL, 0);
    CHECK(pmu_counter_value(c, "page-faults") >= 2000);
    CHECK(pmu_counter_value(c, "task-clock") > 0);
    CHECK(pmu_counter_value(c, "context-switches") >= 0);
    CHECK(pmu_counter_value(c, "cpu-migrations") >= 0);
    json_t *pf = json_object_get(c, "page-faults");
    CHECK_STR(json_string_value(json_object_get(pf, "source")), "software");
    CHECK_NEAR(json_number_value(json_object_get(pf, "running_fraction")), 1.0, 0);
    CHECK(json_integer_value(json_object_get(pf, "time_enabled_ns")) > 0);
    CHECK(json_integer_value(json_object_get(pf, "raw")) == (json_int_t)pmu_counter_value(c, "page-faults"));
    json_t *derived = json_object_get(c, "derived");
    CHECK(json_is_null(json_object_get(derived, "ipc")));
    CHECK(json_object_size(json_object_get(derived, "mpki")) == 0);
    json_decref(c);
}

static void every_thread_is_counted(const struct pmu_plan *plan)
{
    json_t *c = run_child(plan, "threads", "2", "1500", 0);
    CHECK(pmu_counter_value(c, "page-faults") >= 3000);
    json_decref(c);
}

static void forked_children_of_the_workload_are_counted(const struct pmu_plan *plan)
{
    json_t *c = run_child(plan, "fork", "2000", NULL, 0);
    CHECK(pmu_counter_value(c, "page-faults") >= 2000);
    json_decref(c);
}

static void work_before_exec_is_not_counted(const struct pmu_plan *plan)
{
    /* 8000 faults in the child before exec (ngbench's side of the fork);
     * the workload itself faults a few hundred times at most. */
    json_t *c = run_child(plan, "pages", "10", NULL, 8000);
    double faults = pmu_counter_value(c, "page-faults");
    CHECK(faults > 0);
    CHECK(faults < 4000);
    if (faults >= 4000)
        fprintf(stderr, "page-faults %.0f: pre-exec work was counted\n", faults);
    json_decref(c);
}

static void missing_hardware_is_reported_per_event_and_the_run_succeeds(void)
{
    struct pmu_plan *plan = plan_for("paper");
    CHECK(plan != NULL);
    if (!plan)
        return;
    struct pmu_host host;
    pmu_perf_host(&host);
    json_t *c = run_child(plan, "pages", "100", NULL, 0);
    const char *hw[] = { "cycles", "instructions", "LLC-load-misses", "LLC-store-misses",
                         "dTLB-load-misses", "dTLB-store-misses" };
    for (size_t i = 0; i < 6; i++) {
        json_t *ev = json_object_get(c, hw[i]);
        CHECK(ev != NULL);
        CHECK_STR(json_string_value(json_object_get(ev, "source")), "hardware");
        if (!host.hardware_pmu) {
            CHECK(json_is_null(json_object_get(ev, "value")));
            CHECK_STR(json_string_value(json_object_get(ev, "unavailable")),
                      "no hardware PMU (perf_event_open: ENOENT)");
        } else {
            CHECK(json_is_number(json_object_get(ev, "value"))
                  || json_is_string(json_object_get(ev, "unavailable")));
        }
    }
    CHECK(pmu_counter_value(c, "page-faults") >= 100);
    json_t *derived = json_object_get(c, "derived");
    CHECK(json_object_size(json_object_get(derived, "mpki")) == 4);
    if (!host.hardware_pmu) {
        CHECK(json_is_null(json_object_get(derived, "ipc")));
        CHECK(json_is_null(json_object_get(json_object_get(derived, "mpki"), "LLC-load-misses")));
    }
    json_decref(c);
    pmu_plan_free(plan);
}

static void a_run_that_never_execs_reports_never_scheduled(const struct pmu_plan *plan)
{
    char *argv[] = { "/nonexistent/ngbench-test-program", NULL };
    int status = -1;
    json_t *c = spawn_counted(plan, argv, 0, &status);
    CHECK(c != NULL);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 127);
    json_t *pf = json_object_get(c, "page-faults");
    CHECK(json_is_null(json_object_get(pf, "value")));
    CHECK_STR(json_string_value(json_object_get(pf, "unavailable")), "never scheduled");
    json_decref(c);
}

static void a_killed_run_still_has_its_counters(const struct pmu_plan *plan)
{
    /* The harness kills a run's process group on timeout; what it counted
     * until then is still read. */
    char *argv[] = { "/bin/sh", "-c", "kill -KILL $$", NULL };
    int status = -1;
    json_t *c = spawn_counted(plan, argv, 0, &status);
    CHECK(c != NULL);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    CHECK(pmu_counter_value(c, "page-faults") > 0);
    CHECK(pmu_counter_value(c, "task-clock") > 0);
    json_decref(c);
}

static void attaching_to_a_reaped_child_fails_with_a_reason(const struct pmu_plan *plan)
{
    char *argv[] = { "/bin/true", NULL };
    char err[256] = "";
    struct pmu_run *run = pmu_run_new(plan, argv, err, sizeof err);
    CHECK(run != NULL);
    CHECK(pmu_run_argv(run) == argv);   /* perf runs exec the workload itself */
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    waitpid(pid, NULL, 0);
    CHECK(pmu_run_attach(run, pid, err, sizeof err) == -1);
    char want[128];
    snprintf(want, sizeof want, "process %d is gone before its counters were attached", (int)pid);
    CHECK_STR(err, want);
    pmu_run_free(run);
}

/* Where perf_event_paranoid forbids kernel counting (2 here, and the
 * default), an unprivileged user still counts the user side, and the plan
 * says so; at 3 and above (Debian's own kernels), nothing is permitted. */
static int unprivileged_checks(void)
{
    struct pmu_plan *plan = plan_for(NULL);
    CHECK(plan != NULL);
    if (!plan)
        return CHECK_DONE();
    struct pmu_host host;
    pmu_perf_host(&host);
    json_t *d = pmu_plan_describe(plan);
    json_t *pf = json_object_get(json_object_get(d, "events"), "page-faults");
    if (host.paranoid >= 3) {
        char want[64];
        snprintf(want, sizeof want, "not permitted (perf_event_paranoid=%d)", host.paranoid);
        CHECK_STR(json_string_value(json_object_get(pf, "unavailable")), want);
    } else {
        CHECK(json_is_true(json_object_get(pf, "available")));
        CHECK(json_is_boolean(json_object_get(pf, "kernel_counted")));
        if (host.paranoid >= 2) {
            CHECK(json_is_false(json_object_get(pf, "kernel_counted")));
            char want[256];
            snprintf(want, sizeof want, "counters: user side only: task-clock, page-faults, "
                     "context-switches, cpu-migrations (kernel counting not permitted, "
                     "perf_event_paranoid=%d)", host.paranoid);
            CHECK_STR(pmu_plan_notice(plan), want);
        }
        char *argv[] = { "/bin/true", NULL };
        int status = -1;
        json_t *c = spawn_counted(plan, argv, 0, &status);
        CHECK(c != NULL && WIFEXITED(status) && WEXITSTATUS(status) == 0);
        CHECK(pmu_counter_value(c, "page-faults") > 0);
        json_decref(c);
    }
    json_decref(d);
    pmu_plan_free(plan);
    return CHECK_DONE();
}

/* Runs checks (which return CHECK_DONE's verdict) in a child that became
 * nobody: no CAP_PERFMON, no CAP_SYS_ADMIN. A credential change leaves a
 * process undumpable, so closed to perf_event_open from outside unless
 * dumpable is asked for again (ngbench as a plain user is dumpable). */
static void as_nobody(int (*checks)(void), int dumpable)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(99);
        if (dumpable)
            prctl(PR_SET_DUMPABLE, 1);
        _exit(checks());
    }
    int status = -1;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void an_unprivileged_user_counts_what_paranoid_allows(void)
{
    if (geteuid() != 0)
        CHECK(unprivileged_checks() == 0);
    else
        as_nobody(unprivileged_checks, 1);
}

/* The plan's probe (on ngbench itself) succeeds, the open on the
 * undumpable child is refused: the run is fine, its counters say why. */
static int attach_refused_checks(void)
{
    struct pmu_plan *plan = plan_for(NULL);
    CHECK(plan != NULL);
    if (!plan)
        return CHECK_DONE();
    char *argv[] = { "/bin/true", NULL };
    int status = -1;
    json_t *c = spawn_counted(plan, argv, 0, &status);
    CHECK(c != NULL && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    json_t *pf = json_object_get(c, "page-faults");
    CHECK(json_is_null(json_object_get(pf, "value")));
    const char *why = json_string_value(json_object_get(pf, "unavailable"));
    CHECK(why && strncmp(why, "could not attach to the run: not permitted", 42) == 0);
    json_decref(c);
    pmu_plan_free(plan);
    return CHECK_DONE();
}

static void a_child_closed_to_counting_is_reported_not_failed(void)
{
    struct pmu_host host;
    pmu_perf_host(&host);
    /* Needs root to become nobody, and a level that lets nobody count at all. */
    if (geteuid() == 0 && host.paranoid <= 2)
        as_nobody(attach_refused_checks, 0);
    else
        fprintf(stderr, "attach-refused path not exercised here (euid %d, paranoid %d)\n",
                (int)geteuid(), host.paranoid);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_run_perf PMU_CHILD\n");
        return 2;
    }
    child_path = argv[1];
    struct pmu_plan *software = plan_for(NULL);
    CHECK(software != NULL);
    if (!software)
        return CHECK_DONE();
    software_counters_count_a_real_run(software);
    every_thread_is_counted(software);
    forked_children_of_the_workload_are_counted(software);
    work_before_exec_is_not_counted(software);
    missing_hardware_is_reported_per_event_and_the_run_succeeds();
    a_run_that_never_execs_reports_never_scheduled(software);
    a_killed_run_still_has_its_counters(software);
    attaching_to_a_reaped_child_fails_with_a_reason(software);
    an_unprivileged_user_counts_what_paranoid_allows();
    a_child_closed_to_counting_is_reported_not_failed();
    pmu_plan_free(software);
    return CHECK_DONE();
}
