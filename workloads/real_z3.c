/*
 * workloads/real_z3.c: the z3 workload: the Z3 solver on our generated
 * SMT-LIB problems (smtlib.h), each satisfiable or not by construction;
 * its answers must be exactly the generator's, one a line.
 */
#include "workloads/catalog_parts.h"
#include "workloads/smtlib.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* data_dir/smt-v1-nN-seed42.smt2 and its answers, .answers. */
static void input(const struct workload *w, const struct wl_params *p, const char *ext, char *buf, size_t len)
{
    snprintf(buf, len, "%s/smt-v%d-n%ld-seed%d.%s", p->data_dir, WL_INPUT_VERSION,
             wl_sized_value(w, "problems", p->size), WL_SEED, ext);
}

/* The generator writes problems and answers together: each file is made
 * by a run that throws the other away. */
static int write_half(FILE *out, long count, bool answers)
{
    FILE *sink = fopen("/dev/null", "w");
    if (!sink)
        return -1;
    int rc = smtlib_write(answers ? sink : out, answers ? out : sink, count, WL_SEED);
    fclose(sink);
    return rc;
}

static int write_problems(FILE *out, long count) { return write_half(out, count, false); }
static int write_answers(FILE *out, long count) { return write_half(out, count, true); }

int z3_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen)
{
    char problems[4096], answers[4096];
    long count = wl_sized_value(w, "problems", p->size);
    if (wl_make_dir(p->data_dir, err, errlen) != 0)
        return -1;
    input(w, p, "smt2", problems, sizeof problems);
    input(w, p, "answers", answers, sizeof answers);
    if (wl_write_cached(problems, write_problems, count, err, errlen) != 0)
        return -1;
    return wl_write_cached(answers, write_answers, count, err, errlen);
}

int z3_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
               char *err, size_t errlen)
{
    char problems[4096];
    input(w, p, "smt2", problems, sizeof problems);
    cmd->params = wl_sized_params(w, p->size);
    if (!cmd->params || wl_push_arg(cmd, "%s", w->program) || wl_push_arg(cmd, "-smt2")
        || wl_push_arg(cmd, "%s", problems) || wl_set_output(w, p, cmd))
        return wl_out_of_memory(w, err, errlen);
    return 0;
}

static char *slurp(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    char *text = NULL;
    size_t len = 0;
    if (f) {
        FILE *mem = open_memstream(&text, &len);
        char buf[8192];
        size_t n;
        while (mem && (n = fread(buf, 1, sizeof buf, f)) > 0)
            fwrite(buf, 1, n, mem);
        if (mem)
            fclose(mem);
        fclose(f);
    }
    if (!text)
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
    return text;
}

/* The first line where two texts differ, 1-based. */
static int first_difference(const char *a, const char *b)
{
    int line = 1;
    for (; *a && *a == *b; a++, b++)
        line += *a == '\n';
    return line;
}

int z3_verify(const struct workload *w, const struct wl_params *p, const struct wl_command *cmd,
              json_t *run, char *err, size_t errlen)
{
    (void)run;
    char answers[4096];
    input(w, p, "answers", answers, sizeof answers);
    char *want = slurp(answers, err, errlen);
    char *got = want ? slurp(cmd->stdout_path, err, errlen) : NULL;
    int rc = -1;
    if (got && strcmp(got, want) == 0) {
        unlink(cmd->stdout_path);
        rc = 0;
    } else if (got) {
        snprintf(err, errlen, "z3's answers %s differ from the generator's %s from problem %d on", cmd->stdout_path,
                 answers, first_difference(got, want));
    }
    free(want);
    free(got);
    return rc;
}
