/*
 * stats.h: the NGMALLOC_STATS file (JSON; docs/nextgen.md, Statistics).
 * Reads every module's figures; writes one file; allocates nothing.
 */
#ifndef NGMALLOC_STATS_H
#define NGMALLOC_STATS_H

/* Write the statistics to ng.stats_path; aborts with one line when it cannot. */
void stats_write(void);

#endif
