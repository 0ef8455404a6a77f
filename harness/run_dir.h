/*
 * harness/run_dir.h: each run's private folder (wl_params.run_dir): made
 * empty, readable by its owner only, before the run's command line is
 * built, and removed with everything in it after the run, whatever its
 * ending (a timeout, Ctrl-C, a failed check), so servers' sockets,
 * databases and outputs of one run never reach another or stay behind.
 * The measured process also gets it as TMPDIR.
 *
 * What it must never do: remove anything it did not make (it follows no
 * symbolic link out of the folder).
 */
#ifndef NGBENCH_HARNESS_RUN_DIR_H
#define NGBENCH_HARNESS_RUN_DIR_H

#include <stddef.h>

/* $TMPDIR/ngbench-run-XXXXXX (/tmp without TMPDIR): a new string, or NULL
 * with err. */
char *run_dir_make(char *err, size_t errlen);

/* Removes the folder and everything in it, and frees path (NULL: nothing). */
void run_dir_remove(char *path);

#endif
