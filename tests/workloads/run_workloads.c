/*
 * tests/workloads/run_workloads.c: runs every workload of the catalog the
 * way the harness does (prepare, command, fork/exec with the allocator
 * preloaded, verify), and checks each passed its self-check.
 *
 * Usage: run_workloads BIN_DIR DATA_DIR ALLOCATOR SIZE [--inject-fault] [--only=NAME] [--threads=N]
 *   ALLOCATOR is "glibc" or the path of a malloc library to LD_PRELOAD;
 *   a library that is not installed makes the test exit 77 (skipped).
 *   With --inject-fault, every synthetic workload runs with --inject-fault
 *   and must fail its self-check (exit 1, "self-check failed" on stderr).
 *   --threads=N runs only the threaded workloads, with N threads instead of
 *   their default.
 *   Each run's wall time is printed, for sizing the workloads.
 */
#include "workloads/catalog.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUN_TIMEOUT_S 900   /* full xalan takes minutes on a busy machine */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2)
            buf = realloc(buf, cap *= 2);
    }
    buf[len] = '\0';
    fclose(f);
    return buf;
}

static void redirect(const char *path, int fd, int flags)
{
    int f = open(path, flags, 0644);
    if (f < 0 || dup2(f, fd) < 0) {
        perror(path);
        _exit(127);
    }
    close(f);
}

/* Runs cmd under the allocator; returns the wait status. */
static int spawn(const struct wl_command *cmd, const char *preload, const char *out, const char *errfile)
{
    pid_t pid = fork();
    if (pid == 0) {
        redirect(cmd->stdin_path ? cmd->stdin_path : "/dev/null", 0, O_RDONLY);
        redirect(out, 1, O_WRONLY | O_CREAT | O_TRUNC);
        redirect(errfile, 2, O_WRONLY | O_CREAT | O_TRUNC);
        if (preload)
            setenv("LD_PRELOAD", preload, 1);
        for (size_t i = 0; cmd->env[i]; i++)
            putenv(cmd->env[i]);
        if (cmd->cwd && chdir(cmd->cwd) != 0) {
            perror(cmd->cwd);
            _exit(127);
        }
        alarm(RUN_TIMEOUT_S);
        execv(cmd->argv[0], cmd->argv);
        perror(cmd->argv[0]);
        _exit(127);
    }
    int status = -1;
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return status;
}

/* The last line of stdout must be an ngbench-result line with ops_per_sec. */
static int result_line_ok(const char *out)
{
    char *text = read_file(out);
    if (!text)
        return 0;
    size_t len = strlen(text);
    while (len && text[len - 1] == '\n')
        text[--len] = '\0';
    char *last = strrchr(text, '\n');
    last = last ? last + 1 : text;
    int ok = strncmp(last, "ngbench-result: ", 16) == 0 && strstr(last, " ops_per_sec=") != NULL;
    free(text);
    return ok;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

/* verify() with a run record to add figures to, as the harness gives it. */
static int verify(const struct workload *w, const struct wl_params *p, const struct wl_command *cmd,
                  char *err, size_t errlen)
{
    json_t *run = json_pack("{s:{}}", "metrics");
    int rc = w->verify(w, p, cmd, run, err, errlen);
    json_decref(run);
    return rc;
}

static int check_run(const struct workload *w, const struct wl_params *shared, const char *preload, bool fault)
{
    char err[512] = "", out[4096], errfile[4096], run_dir[4096];
    struct wl_command cmd = { 0 };
    struct wl_params params = *shared, *p = &params;
    snprintf(run_dir, sizeof run_dir, "%s/run-XXXXXX", p->data_dir);
    if (!mkdtemp(run_dir)) {
        perror(run_dir);
        return 1;
    }
    p->run_dir = run_dir;
    snprintf(errfile, sizeof errfile, "%s/%s.stderr", p->data_dir, w->name);
    if (w->prepare && w->prepare(w, p, err, sizeof err) != 0) {
        fprintf(stderr, "%s: prepare failed: %s\n", w->name, err);
        return 1;
    }
    if (w->command(w, p, &cmd, err, sizeof err) != 0) {
        fprintf(stderr, "%s: command failed: %s\n", w->name, err);
        return 1;
    }
    if (fault && cmd.argv[WL_MAX_ARGS - 1] == NULL) {
        size_t n = 0;
        while (cmd.argv[n]) n++;
        cmd.argv[n] = strdup("--inject-fault");
    }
    if (cmd.stdout_path)
        snprintf(out, sizeof out, "%s", cmd.stdout_path);
    else
        snprintf(out, sizeof out, "%s/%s.stdout", p->data_dir, w->name);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int status = spawn(&cmd, preload, out, errfile);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int failed = 0;
    char *stderr_text = read_file(errfile);
    if (fault) {
        failed = !(WIFEXITED(status) && WEXITSTATUS(status) == 1 && stderr_text
                   && strstr(stderr_text, "self-check failed"));
        if (failed)
            fprintf(stderr, "%s: injected fault not caught (status 0x%x)\n", w->name, (unsigned)status);
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "%s: exited with status 0x%x: %s\n", w->name, (unsigned)status, stderr_text ? stderr_text : "");
        failed = 1;
    } else if (w->verify && verify(w, p, &cmd, err, sizeof err) != 0) {
        fprintf(stderr, "%s: verify failed: %s\n", w->name, err);
        failed = 1;
    } else if (cmd.stdout_path && access(cmd.stdout_path, F_OK) == 0) {
        fprintf(stderr, "%s: verified output %s was left behind\n", w->name, cmd.stdout_path);
        failed = 1;
    } else if (!cmd.stdout_path && !w->program && !result_line_ok(out)) {
        fprintf(stderr, "%s: no ngbench-result line with ops_per_sec at the end of stdout\n", w->name);
        failed = 1;
    }
    if (!failed)
        printf("ok %s %.2f s\n", w->name, secs);
    free(stderr_text);
    wl_command_free(&cmd);
    nftw(run_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return failed;
}

static int usage(void)
{
    fprintf(stderr, "usage: run_workloads BIN_DIR DATA_DIR ALLOCATOR SIZE [--inject-fault] [--only=NAME] [--threads=N]\n");
    return 2;
}

int main(int argc, char **argv)
{
    bool fault = false;
    const char *only = NULL;
    int threads = 0;
    enum wl_size size;
    if (argc < 5 || wl_size_parse(argv[4], &size) != 0)
        return usage();
    for (int i = 5; i < argc; i++) {
        if (strcmp(argv[i], "--inject-fault") == 0)
            fault = true;
        else if (strncmp(argv[i], "--only=", 7) == 0)
            only = argv[i] + 7;
        else if (sscanf(argv[i], "--threads=%d", &threads) == 1 && threads > 0)
            continue;
        else
            return usage();
    }
    const char *preload = strcmp(argv[3], "glibc") == 0 ? NULL : argv[3];
    if (preload && access(preload, R_OK) != 0) {
        printf("%s not installed: skipped\n", preload);
        return 77;
    }
    if (mkdir(argv[2], 0777) != 0 && errno != EEXIST) {
        perror(argv[2]);
        return 1;
    }
    struct wl_params p = { .size = size, .bin_dir = argv[1], .data_dir = argv[2] };
    int failures = 0;
    for (size_t i = 0; i < workload_count(); i++) {
        const struct workload *w = workload_at(i);
        char why[256] = "";
        /* Real programs are checked by verify(), not by fault injection;
         * --threads is about the threaded workloads only. */
        if ((fault && w->program) || (threads && !w->threaded) || (only && strcmp(only, w->name) != 0))
            continue;
        if (!workload_available(w, why, sizeof why)) {
            fprintf(stderr, "%s: not available: %s\n", w->name, why);
            failures++;
            continue;
        }
        p.threads = threads && w->threaded ? threads : w->default_threads;
        failures += check_run(w, &p, preload, fault);
    }
    if (failures)
        fprintf(stderr, "%d workload(s) failed\n", failures);
    return failures ? 1 : 0;
}
