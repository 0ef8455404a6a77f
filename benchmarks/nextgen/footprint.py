#!/usr/bin/env python3
"""footprint.py [--repeat N] [--workload SET] [--out FILE] [--from FILE]: peak RSS against mimalloc.

Runs `ngbench run --allocator=nextgen,mimalloc,glibc` over a workload set
(default quick), repetitions interleaved by the harness, and prints for every
workload the median peak RSS of each allocator and nextgen's ratio to
mimalloc's, against the issue's target (at most 1.3x), plus the wall-time
ratio for context. --from re-reads a results file instead of running.
Exit status 1 when a workload misses the target.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NGBENCH = os.path.join(ROOT, "build/ngbench")
TARGET = 1.3
ALLOCATORS = ("nextgen", "mimalloc", "glibc")


def run_matrix(args, out):
    cmd = [NGBENCH, "run", "--allocator=" + ",".join(ALLOCATORS), "--workload=" + args.workload,
           f"--repeat={args.repeat}", "--out=" + out]
    if subprocess.run(cmd).returncode != 0:
        sys.exit("footprint.py: ngbench run failed")


def medians(path):
    """{(workload, threads): {allocator: (median RSS MiB, median wall s)}}."""
    runs = {}
    for r in json.load(open(path))["runs"]:
        if r["warmup"] or r["status"] != "ok":
            continue
        key = (r["workload"], r["threads"])
        runs.setdefault(key, {}).setdefault(r["allocator"], []).append((r["max_rss_kb"] / 1024, r["wall_s"]))
    return {k: {a: tuple(statistics.median(col) for col in zip(*v)) for a, v in by.items()}
            for k, by in runs.items()}


def report(table):
    print(f"{'workload':16} {'thr':>3} " + " ".join(f"{a + ' MiB':>13}" for a in ALLOCATORS)
          + "   RSS ng/mi   time ng/mi")
    missed = []
    for (w, t), by in sorted(table.items()):
        if not all(a in by for a in ALLOCATORS[:2]):
            continue
        ratio = by["nextgen"][0] / by["mimalloc"][0]
        cells = " ".join(f"{by[a][0]:13.1f}" if a in by else f"{'-':>13}" for a in ALLOCATORS)
        flag = "" if ratio <= TARGET else "  over target"
        print(f"{w:16} {t:3} {cells}   {ratio:9.2f}x   {by['nextgen'][1] / by['mimalloc'][1]:8.2f}x{flag}")
        if ratio > TARGET:
            missed.append(w)
    print(f"target: nextgen peak RSS at most {TARGET}x mimalloc's; "
          + (f"missed on {', '.join(missed)}" if missed else "met on every workload"))
    return not missed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workload", default="quick")
    ap.add_argument("--out", help="keep the results file here")
    ap.add_argument("--from", dest="source", help="report an existing results file")
    args = ap.parse_args()
    if args.source:
        return 0 if report(medians(args.source)) else 1
    if not os.path.exists(NGBENCH):
        sys.exit(f"footprint.py: {NGBENCH} not found (build first: ninja -C build)")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or os.path.join(tmp, "footprint.json")
        run_matrix(args, out)
        return 0 if report(medians(out)) else 1


if __name__ == "__main__":
    sys.exit(main())
