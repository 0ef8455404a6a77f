/*
 * sizeclass.h: sizes to classes and back. Classes are 16..128 in steps of 16,
 * then four per doubling (1, 1.25, 1.5, 1.75 times a power of two) up to
 * NG_SMALL_MAX. Every class size is a multiple of 16, so every block is
 * 16-byte aligned. Pure functions; no state.
 */
#ifndef NGMALLOC_SIZECLASS_H
#define NGMALLOC_SIZECLASS_H

#include "types.h"

/* Class of a request of n bytes, n <= NG_SMALL_MAX. */
static inline unsigned sc_of(size_t n)
{
    if (n <= 128)
        return n <= 16 ? 0 : (unsigned)((n - 1) >> 4);
    unsigned b = 63u - (unsigned)__builtin_clzl(n - 1);    /* 2^b < n <= 2^(b+1) */
    return 8u + (b - 7u) * 4u + (unsigned)(((n - 1) >> (b - 2)) & 3u);
}

/* Block size of class c. */
static inline size_t sc_size(unsigned c)
{
    if (c < 8)
        return (size_t)(c + 1) * 16;
    unsigned b = 7u + (c - 8u) / 4u;                       /* class lies in (2^b, 2^(b+1)] */
    return ((size_t)1 << b) + ((size_t)((c - 8u) % 4u + 1u) << (b - 2));
}

/* Smallest class holding n bytes whose blocks are all aligned to `align`, or
 * NG_NCLASS when none is (then the request goes to the large path). */
static inline unsigned sc_of_aligned(size_t n, size_t align)
{
    if (n > NG_SMALL_MAX)
        return NG_NCLASS;
    for (unsigned c = sc_of(n); c < NG_NCLASS; c++)
        if (sc_size(c) % align == 0)
            return c;
    return NG_NCLASS;
}

#endif
