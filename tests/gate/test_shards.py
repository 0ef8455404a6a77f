"""tests/gate/test_shards.py NGBENCH CASE: what the gate relies on in
`ngbench run`. `--shard=I/N` slices a matrix so that the shards, merged, hold
every run of the whole matrix exactly once, with all allocators of a
(workload, threads) block together; --resume grows a file round by round, as
ci/examples/ measure base and head. Which runs a shard makes is checked on
`--dry-run`'s list (the same loop as a real matrix, nothing run) over 9
(workload, threads) blocks and two allocators; merging real shards, and
growing files by --resume, run a few fast workloads at size tiny."""
import json
import subprocess
import sys
from collections import Counter

from results_fixture import Workspace, check, run_case

W = Workspace(sys.argv[1])   # a temporary folder and the ngbench under test
MATRIX = ["--allocator=glibc,jemalloc", "--workload=glibc-simple,xmalloc,larson,cache-scratch,mstress",
          "--size=tiny", "--threads=1,2",
          "--repeat=1", "--warmup=0"]
# Measured for real: 3 blocks (glibc-simple has one thread count), 6 runs.
SMALL_MATRIX = ["--allocator=glibc,jemalloc", "--workload=glibc-simple,xmalloc", "--size=tiny",
                "--threads=1,2", "--repeat=1", "--warmup=0"]


def run_matrix(name, *extra, matrix=SMALL_MATRIX):
    rc, _, err = W.ngbench_run("run", *matrix, *extra, "--out=" + W.path(name))
    check(rc == 0, ("ngbench run", extra, rc, err))
    return W.read(name) if rc == 0 else {"runs": []}


def planned(*extra, matrix=MATRIX):
    """The runs `--dry-run` lists, as a results document's runs would hold them."""
    rc, out, err = W.ngbench_run("run", *matrix, *extra, "--dry-run")
    check(rc == 0 and err == "", ("ngbench run --dry-run", extra, rc, err))
    return {"runs": [json.loads(line) for line in out.splitlines()]}


def run_keys(doc):
    """What identifies a run (docs/results-format.md), params compared as objects."""
    return Counter((r["allocator"], r["workload"], json.dumps(r["params"], sort_keys=True), r["threads"],
                    r["warmup"], r["repetition"]) for r in doc["runs"])


def blocks(doc):
    return {(r["workload"], r["threads"]) for r in doc["runs"]}


def shards_cover_the_matrix_exactly_once():
    whole = planned()
    n_blocks = len(blocks(whole))
    check(n_blocks == 9 and len(whole["runs"]) == 18, "the whole matrix has 9 blocks of 2 runs")
    for n in sorted({1, 2, 3, n_blocks + 1}):
        shards = [planned("--shard=%d/%d" % (i, n)) for i in range(1, n + 1)]
        union = sum((run_keys(s) for s in shards), Counter())
        check(union == run_keys(whole), "shards of %d together are the whole matrix" % n)
        check(all(c == 1 for c in union.values()), "no run in two shards of %d" % n)
        owners = Counter(b for s in shards for b in blocks(s))
        check(all(c == 1 for c in owners.values()), "each block in one shard of %d: %s" % (n, owners))
        for s in shards:
            for block in blocks(s):
                allocators = {r["allocator"] for r in s["runs"] if (r["workload"], r["threads"]) == block}
                check(allocators == {"glibc", "jemalloc"}, "block %s keeps its allocators together" % (block,))


def shards_are_deterministic():
    check(run_keys(planned("--shard=2/3")) == run_keys(planned("--shard=2/3")),
          "the same shard twice is the same slice")


def merged_shards_equal_the_whole_matrix():
    """Real runs: each shard records which it is, and merged they are the
    whole matrix's runs, as --dry-run listed them."""
    whole = run_matrix("whole.json")
    check(run_keys(whole) == run_keys(planned(matrix=SMALL_MATRIX)), "--dry-run lists the runs a matrix makes")
    paths = []
    for i in (1, 2, 3):
        shard = run_matrix("s%d.json" % i, "--shard=%d/3" % i)
        check(shard["context"]["matrix"]["shard"] == "%d/3" % i, "shard %d records which it is" % i)
        paths.append(W.path("s%d.json" % i))
    rc, _, err = W.ngbench_run("merge", *paths, "--out=" + W.path("merged.json"))
    check(rc == 0, (rc, err))
    merged = W.read("merged.json")
    check(run_keys(merged) == run_keys(whole), "merged shards hold the whole matrix's runs")
    check(merged["context"]["matrix"]["shard"] is None, merged["context"]["matrix"])
    # Merging a shard twice is refused: it would count its runs twice.
    rc, _, err = W.ngbench_run("merge", paths[0], paths[0], "--out=" + W.path("twice.json"))
    check(rc == 2 and "also in" in err, (rc, err))


def interleaved_rounds_grow_by_resume():
    """ci/examples measure base and head in alternating rounds: round i reruns
    the matrix with --repeat=i --resume, adding repetition i-1 only."""
    for i in (1, 2, 3):
        for side in ("base.json", "head.json"):
            resume = ["--resume"] if i > 1 else []
            rc, _, err = W.ngbench_run("run", "--allocator=glibc", "--workload=glibc-simple,larson", "--size=tiny",
                                       "--repeat=%d" % i, "--warmup=1", "--out=" + W.path(side), *resume)
            check(rc == 0, (i, side, rc, err))
    for side in ("base.json", "head.json"):
        doc = W.read(side)
        keys = run_keys(doc)
        check(all(c == 1 for c in keys.values()), "no run twice in " + side)
        measured = Counter((r["workload"], r["threads"]) for r in doc["runs"] if not r["warmup"])
        check(measured and set(measured.values()) == {3}, "3 measured runs per block in %s: %s" % (side, measured))
    rc, out, _ = W.ngbench_run("gate", "--baseline=" + W.path("base.json"), "--current=" + W.path("head.json"),
                               "--min-repeats=3", "--metric=rss", "--format=json")
    check(rc in (0, 1, 3), "the gate reads 3 rounds, got %d" % rc)
    rows = json.loads(out)["benchmarks"] if rc != 2 else []
    check(rows and all(r["baseline"]["samples"] == r["current"]["samples"] == 3 for r in rows), rows)
    check(all(r["why"] != "fewer samples than --min-repeats" for r in rows), "the gate decides on 3 rounds")


def bad_shards_are_usage_errors():
    for spec in ("0/3", "4/3", "1/0", "x", "1/2/3"):
        p = subprocess.run([W.ngbench, "run", *MATRIX, "--shard=" + spec, "--out=" + W.path("bad.json")],
                           capture_output=True, text=True, timeout=60)
        check(p.returncode == 2 and p.stderr.count("\n") == 1, (spec, p.returncode, p.stderr))


if __name__ == "__main__":
    run_case([shards_cover_the_matrix_exactly_once, shards_are_deterministic,
              merged_shards_equal_the_whole_matrix, interleaved_rounds_grow_by_resume,
              bad_shards_are_usage_errors])
