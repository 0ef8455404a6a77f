/*
 * base/results_out.h: writing a results file so that nothing is ever lost
 * (docs/harness.md, "Saving").
 *
 * The file is held open and locked (flock) from the moment it is opened
 * until it is closed, so a second ngbench writing the same file is refused
 * instead of interleaving its runs. Every save writes a temporary file in
 * the target's own folder, fsyncs it, and renames it over the target (a new
 * file is linked into place, so two processes can never both create it);
 * a crash or kill at any moment leaves either the old or the new file,
 * complete. A path that is a symbolic link writes the link's final target.
 * Termination signals wait while a temporary file exists; it is locked
 * while written, so one left (unlocked) by a kill -9 is removed by the next
 * ngbench that opens the file and another's is never taken for it.
 *
 * What it must never do: replace a file the user could not write, follow a
 * link to a missing file, or leave a half-written results file.
 */
#ifndef NGBENCH_BASE_RESULTS_OUT_H
#define NGBENCH_BASE_RESULTS_OUT_H

#include <stddef.h>
#include <jansson.h>

enum results_open_mode {
    RESULTS_CREATE,            /* the file must not exist (ngbench run) */
    RESULTS_CONTINUE,          /* the file must exist (ngbench run --resume) */
    RESULTS_REPLACE,           /* either (ngbench merge) */
};

struct results_out;

/* Checks and locks path for writing; nothing is written yet. NULL with a
 * one-line err when it is a directory, not a regular file, a link to a
 * missing file, not writable by the user or read-only, in a folder the
 * user cannot write, locked by another ngbench, or (CREATE) exists or
 * (CONTINUE) does not. */
struct results_out *results_out_open(const char *path, enum results_open_mode mode, char *err, size_t errlen);

/* The file written: path, or the final target of the link path names. */
const char *results_out_path(const struct results_out *o);

/* Replaces the file's content with doc, atomically. 0, or -1 with err
 * ("r.json: cannot write: No space left on device") and the file as it was. */
int results_out_save(struct results_out *o, const json_t *doc, char *err, size_t errlen);

/* Unlocks and frees (NULL is fine). */
void results_out_close(struct results_out *o);

#endif
