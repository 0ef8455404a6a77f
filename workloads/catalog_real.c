/*
 * workloads/catalog_real.c: what the real programs share, and three of
 * them: xalan (Xalan-C++ on our XMark-style documents), sqlite (the sqlite3
 * shell on a generated SQL script), and the script runners, lua (lua5.4)
 * and ruby, each on a script of ours that churns tables or strings.
 *
 * Their entries in catalog.c give their sizes and checksums. Their output
 * goes to a file (stdout_path, named for the workload, the size and the
 * calling process, so concurrent harnesses sharing data_dir never read each
 * other's output) and wl_verify_checksum (checksum.c) compares its checksum
 * with the entry's for that size. Outputs depend only on the inputs, never
 * on the allocator; if a Debian update changes a program's output, rerun the
 * tests and take the new checksum from the mismatch message.
 */
#include "workloads/catalog_parts.h"
#include "workloads/xmark.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Shared by the real programs ---- */

int wl_make_dir(const char *path, char *err, size_t errlen)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        snprintf(err, errlen, "data folder path too long");
        return -1;
    }
    for (char *p = buf + 1;; p++) {
        char c = *p;
        if (c != '/' && c != '\0')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            snprintf(err, errlen, "cannot create %s: %s", buf, strerror(errno));
            return -1;
        }
        *p = c;
        if (c == '\0')
            return 0;
    }
}

int wl_set_output(const struct workload *w, const struct wl_params *p, struct wl_command *cmd)
{
    return asprintf(&cmd->stdout_path, "%s/%s-%s.%ld.out", p->data_dir, w->name, wl_size_name(p->size),
                    (long)getpid()) < 0 ? -1 : 0;
}

int wl_out_of_memory(const struct workload *w, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s: cannot build the command line (out of memory)", w->name);
    return -1;
}

int wl_write_cached(const char *path, int (*emit)(FILE *out, long n), long n, char *err, size_t errlen)
{
    if (access(path, R_OK) == 0)
        return 0;
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        return -1;
    }
    int rc = emit(f, n);
    if (fclose(f) != 0 || rc != 0 || rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* ---- xalan ---- */

#define XALAN_STYLESHEET "auction-report.xsl"

static void xalan_document(const struct workload *w, const struct wl_params *p, char *buf, size_t len)
{
    snprintf(buf, len, "%s/xmark-v%d-s%ld-seed%d.xml", p->data_dir, WL_INPUT_VERSION,
             wl_sized_value(w, "scale", p->size), WL_SEED);
}

static int write_xmark(FILE *out, long scale) { return xmark_write(out, scale, WL_SEED); }

int xalan_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen)
{
    char doc[4096], xsl[4096];
    snprintf(xsl, sizeof xsl, "%s/%s", p->bin_dir, XALAN_STYLESHEET);
    if (access(xsl, R_OK) != 0) {
        snprintf(err, errlen, "xalan: stylesheet %s missing (is bin_dir the build's workloads folder?)", xsl);
        return -1;
    }
    if (wl_make_dir(p->data_dir, err, errlen) != 0)
        return -1;
    xalan_document(w, p, doc, sizeof doc);
    return wl_write_cached(doc, write_xmark, wl_sized_value(w, "scale", p->size), err, errlen);
}

int xalan_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                  char *err, size_t errlen)
{
    char doc[4096];
    xalan_document(w, p, doc, sizeof doc);
    cmd->params = wl_sized_params(w, p->size);
    if (!cmd->params || json_object_set_new(cmd->params, "stylesheet", json_string(XALAN_STYLESHEET))
        || wl_push_arg(cmd, "%s", w->program) || wl_push_arg(cmd, "%s", doc)
        || wl_push_arg(cmd, "%s/%s", p->bin_dir, XALAN_STYLESHEET) || wl_set_output(w, p, cmd))
        return wl_out_of_memory(w, err, errlen);
    return 0;
}

/* ---- lua and ruby: a script of ours in bin_dir ---- */

int script_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen)
{
    char script[4096];
    snprintf(script, sizeof script, "%s/%s", p->bin_dir, w->script);
    if (access(script, R_OK) != 0) {
        snprintf(err, errlen, "%s: script %s missing (is bin_dir the build's workloads folder?)", w->name, script);
        return -1;
    }
    return wl_make_dir(p->data_dir, err, errlen);
}

int script_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                   char *err, size_t errlen)
{
    cmd->params = wl_sized_params(w, p->size);
    if (!cmd->params || json_object_set_new(cmd->params, "script", json_string(w->script))
        || wl_push_arg(cmd, "%s", w->program) || wl_push_arg(cmd, "%s/%s", p->bin_dir, w->script)
        || wl_push_arg(cmd, "%ld", wl_sized_value(w, "rounds", p->size)) || wl_push_arg(cmd, "%d", WL_SEED)
        || wl_set_output(w, p, cmd))
        return wl_out_of_memory(w, err, errlen);
    return 0;
}

/* ---- sqlite ---- */

static void sqlite_script(const struct workload *w, const struct wl_params *p, char *buf, size_t len)
{
    snprintf(buf, len, "%s/sqlite-v%d-c%ld-seed%d.sql", p->data_dir, WL_INPUT_VERSION,
             wl_sized_value(w, "customers", p->size), WL_SEED);
}

/* Tables filled by recursive CTEs driven by a linear congruential
 * sequence (deterministic, unlike random()), then indexes, joins,
 * grouping, window functions, string building, updates and deletes. Every
 * ORDER BY is total, so the output is one fixed text. */
static int write_sql(FILE *out, long customers)
{
    fprintf(out,
        "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL, score INTEGER NOT NULL);\n"
        "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER NOT NULL, amount INTEGER NOT NULL, note TEXT NOT NULL);\n"
        "BEGIN;\n"
        "WITH RECURSIVE seq(i, r) AS (SELECT 1, %d UNION ALL SELECT i + 1, (r * 1103515245 + 12345) %% 2147483648 FROM seq WHERE i < %ld)\n"
        "INSERT INTO customers SELECT i, printf('%%s%%s-%%06d', substr('kamirotelvasonduresh', 1 + r %% 17, 2 + r %% 3),"
        " substr('ilopraengufistoalnebr', 1 + (r / 7) %% 18, 3), i), 'city' || (r / 13 %% 97), r %% 1000 FROM seq;\n"
        "WITH RECURSIVE seq(i, r) AS (SELECT 1, %d UNION ALL SELECT i + 1, (r * 1103515245 + 12345) %% 2147483648 FROM seq WHERE i < %ld)\n"
        "INSERT INTO orders SELECT i, 1 + r %% %ld, (r / 3) %% 10000, printf('order %%d of %%s', i, hex(r %% 65536)) FROM seq;\n"
        "COMMIT;\n",
        WL_SEED, customers, WL_SEED + 1, 5 * customers, customers);
    fputs(
        "CREATE INDEX orders_by_customer ON orders(customer);\n"
        "CREATE INDEX customers_by_city ON customers(city, score);\n"
        "SELECT 'cities', city, count(*), sum(score), min(name), max(name) FROM customers GROUP BY city ORDER BY city;\n"
        "SELECT 'top', c.name, count(o.id), sum(o.amount) AS total FROM customers c JOIN orders o ON o.customer = c.id"
        " GROUP BY c.id ORDER BY total DESC, c.id LIMIT 100;\n"
        "SELECT 'names', length(group_concat(name, ',')), count(DISTINCT substr(name, 1, 3))"
        " FROM (SELECT name FROM customers ORDER BY name);\n"
        "SELECT 'rank', city, name, score FROM (SELECT city, name, score, row_number() OVER"
        " (PARTITION BY city ORDER BY score DESC, id) AS rk FROM customers) WHERE rk <= 3 ORDER BY city, rk;\n"
        "UPDATE orders SET note = upper(note) || '-' || replace(note, 'order', 'ord') WHERE amount % 3 = 0;\n"
        "DELETE FROM orders WHERE amount % 5 = 0;\n"
        "SELECT 'after', count(*), sum(length(note)), sum(amount) FROM orders;\n"
        "SELECT 'spread', c.city, count(DISTINCT o.customer), sum(o.amount) FROM orders o JOIN customers c"
        " ON c.id = o.customer GROUP BY c.city ORDER BY c.city;\n",
        out);
    return ferror(out) ? -1 : 0;
}

int sqlite_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen)
{
    char script[4096];
    if (wl_make_dir(p->data_dir, err, errlen) != 0)
        return -1;
    sqlite_script(w, p, script, sizeof script);
    return wl_write_cached(script, write_sql, wl_sized_value(w, "customers", p->size), err, errlen);
}

int sqlite_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                   char *err, size_t errlen)
{
    char script[4096];
    sqlite_script(w, p, script, sizeof script);
    cmd->params = wl_sized_params(w, p->size);
    cmd->stdin_path = strdup(script);
    if (!cmd->params || !cmd->stdin_path || wl_push_arg(cmd, "%s", w->program) || wl_push_arg(cmd, "-batch")
        || wl_push_arg(cmd, ":memory:") || wl_set_output(w, p, cmd))
        return wl_out_of_memory(w, err, errlen);
    return 0;
}
