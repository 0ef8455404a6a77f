/*
 * history/db.h: what the history's files share inside the module: the open
 * database, and the few SQLite helpers every query needs. Not for use
 * outside history/ (history.h is the module's contract).
 */
#ifndef NGBENCH_HISTORY_DB_H
#define NGBENCH_HISTORY_DB_H

#include <stddef.h>
#include <sqlite3.h>

#include "history/history.h"

struct history {
    sqlite3 *db;
    char *path;                /* for messages: quoted as base/text.h quotes input */
};

/* err = "PATH: what: SQLite's reason", a lock named as such. Returns -1. */
int db_fail(const struct history *h, const char *what, char *err, size_t errlen);

/* Runs SQL without results (BEGIN, COMMIT, a CREATE ...): 0, or -1 with err. */
int db_exec(const struct history *h, const char *sql, char *err, size_t errlen);

/* Column i of the current row as a new string; NULL for SQL NULL. */
char *db_column_text(sqlite3_stmt *st, int i);

/* Binds text, or NULL when text is NULL. */
int db_bind_text(sqlite3_stmt *st, int i, const char *text);

/* The columns of an import, in the order db_import_row reads them. */
#define DB_IMPORT_COLUMNS \
    "id, file, imported_at, git_commit, branch, host, date," \
    " (SELECT count(*) FROM runs WHERE import_id = imports.id)"

/* The current row of a SELECT DB_IMPORT_COLUMNS ... as an import. */
struct history_import db_import_row(sqlite3_stmt *st);

#endif
