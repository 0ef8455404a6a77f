/*
 * workloads/redis_driver.c: the redis workload's measured process.
 *
 * usage: redis-driver --server=PATH --benchmark=PATH --dir=DIR --requests=N
 *
 * Starts PATH (redis-server) with the allocator under test (it inherits the
 * driver's LD_PRELOAD), listening only on a Unix socket in DIR (the run's
 * private folder; no TCP port, no persistence), waits until it answers
 * PING, drives it with redis-benchmark run *without* the allocator (its
 * LD_PRELOAD removed): N requests of each of SET, GET, INCR, LPUSH and
 * LPOP, for values of 16, 512 and 8192 bytes, from 4 clients over a key
 * space of 10000 keys. Then it checks that the server processed every
 * request, stops it with SIGTERM (a clean shutdown) and prints
 *   ngbench-result: rps=... requests=... server_max_rss_kb=... time_s=...
 * where rps is all requests over the benchmark's time and the peak RSS is
 * the server's own (wait4). Statistics an allocator writes at exit are the
 * server's: the driver itself ends with _exit.
 *
 * No server outlives the driver: the server dies with it (PR_SET_PDEATHSIG),
 * sits in the driver's process group (which the harness kills on a timeout
 * or Ctrl-C), and is killed on every failure path here. A server that fails
 * to start makes the driver exit 1 with the server's own last log line.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STARTUP_S 60.0    /* a loaded machine can take long to start a server */
#define SHUTDOWN_S 30.0
#define KEYSPACE "10000"
#define CLIENTS "4"
#define TESTS "set,get,incr,lpush,lpop"
#define NTESTS 5

static const char *const value_sizes[] = { "16", "512", "8192" };
#define NSIZES (sizeof value_sizes / sizeof value_sizes[0])

extern char **environ;

struct options {
    const char *server, *benchmark, *dir;
    long requests;
};

static pid_t server_pid = -1;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Every failure ends here: the server never outlives the driver. */
static void __attribute__((noreturn, format(printf, 1, 2))) fail(const char *fmt, ...)
{
    if (server_pid > 0) {
        kill(server_pid, SIGKILL);
        waitpid(server_pid, NULL, 0);
    }
    va_list ap;
    va_start(ap, fmt);
    fputs("redis-driver: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void on_signal(int sig)
{
    if (server_pid > 0)
        kill(server_pid, SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* ---- Options ---- */

static void usage_error(const char *what)
{
    fprintf(stderr, "redis-driver: %s\nusage: redis-driver --server=PATH --benchmark=PATH --dir=DIR "
                    "--requests=N\n", what);
    exit(2);
}

static void parse_options(int argc, char **argv, struct options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        if (strncmp(a, "--server=", 9) == 0)
            o->server = a + 9;
        else if (strncmp(a, "--benchmark=", 12) == 0)
            o->benchmark = a + 12;
        else if (strncmp(a, "--dir=", 6) == 0)
            o->dir = a + 6;
        else if (strncmp(a, "--requests=", 11) == 0) {
            o->requests = strtol(a + 11, &end, 10);
            if (*end || o->requests < 1 || o->requests > 100000000)
                usage_error("--requests wants a whole number from 1 to 100000000");
        } else {
            char msg[256];
            snprintf(msg, sizeof msg, "unknown argument '%.200s'", a);
            usage_error(msg);
        }
    }
    if (!o->server || !o->benchmark || !o->dir || !o->requests)
        usage_error("--server, --benchmark, --dir and --requests are all needed");
}

/* ---- The server ---- */

static void socket_path(const struct options *o, char *buf, size_t len)
{
    if ((size_t)snprintf(buf, len, "%s/redis.sock", o->dir) >= len)
        fail("--dir %s is too long for a Unix socket path", o->dir);
}

static void start_server(const struct options *o, const char *sock)
{
    char log[4096];
    snprintf(log, sizeof log, "%s/server.log", o->dir);
    pid_t driver = getpid();
    pid_t pid = fork();
    if (pid < 0)
        fail("fork: %s", strerror(errno));
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != driver)   /* the driver died before prctl */
            _exit(127);
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
            _exit(127);
        /* --set-proc-title no: the title is written over the memory of the
         * environment, where an allocator may still read its settings. */
        char *args[] = { (char *)o->server, "--port", "0", "--unixsocket", (char *)sock, "--unixsocketperm", "700",
                         "--dir", (char *)o->dir, "--save", "", "--appendonly", "no", "--daemonize", "no",
                         "--loglevel", "warning", "--set-proc-title", "no", NULL };
        execv(o->server, args);
        dprintf(2, "cannot run %s: %s\n", o->server, strerror(errno));
        _exit(127);
    }
    server_pid = pid;
}

/* The server's last log line, for the message of a failed start. */
static void last_log_line(const struct options *o, char *buf, size_t len)
{
    char path[4096], line[1024];
    snprintf(path, sizeof path, "%s/server.log", o->dir);
    snprintf(buf, len, "(no output)");
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    while (fgets(line, sizeof line, f))
        if (line[0] != '\n') {
            line[strcspn(line, "\n")] = '\0';
            snprintf(buf, len, "%s", line);
        }
    fclose(f);
}

/* ---- Talking to it ---- */

static int connect_to(const char *sock)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0)
        return fd;
    if (fd >= 0)
        close(fd);
    return -1;
}

/* Sends one inline command and reads the reply into buf (NUL-terminated):
 * a status line, or the whole of a bulk string. 0, or -1. */
static int ask(const char *sock, const char *command, char *buf, size_t len)
{
    int fd = connect_to(sock);
    if (fd < 0)
        return -1;
    size_t have = 0, want = 0;
    if (dprintf(fd, "%s\r\n", command) < 0) {
        close(fd);
        return -1;
    }
    while (have + 1 < len) {
        ssize_t n = read(fd, buf + have, len - 1 - have);
        if (n <= 0)
            break;
        have += (size_t)n;
        buf[have] = '\0';
        char *eol = strstr(buf, "\r\n");
        if (!eol)
            continue;
        if (buf[0] != '$')
            break;
        want = (size_t)(eol - buf) + 2 + strtoul(buf + 1, NULL, 10) + 2;
        if (have >= want)
            break;
    }
    close(fd);
    buf[have] = '\0';
    return have > 0 ? 0 : -1;
}

static void wait_until_ready(const struct options *o, const char *sock)
{
    double deadline = now_s() + STARTUP_S;
    char reply[256];
    while (ask(sock, "PING", reply, sizeof reply) != 0 || strncmp(reply, "+PONG", 5) != 0) {
        int status;
        if (waitpid(server_pid, &status, WNOHANG) == server_pid) {
            server_pid = -1;
            char line[1024];
            last_log_line(o, line, sizeof line);
            fail("%s did not start: %s", o->server, line);
        }
        if (now_s() > deadline)
            fail("%s did not answer PING within %.0f s", o->server, STARTUP_S);
        usleep(10000);
    }
}

static long long info_field(const char *sock, const char *section, const char *field)
{
    static char reply[1 << 16];
    char command[64];
    snprintf(command, sizeof command, "INFO %s", section);
    if (ask(sock, command, reply, sizeof reply) != 0)
        fail("INFO %s: no reply", section);
    const char *at = strstr(reply, field);
    if (!at || at[strlen(field)] != ':')
        fail("INFO %s has no %s", section, field);
    return atoll(at + strlen(field) + 1);
}

/* ---- The benchmark client ---- */

/* The environment without LD_PRELOAD: the client is not measured. */
static char **client_environment(void)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 1, sizeof *env);
    if (!env)
        fail("out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "LD_PRELOAD=", 11) != 0)
            env[k++] = environ[i];
    return env;
}

/* Runs redis-benchmark for one value size; returns its seconds, summed
 * from its CSV lines ("TEST","rps",...) as requests / rps. */
static double run_benchmark(const struct options *o, const char *sock, const char *size, char **env)
{
    char requests[32];
    snprintf(requests, sizeof requests, "%ld", o->requests);
    char *args[] = { (char *)o->benchmark, "-s", (char *)sock, "-n", requests, "-c", CLIENTS, "-r", KEYSPACE,
                     "-t", TESTS, "-d", (char *)size, "--csv", NULL };
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0)
        fail("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0)
        fail("fork: %s", strerror(errno));
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(out[1], 1);
        execve(o->benchmark, args, env);
        dprintf(2, "redis-driver: cannot run %s: %s\n", o->benchmark, strerror(errno));
        _exit(127);
    }
    close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char line[512];
    double seconds = 0;
    int tests = 0;
    while (f && fgets(line, sizeof line, f)) {
        char name[64];
        double rps;
        if (sscanf(line, "\"%63[^\"]\",\"%lf\"", name, &rps) == 2 && rps > 0) {
            seconds += (double)o->requests / rps;
            tests++;
        }
    }
    if (f)
        fclose(f);
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || tests != NTESTS)
        fail("%s with %s-byte values failed (status %d, %d of %d tests reported)", o->benchmark, size, status,
             tests, NTESTS);
    return seconds;
}

/* ---- Stopping ---- */

static long stop_server(const struct options *o)
{
    kill(server_pid, SIGTERM);
    double deadline = now_s() + SHUTDOWN_S;
    int status;
    struct rusage ru;
    while (wait4(server_pid, &status, WNOHANG, &ru) != server_pid) {
        if (now_s() > deadline)
            fail("%s did not stop within %.0f s of SIGTERM", o->server, SHUTDOWN_S);
        usleep(10000);
    }
    server_pid = -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char line[1024];
        last_log_line(o, line, sizeof line);
        fail("%s did not stop cleanly (status %d): %s", o->server, status, line);
    }
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    struct options o = { 0 };
    parse_options(argc, argv, &o);
    char sock[108];
    socket_path(&o, sock, sizeof sock);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    start_server(&o, sock);
    wait_until_ready(&o, sock);
    char **env = client_environment();
    double seconds = 0;
    for (size_t i = 0; i < NSIZES; i++)
        seconds += run_benchmark(&o, sock, value_sizes[i], env);
    free(env);
    long long want = o.requests * NTESTS * (long long)NSIZES;
    long long processed = info_field(sock, "stats", "total_commands_processed");
    if (processed < want)
        fail("the server processed %lld commands, fewer than the %lld requests sent", processed, want);
    long rss_kb = stop_server(&o);
    printf("ngbench-result: rps=%.1f requests=%lld server_max_rss_kb=%ld time_s=%.6f\n", (double)want / seconds,
           want, rss_kb, seconds);
    /* _exit, not return: an allocator's statistics written at exit
     * (NGMALLOC_STATS) are then the server's, not the driver's. */
    fflush(stdout);
    _exit(0);
}
