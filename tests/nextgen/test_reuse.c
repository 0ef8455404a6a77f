/*
 * test_reuse: pages one size class freed serve another without the OS.
 * 32 MiB of 4 KiB blocks are written and freed, then 32 MiB of 1 KiB blocks
 * are written: the classes share their heap's pool of spans, so the second
 * batch lands on the first one's pages and the peak resident size (VmHWM)
 * hardly moves. With a region of its own per class it grew by the whole
 * batch. Every block carries a pattern that is checked before it is freed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/check.h"

#define BATCH_BYTES (32L << 20)
#define MiB (1L << 20)

/* Peak resident size of the process so far, in bytes. */
static long peak_resident(void)
{
    long kib = 0;
    char line[256];
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
            break;
    fclose(f);
    return kib * 1024;
}

/* Allocate BATCH_BYTES in blocks of `size`, fill each with its index, check
 * and free them all; 0 when a block came back changed or malloc failed. */
static int batch(size_t size)
{
    size_t n = (size_t)BATCH_BYTES / size;
    unsigned char **v = malloc(n * sizeof *v);
    if (!v)
        return 0;
    size_t made = 0;
    for (; made < n && (v[made] = malloc(size)) != NULL; made++)
        memset(v[made], (int)(made & 0xff), size);
    int ok = made == n;
    for (size_t i = 0; i < made; i++) {
        ok &= v[i][0] == (i & 0xff) && v[i][size - 1] == (i & 0xff);
        free(v[i]);
    }
    free(v);
    return ok;
}

int main(void)
{
    CHECK(batch(4096));
    long after_first = peak_resident();
    CHECK(batch(1024));
    long after_second = peak_resident();
    if (after_second - after_first > 8 * MiB)
        fprintf(stderr, "peak resident: %ld MiB after 4 KiB blocks, %ld MiB after 1 KiB blocks\n",
                after_first / MiB, after_second / MiB);
    CHECK(after_first > BATCH_BYTES);
    CHECK(after_second - after_first <= 8 * MiB);
    return CHECK_DONE();
}
