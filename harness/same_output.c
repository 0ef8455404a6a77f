/* harness/same_output.c: runs that must print what the first allocator's printed (see same_output.h). */
#include "harness/same_output.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/results.h"

static bool same_benchmark_but_allocator(const json_t *a, const json_t *b)
{
    return strcmp(results_str(a, "workload"), results_str(b, "workload")) == 0
           && json_equal(json_object_get(a, "params"), json_object_get(b, "params"))
           && json_equal(json_object_get(a, "threads"), json_object_get(b, "threads"));
}

static const json_t *reference_run(const json_t *runs, const json_t *run, const char *reference)
{
    size_t i;
    const json_t *r;
    json_array_foreach(runs, i, r)
        if (strcmp(results_str(r, "allocator"), reference) == 0 && strcmp(results_str(r, "status"), "ok") == 0
            && json_object_get(r, "stdout_sha256") && same_benchmark_but_allocator(r, run))
            return r;
    return NULL;
}

void same_output_check(const json_t *runs, json_t *run, const char *reference)
{
    const char *digest = json_string_value(json_object_get(run, "stdout_sha256"));
    const json_t *ref = reference_run(runs, run, reference);
    if (!digest || !ref || ref == run || strcmp(results_str(run, "status"), "ok") != 0)
        return;
    const char *want = results_str(ref, "stdout_sha256");
    if (strcmp(digest, want) == 0)
        return;
    json_object_set_new(run, "status", json_string("failed"));
    json_object_set_new(run, "error", json_sprintf("--same-output: stdout (sha256 %.16s...) differs from %s's (%.16s...)",
                                                   digest, reference, want));
}
