/*
 * stats.h: the NGMALLOC_STATS file (JSON; docs/nextgen.md, Statistics).
 * Reads every module's figures (stats_figures, for the glibc API too);
 * writes one file; allocates nothing.
 */
#ifndef NGMALLOC_STATS_H
#define NGMALLOC_STATS_H

#include "core.h"
#include "large.h"

/* What the allocator holds, from its own counters, read by any thread
 * without stopping the others (each figure is exact, their sum a moment's
 * view). */
typedef struct {
    uint64_t calls[CNT_COUNT];   /* API calls of every thread (CNT_*) */
    uint64_t small_out;          /* bytes of small blocks the heaps handed out, stocks included */
    uint64_t in_stocks;          /* ... of which sit in stocks */
    uint64_t in_use;             /* small and large bytes handed out, less stocks */
    uint64_t peak;               /* peak handed out (an upper bound: see docs/nextgen.md) */
    uint64_t prefaulted, forwarded;
    uint64_t reserved;           /* address space of all the allocator's mappings (os_mapped_bytes) */
    ng_large_figures_t large;
    double busy;                 /* servers' busy fraction */
} ng_figures_t;

ng_figures_t stats_figures(void);

/* Keep a copy of NGMALLOC_STATS's value (or NULL) as ng.stats_path: programs
 * may rewrite their environment in place before exit (redis does, for its
 * process title). A path too long to copy is refused now, in one line. */
void stats_keep_path(const char *value);

/* Write the statistics to ng.stats_path (never through a symbolic link,
 * never over a file with content: os_write_new_file); when it cannot, one
 * line on stderr says why, and the program's exit status is untouched. */
void stats_write(void);

#endif
