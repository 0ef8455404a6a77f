/*
 * harness/merge_cmd.c: `ngbench merge A.json B.json ... --out=ALL.json`.
 *
 * Combines results files, typically the shards of one matrix run on several
 * machines (`ngbench run --shard=I/N`), into one that reports and the gate
 * read like any other. It refuses what would make the merged file lie:
 * runs measured on different machines or builds (unless
 * --allow-context-mismatch), and the same run twice. The output is written
 * atomically and only after every check passed, so an error never loses or
 * half-writes it (it may also be one of the inputs).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ci/context.h"
#include "harness/commands.h"
#include "harness/results.h"

static const char *const identity_fields[] = { "host", "cpu_model", "cores", "kernel", "git_commit", NULL };

static void print_help(FILE *out)
{
    fprintf(out,
        "usage: ngbench merge A.json B.json ... --out=ALL.json [--allow-context-mismatch]\n"
        "\n"
        "Concatenates the runs of results files (e.g. the shards of `ngbench run --shard=I/N`)\n"
        "into one results file. The context is the first file's, with matrix.shard set to null\n"
        "and context.merged_from listing each input's file, host, date and shard.\n"
        "\n"
        "Refused (exit 2, nothing written):\n"
        "  - inputs whose machine context differs from the first's: host, cpu_model, cores,\n"
        "    kernel, git_commit, or the path or version of an allocator both name\n"
        "    (--allow-context-mismatch merges them anyway);\n"
        "  - the same run (benchmark, warm-up flag, repetition) in two places;\n"
        "  - an unreadable or malformed input.\n"
        "The output is replaced atomically; it may be one of the inputs.\n"
        "exit status: 0 written, 1 could not write, 2 usage error or refused input\n");
}

struct merge_args {
    const char *out;
    bool allow_mismatch;
    const char **inputs;
    int ninputs;
};

static int parse_args(int argc, char **argv, struct merge_args *a)
{
    a->inputs = calloc((size_t)argc, sizeof *a->inputs);
    if (!a->inputs)
        return EXIT_FAILED;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            print_help(stdout);
            return EXIT_OK;
        } else if (strncmp(argv[i], "--out=", 6) == 0 && argv[i][6]) {
            a->out = argv[i] + 6;
        } else if (strcmp(argv[i], "--allow-context-mismatch") == 0) {
            a->allow_mismatch = true;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "ngbench merge: unknown option '%s' (try 'ngbench merge --help')\n", argv[i]);
            return EXIT_USAGE;
        } else {
            a->inputs[a->ninputs++] = argv[i];
        }
    }
    if (!a->out || a->ninputs == 0) {
        fprintf(stderr, "ngbench merge: want one or more input files and --out=FILE (try 'ngbench merge --help')\n");
        return EXIT_USAGE;
    }
    return -1;   /* parsed: go on */
}

/* Adds each run's key to seen; refuses a key already there. */
static int check_no_duplicates(const json_t *doc, const char *path, json_t *seen)
{
    size_t i;
    const json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run) {
        char *key = results_run_key(run);
        if (!key) {
            fprintf(stderr, "ngbench merge: out of memory\n");
            return EXIT_FAILED;
        }
        const char *first = json_string_value(json_object_get(seen, key));
        if (first) {
            fprintf(stderr, "ngbench merge: %s: runs[%zu] (%s) is also in %s\n", path, i, key, first);
            free(key);
            return EXIT_USAGE;
        }
        json_object_set_new(seen, key, json_string(path));
        free(key);
    }
    return 0;
}

static int check_context(const json_t *doc, const char *path, const json_t *first, const char *first_path,
                         bool allow_mismatch)
{
    char diff[1024];
    if (context_differences(json_object_get(first, "context"), json_object_get(doc, "context"),
                            identity_fields, true, diff, sizeof diff) == 0)
        return 0;
    if (allow_mismatch) {
        fprintf(stderr, "ngbench merge: warning: %s: context differs from %s: %s\n", path, first_path, diff);
        return 0;
    }
    fprintf(stderr, "ngbench merge: %s: context differs from %s: %s (--allow-context-mismatch to merge anyway)\n",
            path, first_path, diff);
    return EXIT_USAGE;
}

/* Where each input came from: enough to trace a merged run back to its shard. */
static json_t *provenance(const json_t *doc, const char *path)
{
    const json_t *context = json_object_get(doc, "context");
    json_t *shard = json_object_get(json_object_get(context, "matrix"), "shard");
    return json_pack("{s:s, s:s, s:s, s:O?}", "file", path, "host", results_str(context, "host"),
                     "date", results_str(context, "date"), "shard", shard);
}

static json_t *merged_context(const json_t *first)
{
    json_t *context = json_deep_copy(json_object_get(first, "context"));
    json_t *matrix = json_object_get(context, "matrix");
    if (json_is_object(matrix))
        json_object_set_new(matrix, "shard", json_null());
    json_object_set_new(context, "merged_from", json_array());
    return context;
}

static int merge(const struct merge_args *a)
{
    char err[1024];
    json_t **docs = calloc((size_t)a->ninputs, sizeof *docs);
    json_t *seen = json_object(), *out = NULL;
    int rc = EXIT_FAILED;
    if (!docs || !seen) {
        fprintf(stderr, "ngbench merge: out of memory\n");
        goto done;
    }
    for (int i = 0; i < a->ninputs; i++) {
        if (!(docs[i] = results_load(a->inputs[i], err, sizeof err))) {
            fprintf(stderr, "ngbench merge: %s\n", err);
            rc = EXIT_USAGE;
            goto done;
        }
        if ((i > 0 && (rc = check_context(docs[i], a->inputs[i], docs[0], a->inputs[0], a->allow_mismatch)) != 0) ||
            (rc = check_no_duplicates(docs[i], a->inputs[i], seen)) != 0)
            goto done;
    }
    out = results_new(merged_context(docs[0]));
    for (int i = 0; i < a->ninputs; i++) {
        json_array_extend(json_object_get(out, "runs"), json_object_get(docs[i], "runs"));
        json_array_append_new(json_object_get(json_object_get(out, "context"), "merged_from"),
                              provenance(docs[i], a->inputs[i]));
    }
    if (results_save_atomic(out, a->out, err, sizeof err) != 0) {
        fprintf(stderr, "ngbench merge: %s\n", err);
        rc = EXIT_FAILED;
        goto done;
    }
    rc = EXIT_OK;
done:
    for (int i = 0; docs && i < a->ninputs; i++)
        json_decref(docs[i]);
    free(docs);
    json_decref(seen);
    json_decref(out);
    return rc;
}

int cmd_merge(int argc, char **argv)
{
    struct merge_args a = { 0 };
    int rc = parse_args(argc, argv, &a);
    if (rc < 0)
        rc = merge(&a);
    free(a.inputs);
    return rc;
}
