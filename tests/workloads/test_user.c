/*
 * tests/workloads/test_user.c: users' workloads without the harness:
 * SHA-256 against FIPS 180-4's examples, the line finder of workload-file
 * errors, a command defined from ngbench run's options (found in PATH,
 * its params, its command line, its checks), verify() reading figures and
 * leaving figure lines out of the digest, the example workload file, and
 * every bad definition refused with the file, line and field named.
 *
 * Usage: test_user EXAMPLES_DIR SCRATCH_DIR
 */
#include "tests/check.h"
#include "workloads/json_where.h"
#include "workloads/sha256.h"
#include "workloads/user.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *scratch;

static void sha256_of(const void *data, size_t len, char out[SHA256_HEX_LEN + 1])
{
    struct sha256 s;
    sha256_init(&s);
    sha256_update(&s, data, len);
    sha256_hex(&s, out);
}

/* FIPS 180-4's examples (one block, two blocks) and the million a's. */
static void sha256_matches_the_standard_examples(void)
{
    char hex[SHA256_HEX_LEN + 1];
    sha256_of("", 0, hex);
    CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256_of("abc", 3, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256_of(two, strlen(two), hex);
    CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    struct sha256 s;
    sha256_init(&s);
    char as[1000];
    memset(as, 'a', sizeof as);
    for (int i = 0; i < 1000; i++)   /* in pieces: the buffering must not matter */
        sha256_update(&s, as, sizeof as);
    sha256_hex(&s, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void json_lines_are_found(void)
{
    const char *text = "{\n  \"a\": {\n    \"b\": [1,\n      \"two\"],\n    \"c\": {\"d\": 4}\n  },\n  \"e\": 5\n}\n";
    const char *ab1[] = { "a", "b", "1" }, *acd[] = { "a", "c", "d" }, *e[] = { "e" }, *ax[] = { "a", "x" };
    CHECK(json_line_of(text, ab1, 3) == 4);
    CHECK(json_line_of(text, acd, 3) == 5);
    CHECK(json_line_of(text, e, 1) == 7);
    CHECK(json_line_of(text, ax, 2) == 2);   /* missing: the deepest part found */
}

static char *path_in(const char *name)
{
    char *p;
    CHECK(asprintf(&p, "%s/%s", scratch, name) > 0);
    return p;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* ---- A command ---- */

static void a_command_runs_as_given(void)
{
    struct user_set set = { 0 };
    char *argv[] = { "sh", "-c", "echo hi", NULL };
    char *env[] = { "GREETING=hello world" };
    char err[512] = "";
    struct user_command c = { .argv = argv, .env = env, .n_env = 1, .same_output = true, .stdin_path = "/dev/null" };
    CHECK(user_add_command(&set, &c, err, sizeof err) == 0);
    const struct workload *w = user_find(&set, "sh");
    CHECK(w != NULL && w->same_output && !w->threaded);
    if (!w)
        return;
    struct wl_params p = { WL_SIZE_QUICK, 1, "BIN", "DATA", scratch };
    struct wl_command cmd = { 0 };
    CHECK(w->command(w, &p, &cmd, err, sizeof err) == 0);
    CHECK(cmd.argv[0][0] == '/' && strstr(cmd.argv[0], "/sh"));
    CHECK_STR(cmd.argv[1], "-c");
    CHECK_STR(cmd.argv[2], "echo hi");
    CHECK(cmd.argv[3] == NULL);
    CHECK_STR(cmd.env[0], "GREETING=hello world");
    CHECK_STR(cmd.stdin_path, "/dev/null");
    CHECK(cmd.cwd == NULL);
    CHECK(strncmp(cmd.stdout_path, scratch, strlen(scratch)) == 0);
    /* params: the command exactly as given, not joined */
    json_t *want = json_pack("{s:s,s:[s,s,s],s:{s:s},s:s}", "size", "quick", "argv", "sh", "-c", "echo hi", "env",
                             "GREETING", "hello world", "stdin", "/dev/null");
    CHECK(json_equal(cmd.params, want));
    json_decref(want);
    wl_command_free(&cmd);
    user_set_free(&set);
}

/* Defining it must fail with a message containing `want`. */
static void refused(struct user_command c, const char *want)
{
    struct user_set set = { 0 };
    char err[512] = "";
    CHECK(user_add_command(&set, &c, err, sizeof err) == -1);
    if (!strstr(err, want))
        fprintf(stderr, "  error '%s' lacks '%s'\n", err, want);
    CHECK(strstr(err, want) != NULL);
    CHECK(strchr(err, '\n') == NULL);
    user_set_free(&set);
}

static void bad_commands_are_refused(void)
{
    char *missing[] = { "no-such-program-ngbench", NULL };
    refused((struct user_command){ .argv = missing }, "no-such-program-ngbench: not found in PATH");
    char *text_file = path_in("not-executable");
    write_text(text_file, "data\n");
    char *plain[] = { text_file, NULL };
    refused((struct user_command){ .argv = plain }, "not an executable file");
    char *folder[] = { (char *)scratch, NULL };
    refused((struct user_command){ .argv = folder }, "not an executable file");
    char *absent[] = { "./no/such/file", NULL };
    refused((struct user_command){ .argv = absent }, "./no/such/file: no such file");
    char *sh[] = { "sh", NULL };
    refused((struct user_command){ .argv = sh, .name = "two words" }, "--name: bad name 'two words'");
    refused((struct user_command){ .argv = sh, .name = "xalan" }, "--name: 'xalan' is the name of a built-in");
    refused((struct user_command){ .argv = sh, .name = "real" }, "'real' is the name of a built-in workload or set");
    char *preload[] = { "LD_PRELOAD=/x.so" }, *bare[] = { "NOVALUE" };
    refused((struct user_command){ .argv = sh, .env = preload, .n_env = 1 }, "LD_PRELOAD cannot be set");
    refused((struct user_command){ .argv = sh, .env = bare, .n_env = 1 }, "bad setting 'NOVALUE'");
    refused((struct user_command){ .argv = sh, .stdin_path = "/no/such/input" }, "--stdin: /no/such/input:");
    refused((struct user_command){ .argv = sh, .cwd = text_file }, "not a folder");
    refused((struct user_command){ .argv = sh, .expect_output = "sha256:12ab" }, "--expect-output: 'sha256:12ab' is not");
    refused((struct user_command){ .argv = sh, .expect_output = "/no/such/expected" }, "--expect-output: cannot read");
    free(text_file);
}

/* ---- verify() ---- */

static void verify_reads_figures_and_digests_the_rest(void)
{
    struct user_set set = { 0 };
    char *argv[] = { "true", NULL };
    char err[512] = "";
    char *expected = path_in("expected.txt");
    /* an expected file holding a figure line too: it is left out the same way */
    write_text(expected, "result 42\nngbench-result: ops=1\n");
    struct user_command c = { .argv = argv, .expect_output = expected };
    CHECK(user_add_command(&set, &c, err, sizeof err) == 0);
    struct user_workload *u = set.items[0];
    CHECK(user_add_metric(u, "rate", "^rate: ([0-9.]+)/s$", err, sizeof err) == 0);
    const struct workload *w = &u->base;
    struct wl_params p = { WL_SIZE_TINY, 1, "BIN", "DATA", scratch };
    struct wl_command cmd = { 0 };
    CHECK(w->command(w, &p, &cmd, err, sizeof err) == 0);

    write_text(cmd.stdout_path, "rate: 10/s\nresult 42\nrate: 12.5/s\nngbench-result: ops=7\n");
    json_t *run = json_pack("{s:{}}", "metrics");
    CHECK(w->verify(w, &p, &cmd, run, err, sizeof err) == 0);
    char digest[SHA256_HEX_LEN + 1];
    sha256_of("result 42\n", 10, digest);
    CHECK_STR(json_string_value(json_object_get(run, "stdout_sha256")), digest);
    CHECK(json_real_value(json_object_get(json_object_get(run, "metrics"), "rate")) == 12.5);
    json_decref(run);

    write_text(cmd.stdout_path, "rate: 10/s\nresult 43\n");
    run = json_pack("{s:{}}", "metrics");
    CHECK(w->verify(w, &p, &cmd, run, err, sizeof err) == -1);
    CHECK(strstr(err, "not the expected") != NULL);
    json_decref(run);

    write_text(cmd.stdout_path, "result 42\n");
    run = json_pack("{s:{}}", "metrics");
    CHECK(w->verify(w, &p, &cmd, run, err, sizeof err) == -1);
    CHECK(strstr(err, "metric rate: no line of the output matches") != NULL);
    json_decref(run);

    unlink(cmd.stdout_path);
    wl_command_free(&cmd);
    user_set_free(&set);
    free(expected);
}

/* ---- Workload files ---- */

static void the_example_file_loads(const char *examples)
{
    struct user_set set = { 0 };
    char path[4096], err[512] = "";
    snprintf(path, sizeof path, "%s/wordfreq.json", examples);
    CHECK(user_load_file(&set, path, err, sizeof err) == 0);
    if (err[0])
        fprintf(stderr, "  %s\n", err);
    const struct workload *w = user_find(&set, "wordfreq");
    CHECK(w != NULL);
    if (w) {
        struct wl_params p = { WL_SIZE_QUICK, 1, "BIN", "DATA", scratch };
        struct wl_command cmd = { 0 };
        CHECK(w->command(w, &p, &cmd, err, sizeof err) == 0);
        CHECK(strstr(cmd.argv[0], "/python3") != NULL);
        CHECK_STR(cmd.argv[1], "wordfreq.py");
        CHECK_STR(cmd.argv[3], "--words=400000");
        CHECK(cmd.cwd && strstr(cmd.cwd, "examples"));   /* runs in the file's folder */
        CHECK_STR(cmd.env[0], "PYTHONHASHSEED=0");
        const struct user_workload *u = set.items[0];
        CHECK(u->expected[0][0] && u->expected[1][0] && u->expected[2][0]);
        wl_command_free(&cmd);
    }
    user_set_free(&set);
}

/* A workload file with this text must be refused with "FILE:LINE: FIELD: WHY". */
static void file_refused(const char *text, int line, const char *field, const char *why)
{
    char *path = path_in("bad.json"), want[512], err[1024] = "";
    write_text(path, text);
    struct user_set set = { 0 };
    CHECK(user_load_file(&set, path, err, sizeof err) == -1);
    snprintf(want, sizeof want, "%s:%d: %s", path, line, field);
    bool ok = strncmp(err, want, strlen(want)) == 0 && strstr(err, why) && !strchr(err, '\n');
    if (!ok)
        fprintf(stderr, "  error '%s' is not '%s...%s'\n", err, want, why);
    CHECK(ok);
    user_set_free(&set);
    free(path);
}

static void bad_files_name_the_line_and_field(void)
{
    file_refused("{\n  \"workloads\": {\n    \"a\": { \"command\": [\"sh\"], }\n  }\n}\n", 3, "column", "");
    file_refused("[]\n", 1, "(top level)", "want an object");
    file_refused("{\n \"workload\": {}\n}\n", 2, "workload", "unknown field (want workloads)");
    file_refused("{\n \"workloads\": {}\n}\n", 1, "(top level)", "want \"workloads\"");
    file_refused("{\"workloads\": {\n  \"a\": {\n    \"comand\": [\"sh\"]\n  }\n}}\n", 3, "workloads.a.comand",
                 "unknown field (want command, summary");
    file_refused("{\"workloads\": {\n  \"a\": {\n    \"summary\": \"x\"\n  }\n}}\n", 2, "workloads.a", "no \"command\"");
    file_refused("{\"workloads\": {\n  \"a\": {\n    \"command\": \"sh\"\n  }\n}}\n", 3, "workloads.a.command",
                 "want an array of strings");
    file_refused("{\"workloads\": {\"a\": {\n  \"command\": [\"sh\",\n    7]\n}}}\n", 3, "workloads.a.command.1",
                 "want a non-empty string");
    file_refused("{\"workloads\": {\"a\": {\n  \"command\": [\"no-such-program-ngbench\"]\n}}}\n", 2,
                 "workloads.a.command", "not found in PATH");
    file_refused("{\"workloads\": {\"a b\": {\n  \"command\": [\"sh\"]\n}}}\n", 1, "workloads.a b", "bad name");
    file_refused("{\"workloads\": {\n \"lua\": {\"command\": [\"sh\"]}\n}}\n", 2, "workloads.lua",
                 "name of a built-in");
    file_refused("{\"workloads\": {\"a\": {\"command\": [\"sh\"],\n  \"sizes\": {\"huge\": []}\n}}}\n", 2,
                 "workloads.a.sizes.huge", "unknown field (want tiny, quick, full)");
    file_refused("{\"workloads\": {\"a\": {\"command\": [\"sh\"],\n  \"env\": {\"LD_PRELOAD\": \"x.so\"}\n}}}\n", 2,
                 "workloads.a.env.LD_PRELOAD", "LD_PRELOAD cannot be set");
    file_refused("{\"workloads\": {\"a\": {\"command\": [\"sh\"],\n  \"stdin\": \"missing.txt\"\n}}}\n", 2,
                 "workloads.a.stdin", "missing.txt: No such file");
    file_refused("{\"workloads\": {\"a\": {\"command\": [\"sh\"],\n  \"metrics\": {\"x\": \"([0-9]\"}\n}}}\n", 2,
                 "workloads.a.metrics.x", "pattern /([0-9]/");
    file_refused("{\"workloads\": {\"a\": {\"command\": [\"sh\"],\n  \"metrics\": {\"x\": \"[0-9]+\"}\n}}}\n", 2,
                 "workloads.a.metrics.x", "has no group");
    file_refused("{\"workloads\": {\"a\": {\"command\": [\"sh\"],\n  \"expect_output\": {\"tiny\": \"sha256:0\"}\n}}}\n", 2,
                 "workloads.a.expect_output.tiny", "is not sha256: and 64 hex digits");
    file_refused("{\"workloads\": {\"a\": {\"command\": [\"sh\"],\n  \"same_output\": 1\n}}}\n", 2,
                 "workloads.a.same_output", "want true or false");
    char err[512];
    struct user_set set = { 0 };
    CHECK(user_load_file(&set, "/no/such/file.json", err, sizeof err) == -1);
    CHECK(strstr(err, "/no/such/file.json: No such file") != NULL);
    user_set_free(&set);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_user EXAMPLES_DIR SCRATCH_DIR\n");
        return 2;
    }
    scratch = argv[2];
    if (mkdir(scratch, 0777) != 0 && errno != EEXIST)
        return 1;
    sha256_matches_the_standard_examples();
    json_lines_are_found();
    a_command_runs_as_given();
    bad_commands_are_refused();
    verify_reads_figures_and_digests_the_rest();
    the_example_file_loads(argv[1]);
    bad_files_name_the_line_and_field();
    return CHECK_DONE();
}
