/*
 * test_release: memory goes back to the OS. 64 MiB of blocks are written
 * and freed; within a bounded wait (spans are released ~10 ms after they
 * empty, or when the server goes idle) resident memory falls back near
 * where it started.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/check.h"

#define BLOCKS 65536
#define SIZE   1000
#define MiB    (1L << 20)

static long resident(void)
{
    long size = 0, pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &size, &pages) != 2)
            pages = 0;
        fclose(f);
    }
    return pages * sysconf(_SC_PAGESIZE);
}

/* Allocation activity elsewhere: empties a span now and then, which is
 * when the heap looks for spans that have been empty long enough. */
static void nudge(void)
{
    void *v[64];
    for (int i = 0; i < 64; i++)
        v[i] = malloc(3000);
    for (int i = 0; i < 64; i++)
        free(v[i]);
}

int main(void)
{
    static char *blocks[BLOCKS];
    long before = resident();
    for (int i = 0; i < BLOCKS; i++) {
        blocks[i] = malloc(SIZE);
        memset(blocks[i], 1, SIZE);
    }
    long full = resident();
    CHECK(full - before > 48 * MiB);
    for (int i = 0; i < BLOCKS; i++)
        free(blocks[i]);
    long after = full;
    for (int tick = 0; tick < 200 && after - before > 16 * MiB; tick++) {
        struct timespec ts = { 0, 20000000 };
        nanosleep(&ts, NULL);
        nudge();
        after = resident();
    }
    if (after - before > 16 * MiB)
        fprintf(stderr, "resident: %ld MiB before, %ld full, %ld after\n",
                before / MiB, full / MiB, after / MiB);
    CHECK(after - before <= 16 * MiB);
    return CHECK_DONE();
}
