/*
 * api.h: the hidden entry the C++ operators share with the C API.
 * The exported API itself is the standard one (stdlib.h, malloc.h).
 */
#ifndef NGMALLOC_API_H
#define NGMALLOC_API_H

#include <stddef.h>

/* memalign, counted as an aligned call. */
void *ng_memalign(size_t align, size_t n);

#endif
