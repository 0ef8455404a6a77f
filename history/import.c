/* history/import.c: one results file into the database, in one transaction (see history.h). */
#include "history/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/identity.h"
#include "base/results.h"
#include "base/text.h"
#include "history/db.h"

/* JSON with keys sorted and no spaces: the same document always gives the
 * same text, so contexts and runs compare as strings. */
static char *canonical(const json_t *value)
{
    return json_dumps(value, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

static const char *context_str(const json_t *doc, const char *key)
{
    return json_string_value(json_object_get(json_object_get(doc, "context"), key));
}

/* ---- An import already there ---- */

/* The import whose context is this one: 1 with *out filled, 0 when none, -1 on error. */
static int find_by_context(struct history *h, const char *context, struct history_import *out,
                           char *err, size_t errlen)
{
    static const char sql[] = "SELECT " DB_IMPORT_COLUMNS " FROM imports WHERE context = ?1";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(h, "finding the import", err, errlen);
    sqlite3_bind_text(st, 1, context, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = db_import_row(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(h, "finding the import", err, errlen);
    return rc == SQLITE_ROW;
}

/* Whether import id holds exactly the runs of doc, in order. -1 on error. */
static int same_runs(struct history *h, long long id, const json_t *runs, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, "SELECT run FROM runs WHERE import_id = ?1 ORDER BY position", -1, &st,
                           NULL) != SQLITE_OK)
        return db_fail(h, "reading the import's runs", err, errlen);
    sqlite3_bind_int64(st, 1, id);
    size_t i = 0;
    int same = 1, rc;
    while (same && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char *mine = i < json_array_size(runs) ? canonical(json_array_get(runs, i)) : NULL;
        same = mine && strcmp(mine, (const char *)sqlite3_column_text(st, 0)) == 0;
        free(mine);
        i++;
    }
    if (same && rc != SQLITE_DONE) {
        sqlite3_finalize(st);
        return db_fail(h, "reading the import's runs", err, errlen);
    }
    sqlite3_finalize(st);
    return same && i == json_array_size(runs);
}

/* ---- A new import ---- */

static void utc_now(char *buf, size_t len)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int insert_import(struct history *h, const json_t *doc, const char *context, const char *file,
                         const char *branch, long long *id, char *err, size_t errlen)
{
    static const char sql[] =
        "INSERT INTO imports (file, imported_at, git_commit, branch, host, date, context)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    char now[32];
    utc_now(now, sizeof now);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(h, "adding the import", err, errlen);
    db_bind_text(st, 1, file);
    db_bind_text(st, 2, now);
    db_bind_text(st, 3, context_str(doc, "git_commit"));
    db_bind_text(st, 4, branch);
    db_bind_text(st, 5, context_str(doc, "host"));
    db_bind_text(st, 6, context_str(doc, "date"));
    db_bind_text(st, 7, context);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(h, "adding the import", err, errlen);
    *id = sqlite3_last_insert_rowid(h->db);
    return 0;
}

/* One row of the runs table: the run whole, and what queries select by. */
static int insert_run(struct history *h, sqlite3_stmt *st, long long id, size_t position, const json_t *run,
                      const char *file_pmu, char *err, size_t errlen)
{
    struct bench_id bench = identity_of(run, file_pmu);
    char *key = identity_key_text(&bench), *text = canonical(run);
    int rc = SQLITE_NOMEM;
    if (key && text) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)position);
        db_bind_text(st, 3, results_str(run, "allocator"));
        db_bind_text(st, 4, results_str(run, "workload"));
        sqlite3_bind_int64(st, 5, json_integer_value(json_object_get(run, "threads")));
        db_bind_text(st, 6, key);
        db_bind_text(st, 7, text);
        rc = sqlite3_step(st);
    }
    free(key);
    free(text);
    if (rc == SQLITE_NOMEM) {
        snprintf(err, errlen, "%s: out of memory", h->path);
        return -1;
    }
    return rc == SQLITE_DONE ? 0 : db_fail(h, "adding a run", err, errlen);
}

static int insert_runs(struct history *h, long long id, const json_t *doc, char *err, size_t errlen)
{
    static const char sql[] =
        "INSERT INTO runs (import_id, position, allocator, workload, threads, benchmark, run)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(h, "adding the runs", err, errlen);
    const json_t *runs = json_object_get(doc, "runs");
    const char *file_pmu = identity_file_pmu(json_object_get(doc, "context"));
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < json_array_size(runs); i++)
        rc = insert_run(h, st, id, i, json_array_get(runs, i), file_pmu, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

/* Inside the transaction: HISTORY_ADDED, HISTORY_ALREADY, or -1. */
static int add_in_transaction(struct history *h, const json_t *doc, const char *context, const char *file,
                              const char *branch, struct history_import *out, char *err, size_t errlen)
{
    const json_t *runs = json_object_get(doc, "runs");
    int found = find_by_context(h, context, out, err, errlen);
    if (found < 0)
        return -1;
    if (found) {
        int same = same_runs(h, out->id, runs, err, errlen);
        if (same == 1)
            return HISTORY_ALREADY;
        char shown[TEXT_QUOTED_LEN], earlier[TEXT_QUOTED_LEN];
        if (same == 0)
            snprintf(err, errlen, "%s: import #%lld (%s) has the same context (commit, host, date) but other "
                     "runs; nothing imported", text_quote(file, shown, sizeof shown), out->id,
                     text_quote(out->file, earlier, sizeof earlier));
        return -1;
    }
    long long id = 0;
    if (insert_import(h, doc, context, file, branch, &id, err, errlen) != 0 ||
        insert_runs(h, id, doc, err, errlen) != 0)
        return -1;
    return find_by_context(h, context, out, err, errlen) == 1 ? HISTORY_ADDED : -1;
}

int history_add(struct history *h, const json_t *doc, const char *file, const char *branch,
                struct history_import *out, char *err, size_t errlen)
{
    *out = (struct history_import){ 0 };
    char *context = canonical(json_object_get(doc, "context"));
    if (!context) {
        snprintf(err, errlen, "%s: out of memory", h->path);
        return -1;
    }
    int rc = -1;
    if (db_exec(h, "BEGIN IMMEDIATE", err, errlen) == 0) {
        rc = add_in_transaction(h, doc, context, file, branch, out, err, errlen);
        if (rc == HISTORY_ADDED && db_exec(h, "COMMIT", err, errlen) != 0)
            rc = -1;
        if (rc != HISTORY_ADDED)
            sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    }
    free(context);
    if (rc < 0)
        history_import_clear(out);
    return rc;
}

void history_import_clear(struct history_import *import)
{
    free(import->file);
    free(import->imported_at);
    free(import->git_commit);
    free(import->branch);
    free(import->host);
    free(import->date);
    *import = (struct history_import){ 0 };
}
