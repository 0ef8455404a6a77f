"""tests/history/test_history_cli.py NGBENCH CASE SOURCE_ROOT: `ngbench history`
and `ngbench gate --baseline-db` on constructed results files, in a real
SQLite database (read back here with Python's sqlite3). Each CASE is one
meson test."""
import hashlib
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gate"))
from results_fixture import Workspace, bench, check, document, lognormal, run_case  # noqa: E402

W = Workspace(sys.argv[1])
ROOT = sys.argv[3]
DB = W.path("history.db")


def results(name, commit, date, factor=1.0, seed=0, **context):
    """A results file of one commit: glibc and jemalloc on xmalloc, 10 runs each."""
    doc = document(bench(lognormal(factor, 0.02, 10, seed)),
                   bench(lognormal(2 * factor, 0.02, 10, seed + 100), allocator="jemalloc"),
                   git_commit=commit, date=date, **context)
    return W.write(name, doc), doc


def history(*args):
    return W.ngbench_run("history", *args)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def fresh_db():
    for suffix in ("", "-journal"):
        if os.path.exists(DB + suffix):
            os.remove(DB + suffix)


def one_line_error(rc, err, *words):
    return rc == 2 and err.count("\n") == 1 and err.startswith("ngbench ") and all(w in err for w in words)


def medians(doc, allocator, field="wall_s"):
    values = [r[field] for r in doc["runs"] if r["allocator"] == allocator and not r["warmup"]]
    med = statistics.median(values)
    return med, statistics.median(abs(v - med) for v in values)


def two_commits_are_listed_and_trended():
    """The issue's 'done when': two files of two commits in one database."""
    fresh_db()
    a, doc_a = results("a.json", "aaa111", "2026-12-01T10:00:00Z", 1.0, seed=1)
    b, doc_b = results("b.json", "bbb222", "2026-12-02T10:00:00Z", 1.1, seed=2)
    rc, out, err = history("add", b, a, "--db=" + DB, "--branch=main")
    check(rc == 0 and "b.json: imported as #1 (commit bbb222, 20 runs)" in out
          and "a.json: imported as #2 (commit aaa111, 20 runs)" in out, (rc, out, err))
    rc, out, err = history("list", "--db=" + DB)
    lines = [l for l in out.splitlines() if l.startswith("#")]
    check(rc == 0 and len(lines) == 2, (rc, out, err))
    # Oldest first by the results' date, whatever the order of import.
    check(lines and lines[0].split()[:4] == ["#2", "2026-12-01T10:00:00Z", "aaa111", "main"], lines)
    check(len(lines) > 1 and lines[1].split()[:4] == ["#1", "2026-12-02T10:00:00Z", "bbb222", "main"], lines)
    rc, out, err = history("show", "--db=" + DB, "--format=json")
    table = json.loads(out) if rc == 0 else {}
    check(rc == 0, (rc, err))
    rows = table.get("rows", [])
    check([r[0] for r in rows] == ["#2 aaa111", "#1 bbb222"], rows)
    headers = table.get("columns", [])
    check(headers[:3] == ["import", "glibc xmalloc size=tiny t1", "glibc xmalloc size=tiny t1 MAD"], headers)
    for row, doc in zip(rows, (doc_a, doc_b)):
        for column, allocator in ((1, "glibc"), (3, "jemalloc")):
            med, mad = medians(doc, allocator)
            check(abs(row[column] - med) < 1e-3 * med and abs(row[column + 1] - mad) < 0.05 * mad + 1e-4,
                  (allocator, row, med, mad))
    rc, out, _ = history("show", "--db=" + DB)
    check(rc == 0 and out.splitlines()[0] == "wall by import: median and MAD of the measured ok runs", out)


def table_json(out):
    """Rows of `history show --format=json` as {label: [cells...]}."""
    doc = json.loads(out)
    return doc["columns"], {r[0]: r[1:] for r in doc["rows"]}


def readding_changes_nothing_and_says_so():
    fresh_db()
    a, _ = results("a.json", "aaa111", "2026-12-01T10:00:00Z")
    rc, _, _ = history("add", a, "--db=" + DB)
    before = digest(DB)
    rc, out, err = history("add", a, "--db=" + DB, "--branch=other")
    check(rc == 0 and out == "%s: already imported as #1 (commit aaa111, from %s): nothing changed\n" % (a, a),
          (rc, out, err))
    check(digest(DB) == before, "the database file is byte for byte the same")
    # The same context with other runs (a matrix resumed after its import) is refused.
    doc = W.read("a.json")
    doc["runs"][0]["wall_s"] *= 2
    grown = W.write("a-grown.json", doc)
    rc, out, err = history("add", grown, "--db=" + DB)
    check(one_line_error(rc, err, "a-grown.json", "#1", "same context", "nothing imported"), (rc, err))
    check(digest(DB) == before, "a refused import changes nothing")
    # One transaction per file: a file before the refused one stays imported, one after it is not tried.
    b, _ = results("b.json", "bbb222", "2026-12-02T10:00:00Z")
    c, _ = results("c.json", "ccc333", "2026-12-03T10:00:00Z")
    rc, out, err = history("add", b, grown, c, "--db=" + DB)
    check(one_line_error(rc, err, "a-grown.json") and out == "%s: imported as #2 (commit bbb222, 20 runs)\n" % b,
          (rc, out, err))
    con = sqlite3.connect(DB)
    check(con.execute("SELECT git_commit FROM imports ORDER BY id").fetchall() == [("aaa111",), ("bbb222",)],
          "b.json imported, c.json not tried")
    con.close()


def malformed_file_imports_nothing():
    fresh_db()
    good, _ = results("good.json", "aaa111", "2026-12-01T10:00:00Z")
    bad = W.write("bad.json", '{"schema_version": 1, "context": {}, "runs": [{"allocator": 3}]}')
    rc, out, err = history("add", good, bad, "--db=" + DB)
    check(one_line_error(rc, err, "bad.json") and out == "", (rc, out, err))
    check(not os.path.exists(DB), "no database made when a file is refused before any import")
    other, _ = results("other.json", "bbb222", "2026-12-02T10:00:00Z")
    history("add", other, "--db=" + DB)
    before = digest(DB)
    rc, _, err = history("add", good, W.write("cut.json", '{"schema_version": 1, "context": {'), "--db=" + DB)
    check(one_line_error(rc, err, "cut.json"), (rc, err))
    check(digest(DB) == before, "nothing imported, not even the good file")


def databases_that_are_not_ours_are_refused_unchanged():
    a, _ = results("a.json", "aaa111", "2026-12-01T10:00:00Z")
    text = W.write("notes.db", "these are notes, not a database\n" * 100)
    foreign = W.path("foreign.db")
    if os.path.exists(foreign):
        os.remove(foreign)
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.commit()
    con.close()
    for path, words in ((text, ["notes.db", "not an SQLite database"]),
                        (foreign, ["foreign.db", "not an ngbench history"])):
        before = digest(path)
        for args in (["add", a], ["list"], ["show"], ["plot", "--output=" + W.path("x.svg")]):
            rc, _, err = history(*args, "--db=" + path)
            check(one_line_error(rc, err, *words), (path, args, rc, err))
        rc, _, err = W.ngbench_run("gate", "--baseline-db=" + path, "--current=" + a)
        check(one_line_error(rc, err, *words), (path, "gate", rc, err))
        check(digest(path) == before, "%s unchanged" % path)
    rc, _, err = history("list", "--db=" + W.path("absent.db"))
    check(one_line_error(rc, err, "absent.db") and not os.path.exists(W.path("absent.db")), (rc, err))
    folder = W.path("a-folder.db")
    os.makedirs(folder, exist_ok=True)
    for args in (["add", a], ["list"]):
        rc, _, err = history(*args, "--db=" + folder)
        check(one_line_error(rc, err, "a-folder.db", "a directory") and os.listdir(folder) == [], (args, rc, err))


def newer_schema_is_refused():
    fresh_db()
    a, _ = results("a.json", "aaa111", "2026-12-01T10:00:00Z")
    history("add", a, "--db=" + DB)
    con = sqlite3.connect(DB)
    check(con.execute("PRAGMA user_version").fetchone()[0] == 1, "schema version 1")
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()
    before = digest(DB)
    for args in (["add", a], ["list"], ["show"]):
        rc, _, err = history(*args, "--db=" + DB)
        check(one_line_error(rc, err, "history schema 2 is newer than this ngbench's (1)"), (args, rc, err))
    check(digest(DB) == before, "unchanged")


def locked_database_is_refused_unchanged():
    fresh_db()
    a, _ = results("a.json", "aaa111", "2026-12-01T10:00:00Z")
    b, _ = results("b.json", "bbb222", "2026-12-02T10:00:00Z")
    history("add", a, "--db=" + DB)
    holder = sqlite3.connect(DB, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for args in (["add", b], ["list"], ["show"]):
            started = time.monotonic()
            rc, _, err = history(*args, "--db=" + DB)
            check(one_line_error(rc, err, "locked by another process"), (args, rc, err))
            check(time.monotonic() - started < 60, "gave up on the lock")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    con = sqlite3.connect(DB)
    check(con.execute("SELECT count(*) FROM imports").fetchone()[0] == 1, "b.json was not imported")
    con.close()


def schema_is_the_documented_one():
    fresh_db()
    a, _ = results("a.json", "aaa111", "2026-12-01T10:00:00Z")
    history("add", a, "--db=" + DB, "--branch=main")
    con = sqlite3.connect(DB)
    check(con.execute("PRAGMA application_id").fetchone()[0] == 0x4E474248, "application_id NGBH")
    with open(os.path.join(ROOT, "docs", "results-format.md")) as f:
        doc = f.read().split("## The history database", 1)[-1]
    for table in ("imports", "runs"):
        real = [row[1] for row in con.execute("PRAGMA table_info(%s)" % table)]
        section = doc.split("Table `%s`" % table, 1)[-1].split("\n\n", 2)[1]
        documented = [name for cell in re.findall(r"^\| ([^|]+) \|", section, re.M)
                      for name in re.findall(r"`([a-z_]+)`", cell)]
        check(real == documented, (table, real, documented))
    stored = con.execute("SELECT git_commit, branch, host, date, file FROM imports").fetchall()
    check(stored == [("aaa111", "main", "ci-runner", "2026-12-01T10:00:00Z", a)], stored)
    runs = [json.loads(r[0]) for r in con.execute("SELECT run FROM runs ORDER BY position")]
    check(runs == W.read("a.json")["runs"], "every run stored whole")
    con.close()


def selection_and_metrics():
    fresh_db()
    paths = [results("r%d.json" % i, "c%d" % i, "2026-12-0%dT10:00:00Z" % (i + 1), 1 + i / 10, seed=i,
                     host="h")[0] for i in range(4)]
    history("add", *paths[:2], "--db=" + DB, "--branch=main")
    history("add", *paths[2:], "--db=" + DB, "--branch=topic")
    rc, out, _ = history("show", "--db=" + DB, "--allocator=jemalloc", "--format=json")
    headers, rows = table_json(out)
    check(rc == 0 and headers == ["import", "jemalloc xmalloc size=tiny t1", "jemalloc xmalloc size=tiny t1 MAD"]
          and list(rows) == ["#1 c0", "#2 c1", "#3 c2", "#4 c3"], (rc, headers, rows))
    rc, out, _ = history("show", "--db=" + DB, "--branch=main", "--last=1", "--format=json")
    check(rc == 0 and list(table_json(out)[1]) == ["#2 c1"], out)
    rc, out, _ = history("list", "--db=" + DB, "--branch=topic")
    check(rc == 0 and [l.split()[0] for l in out.splitlines() if l.startswith("#")] == ["#3", "#4"], out)
    rc, out, _ = history("show", "--db=" + DB, "--metric=rss", "--format=csv")
    check(rc == 0 and "2048" in out, out)
    rc, out, err = history("show", "--db=" + DB, "--workload=larson")
    check(one_line_error(rc, err, "no runs selected"), (rc, err))
    rc, _, err = history("show", "--db=" + DB, "--metric=no-such-counter")
    check(one_line_error(rc, err, "no-such-counter"), (rc, err))
    rc, _, err = history("show", "--db=" + DB, "--branch=nobody")
    check(one_line_error(rc, err, "no imports"), (rc, err))


def plot_draws_the_trend_with_names_as_data():
    fresh_db()
    hostile = "it's `id` $(id) \"q\""
    for i in range(2):
        doc = document(bench(lognormal(1 + i / 10, 0.02, 10, i), allocator=hostile),
                       git_commit="c%d" % i, date="2026-12-0%dT10:00:00Z" % (i + 1))
        history("add", W.write("p%d.json" % i, doc), "--db=" + DB)
    out_svg = W.path("trend.svg")
    rc, out, err = history("plot", "--db=" + DB, "--output=" + out_svg)
    check(rc == 0 and out == "wrote %s\n" % out_svg, (rc, out, err))
    check(os.path.getsize(out_svg) > 0, "an image")
    with open(out_svg + ".gp") as f:
        script = f.read()
    # The name is one single-quoted gnuplot string (its quote doubled), so
    # nothing in it reaches the script as code; gnuplot drew it (rc 0).
    check(" title 'it''s `id` $(id) \"q\" xmalloc size=tiny t1' dt 1" in script, script)
    with open(out_svg) as f:
        check("xmalloc size=tiny t1" in f.read(), "the series is drawn under its name")
    rc, _, err = history("plot", "--db=" + DB)
    check(one_line_error(rc, err, "--output"), (rc, err))


def gate_takes_its_baseline_from_the_database():
    fresh_db()
    for i in range(4):
        p, _ = results("m%d.json" % i, "m%d" % i, "2026-12-0%dT10:00:00Z" % (i + 1), 1.0, seed=10 + i)
        history("add", p, "--db=" + DB, "--branch=main")
    p, _ = results("t.json", "t0", "2026-12-09T10:00:00Z", 1.5, seed=20)
    history("add", p, "--db=" + DB, "--branch=topic")
    cur, _ = results("head.json", "head", "2026-12-10T10:00:00Z", 1.2, seed=30)
    rc, out, err = W.ngbench_run("gate", "--baseline-db=" + DB, "--branch=main", "--last=3", "--current=" + cur,
                                 "--format=json")
    rep = json.loads(out) if out else {"benchmarks": []}
    check(rc == 1 and all(r["verdict"] == "REGRESSED" for r in rep["benchmarks"]), (rc, err, rep["benchmarks"]))
    check([r["baseline"]["samples"] for r in rep["benchmarks"]] == [30, 30], "3 imports of 10 runs pooled")
    rc, out, _ = W.ngbench_run("gate", "--baseline-db=" + DB, "--branch=main", "--current=" + cur,
                               "--format=json")
    check([r["baseline"]["samples"] for r in json.loads(out)["benchmarks"]] == [40, 40], "all 4 of main (last 5)")
    rc, out, _ = W.ngbench_run("gate", "--baseline-db=" + DB, "--last=1", "--current=" + cur, "--format=json")
    rows = json.loads(out)["benchmarks"]
    check([r["verdict"] for r in rows] == ["IMPROVED", "IMPROVED"], "the newest of any branch: topic's +50%")
    rc, _, err = W.ngbench_run("gate", "--baseline-db=" + DB, "--branch=nobody", "--current=" + cur)
    check(one_line_error(rc, err, "no imports of branch nobody"), (rc, err))
    for args in (["--baseline=" + cur, "--baseline-db=" + DB], ["--baseline=" + cur, "--branch=main"],
                 ["--baseline-db=" + DB, "--last=0"]):
        rc, _, err = W.ngbench_run("gate", *args, "--current=" + cur)
        check(one_line_error(rc, err), (args, rc, err))


def usage_errors():
    a, _ = results("a.json", "aaa111", "2026-12-01T10:00:00Z")
    for args in ([], ["frobnicate", "--db=" + DB], ["add", a], ["add", "--db=" + DB],
                 ["list", "--db=" + DB, "extra"], ["show", "--db=" + DB, "--output=x.svg"],
                 ["add", a, "--db=" + DB, "--metric=cpu"], ["show", "--db=" + DB, "--last=0"],
                 ["show", "--db=" + DB, "--workload=a,,b"], ["show", "--db=" + DB, "--format=html"],
                 ["plot", "--db=" + DB, "--output=x.pdf"]):
        rc, _, err = history(*args)
        check(rc == 2 and (err.count("\n") == 1 or not args), (args, rc, err))
    # Names echoed in messages are quoted: a control character cannot make a second line.
    rc, _, err = history("list", "--db=" + W.path("bad\nname.db"))
    check(one_line_error(rc, err, "bad\\nname.db"), (rc, err))
    rc, _, err = history("frob\x1b[2J", "--db=" + DB)
    check(one_line_error(rc, err, "frob\\x1b[2J"), (rc, err))
    rc, out, _ = history("--help")
    check(rc == 0 and "history add FILE..." in out, out)
    rc, out, _ = W.ngbench_run("--help")
    check("history" in out, "ngbench --help lists history")


if __name__ == "__main__":
    run_case([two_commits_are_listed_and_trended, readding_changes_nothing_and_says_so,
              malformed_file_imports_nothing, databases_that_are_not_ours_are_refused_unchanged,
              newer_schema_is_refused, locked_database_is_refused_unchanged, schema_is_the_documented_one,
              selection_and_metrics, plot_draws_the_trend_with_names_as_data,
              gate_takes_its_baseline_from_the_database, usage_errors])
