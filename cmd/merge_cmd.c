/*
 * cmd/merge_cmd.c: `ngbench merge A.json B.json ... --out=ALL.json`.
 *
 * Combines results files, typically the shards of one matrix run on several
 * machines (`ngbench run --shard=I/N`), into one that reports and the gate
 * read like any other. It refuses what would make the merged file lie:
 * runs measured on different machines or builds (unless
 * --allow-context-mismatch names the fields that may differ), and the same
 * run twice. --out is checked and locked before any input is read (a file
 * it must not replace is refused, exit 2, as run refuses it) and written
 * atomically only after every check passed, so an error never loses or
 * half-writes it (it may also be one of the inputs).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/context_diff.h"
#include "base/exit_codes.h"
#include "base/identity.h"
#include "base/keyset.h"
#include "base/results.h"
#include "base/results_out.h"
#include "base/text.h"
#include "cmd/commands.h"

/* The context fields that must agree; "allocators" stands for each allocator's path and version. */
static const char *const identity_fields[] = { "host", "cpu_model", "cores", "kernel", "git_commit",
                                               "allocators" };
enum { N_IDENTITY = sizeof identity_fields / sizeof identity_fields[0] };

static void print_help(FILE *out)
{
    fprintf(out,
        "usage: ngbench merge A.json B.json ... --out=ALL.json [--allow-context-mismatch[=FIELDS]]\n"
        "\n"
        "Concatenates the runs of results files (e.g. the shards of `ngbench run --shard=I/N`)\n"
        "into one results file. The context is the first file's, with matrix.shard set to null\n"
        "and context.merged_from listing each input's file, host, date and shard (an input that\n"
        "is itself a merge contributes its own merged_from list).\n"
        "\n"
        "Refused (exit 2, nothing written):\n"
        "  - inputs whose machine context differs from the first's: host, cpu_model, cores,\n"
        "    kernel, git_commit, or the path or version of an allocator both name;\n"
        "    --allow-context-mismatch merges them anyway, --allow-context-mismatch=host,kernel\n"
        "    only when the named fields differ (fields: host, cpu_model, cores, kernel,\n"
        "    git_commit, allocators); tolerated differences are printed as a warning;\n"
        "  - the same run (allocator, workload, params, threads, counter backend, warm-up\n"
        "    flag, repetition) in two places;\n"
        "  - an unreadable or malformed input.\n"
        "The output is replaced atomically; it may be one of the inputs.\n"
        "exit status: 0 written, 1 could not write, 2 usage error, refused input or --out\n");
}

struct merge_args {
    const char *out;
    bool tolerated[N_IDENTITY];   /* identity fields allowed to differ */
    char **inputs;
    int ninputs;
};

/* "host,kernel" marks those fields tolerated; NULL (the bare option) marks all. */
static int take_tolerated(const char *list, void *out)
{
    bool *tolerated = out;
    if (!list) {
        for (size_t k = 0; k < N_IDENTITY; k++)
            tolerated[k] = true;
        return 0;
    }
    char *copy = strdup(list), *save = NULL;
    int rc = copy ? 0 : -1;
    for (char *f = copy ? strtok_r(copy, ",", &save) : NULL; f && rc == 0; f = strtok_r(NULL, ",", &save)) {
        size_t k = 0;
        while (k < N_IDENTITY && strcmp(f, identity_fields[k]) != 0)
            k++;
        if (k < N_IDENTITY)
            tolerated[k] = true;
        else
            rc = -1;
    }
    free(copy);
    return rc;
}

/* EXIT_OK after --help, EXIT_USAGE or EXIT_FAILED when it cannot go on, -1 to go on. */
static int parse_args(int argc, char **argv, struct merge_args *a)
{
    a->inputs = calloc((size_t)argc, sizeof *a->inputs);
    if (!a->inputs)
        return EXIT_FAILED;
    const struct option_spec specs[] = {
        { .name = "out", .kind = OPTION_STRING, .out = &a->out },
        { .name = "allow-context-mismatch", .kind = OPTION_CUSTOM, .out = a->tolerated, .parse = take_tolerated,
          .optional_value = true, .want = "fields among host, cpu_model, cores, kernel, git_commit, allocators" },
    };
    size_t n = 0;
    int rc = command_line(argc, argv, specs, sizeof specs / sizeof specs[0], a->inputs, (size_t)argc, &n,
                          print_help);
    a->ninputs = (int)n;
    if (rc < 0 && (!a->out || a->ninputs == 0)) {
        fprintf(stderr, "ngbench merge: want one or more input files and --out=FILE (try 'ngbench merge --help')\n");
        return EXIT_USAGE;
    }
    return rc;
}

/* The runs already seen: their identities, and the file each came from. */
struct seen_runs {
    struct keyset *ids;        /* of struct run_id, pointing into the documents */
    const char **from;         /* per id: its file */
    size_t cap;
};

static bool same_run(const void *a, const void *b)
{
    return identity_run_equal(a, b);
}

/* Adds each run's identity to seen; refuses one already there. */
static int check_no_duplicates(const json_t *doc, const char *path, struct seen_runs *seen)
{
    const char *file_pmu = identity_file_pmu(json_object_get(doc, "context"));
    size_t i;
    const json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run) {
        struct run_id id = identity_run_of(run, file_pmu);
        bool added;
        size_t at = keyset_add(seen->ids, &id, identity_run_hash(&id), &added);
        if (at != KEYSET_NONE && at >= seen->cap) {
            size_t cap = seen->cap ? 2 * seen->cap : 1024;
            const char **grown = realloc(seen->from, cap * sizeof *grown);
            seen->from = grown ? grown : seen->from;
            seen->cap = grown ? cap : seen->cap;
        }
        if (at == KEYSET_NONE || at >= seen->cap) {
            fprintf(stderr, "ngbench merge: out of memory\n");
            return EXIT_FAILED;
        }
        if (added) {
            seen->from[at] = path;
            continue;
        }
        char *params = identity_params_text(id.bench.params);
        char qp[TEXT_QUOTED_LEN], qf[TEXT_QUOTED_LEN], qr[TEXT_QUOTED_LEN], *what = NULL;
        if (asprintf(&what, "%s %s %s t%lld %s %lld", id.bench.allocator, id.bench.workload, params ? params : "",
                     id.bench.threads, id.warmup ? "warm-up" : "repetition", id.repetition) < 0)
            what = NULL;
        fprintf(stderr, "ngbench merge: %s: runs[%zu] (%s) is also in %s\n", text_quote(path, qp, sizeof qp), i,
                text_quote(what ? what : "", qr, sizeof qr), text_quote(seen->from[at], qf, sizeof qf));
        free(params);
        free(what);
        return EXIT_USAGE;
    }
    return 0;
}

/* A file whose runs say nothing of their counter backend inherits its
 * context's; when that differs from the merged context's, each such run
 * says it, so the merged file keeps simulated and native runs apart. */
static void keep_backend(json_t *doc, const char *merged_pmu)
{
    const char *file_pmu = identity_file_pmu(json_object_get(doc, "context"));
    if (strcmp(file_pmu, merged_pmu) == 0)
        return;
    size_t i;
    json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run)
        if (!json_object_get(run, "pmu"))
            json_object_set_new(run, "pmu", json_string(file_pmu));
}

/* The differences among the identity fields that are (or are not) tolerated. */
static size_t differences(const json_t *a, const json_t *b, const bool *tolerated, bool want,
                          char *buf, size_t len)
{
    const char *fields[N_IDENTITY + 1];
    size_t n = 0;
    bool allocators = false;
    for (size_t k = 0; k < N_IDENTITY; k++) {
        if (tolerated[k] != want)
            continue;
        if (strcmp(identity_fields[k], "allocators") == 0)
            allocators = true;
        else
            fields[n++] = identity_fields[k];
    }
    fields[n] = NULL;
    return context_differences(json_object_get(a, "context"), json_object_get(b, "context"), fields,
                               allocators, buf, len);
}

/* Refuses intolerable differences; tolerated ones become warnings, printed
 * only once the merge is written (a refusal is one line). */
static int check_context(const json_t *doc, const char *path, const json_t *first, const char *first_path,
                         const bool *tolerated, json_t *warnings)
{
    char diff[1024], qp[TEXT_QUOTED_LEN], qf[TEXT_QUOTED_LEN];
    text_quote(path, qp, sizeof qp);
    text_quote(first_path, qf, sizeof qf);
    if (differences(first, doc, tolerated, false, diff, sizeof diff) > 0) {
        fprintf(stderr, "ngbench merge: %s: context differs from %s: %s (--allow-context-mismatch[=FIELDS] "
                        "to merge anyway)\n", qp, qf, diff);
        return EXIT_USAGE;
    }
    if (differences(first, doc, tolerated, true, diff, sizeof diff) > 0)
        json_array_append_new(warnings, json_sprintf("ngbench merge: warning: %s: context differs from %s: %s",
                                                     qp, qf, diff));
    return 0;
}

/* Where an input's runs came from, appended to list: enough to trace a
 * merged run back to its shard. An input that is itself a merge brings its
 * own list, so merging merges keeps every original shard. */
static void add_provenance(json_t *list, const json_t *doc, const char *path)
{
    const json_t *context = json_object_get(doc, "context");
    json_t *earlier = json_object_get(context, "merged_from");
    if (json_is_array(earlier)) {
        json_array_extend(list, earlier);
        return;
    }
    json_t *shard = json_object_get(json_object_get(context, "matrix"), "shard");
    json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:O?}", "file", path, "host",
                                          results_str(context, "host"), "date", results_str(context, "date"),
                                          "shard", shard));
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
    struct seen_runs seen = { keyset_new(sizeof(struct run_id), same_run), NULL, 0 };
    json_t *out = NULL, *warnings = json_array();
    struct results_out *target = NULL;
    int rc = EXIT_FAILED;
    if (!docs || !seen.ids || !warnings) {
        fprintf(stderr, "ngbench merge: out of memory\n");
        goto done;
    }
    /* --out checked and locked first: a file merge must not or cannot
     * replace is refused before anything is read, like run's --out. */
    if (!(target = results_out_open(a->out, RESULTS_REPLACE, err, sizeof err))) {
        fprintf(stderr, "ngbench merge: %s\n", err);
        rc = EXIT_USAGE;
        goto done;
    }
    for (int i = 0; i < a->ninputs; i++) {
        if (!(docs[i] = results_load(a->inputs[i], err, sizeof err))) {
            fprintf(stderr, "ngbench merge: %s\n", err);
            rc = EXIT_USAGE;
            goto done;
        }
        if ((i > 0 && (rc = check_context(docs[i], a->inputs[i], docs[0], a->inputs[0], a->tolerated, warnings)) != 0) ||
            (rc = check_no_duplicates(docs[i], a->inputs[i], &seen)) != 0)
            goto done;
    }
    out = results_new(merged_context(docs[0]));
    for (int i = 0; i < a->ninputs; i++) {
        keep_backend(docs[i], identity_file_pmu(json_object_get(docs[0], "context")));
        json_array_extend(json_object_get(out, "runs"), json_object_get(docs[i], "runs"));
        add_provenance(json_object_get(json_object_get(out, "context"), "merged_from"), docs[i], a->inputs[i]);
    }
    if (results_out_save(target, out, err, sizeof err) != 0) {
        fprintf(stderr, "ngbench merge: %s\n", err);
        rc = EXIT_FAILED;
        goto done;
    }
    size_t w;
    json_t *warning;
    json_array_foreach(warnings, w, warning)
        fprintf(stderr, "%s\n", json_string_value(warning));
    rc = EXIT_OK;
done:
    results_out_close(target);
    json_decref(warnings);
    for (int i = 0; docs && i < a->ninputs; i++)
        json_decref(docs[i]);
    free(docs);
    keyset_free(seen.ids);
    free(seen.from);
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
