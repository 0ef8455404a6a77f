/* harness/runner.c: one isolated run (see runner.h). */
#include "harness/runner.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/clock.h"
#include "harness/interrupt.h"

extern char **environ;

#define STDOUT_KEEP (64 * 1024)   /* the result line is the last line: keep the tail */
#define STDERR_KEEP 4096          /* the tail a failed run records (stderr_tail) */
#define OUTPUT_GRACE_S 1.0        /* after the reap, how long output may still arrive */

/* The last `cap` bytes a stream wrote. */
struct tail {
    char *buf;
    size_t cap, len;
};

static void tail_append(struct tail *t, const char *data, size_t n)
{
    if (n >= t->cap) {
        memcpy(t->buf, data + n - t->cap, t->cap);
        t->len = t->cap;
        return;
    }
    if (t->len + n > t->cap) {
        size_t drop = t->len + n - t->cap;
        memmove(t->buf, t->buf + drop, t->len - drop);
        t->len -= drop;
    }
    memcpy(t->buf + t->len, data, n);
    t->len += n;
}

/* ---- The child's environment ---- */

/* Adds a "KEY=VALUE" setting (a copy), replacing an earlier one of the same
 * key: the child's getenv must see the last setting, not the inherited one. */
static void set_entry(char **envp, size_t *n, const char *setting)
{
    size_t key = strcspn(setting, "=");
    char *copy = strdup(setting);
    for (size_t i = 0; i < *n; i++)
        if (strncmp(envp[i], setting, key + 1) == 0) {
            free(envp[i]);
            envp[i] = copy;
            return;
        }
    envp[(*n)++] = copy;
}

static char **build_environment(const struct run_spec *spec)
{
    size_t n = 0, extra = 0;
    while (environ[n])
        n++;
    while (spec->extra_env && spec->extra_env[extra])
        extra++;
    char **envp = calloc(n + ALLOCATOR_MAX_ENV + extra + 2, sizeof *envp);
    if (!envp)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "LD_PRELOAD=", 11) != 0)
            envp[k++] = strdup(environ[i]);
    /* glibc: the C library itself, ahead of any allocator the program links. */
    const char *lib = spec->allocator->path[0] ? spec->allocator->path : registry_c_library();
    char *preload;
    if (asprintf(&preload, "LD_PRELOAD=%s%s%s", spec->preload_first ? spec->preload_first : "",
                 spec->preload_first ? ":" : "", lib) >= 0)
        envp[k++] = preload;
    for (size_t i = 0; spec->allocator->env[i]; i++)
        set_entry(envp, &k, spec->allocator->env[i]);
    for (size_t i = 0; i < extra; i++)
        set_entry(envp, &k, spec->extra_env[i]);
    return envp;
}

static void free_environment(char **envp)
{
    for (size_t i = 0; envp[i]; i++)
        free(envp[i]);
    free(envp);
}

/* ---- In the child, between fork and exec ---- */

static int open_or_null(const char *path, int flags)
{
    return open(path ? path : "/dev/null", flags | O_CLOEXEC, 0644);
}

static void child_fail(const char *what)
{
    dprintf(2, "ngbench: %s: %s\n", what, strerror(errno));
    _exit(127);
}

/* Never returns. ngbench is single-threaded, so the child may use stdio-free libc calls freely. */
static void become_workload(const struct run_spec *spec, char *const *argv, char **envp,
                            int go_fd, int out_fd, int err_fd)
{
    setpgid(0, 0);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    if (spec->cpus && sched_setaffinity(0, sizeof *spec->cpus, spec->cpus) != 0)
        child_fail("cannot set CPU affinity");
    if (spec->cwd && chdir(spec->cwd) != 0)
        child_fail(spec->cwd);
    int in_fd = open_or_null(spec->stdin_path, O_RDONLY);
    if (in_fd < 0)
        child_fail(spec->stdin_path);
    if (spec->stdout_path) {
        out_fd = open(spec->stdout_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (out_fd < 0)
            child_fail(spec->stdout_path);
    }
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
        child_fail("dup2");
    /* Wait until the parent has attached the counters. */
    char go;
    if (read(go_fd, &go, 1) != 1)
        _exit(127);
    execve(argv[0], argv, envp);
    child_fail(argv[0]);
}

/* ---- In the parent ---- */

struct child_io {
    int out_fd, err_fd;        /* -1 once at end of file */
    struct tail out, err;
};

static void drain_ready(struct child_io *io, int timeout_ms)
{
    struct pollfd p[2] = { { io->out_fd, POLLIN, 0 }, { io->err_fd, POLLIN, 0 } };
    if (poll(p, 2, timeout_ms) <= 0)
        return;
    char buf[8192];
    for (int i = 0; i < 2; i++) {
        if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        int *fd = i == 0 ? &io->out_fd : &io->err_fd;
        ssize_t n = read(*fd, buf, sizeof buf);
        if (n > 0) {
            tail_append(i == 0 ? &io->out : &io->err, buf, (size_t)n);
        } else if (n == 0 || errno != EINTR) {
            close(*fd);
            *fd = -1;
        }
    }
}

static void close_streams(struct child_io *io)
{
    if (io->out_fd >= 0)
        close(io->out_fd);
    if (io->err_fd >= 0)
        close(io->err_fd);
    io->out_fd = io->err_fd = -1;
}

enum ending { ENDED, TIMED_OUT, INTERRUPTED };

/* Reads the child's output until it is reaped, the deadline passes, or the
 * user interrupts ngbench; the last two kill the whole process group. */
static enum ending supervise(pid_t pid, double deadline, struct child_io *io, int *status,
                             struct rusage *ru)
{
    enum ending ending = ENDED;
    for (;;) {
        pid_t r = wait4(pid, status, WNOHANG, ru);
        if (r == pid)
            break;
        if (interrupt_requested() && ending == ENDED) {
            ending = INTERRUPTED;
            kill(-pid, SIGKILL);
        }
        if (deadline > 0 && monotonic_s() > deadline && ending == ENDED) {
            ending = TIMED_OUT;
            kill(-pid, SIGKILL);
        }
        if (io->out_fd < 0 && io->err_fd < 0)
            usleep(2000);
        else
            drain_ready(io, 20);
    }
    /* Leftovers the workload started in its group must not outlive the run. */
    kill(-pid, SIGKILL);
    /* Read what is left; a process that escaped the group (setsid) may hold
     * the pipes open for ever, so stop waiting for end of file after a grace. */
    double grace_end = monotonic_s() + OUTPUT_GRACE_S;
    while ((io->out_fd >= 0 || io->err_fd >= 0) && monotonic_s() < grace_end)
        drain_ready(io, 20);
    close_streams(io);
    return ending;
}

static double timeval_s(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* The last non-empty line of a stream, for the run's error field. */
static char *last_line(const struct tail *t)
{
    size_t end = t->len;
    while (end > 0 && (t->buf[end - 1] == '\n' || t->buf[end - 1] == '\r'))
        end--;
    size_t start = end;
    while (start > 0 && t->buf[start - 1] != '\n')
        start--;
    return end > start ? strndup(t->buf + start, end - start) : NULL;
}

json_t *runner_parse_result_line(const char *line)
{
    static const char prefix[] = "ngbench-result:";
    if (strncmp(line, prefix, sizeof prefix - 1) != 0)
        return NULL;
    json_t *metrics = json_object();
    char *copy = strdup(line + sizeof prefix - 1);
    char *save = NULL;
    for (char *tok = strtok_r(copy, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq || eq == tok)
            continue;
        *eq = '\0';
        char *end;
        double v = strtod(eq + 1, &end);
        if (*end == '\0' && end != eq + 1 && isfinite(v))
            json_object_set_new(metrics, tok, json_real(v));
        else
            json_object_set_new(metrics, tok, json_string(eq + 1));
    }
    free(copy);
    return metrics;
}

static json_t *metrics_from_stdout(const struct tail *out)
{
    json_t *found = NULL;
    char *text = strndup(out->buf, out->len);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_t *m = runner_parse_result_line(line);
        if (m) {
            json_decref(found);
            found = m;
        }
    }
    free(text);
    return found ? found : json_object();
}

/* The figures a run wrote to its stdout file: the last "ngbench-result:"
 * line of the file's last STDOUT_KEEP bytes. */
static json_t *metrics_from_file(const char *path)
{
    char buf[STDOUT_KEEP];
    struct tail t = { buf, sizeof buf, 0 };
    FILE *f = fopen(path, "r");
    if (!f)
        return json_object();
    if (fseek(f, -(long)sizeof buf, SEEK_END) != 0)
        rewind(f);
    t.len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return metrics_from_stdout(&t);
}

/* A stream's tail as JSON text: bytes that are not printable ASCII, a
 * newline or a tab become '?', so any output makes a valid string. */
static json_t *printable(const struct tail *t)
{
    char *text = malloc(t->len + 1);
    if (!text)
        return NULL;
    for (size_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)t->buf[i];
        text[i] = (char)((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' ? c : '?');
    }
    text[t->len] = '\0';
    json_t *s = json_string(text);
    free(text);
    return s;
}

static void record_status(json_t *rec, enum ending ending, int status, const struct child_io *io)
{
    const char *name;
    if (ending == TIMED_OUT)
        name = "timeout";
    else if (WIFSIGNALED(status))
        name = "crashed";
    else
        name = WEXITSTATUS(status) == 0 ? "ok" : "failed";
    json_object_set_new(rec, "status", json_string(name));
    json_object_set_new(rec, "exit_code", WIFEXITED(status) ? json_integer(WEXITSTATUS(status)) : json_null());
    json_object_set_new(rec, "signal", WIFSIGNALED(status) ? json_integer(WTERMSIG(status)) : json_null());
    if (strcmp(name, "ok") == 0)
        return;
    char *line = last_line(&io->err);
    char msg[512];
    if (ending == TIMED_OUT)
        snprintf(msg, sizeof msg, "killed after the timeout");
    else if (WIFSIGNALED(status))
        snprintf(msg, sizeof msg, "killed by signal %d (%s)%s%s", WTERMSIG(status),
                 strsignal(WTERMSIG(status)), line ? ": " : "", line ? line : "");
    else
        snprintf(msg, sizeof msg, "exit code %d%s%s", WEXITSTATUS(status), line ? ": " : "",
                 line ? line : "");
    free(line);
    json_object_set_new(rec, "error", json_string(msg));
    json_object_set_new(rec, "stderr_tail", printable(&io->err));
}

static json_t *record_usage(const struct rusage *ru, double wall)
{
    return json_pack("{s:f,s:f,s:f,s:I,s:I,s:I,s:I,s:I}",
                     "wall_s", wall, "user_s", timeval_s(ru->ru_utime), "sys_s", timeval_s(ru->ru_stime),
                     "max_rss_kb", (json_int_t)ru->ru_maxrss, "minor_faults", (json_int_t)ru->ru_minflt,
                     "major_faults", (json_int_t)ru->ru_majflt, "vol_ctx_switches", (json_int_t)ru->ru_nvcsw,
                     "invol_ctx_switches", (json_int_t)ru->ru_nivcsw);
}

static json_t *launch_and_wait(const struct run_spec *spec, struct pmu_run *counters, char **envp,
                               char *err, size_t errlen)
{
    int go[2], out[2], errp[2];
    if (pipe2(go, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        return NULL;
    }
    char *const *argv = counters ? pmu_run_argv(counters) : spec->argv;
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "fork: %s", strerror(errno));
        return NULL;
    }
    if (pid == 0)
        become_workload(spec, argv, envp, go[0], out[1], errp[1]);
    setpgid(pid, pid);   /* both sides set it, so neither order can lose the kill */
    close(go[0]);
    close(out[1]);
    close(errp[1]);
    char attach_err[256] = "";
    if (counters && pmu_run_attach(counters, pid, attach_err, sizeof attach_err) != 0)
        fprintf(stderr, "ngbench: counters not attached: %s\n", attach_err);
    char outbuf[STDOUT_KEEP], errbuf[STDERR_KEEP];
    struct child_io io = { out[0], errp[0], { outbuf, sizeof outbuf, 0 }, { errbuf, sizeof errbuf, 0 } };
    double start = monotonic_s();
    if (write(go[1], "g", 1) != 1)
        kill(-pid, SIGKILL);
    close(go[1]);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    enum ending ending = supervise(pid, spec->timeout_s > 0 ? start + spec->timeout_s : 0, &io, &status, &ru);
    double wall = monotonic_s() - start;
    if (ending == INTERRUPTED) {
        snprintf(err, errlen, "interrupted");
        return NULL;
    }
    json_t *rec = record_usage(&ru, wall);
    record_status(rec, ending, status, &io);
    json_object_set_new(rec, "metrics", spec->stdout_path ? metrics_from_file(spec->stdout_path)
                                                          : metrics_from_stdout(&io.out));
    json_object_set_new(rec, "counters", counters ? pmu_run_collect(counters) : json_object());
    return rec;
}

json_t *runner_run(const struct run_spec *spec, char *err, size_t errlen)
{
    struct pmu_run *counters = NULL;
    if (spec->pmu && !(counters = pmu_run_new(spec->pmu, spec->argv, err, errlen)))
        return NULL;
    char **envp = build_environment(spec);
    json_t *rec = envp ? launch_and_wait(spec, counters, envp, err, errlen) : NULL;
    if (!envp)
        snprintf(err, errlen, "out of memory");
    else
        free_environment(envp);
    if (counters)
        pmu_run_free(counters);
    return rec;
}
