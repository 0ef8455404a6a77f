/*
 * test_oom: out of memory returns NULL with ENOMEM and never crashes, both
 * when RLIMIT_AS is lowered while running and when the process starts under
 * a small limit (the arena is mapped as it is used; test_aslimit measures
 * how much of the limit it gets).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/check.h"

#define MiB ((size_t)1 << 20)

static volatile size_t huge_request = (size_t)64 << 30;

/* Allocate 1 MiB blocks until the heap says no; returns how many it gave. */
static size_t fill_until_enomem(void **keep, size_t max)
{
    size_t n = 0;
    while (n < max) {
        errno = 0;
        void *p = malloc(MiB);
        if (!p) {
            CHECK(errno == ENOMEM);
            break;
        }
        memset(p, 1, 4096);
        keep[n++] = p;
    }
    return n;
}

/* Address space in use now. */
static size_t vm_size(void)
{
    unsigned long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* Lowered to 64 MiB above what is mapped now. */
static void lowered_while_running(void)
{
    struct rlimit rl = { vm_size() + 64 * MiB, RLIM_INFINITY };
    CHECK(setrlimit(RLIMIT_AS, &rl) == 0);
    errno = 0;
    CHECK(malloc(huge_request) == NULL && errno == ENOMEM);
    errno = 0;
    CHECK(calloc(huge_request / 8, 8) == NULL && errno == ENOMEM);
    void *p = NULL;
    CHECK(posix_memalign(&p, 1 << 20, huge_request) == ENOMEM && p == NULL);
    char *q = malloc(3 * MiB);
    CHECK(q != NULL);
    if (q) {
        q[0] = 42;
        errno = 0;
        CHECK(realloc(q, huge_request) == NULL && errno == ENOMEM && q[0] == 42);
        free(q);
    }
    void *small[1000];
    for (int i = 0; i < 1000; i++)     /* small classes still work */
        CHECK((small[i] = malloc(100)) != NULL);
    for (int i = 0; i < 1000; i++)
        free(small[i]);
}

/* 32 MB of 20,000-byte blocks under such a limit must come, each aligned
 * as the class's blocks are, and go back. */
static int class_past_its_region(void)
{
    static unsigned char *blocks[1600];
    int ok = 1;
    for (int i = 0; i < 1600; i++) {
        blocks[i] = malloc(20000);
        ok &= blocks[i] != NULL && ((uintptr_t)blocks[i] & 15) == 0;
        if (blocks[i])
            memset(blocks[i], i & 0xff, 20000);
    }
    for (int i = 0; i < 1600; i++) {
        ok &= !blocks[i] || (blocks[i][0] == (i & 0xff) && blocks[i][19999] == (i & 0xff));
        free(blocks[i]);
    }
    return ok;
}

/* Run in a child started under a 512 MiB limit: the heap must fit in it. */
static int started_under_limit(void)
{
    static void *keep[1024];
    CHECK(class_past_its_region());
    size_t n = fill_until_enomem(keep, 1024);
    int ok = n > 16 && n < 1024;
    for (size_t i = 0; i < n; i++)
        free(keep[i]);
    void *again = malloc(MiB);   /* memory came back */
    ok = ok && again != NULL;
    free(again);
    return ok && check_failures == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "under-limit") == 0)
        return started_under_limit();
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit rl = { 512 * MiB, 512 * MiB };
        setrlimit(RLIMIT_AS, &rl);
        execl(argv[0], argv[0], "under-limit", (char *)NULL);
        _exit(99);
    }
    int st = 0;
    CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    lowered_while_running();
    return CHECK_DONE();
}
