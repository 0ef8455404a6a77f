/*
 * history/history.h: results over time, in one SQLite database
 * (docs/history.md; its schema: docs/results-format.md, "The history
 * database").
 *
 * An import is one results file: its context (commit, host, date of the
 * matrix), the branch it was measured on when the caller knows it, and its
 * runs, each kept whole so that any metric can be read from it later. Each
 * import is one transaction: a file is in the database completely or not at
 * all. A file whose context and runs are already there is not imported
 * again. Imports are ordered by their results' date (then by import), which
 * is the order of a trend and of "the last N imports of a branch".
 *
 * A database this code did not make (not SQLite, another program's, a newer
 * schema) is refused on opening, and nothing in it is changed; so is one
 * that another process holds locked for longer than HISTORY_BUSY_MS.
 *
 * What it must never do: run anything, compute statistics, print or format;
 * it stores and returns results documents (base/results.h).
 */
#ifndef NGBENCH_HISTORY_HISTORY_H
#define NGBENCH_HISTORY_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#define HISTORY_SCHEMA_VERSION 1
/* PRAGMA application_id of an ngbench history: "NGBH". */
#define HISTORY_APPLICATION_ID 0x4E474248
/* How long an operation waits for another process's lock before refusing. */
#define HISTORY_BUSY_MS 2000

struct history;

enum history_mode {
    HISTORY_READ,      /* the database must exist; nothing is written */
    HISTORY_WRITE,     /* created (with the schema) when the file is absent or empty */
};

/* NULL with err set ("PATH: not an SQLite database", "PATH: history schema
 * 2 is newer than this ngbench's (1)...", "PATH: locked by another
 * process...") when the database cannot be used as asked. */
struct history *history_open(const char *path, enum history_mode mode, char *err, size_t errlen);
void history_close(struct history *h);

/* One import, as stored. Strings are NULL where the context lacks them. */
struct history_import {
    long long id;
    char *file;            /* the path it was imported from */
    char *imported_at;     /* UTC, ISO 8601 */
    char *git_commit, *branch, *host, *date;
    size_t runs;           /* every run of the file, warm-ups and failures included */
};
void history_import_clear(struct history_import *import);

enum history_added { HISTORY_ADDED = 0, HISTORY_ALREADY = 1 };

/* Imports doc (a results document that results_load accepted) read from
 * file, measured on branch (NULL when unknown), in one transaction. Returns
 * HISTORY_ADDED, or HISTORY_ALREADY when an import with the same context and
 * the same runs is there (nothing changed); *out describes the import either
 * way. -1 with err set, and nothing changed, on failure, including an import
 * with the same context but other runs. */
int history_add(struct history *h, const json_t *doc, const char *file, const char *branch,
                struct history_import *out, char *err, size_t errlen);

/* Which imports, and which of their runs. */
struct history_selection {
    const char *branch;            /* NULL: every branch */
    size_t last;                   /* the newest this many; 0: all */
    const json_t *allocators;      /* array of names, or NULL for all */
    const json_t *workloads;       /* array of names, or NULL for all */
};

/* An import and its selected runs as a results document. */
struct history_entry {
    struct history_import import;
    json_t *doc;                   /* {schema_version, context, runs} */
};

/* The selected imports, oldest first, without their runs (doc is NULL).
 * 0, or -1 with err set. Free with history_entries_free. */
int history_imports(struct history *h, const struct history_selection *sel,
                    struct history_entry **out, size_t *n, char *err, size_t errlen);
/* The same, each with its selected runs. */
int history_load(struct history *h, const struct history_selection *sel,
                 struct history_entry **out, size_t *n, char *err, size_t errlen);
void history_entries_free(struct history_entry *entries, size_t n);

/* One results document holding every run of the entries (n > 0): the
 * newest entry's context, with "history": {"database", "branch",
 * "imports": [ids]} added. A baseline pooled from several runs of a branch. */
json_t *history_pooled(const struct history_entry *entries, size_t n, const char *database, const char *branch);

#endif
