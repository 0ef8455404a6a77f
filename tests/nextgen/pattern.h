/*
 * tests/nextgen/pattern.h: blocks that carry a pattern in every byte, a
 * function of their address, size and offset, so a block handed out twice,
 * overlapping another or corrupted shows when it is checked. Header-only.
 */
#ifndef NGBENCH_TESTS_NEXTGEN_PATTERN_H
#define NGBENCH_TESTS_NEXTGEN_PATTERN_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct { unsigned char *p; size_t n; } block_t;

static _Atomic long corrupt;   /* blocks found not to carry their pattern */

static unsigned char pattern(const unsigned char *p, size_t n, size_t i)
{
    return (unsigned char)(((uintptr_t)p >> 4) ^ n ^ (i * 131));
}

static void fill(block_t b)
{
    for (size_t i = 0; i < b.n; i++)
        b.p[i] = pattern(b.p, b.n, i);
}

/* Check b's pattern (counting it in `corrupt` when broken), then free it. */
static void verify_free(block_t b)
{
    for (size_t i = 0; i < b.n; i++)
        if (b.p[i] != pattern(b.p, b.n, i)) {
            corrupt++;
            break;
        }
    free(b.p);
}

#endif
