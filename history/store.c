/* history/store.c: opening a history database, its schema and its version (see history.h). */
#include "history/history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/text.h"
#include "history/db.h"

/* ---- Helpers shared by the module (db.h) ---- */

int db_fail(const struct history *h, const char *what, char *err, size_t errlen)
{
    int code = sqlite3_errcode(h->db);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        snprintf(err, errlen, "%s: locked by another process (waited %d s); nothing changed", h->path,
                 HISTORY_BUSY_MS / 1000);
    else if (code == SQLITE_NOTADB)
        snprintf(err, errlen, "%s: not an SQLite database; nothing changed", h->path);
    else
        snprintf(err, errlen, "%s: %s: %s", h->path, what, sqlite3_errmsg(h->db));
    return -1;
}

int db_exec(const struct history *h, const char *sql, char *err, size_t errlen)
{
    if (sqlite3_exec(h->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(h, sql, err, errlen);
    return 0;
}

char *db_column_text(sqlite3_stmt *st, int i)
{
    const unsigned char *text = sqlite3_column_text(st, i);
    return text ? strdup((const char *)text) : NULL;
}

int db_bind_text(sqlite3_stmt *st, int i, const char *text)
{
    return text ? sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

struct history_import db_import_row(sqlite3_stmt *st)
{
    return (struct history_import){
        .id = sqlite3_column_int64(st, 0), .file = db_column_text(st, 1), .imported_at = db_column_text(st, 2),
        .git_commit = db_column_text(st, 3), .branch = db_column_text(st, 4), .host = db_column_text(st, 5),
        .date = db_column_text(st, 6), .runs = (size_t)sqlite3_column_int64(st, 7) };
}

/* ---- The schema ---- */

/* Version 1. Bump HISTORY_SCHEMA_VERSION and document the change in
 * docs/results-format.md with any change here. */
static const char schema[] =
    "CREATE TABLE imports ("
    " id INTEGER PRIMARY KEY,"
    " file TEXT NOT NULL,"
    " imported_at TEXT NOT NULL,"
    " git_commit TEXT, branch TEXT, host TEXT, date TEXT,"
    " context TEXT NOT NULL UNIQUE);"
    "CREATE TABLE runs ("
    " import_id INTEGER NOT NULL REFERENCES imports(id),"
    " position INTEGER NOT NULL,"
    " allocator TEXT NOT NULL, workload TEXT NOT NULL, threads INTEGER NOT NULL,"
    " benchmark TEXT NOT NULL,"
    " run TEXT NOT NULL,"
    " PRIMARY KEY (import_id, position));"
    "CREATE INDEX imports_by_date ON imports(branch, date);"
    "CREATE INDEX runs_by_workload ON runs(workload, allocator);";

static int create_schema(struct history *h, char *err, size_t errlen)
{
    char sql[sizeof schema + 160];
    snprintf(sql, sizeof sql, "BEGIN IMMEDIATE; %s PRAGMA application_id = %d; PRAGMA user_version = %d; COMMIT;",
             schema, HISTORY_APPLICATION_ID, HISTORY_SCHEMA_VERSION);
    if (db_exec(h, sql, err, errlen) != 0) {
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

/* One integer from a query of one row. */
static int query_int(struct history *h, const char *sql, long long *out, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(h, sql, err, errlen);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : db_fail(h, sql, err, errlen);
}

/* 1 when the database is empty (a new file, or one of 0 bytes), 0 when it is
 * a history this ngbench can read, -1 with err set otherwise. */
static int check_kind(struct history *h, char *err, size_t errlen)
{
    long long app, version, objects;
    if (query_int(h, "PRAGMA application_id", &app, err, errlen) != 0 ||
        query_int(h, "PRAGMA user_version", &version, err, errlen) != 0 ||
        query_int(h, "SELECT count(*) FROM sqlite_master", &objects, err, errlen) != 0)
        return -1;
    if (app == 0 && version == 0 && objects == 0)
        return 1;
    if (app != HISTORY_APPLICATION_ID) {
        snprintf(err, errlen, "%s: an SQLite database, but not an ngbench history; nothing changed", h->path);
        return -1;
    }
    if (version > HISTORY_SCHEMA_VERSION) {
        snprintf(err, errlen, "%s: history schema %lld is newer than this ngbench's (%d): use a newer ngbench; "
                 "nothing changed", h->path, version, HISTORY_SCHEMA_VERSION);
        return -1;
    }
    if (version < 1) {
        snprintf(err, errlen, "%s: an ngbench history without a schema version; nothing changed", h->path);
        return -1;
    }
    return 0;
}

/* ---- Opening ---- */

struct history *history_open(const char *path, enum history_mode mode, char *err, size_t errlen)
{
    struct stat st;
    bool existed = stat(path, &st) == 0;
    char shown[TEXT_QUOTED_LEN];
    text_quote(path, shown, sizeof shown);
    if (mode == HISTORY_READ && !existed) {
        snprintf(err, errlen, "%s: %s (ngbench history add creates a database)", shown, strerror(errno));
        return NULL;
    }
    if (existed && S_ISDIR(st.st_mode)) {   /* SQLite would say only "disk I/O error" */
        snprintf(err, errlen, "%s: a directory, not a database file", shown);
        return NULL;
    }
    struct history *h = calloc(1, sizeof *h);
    if (!h || !(h->path = strdup(shown))) {
        free(h);
        snprintf(err, errlen, "%s: out of memory", shown);
        return NULL;
    }
    int flags = mode == HISTORY_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &h->db, flags, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", shown, h->db ? sqlite3_errmsg(h->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_busy_timeout(h->db, HISTORY_BUSY_MS);
    int kind = check_kind(h, err, errlen);
    if (kind == 1 && mode == HISTORY_READ) {
        snprintf(err, errlen, "%s: an empty database, not an ngbench history yet", shown);
        goto fail;
    }
    if (kind < 0 || (kind == 1 && (create_schema(h, err, errlen) != 0 || check_kind(h, err, errlen) != 0)))
        goto fail;
    return h;
fail:
    history_close(h);
    if (!existed)
        unlink(path);   /* a file this call made and could not use */
    return NULL;
}

void history_close(struct history *h)
{
    if (!h)
        return;
    sqlite3_close(h->db);
    free(h->path);
    free(h);
}
