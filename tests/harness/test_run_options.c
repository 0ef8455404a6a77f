/* ngbench run's option parsing: lists, CPU sets, shards, defaults and errors. */
#include "harness/run_options.h"
#include "tests/check.h"

static int parse(struct run_options *o, char *err, size_t n, int argc, char **argv)
{
    return run_options_parse(argc, argv, o, err, n);
}

static void thread_lists_parse_and_reject_garbage(void)
{
    int t[8];
    size_t n;
    CHECK(parse_int_list("1,2,4", t, 8, &n) == 0 && n == 3 && t[0] == 1 && t[2] == 4);
    CHECK(parse_int_list("1,x", t, 8, &n) != 0);
    CHECK(parse_int_list("0", t, 8, &n) != 0);
    CHECK(parse_int_list("-2", t, 8, &n) != 0);
    CHECK(parse_int_list("", t, 8, &n) != 0);
    CHECK(parse_int_list("1,2,3", t, 2, &n) != 0);
    /* An empty item is a mistake, never skipped: "1,,2" is not "1,2". */
    CHECK(parse_int_list("1,,2", t, 8, &n) != 0);
    CHECK(parse_int_list("1,2,", t, 8, &n) != 0);
    CHECK(parse_int_list(",1", t, 8, &n) != 0);
}

static void cpu_lists_take_ranges(void)
{
    cpu_set_t s;
    CHECK(parse_cpu_list("0-2,5", &s) == 0);
    CHECK(CPU_ISSET(0, &s) && CPU_ISSET(2, &s) && !CPU_ISSET(3, &s) && CPU_ISSET(5, &s) && CPU_COUNT(&s) == 4);
    CHECK(parse_cpu_list("3-1", &s) != 0);
    CHECK(parse_cpu_list("a", &s) != 0);
}

static void shards_are_one_based_and_bounded(void)
{
    int i, n;
    CHECK(parse_shard("2/4", &i, &n) == 0 && i == 2 && n == 4);
    CHECK(parse_shard("0/4", &i, &n) != 0);
    CHECK(parse_shard("5/4", &i, &n) != 0);
    CHECK(parse_shard("4", &i, &n) != 0);
}

static void defaults_and_full_command_line(void)
{
    struct run_options o;
    char err[256];
    char *none[] = { "run", NULL };
    CHECK(parse(&o, err, sizeof err, 1, none) == 0);
    CHECK(o.repeat == 3 && o.warmup == 1 && o.size == WL_SIZE_QUICK && o.shard_count == 1);
    CHECK(o.n_allocators == 1 && strcmp(o.allocators[0], "default") == 0);
    CHECK(!o.dry_run);
    CHECK(o.n_workloads == 1 && strcmp(o.workloads[0], "quick") == 0);
    run_options_free(&o);

    char *full[] = { "run", "--allocator=glibc,jemalloc", "--workload=xmalloc", "--threads=1,2",
                     "--size=tiny", "--repeat=5", "--warmup=0", "--timeout=2.5", "--cpus=0",
                     "--out=x.json", "--resume", "--shard=1/3", "--pmu=cachegrind", NULL };
    CHECK(parse(&o, err, sizeof err, 13, full) == 0);
    CHECK(o.n_allocators == 2 && strcmp(o.allocators[1], "jemalloc") == 0);
    CHECK(o.n_threads == 2 && o.threads[1] == 2 && o.size == WL_SIZE_TINY);
    CHECK(o.repeat == 5 && o.warmup == 0 && o.timeout_s == 2.5 && o.has_cpus && o.resume);
    CHECK(o.shard_index == 1 && o.shard_count == 3 && o.pmu == PMU_BACKEND_CACHEGRIND);
    CHECK_STR(o.out, "x.json");
    run_options_free(&o);
}

static void bad_values_name_the_problem(void)
{
    struct run_options o;
    char err[256];
    char *bad_threads[] = { "run", "--threads=two", NULL };
    CHECK(parse(&o, err, sizeof err, 2, bad_threads) != 0 && strstr(err, "--threads") && strstr(err, "two"));
    char *bad_size[] = { "run", "--size=huge", NULL };
    CHECK(parse(&o, err, sizeof err, 2, bad_size) != 0 && strstr(err, "huge"));
    char *bad_repeat[] = { "run", "--repeat=0", NULL };
    CHECK(parse(&o, err, sizeof err, 2, bad_repeat) != 0 && strstr(err, "repeat"));
    char *unknown[] = { "run", "--frobnicate", NULL };
    CHECK(parse(&o, err, sizeof err, 2, unknown) != 0 && strstr(err, "--frobnicate"));
    char *stray[] = { "run", "extra", NULL };
    CHECK(parse(&o, err, sizeof err, 2, stray) != 0 && strstr(err, "extra"));
    char *empty_allocator[] = { "run", "--allocator=glibc,,jemalloc", NULL };
    CHECK(parse(&o, err, sizeof err, 2, empty_allocator) != 0 && strstr(err, "--allocator"));
    /* Refused after lists were taken, then freed as ngbench run frees them:
     * nothing leaks in the sanitizer build (183 bytes in 64 allocations did
     * for a list of 20 threads). */
    char *late[] = { "run", "--allocator=glibc,jemalloc", "--workload=xmalloc,larson",
                     "--threads=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,0", NULL };
    CHECK(parse(&o, err, sizeof err, 4, late) != 0 && strstr(err, "--threads"));
    run_options_free(&o);
}

static void cpus_this_process_may_not_use_are_refused(void)
{
    struct run_options o;
    char err[256];
    cpu_set_t allowed;
    CHECK(sched_getaffinity(0, sizeof allowed, &allowed) == 0);
    int last = -1;
    for (int c = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &allowed))
            last = c;
    char ok[32], bad[32];
    snprintf(ok, sizeof ok, "--cpus=%d", last);
    snprintf(bad, sizeof bad, "--cpus=%d", CPU_SETSIZE - 1);
    char *fine[] = { "run", ok, NULL };
    CHECK(parse(&o, err, sizeof err, 2, fine) == 0 && run_options_check_cpus(&o, err, sizeof err) == 0);
    run_options_free(&o);
    char *beyond[] = { "run", bad, "--dry-run", NULL };
    CHECK(parse(&o, err, sizeof err, 3, beyond) == 0 && o.dry_run);
    CHECK(run_options_check_cpus(&o, err, sizeof err) != 0 && strstr(err, "is not one this process may run on"));
    run_options_free(&o);
}

int main(void)
{
    thread_lists_parse_and_reject_garbage();
    cpu_lists_take_ranges();
    shards_are_one_based_and_bounded();
    defaults_and_full_command_line();
    bad_values_name_the_problem();
    cpus_this_process_may_not_use_are_refused();
    return CHECK_DONE();
}
