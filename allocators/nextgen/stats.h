/*
 * stats.h: the NGMALLOC_STATS file (JSON; docs/nextgen.md, Statistics).
 * Reads every module's figures; writes one file; allocates nothing.
 */
#ifndef NGMALLOC_STATS_H
#define NGMALLOC_STATS_H

/* Write the statistics to ng.stats_path (never through a symbolic link,
 * never over a file with content: os_write_new_file); when it cannot, one
 * line on stderr says why, and the program's exit status is untouched. */
void stats_write(void);

#endif
