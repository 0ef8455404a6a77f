/*
 * workloads/catalog_real.c: the real programs: xalan (Xalan-C++ on our
 * XMark-style documents), lua (lua5.4 on our table- and string-heavy
 * script) and sqlite (the sqlite3 shell on a generated SQL script).
 *
 * Their output goes to a file (stdout_path, named for the workload, the
 * size and the calling process, so concurrent harnesses sharing data_dir
 * never read each other's output) and verify() compares its checksum with
 * the one committed here for that size, removing the file when it matches
 * and keeping it for inspection when it does not. Outputs depend only
 * on the inputs, never on the allocator; if a Debian update changes a
 * program's output, rerun the tests and take the new checksum from the
 * mismatch message.
 */
#include "workloads/catalog_parts.h"
#include "workloads/xmark.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- Shared by the three ---- */

struct real {
    const char *name;
    uint64_t expected[3];      /* FNV-1a of the output, per size */
};

/* Bump when a generator's output changes, so cached inputs made by an
 * older build are never reused. */
#define INPUT_VERSION 1

/* data_dir/NAME-SIZE.PID.out: where the measured process's stdout goes. */
static int set_output(const struct real *r, const struct wl_params *p, struct wl_command *cmd)
{
    return asprintf(&cmd->stdout_path, "%s/%s-%s.%ld.out", p->data_dir, r->name, wl_size_name(p->size),
                    (long)getpid()) < 0 ? -1 : 0;
}

static int verify_checksum(const struct real *r, const struct wl_params *p, const struct wl_command *cmd,
                           char *err, size_t errlen)
{
    uint64_t sum;
    if (!cmd->stdout_path) {
        snprintf(err, errlen, "%s: no output file to verify", r->name);
        return -1;
    }
    if (wl_checksum_file(cmd->stdout_path, &sum, err, errlen) != 0)
        return -1;
    if (sum != r->expected[p->size]) {
        snprintf(err, errlen, "%s output %s has checksum 0x%016" PRIx64 ", expected 0x%016" PRIx64 " for size %s",
                 r->name, cmd->stdout_path, sum, r->expected[p->size], wl_size_name(p->size));
        return -1;
    }
    unlink(cmd->stdout_path);
    return 0;
}

/* verify() has no workload argument: one wrapper per program. */
#define REAL_VERIFY(fn, real) \
    static int fn(const struct wl_params *p, const struct wl_command *cmd, char *err, size_t errlen) \
    { return verify_checksum(&(real), p, cmd, err, errlen); }

static int out_of_memory(const char *name, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s: cannot build the command line (out of memory)", name);
    return -1;
}

/* Writes a cached input once: to a temporary file, renamed into place, so
 * an interrupted prepare never leaves a truncated input behind. */
static int write_cached(const char *path, int (*emit)(FILE *out, long n), long n, char *err, size_t errlen)
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

/* Document scale (thousandths of XMark's factor): about 1 MB, 10 MB and
 * 210 MB. Xalan's cost grows faster than the document (key() node-sets of
 * the large groups): tiny takes 0.1 s, quick 1 s, full about 2 minutes of
 * CPU with glibc on the project machine, near the reference run of
 * xalancbmk, and peaks near 1.6 GB resident. */
static const long xalan_scale[3] = { 20, 200, 4000 };

static const struct real xalan_real = { "xalan", {
    0x7c3e1bb6302ec9fbULL, 0x5d31927c607c2ce0ULL, 0x9df1a56016986c83ULL } };

static void xalan_document(const struct wl_params *p, char *buf, size_t len)
{
    snprintf(buf, len, "%s/xmark-v%d-s%ld-seed%d.xml", p->data_dir, INPUT_VERSION, xalan_scale[p->size], WL_SEED);
}

static int write_xmark(FILE *out, long scale) { return xmark_write(out, scale, WL_SEED); }

static int xalan_prepare(const struct wl_params *p, char *err, size_t errlen)
{
    char doc[4096], xsl[4096];
    snprintf(xsl, sizeof xsl, "%s/%s", p->bin_dir, XALAN_STYLESHEET);
    if (access(xsl, R_OK) != 0) {
        snprintf(err, errlen, "xalan: stylesheet %s missing (is bin_dir the build's workloads folder?)", xsl);
        return -1;
    }
    if (wl_make_dir(p->data_dir, err, errlen) != 0)
        return -1;
    xalan_document(p, doc, sizeof doc);
    return write_cached(doc, write_xmark, xalan_scale[p->size], err, errlen);
}

static int xalan_command(const struct wl_params *p, struct wl_command *cmd, char *err, size_t errlen)
{
    char doc[4096];
    xalan_document(p, doc, sizeof doc);
    cmd->params = json_pack("{s:s,s:i,s:i,s:s}", "size", wl_size_name(p->size), "scale",
                            (int)xalan_scale[p->size], "seed", WL_SEED, "stylesheet", XALAN_STYLESHEET);
    if (!cmd->params || wl_push_arg(cmd, "%s", wl_xalan.program) || wl_push_arg(cmd, "%s", doc)
        || wl_push_arg(cmd, "%s/%s", p->bin_dir, XALAN_STYLESHEET) || set_output(&xalan_real, p, cmd))
        return out_of_memory("xalan", err, errlen);
    return 0;
}

REAL_VERIFY(xalan_verify, xalan_real)

const struct workload wl_xalan = {
    "xalan", "Xalan-C++ XSLT: sort, key grouping, counts, sums, strings over an XMark-style auction document (xalancbmk)",
    false, 1, "xalan", "/usr/bin/Xalan", xalan_prepare, xalan_command, xalan_verify,
};

/* ---- lua ---- */

#define LUA_SCRIPT "tables-strings.lua"

/* Rounds of 2000 records: about 0.15 s, 1 s and 30 s with glibc. */
static const long lua_rounds[3] = { 3, 25, 400 };

static const struct real lua_real = { "lua", {
    0x1833a28d2a1b84e7ULL, 0xf61d2636a409edfaULL, 0x384a73cbf30d1671ULL } };

static int lua_prepare(const struct wl_params *p, char *err, size_t errlen)
{
    char script[4096];
    snprintf(script, sizeof script, "%s/%s", p->bin_dir, LUA_SCRIPT);
    if (access(script, R_OK) != 0) {
        snprintf(err, errlen, "lua: script %s missing (is bin_dir the build's workloads folder?)", script);
        return -1;
    }
    return wl_make_dir(p->data_dir, err, errlen);
}

static int lua_command(const struct wl_params *p, struct wl_command *cmd, char *err, size_t errlen)
{
    cmd->params = json_pack("{s:s,s:i,s:i,s:s}", "size", wl_size_name(p->size), "rounds",
                            (int)lua_rounds[p->size], "seed", WL_SEED, "script", LUA_SCRIPT);
    if (!cmd->params || wl_push_arg(cmd, "%s", wl_lua.program) || wl_push_arg(cmd, "%s/%s", p->bin_dir, LUA_SCRIPT)
        || wl_push_arg(cmd, "%ld", lua_rounds[p->size]) || wl_push_arg(cmd, "%d", WL_SEED)
        || set_output(&lua_real, p, cmd))
        return out_of_memory("lua", err, errlen);
    return 0;
}

REAL_VERIFY(lua_verify, lua_real)

const struct workload wl_lua = {
    "lua", "lua5.4 script building, formatting, parsing, grouping and sorting tables of records and strings",
    false, 1, "lua5.4", "/usr/bin/lua5.4", lua_prepare, lua_command, lua_verify,
};

/* ---- sqlite ---- */

/* Customers (orders are five times as many): about 0.1 s, 1 s and 40 s. */
static const long sqlite_customers[3] = { 2000, 30000, 500000 };

static const struct real sqlite_real = { "sqlite", {
    0x9959bbc7a297905bULL, 0x6d69d2ce18c4e94dULL, 0x865d311f56bb9838ULL } };

static void sqlite_script(const struct wl_params *p, char *buf, size_t len)
{
    snprintf(buf, len, "%s/sqlite-v%d-c%ld-seed%d.sql", p->data_dir, INPUT_VERSION, sqlite_customers[p->size], WL_SEED);
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

static int sqlite_prepare(const struct wl_params *p, char *err, size_t errlen)
{
    char script[4096];
    if (wl_make_dir(p->data_dir, err, errlen) != 0)
        return -1;
    sqlite_script(p, script, sizeof script);
    return write_cached(script, write_sql, sqlite_customers[p->size], err, errlen);
}

static int sqlite_command(const struct wl_params *p, struct wl_command *cmd, char *err, size_t errlen)
{
    char script[4096];
    sqlite_script(p, script, sizeof script);
    cmd->params = json_pack("{s:s,s:i,s:i}", "size", wl_size_name(p->size), "customers",
                            (int)sqlite_customers[p->size], "seed", WL_SEED);
    cmd->stdin_path = strdup(script);
    if (!cmd->params || !cmd->stdin_path || wl_push_arg(cmd, "%s", wl_sqlite.program) || wl_push_arg(cmd, "-batch")
        || wl_push_arg(cmd, ":memory:") || set_output(&sqlite_real, p, cmd))
        return out_of_memory("sqlite", err, errlen);
    return 0;
}

REAL_VERIFY(sqlite_verify, sqlite_real)

const struct workload wl_sqlite = {
    "sqlite", "sqlite3 shell on an in-memory database: generated inserts, indexes, joins, grouping, window functions",
    false, 1, "sqlite3", "/usr/bin/sqlite3", sqlite_prepare, sqlite_command, sqlite_verify,
};
