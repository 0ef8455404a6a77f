#!/usr/bin/env python3
"""test_scripts.py ROOT: the benchmark scripts' reports, on made-up results
files: footprint.py --from (ratios, the 1.3x target, its exit status),
nextgen/targets.py --from (issue 14's targets per condition, its exit
status) and scaling/servers.py (medians per server count, ratios to
mimalloc)."""
import json
import os
import subprocess
import sys
import tempfile

ROOT = sys.argv[1]
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("check failed:", what)


def run(workload, threads, allocator, wall, rss_kb, warmup=False, status="ok"):
    return {"workload": workload, "threads": threads, "allocator": allocator, "wall_s": wall,
            "max_rss_kb": rss_kb, "warmup": warmup, "status": status}


def results(runs):
    return {"schema_version": 1, "context": {}, "runs": runs}


def footprint(tmp):
    runs = []
    for rss_ng, rss_mi, w in ((1300, 1000, "fits"), (1400, 1000, "over")):
        for rep in range(3):
            runs += [run(w, 1, "nextgen", 2.0, rss_ng + rep), run(w, 1, "mimalloc", 1.0, rss_mi + rep),
                     run(w, 1, "glibc", 1.5, 900)]
    for _ in range(2):   # enough to move the medians, were they counted
        runs.append(run("fits", 1, "nextgen", 9.9, 99999, warmup=True))        # warm-ups don't count
        runs.append(run("fits", 1, "nextgen", 9.9, 99999, status="timeout"))   # nor failed runs
    path = os.path.join(tmp, "fp.json")
    json.dump(results(runs), open(path, "w"))
    p = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks/nextgen/footprint.py"), "--from", path],
                       capture_output=True, text=True)
    lines = {l.split()[0]: l for l in p.stdout.splitlines() if l and l.split()[0] in ("fits", "over")}
    check(p.returncode == 1, f"footprint exit status {p.returncode}, want 1")
    check("1.30x" in lines.get("fits", "") and "over target" not in lines.get("fits", ""), lines.get("fits"))
    check("1.40x" in lines.get("over", "") and "over target" in lines["over"], lines.get("over"))
    check("2.00x" in lines.get("fits", ""), "time ratio of fits")
    check("missed on over" in p.stdout, p.stdout)


def servers(tmp):
    d = os.path.join(tmp, "sweep")
    os.mkdir(d)
    json.dump(results([run("xmalloc", 8, "mimalloc", 1.0, 1), run("xmalloc", 8, "mimalloc", 1.2, 1),
                       run("xmalloc", 8, "nextgen", 4.0, 1), run("xmalloc", 8, "nextgen", 3.0, 1)]),
              open(os.path.join(d, "servers-1.json"), "w"))
    json.dump(results([run("xmalloc", 8, "nextgen", 1.1, 1), run("xmalloc", 8, "nextgen", 1.1, 1)]),
              open(os.path.join(d, "servers-4.json"), "w"))
    p = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks/scaling/servers.py"), d],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"servers.py exit {p.returncode}: {p.stderr}")
    row = next((l for l in p.stdout.splitlines() if l.startswith("xmalloc")), "")
    check("1.100" in row and "3.500 ( 3.18x)" in row and "1.100 ( 1.00x)" in row, row)
    check("ng x1" in p.stdout and "ng x4" in p.stdout, p.stdout)
    bad = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks/scaling/servers.py"), tmp],
                         capture_output=True, text=True)
    check(bad.returncode != 0 and "no servers-N.json" in bad.stderr, bad.stderr)


def targets(tmp):
    d = os.path.join(tmp, "targets")
    os.mkdir(d)
    script = os.path.join(ROOT, "benchmarks/nextgen/targets.py")
    pair = lambda w, t, ng, mi, rss_ng=1000: [run(w, t, "nextgen", ng, rss_ng), run(w, t, "mimalloc", mi, 1000)]
    # quick: every workload within 1.25x, but a geometric mean over 1.00x
    json.dump(results(pair("larson", 2, 1.2, 1.0) + pair("xmalloc", 2, 1.1, 1.0, 1400)),
              open(os.path.join(d, "quick.json"), "w"))
    json.dump(results(pair("xalan", 1, 0.9, 1.0) + pair("glibc-simple", 1, 1.3, 1.0) + pair("malloc-large", 1, 1.0, 1.0)),
              open(os.path.join(d, "alone.json"), "w"))
    json.dump(results(pair("xalan", 1, 1.1, 1.0) + pair("larson", 2, 1.2, 1.0)), open(os.path.join(d, "busy.json"), "w"))
    p = subprocess.run([sys.executable, script, "--from", d], capture_output=True, text=True)
    out = p.stdout
    check(p.returncode == 1, f"targets exit status {p.returncode}, want 1: {p.stderr}")
    check("every workload at most 1.25x (worst larson 1.20x): met" in out, out)
    check("geometric mean at most 1.0x (1.15x): MISSED" in out, out)
    check("peak RSS at most 1.3x on every workload (worst xmalloc 1.40x): MISSED" in out, out)
    check("xalan at most 0.95x (0.90x): met" in out and "glibc-simple at most 1.25x (1.30x): MISSED" in out, out)
    check("xalan at most 1.15x (1.10x): met" in out and "geometric mean at most 1.15x (1.15x): met" in out, out)
    one = subprocess.run([sys.executable, script, "--from", d, "--only", "busy"], capture_output=True, text=True)
    check(one.returncode == 0, f"targets --only busy exit {one.returncode}")
    bad = subprocess.run([sys.executable, script, "--only", "idle"], capture_output=True, text=True)
    check(bad.returncode == 2 and "--only takes" in bad.stderr, bad.stderr)
    missing = subprocess.run([sys.executable, script, "--from", tmp], capture_output=True, text=True)
    check(missing.returncode == 2 and "no results for condition" in missing.stderr, missing.stderr)


with tempfile.TemporaryDirectory() as tmp:
    footprint(tmp)
    targets(tmp)
    servers(tmp)
print("failures:", failures)
sys.exit(1 if failures else 0)
