/* history/query.c: imports and their runs out of the database (see history.h). */
#include "history/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/results.h"
#include "base/text.h"
#include "history/db.h"

/* A name list as a JSON array for json_each(), or NULL (every name). */
static char *names_json(const json_t *names)
{
    return names ? json_dumps(names, JSON_COMPACT) : NULL;
}

/* ---- Imports ---- */

static int grow(struct history_entry **items, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t cap2 = *cap ? *cap * 2 : 16;
    struct history_entry *p = realloc(*items, cap2 * sizeof *p);
    if (!p)
        return -1;
    *items = p;
    *cap = cap2;
    return 0;
}

/* Newest first in SQL (so that LIMIT keeps the last ones), reversed here. */
static void reverse(struct history_entry *e, size_t n)
{
    for (size_t i = 0; i < n / 2; i++) {
        struct history_entry t = e[i];
        e[i] = e[n - 1 - i];
        e[n - 1 - i] = t;
    }
}

static int select_imports(struct history *h, const struct history_selection *sel, struct history_entry **out,
                          size_t *n, char *err, size_t errlen)
{
    static const char sql[] =
        "SELECT " DB_IMPORT_COLUMNS " FROM imports WHERE ?1 IS NULL OR branch = ?1"
        " ORDER BY date DESC, id DESC LIMIT ?2";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(h, "listing the imports", err, errlen);
    db_bind_text(st, 1, sel->branch);
    sqlite3_bind_int64(st, 2, sel->last ? (sqlite3_int64)sel->last : -1);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (grow(out, &cap, *n + 1) != 0) {
            rc = SQLITE_NOMEM;
            break;
        }
        (*out)[(*n)++] = (struct history_entry){ .import = db_import_row(st) };
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return rc == SQLITE_NOMEM ? (snprintf(err, errlen, "%s: out of memory", h->path), -1)
                                  : db_fail(h, "listing the imports", err, errlen);
    reverse(*out, *n);
    return 0;
}

/* ---- Their runs ---- */

static json_t *stored_json(sqlite3_stmt *st, int column)
{
    return json_loads((const char *)sqlite3_column_text(st, column), 0, NULL);
}

/* The import's context and its selected runs as a results document. */
static json_t *import_document(struct history *h, sqlite3_stmt *context_st, sqlite3_stmt *runs_st,
                               long long id, char *err, size_t errlen)
{
    sqlite3_reset(context_st);
    sqlite3_bind_int64(context_st, 1, id);
    if (sqlite3_step(context_st) != SQLITE_ROW) {
        db_fail(h, "reading an import's context", err, errlen);
        return NULL;
    }
    json_t *doc = results_new(stored_json(context_st, 0));
    json_t *runs = json_object_get(doc, "runs");
    sqlite3_reset(runs_st);
    sqlite3_bind_int64(runs_st, 1, id);
    int rc = SQLITE_DONE;
    char why[TEXT_QUOTED_LEN + 128] = "";
    while (runs && (rc = sqlite3_step(runs_st)) == SQLITE_ROW) {
        /* a database is a file like any other: each run is checked as on reading */
        json_t *run = stored_json(runs_st, 0);
        if (!run || results_check_run(run, why, sizeof why) != 0 || json_array_append_new(runs, run) != 0) {
            json_decref(run);
            break;
        }
    }
    if (!runs || rc != SQLITE_DONE) {
        json_decref(doc);
        if (why[0])
            snprintf(err, errlen, "%s: import #%lld: a run %s", h->path, id, why);
        else
            db_fail(h, "reading an import's runs", err, errlen);
        return NULL;
    }
    return doc;
}

static int load_runs(struct history *h, const struct history_selection *sel, struct history_entry *entries,
                     size_t n, char *err, size_t errlen)
{
    static const char context_sql[] = "SELECT context FROM imports WHERE id = ?1";
    static const char runs_sql[] =
        "SELECT run FROM runs WHERE import_id = ?1"
        " AND (?2 IS NULL OR allocator IN (SELECT value FROM json_each(?2)))"
        " AND (?3 IS NULL OR workload IN (SELECT value FROM json_each(?3)))"
        " ORDER BY position";
    sqlite3_stmt *context_st = NULL, *runs_st = NULL;
    char *allocators = names_json(sel->allocators), *workloads = names_json(sel->workloads);
    int rc = -1;
    if (sqlite3_prepare_v2(h->db, context_sql, -1, &context_st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h->db, runs_sql, -1, &runs_st, NULL) != SQLITE_OK) {
        db_fail(h, "reading the runs", err, errlen);
        goto done;
    }
    db_bind_text(runs_st, 2, allocators);
    db_bind_text(runs_st, 3, workloads);
    for (size_t i = 0; i < n; i++)
        if (!(entries[i].doc = import_document(h, context_st, runs_st, entries[i].import.id, err, errlen)))
            goto done;
    rc = 0;
done:
    sqlite3_finalize(context_st);
    sqlite3_finalize(runs_st);
    free(allocators);
    free(workloads);
    return rc;
}

/* ---- The contract ---- */

static int query(struct history *h, const struct history_selection *sel, bool with_runs,
                 struct history_entry **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    /* One read transaction: the imports and their runs from the same state. */
    if (db_exec(h, "BEGIN", err, errlen) != 0)
        return -1;
    int rc = select_imports(h, sel, out, n, err, errlen);
    if (rc == 0 && with_runs)
        rc = load_runs(h, sel, *out, *n, err, errlen);
    sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL);
    if (rc != 0) {
        history_entries_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int history_imports(struct history *h, const struct history_selection *sel,
                    struct history_entry **out, size_t *n, char *err, size_t errlen)
{
    return query(h, sel, false, out, n, err, errlen);
}

int history_load(struct history *h, const struct history_selection *sel,
                 struct history_entry **out, size_t *n, char *err, size_t errlen)
{
    return query(h, sel, true, out, n, err, errlen);
}

void history_entries_free(struct history_entry *entries, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        history_import_clear(&entries[i].import);
        json_decref(entries[i].doc);
    }
    free(entries);
}

json_t *history_pooled(const struct history_entry *entries, size_t n, const char *database, const char *branch)
{
    json_t *context = json_deep_copy(json_object_get(entries[n - 1].doc, "context"));
    json_t *ids = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(ids, json_integer(entries[i].import.id));
    json_object_set_new(context, "history", json_pack("{s:s, s:s?, s:o}", "database", database, "branch", branch,
                                                      "imports", ids));
    json_t *doc = results_new(context);
    json_t *runs = json_object_get(doc, "runs");
    for (size_t i = 0; i < n; i++)
        json_array_extend(runs, json_object_get(entries[i].doc, "runs"));
    return doc;
}
