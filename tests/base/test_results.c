/* Results files: atomic save, load round trip, identity keys, malformed input refused. */
#include "base/results.h"
#include "tests/check.h"

#include <stdlib.h>
#include <unistd.h>

static json_t *sample_run(const char *params_text, int rep)
{
    return json_pack("{s:s,s:s,s:o,s:i,s:i,s:b,s:s,s:f}", "allocator", "glibc", "workload", "xmalloc",
                     "params", json_loads(params_text, 0, NULL), "threads", 2, "repetition", rep,
                     "warmup", 0, "status", "ok", "wall_s", 1.5);
}

static void save_then_load_gives_the_same_document(const char *dir)
{
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/r.json", dir);
    json_t *doc = results_new(json_pack("{s:s}", "host", "h"));
    json_array_append_new(json_object_get(doc, "runs"), sample_run("{\"size\":\"tiny\"}", 0));
    CHECK(results_save_atomic(doc, path, err, sizeof err) == 0);
    json_t *back = results_load(path, err, sizeof err);
    CHECK(back && json_equal(doc, back));
    json_decref(back);
    json_decref(doc);
}

static void keys_ignore_params_order_and_separate_repetitions(void)
{
    json_t *a = sample_run("{\"size\":\"tiny\",\"iterations\":5}", 0);
    json_t *b = sample_run("{\"iterations\":5,\"size\":\"tiny\"}", 1);
    char *ka = results_benchmark_key(a), *kb = results_benchmark_key(b);
    CHECK_STR(ka, kb);
    char *ra = results_run_key(a), *rb = results_run_key(b);
    CHECK(strcmp(ra, rb) != 0);
    free(ka);
    free(kb);
    free(ra);
    free(rb);
    json_decref(a);
    json_decref(b);
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

static void failed_save_leaves_the_old_file(const char *dir)
{
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/nodir/r.json", dir);
    json_t *doc = results_new(json_object());
    CHECK(results_save_atomic(doc, path, err, sizeof err) != 0 && strstr(err, "cannot write"));
    json_decref(doc);
}

int main(void)
{
    char dir[] = "/tmp/ngbench-test-results-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    save_then_load_gives_the_same_document(dir);
    keys_ignore_params_order_and_separate_repetitions();
    malformed_files_are_refused_with_a_reason(dir);
    failed_save_leaves_the_old_file(dir);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 1;
    return CHECK_DONE();
}
