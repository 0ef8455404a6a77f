"""tests/gate/test_merge_cli.py NGBENCH CASE: `ngbench merge` on constructed
results files: round trips, and refusals that leave the output untouched."""
import os
import sys

from results_fixture import Workspace, bench, check, document, noisy, run_case

W = Workspace(sys.argv[1])   # a temporary folder and the ngbench under test
VALUES = noisy(1.0, 4, 0.05, seed=9)


def shard_docs():
    """One matrix split in two shards, as two machines of one kind would write it."""
    a = document(bench(VALUES, warmups=[2.0]), bench(VALUES, threads=2))
    b = document(bench(VALUES, workload="larson"), bench(VALUES, workload="larson", threads=2),
                 date="2026-11-26T01:05:00Z")
    a["context"]["matrix"]["shard"] = "1/2"
    b["context"]["matrix"]["shard"] = "2/2"
    return a, b


def merge(*args):
    return W.ngbench_run("merge", *args)


def round_trip_keeps_every_run_once():
    a, b = shard_docs()
    rc, _, err = merge(W.write("a.json", a), W.write("b.json", b), "--out=" + W.path("all.json"))
    check(rc == 0 and err == "", (rc, err))
    out = W.read("all.json")
    check(out["runs"] == a["runs"] + b["runs"], "runs are the inputs' runs, in order, unchanged")
    check(out["context"]["matrix"]["shard"] is None, out["context"]["matrix"])
    check([m["shard"] for m in out["context"]["merged_from"]] == ["1/2", "2/2"], out["context"]["merged_from"])
    check(out["context"]["host"] == a["context"]["host"], out["context"]["host"])
    # The merged file is a results file like any other: the gate reads it
    # (4 samples of +-5% show no change within 10%, not within 2%).
    rc, _, _ = W.ngbench_run("gate", "--baseline=" + W.path("all.json"), "--current=" + W.path("all.json"),
                             "--min-repeats=4", "--threshold=10")
    check(rc == 0, "gate on the merged file exits 0, got %d" % rc)
    # Merging the merged file again with nothing new changes no run, and keeps its provenance.
    rc, _, _ = merge(W.path("all.json"), "--out=" + W.path("again.json"))
    again = W.read("again.json")
    check(rc == 0 and again["runs"] == out["runs"], "a merge of one file keeps its runs")
    check(again["context"]["merged_from"] == out["context"]["merged_from"], again["context"]["merged_from"])


def mismatched_context_is_refused_and_output_kept():
    a, b = shard_docs()
    b["context"]["kernel"] = "Linux 6.5.0"
    b["context"]["allocators"]["glibc"]["version"] = "2.38"
    W.write("all.json", "previous contents\n")
    rc, _, err = merge(W.write("a.json", a), W.write("b.json", b), "--out=" + W.path("all.json"))
    check(rc == 2 and err.startswith("ngbench merge: ") and err.count("\n") == 1, (rc, err))
    check("kernel" in err and "allocators.glibc.version" in err and "--allow-context-mismatch" in err, err)
    with open(W.path("all.json")) as f:
        check(f.read() == "previous contents\n", "the output file is untouched")
    check(sorted(os.listdir(W.dir)) == ["a.json", "all.json", "b.json"], "no temporary file left")


def mismatch_is_merged_when_allowed():
    a, b = shard_docs()
    b["context"]["host"] = "node-7"
    rc, _, err = merge(W.write("a.json", a), W.write("b.json", b), "--allow-context-mismatch",
                       "--out=" + W.path("all.json"))
    check(rc == 0 and "warning" in err and "node-7" in err, (rc, err))
    out = W.read("all.json")
    check(len(out["runs"]) == len(a["runs"]) + len(b["runs"]), len(out["runs"]))
    check([m["host"] for m in out["context"]["merged_from"]] == ["ci-runner", "node-7"], out["context"]["merged_from"])


def named_fields_may_differ_and_no_others():
    a, b = shard_docs()
    b["context"]["host"] = "node-7"
    pa, pb = W.write("a.json", a), W.write("b.json", b)
    rc, _, err = merge(pa, pb, "--allow-context-mismatch=host", "--out=" + W.path("all.json"))
    check(rc == 0 and "warning" in err and "node-7" in err, (rc, err))
    b["context"]["kernel"] = "Linux 6.5.0"
    pb = W.write("b.json", b)
    rc, _, err = merge(pa, pb, "--allow-context-mismatch=host", "--out=" + W.path("all2.json"))
    check(rc == 2 and "kernel" in err and err.count("\n") == 1, (rc, err))
    check(not os.path.exists(W.path("all2.json")), "nothing written")
    rc, _, _ = merge(pa, pb, "--allow-context-mismatch=host,kernel", "--out=" + W.path("all2.json"))
    check(rc == 0, "host and kernel tolerated, got %d" % rc)
    rc, _, err = merge(pa, pb, "--allow-context-mismatch=hostname", "--out=" + W.path("all3.json"))
    check(rc == 2 and "hostname" in err and err.count("\n") == 1, (rc, err))


def differing_dates_and_commits_are_not_alike():
    a, b = shard_docs()
    rc, _, _ = merge(W.write("a.json", a), W.write("b.json", b), "--out=" + W.path("all.json"))
    check(rc == 0, "a different date is no mismatch, got %d" % rc)
    b["context"]["git_commit"] = "def456"
    rc, _, err = merge(W.write("a.json", a), W.write("b.json", b), "--out=" + W.path("all2.json"))
    check(rc == 2 and "git_commit" in err, (rc, err))


def duplicate_runs_are_refused():
    a, _ = shard_docs()
    rc, _, err = merge(W.write("a.json", a), W.write("a2.json", a), "--out=" + W.path("all.json"))
    check(rc == 2 and "a2.json" in err and "also in" in err and err.count("\n") == 1, (rc, err))
    check(not os.path.exists(W.path("all.json")), "nothing written")
    twice = document(bench(VALUES), bench(VALUES))
    rc, _, err = merge(W.write("twice.json", twice), "--out=" + W.path("all.json"))
    check(rc == 2 and "twice.json" in err, (rc, err))


def unreadable_input_is_refused_and_output_kept():
    a, _ = shard_docs()
    W.write("all.json", a)
    before = W.read("all.json")
    rc, _, err = merge(W.path("all.json"), W.write("bad.json", '{"schema_version": 1, "runs": ['),
                       "--out=" + W.path("all.json"))
    check(rc == 2 and "bad.json" in err and err.count("\n") == 1, (rc, err))
    check(W.read("all.json") == before, "the output file is untouched")
    rc, _, err = merge(W.path("absent.json"), "--out=" + W.path("all.json"))
    check(rc == 2 and "absent.json" in err, (rc, err))


def output_may_be_one_of_the_inputs():
    a, b = shard_docs()
    rc, _, err = merge(W.write("all.json", a), W.write("b.json", b), "--out=" + W.path("all.json"))
    check(rc == 0, (rc, err))
    check(W.read("all.json")["runs"] == a["runs"] + b["runs"], "appended in place")


def usage_errors():
    a, _ = shard_docs()
    path = W.write("a.json", a)
    for args in ([path], ["--out=" + W.path("x.json")], [path, "--out="], [path, "--out=x", "--bogus"]):
        rc, _, err = merge(*args)
        check(rc == 2 and err.startswith("ngbench merge: ") and err.count("\n") == 1, (args, rc, err))
    rc, out, _ = merge("--help")
    check(rc == 0 and "--allow-context-mismatch" in out and "exit status" in out, out)
    rc, _, err = merge(path, "--out=" + W.path("no-such-dir/all.json"))
    check(rc == 2 and "no-such-dir" in err and err.count("\n") == 1, (rc, err))


CASES = [
    round_trip_keeps_every_run_once, mismatched_context_is_refused_and_output_kept,
    mismatch_is_merged_when_allowed, named_fields_may_differ_and_no_others,
    differing_dates_and_commits_are_not_alike,
    duplicate_runs_are_refused, unreadable_input_is_refused_and_output_kept,
    output_may_be_one_of_the_inputs, usage_errors,
]


if __name__ == "__main__":
    run_case(CASES)
