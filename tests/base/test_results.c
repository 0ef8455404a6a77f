/* Results files: atomic save, load round trip, identity keys, malformed input refused. */
#include "base/identity.h"
#include "base/results.h"
#include "base/results_out.h"
#include "tests/check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

static json_t *sample_run(const char *params_text, int rep)
{
    return json_pack("{s:s,s:s,s:o,s:i,s:i,s:b,s:s,s:f}", "allocator", "glibc", "workload", "xmalloc",
                     "params", json_loads(params_text, 0, NULL), "threads", 2, "repetition", rep,
                     "warmup", 0, "status", "ok", "wall_s", 1.5);
}

/* One document saved as ngbench merge saves it. */
static int save(const json_t *doc, const char *path, char *err, size_t errlen)
{
    struct results_out *o = results_out_open(path, RESULTS_REPLACE, err, errlen);
    int rc = o ? results_out_save(o, doc, err, errlen) : -1;
    results_out_close(o);
    return rc;
}

static void save_then_load_gives_the_same_document(const char *dir)
{
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/r.json", dir);
    json_t *doc = results_new(json_pack("{s:s}", "host", "h"));
    json_array_append_new(json_object_get(doc, "runs"), sample_run("{\"size\":\"tiny\"}", 0));
    CHECK(save(doc, path, err, sizeof err) == 0);
    json_t *back = results_load(path, err, sizeof err);
    CHECK(back && json_equal(doc, back));
    json_decref(back);
    json_decref(doc);
}

static void keys_ignore_params_order_and_separate_repetitions(void)
{
    json_t *a = sample_run("{\"size\":\"tiny\",\"iterations\":5}", 0);
    json_t *b = sample_run("{\"iterations\":5,\"size\":\"tiny\"}", 1);
    struct bench_id ba = identity_of(a, "perf"), bb = identity_of(b, "perf");
    CHECK(identity_equal(&ba, &bb) && identity_hash(&ba) == identity_hash(&bb));
    struct run_id ra = identity_run_of(a, "perf"), rb = identity_run_of(b, "perf");
    CHECK(!identity_run_equal(&ra, &rb));
    /* the file's backend stands in for a run that names none, and keeps simulated runs apart */
    struct bench_id simulated = identity_of(a, "cachegrind");
    CHECK(!identity_equal(&ba, &simulated));
    json_object_set_new(b, "pmu", json_string("cachegrind"));
    bb = identity_of(b, "perf");
    CHECK(identity_equal(&bb, &simulated));
    json_decref(a);
    json_decref(b);
}

/* Names a joined key would confuse: allocator "a|b" on "c" against "a" on "b|c". */
static void keys_never_collide_through_separators(void)
{
    json_t *x = sample_run("{}", 0), *y = sample_run("{}", 0);
    json_object_set_new(x, "allocator", json_string("a|b"));
    json_object_set_new(x, "workload", json_string("c"));
    json_object_set_new(y, "allocator", json_string("a"));
    json_object_set_new(y, "workload", json_string("b|c"));
    struct bench_id ix = identity_of(x, "perf"), iy = identity_of(y, "perf");
    CHECK(!identity_equal(&ix, &iy) && identity_hash(&ix) != identity_hash(&iy));
    /* params as strings that would print alike */
    json_t *p = sample_run("{\"n\": 1}", 0), *q = sample_run("{\"n\": \"1\"}", 0), *r = sample_run("{\"n\": 1.0}", 0);
    struct bench_id ip = identity_of(p, "perf"), iq = identity_of(q, "perf"), ir = identity_of(r, "perf");
    CHECK(!identity_equal(&ip, &iq) && !identity_equal(&ip, &ir) && !identity_equal(&iq, &ir));
    json_decref(x);
    json_decref(y);
    json_decref(p);
    json_decref(q);
    json_decref(r);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static void malformed_files_are_refused_with_a_reason(const char *dir)
{
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/bad.json", dir);
    write_text(path, "{\"schema_version\": 1, \"runs\": [");
    CHECK(!results_load(path, err, sizeof err) && strstr(err, "bad.json") && strstr(err, "line"));
    write_text(path, "[1, 2]");
    CHECK(!results_load(path, err, sizeof err) && strstr(err, "not an ngbench results file"));
    write_text(path, "{\"schema_version\": 99, \"context\": {}, \"runs\": []}");
    CHECK(!results_load(path, err, sizeof err) && strstr(err, "schema_version 99"));
    write_text(path, "{\"schema_version\": 1, \"context\": {}, \"runs\": [{\"allocator\": \"x\"}]}");
    CHECK(!results_load(path, err, sizeof err) && strstr(err, "runs[0]"));
    snprintf(path, sizeof path, "%s/missing.json", dir);
    CHECK(!results_load(path, err, sizeof err) && strstr(err, "missing.json"));
}

/* One change to a valid run: the reason names the field. */
static void refused(const char *change_json, const char *field_text)
{
    json_t *run = sample_run("{\"size\":\"tiny\"}", 0);
    json_t *change = json_loads(change_json, 0, NULL);
    json_object_update(run, change);
    char why[512] = "";
    CHECK(results_check_run(run, why, sizeof why) != 0);
    if (!strstr(why, field_text) || strchr(why, '\n'))
        fprintf(stderr, "reason for %s: %s\n", change_json, why);
    CHECK(strstr(why, field_text) && !strchr(why, '\n'));
    json_decref(change);
    json_decref(run);
}

static void names_and_identity_are_validated(void)
{
    json_t *ok = sample_run("{\"size\":\"tiny\",\"argv\":[\"sh\",\"-c\",\"a\\nb\"]}", 0);
    char why[512];
    CHECK(results_check_run(ok, why, sizeof why) == 0);
    json_decref(ok);
    refused("{\"allocator\": \"mimalloc\\nsystem \\\"id\\\"\"}", "allocator \"mimalloc\\nsystem \"id\"\" has a control character");
    refused("{\"workload\": \"x\\u001b[2J\"}", "workload \"x\\x1b[2J\" has a control character");
    refused("{\"workload\": \"geometric mean\"}", "reserved");
    refused("{\"allocator\": \"\"}", "allocator is empty");
    refused("{\"params\": {\"si\\tze\": 1}}", "params key \"si\\tze\"");
    refused("{\"params\": [1]}", "params is not an object");
    refused("{\"threads\": -1}", "threads is not an integer from 1");
    refused("{\"threads\": 0}", "threads is not an integer from 1");
    refused("{\"threads\": 1.5}", "threads is not an integer");
    refused("{\"repetition\": -3}", "repetition is not an integer from 0");
    refused("{\"warmup\": 0}", "warmup is not true or false");
    refused("{\"status\": 7}", "status");
    refused("{\"pmu\": \"oprofile\"}", "pmu is not");
    char long_name[RESULTS_NAME_MAX + 32];
    snprintf(long_name, sizeof long_name, "{\"allocator\": \"%0*d\"}", RESULTS_NAME_MAX + 1, 0);
    refused(long_name, "longer than 128 bytes");
}

static void failed_save_leaves_the_old_file(const char *dir)
{
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/nodir/r.json", dir);
    json_t *doc = results_new(json_object());
    CHECK(save(doc, path, err, sizeof err) != 0 && strstr(err, "cannot write"));
    json_decref(doc);
}

/* A first save removes temporary files a killed ngbench left (unlocked),
 * never one another ngbench creating the same file is writing (locked). */
static void first_save_removes_only_abandoned_temporaries(const char *dir)
{
    char path[512], held[600], left[600], err[256];
    snprintf(path, sizeof path, "%s/new.json", dir);
    snprintf(held, sizeof held, "%s/.new.json.ngbench-tmp-AAAAAA", dir);
    snprintf(left, sizeof left, "%s/.new.json.ngbench-tmp-BBBBBB", dir);
    write_text(held, "{");
    write_text(left, "{");
    int fd = open(held, O_RDONLY);
    CHECK(fd >= 0 && flock(fd, LOCK_EX) == 0);
    json_t *doc = results_new(json_object());
    struct results_out *o = results_out_open(path, RESULTS_CREATE, err, sizeof err);
    CHECK(o && results_out_save(o, doc, err, sizeof err) == 0);
    results_out_close(o);
    CHECK(access(held, F_OK) == 0);
    CHECK(access(left, F_OK) != 0);
    close(fd);
    unlink(held);
    json_decref(doc);
}

int main(void)
{
    char dir[] = "/tmp/ngbench-test-results-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    save_then_load_gives_the_same_document(dir);
    keys_ignore_params_order_and_separate_repetitions();
    keys_never_collide_through_separators();
    malformed_files_are_refused_with_a_reason(dir);
    names_and_identity_are_validated();
    failed_save_leaves_the_old_file(dir);
    first_save_removes_only_abandoned_temporaries(dir);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 1;
    return CHECK_DONE();
}
