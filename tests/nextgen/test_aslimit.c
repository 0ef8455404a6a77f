/*
 * test_aslimit: the allocator works inside an address-space limit
 * (ulimit -v). Under RLIMIT_AS of 128 and 256 MiB, with 1 and 2 servers
 * (1 in modes inline and inplace), a child allocates blocks of 8000 bytes, then of
 * 1 MiB, until malloc returns NULL with ENOMEM, frees them all and does it
 * again: each pass must get at least 80% of what glibc's allocator gets
 * under the same limit (the same program without the library), and the
 * heap must still serve after it. python3 allocating 40 MiB must succeed
 * under each limit too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/check.h"

#define MiB ((size_t)1 << 20)

/* Child: allocate `size`-byte blocks until NULL; print the bytes got in
 * two passes, freeing all in between. Exit 1 if malloc failed without
 * ENOMEM or a small block could not be had afterwards. */
static int fill(size_t size)
{
    static void *keep[1 << 17];
    size_t got[2];
    for (int pass = 0; pass < 2; pass++) {
        size_t n = 0;
        for (; n < sizeof keep / sizeof *keep; n++) {
            errno = 0;
            if (!(keep[n] = malloc(size))) {
                if (errno != ENOMEM)
                    return 1;
                break;
            }
            memset(keep[n], 1, size < 4096 ? size : 4096);
        }
        got[pass] = n * size;
        for (size_t i = 0; i < n; i++)
            free(keep[i]);
    }
    void *p = malloc(64);
    printf("%zu %zu\n", got[0], got[1]);
    free(p);
    return p ? 0 : 1;
}

/* Run this program (`fill SIZE`) or python3 under a limit of `mib` MiB,
 * with the library preloaded or not; the two byte counts in *got. */
static int run_limited(size_t mib, const char *preload, const char *servers, char *const argv[], size_t got[2])
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        if (preload)
            setenv("LD_PRELOAD", preload, 1);
        else
            unsetenv("LD_PRELOAD");
        setenv("NGMALLOC_SERVERS", servers, 1);
        struct rlimit rl = { mib * MiB, mib * MiB };
        setrlimit(RLIMIT_AS, &rl);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    char out[128];
    FILE *child_out = fdopen(fds[0], "r");
    size_t len = child_out ? fread(out, 1, sizeof out - 1, child_out) : 0;   /* to EOF */
    if (child_out)
        fclose(child_out);
    out[len] = 0;
    int st = 0;
    waitpid(pid, &st, 0);
    got[0] = got[1] = 0;
    sscanf(out, "%zu %zu", &got[0], &got[1]);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "fill") == 0)
        return fill((size_t)atol(argv[2]));
    const char *lib = getenv("LD_PRELOAD");
    const char *mode = getenv("NGMALLOC_MODE");
    int serverless = mode && (strcmp(mode, "inline") == 0 || strcmp(mode, "inplace") == 0);
    CHECK(lib != NULL);
    const char *sizes[] = { "8000", "1048576" };
    for (size_t mib = 128; mib <= 256; mib *= 2) {
        for (int s = 0; s < 2; s++) {
            char *fill_argv[] = { argv[0], "fill", (char *)sizes[s], NULL };
            size_t glibc[2], ng[2];
            CHECK(run_limited(mib, NULL, "1", fill_argv, glibc) == 0);
            for (const char *servers = "1"; servers; servers = !serverless && servers[0] == '1' ? "2" : NULL) {
                int rc = run_limited(mib, lib, servers, fill_argv, ng);
                printf("%zu MiB, %s-byte blocks, %s server(s): %zu then %zu MiB (glibc %zu then %zu)\n", mib,
                       sizes[s], servers, ng[0] >> 20, ng[1] >> 20, glibc[0] >> 20, glibc[1] >> 20);
                CHECK(rc == 0);
                CHECK(ng[0] * 10 >= glibc[0] * 8);
                CHECK(ng[1] * 10 >= glibc[0] * 8);
            }
        }
        for (const char *servers = "1"; servers; servers = !serverless && servers[0] == '1' ? "2" : NULL) {
            char *py_argv[] = { "/usr/bin/python3", "-c", "x = bytearray(40 << 20); print(len(x))", NULL };
            size_t got[2];
            int rc = run_limited(mib, lib, servers, py_argv, got);
            printf("%zu MiB, %s server(s): python3 allocating 40 MiB exits %d\n", mib, servers, rc);
            CHECK(rc == 0 && got[0] == 40 * MiB);
        }
    }
    return CHECK_DONE();
}
