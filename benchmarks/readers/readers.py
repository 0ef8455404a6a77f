#!/usr/bin/env python3
"""benchmarks/readers/readers.py NGBENCH [--small] [--bound=S] [--keep=DIR]

How the readers of results files scale (issue 19): `ngbench report` on
results files of growing size (two allocators, one benchmark per workload
and allocator; and a million runs over 10,000 workloads) and `ngbench gate`
on pairs of files (100 benchmarks, growing repetitions). Prints each
reader's wall and CPU time and peak memory, the growth from 10x to 100x the
runs (about 10 when a reader is linear), and the issue's targets.

--small: only the small end, report on 20,000 runs over 10,000 workloads;
exit 1 if it takes longer than --bound seconds of CPU time (default 60).
The files are made up, deterministic (seed 42), written to a temporary
folder (or --keep=DIR) and removed afterwards.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ALLOCATORS = ("glibc", "mimalloc")


def write_results(path, workloads, reps, shift=1.0, seed=42):
    """workloads x ALLOCATORS x reps measured runs, streamed to path."""
    rng = random.Random(seed)
    context = {"host": "bench", "counters": {"backend": "perf"}, "matrix": {}}
    with open(path, "w") as f:
        f.write('{"schema_version": 1, "context": %s, "runs": [\n' % json.dumps(context))
        first = True
        for w in range(workloads):
            for a in ALLOCATORS:
                for r in range(reps):
                    run = {"allocator": a, "workload": "w%d" % w, "params": {"size": "tiny", "seed": 42},
                           "threads": 1, "repetition": r, "warmup": False, "status": "ok",
                           "exit_code": 0, "signal": None,
                           "wall_s": round(shift * rng.uniform(0.9, 1.1), 6), "user_s": 0.9, "sys_s": 0.1,
                           "max_rss_kb": 2048, "minor_faults": 100, "major_faults": 0,
                           "vol_ctx_switches": 1, "invol_ctx_switches": 1, "metrics": {}, "counters": {}}
                    f.write(("" if first else ",\n") + json.dumps(run))
                    first = False
        f.write("\n]}\n")
    return workloads * len(ALLOCATORS) * reps


def measure(argv):
    """Wall and CPU seconds and peak RSS (MB) of one command, which must exit 0 or 3."""
    start = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        sys.exit("%s failed (exit %d): %s" % (" ".join(argv), code, err.strip()))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def row(reader, runs, benchmarks, wall, cpu, rss):
    print("%-7s %10s %11s %9.2f %9.2f %10.0f" % (reader, "{:,}".format(runs), "{:,}".format(benchmarks),
                                                 wall, cpu, rss), flush=True)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) if "=" in a else (a[2:], "") for a in sys.argv[1:] if a.startswith("--"))
    if len(args) != 1:
        sys.exit(__doc__)
    ngbench = os.path.abspath(args[0])
    tmp = opts.get("keep") or tempfile.mkdtemp(prefix="ngbench-readers-")
    os.makedirs(tmp, exist_ok=True)
    print("load average before: %.1f %.1f %.1f on %d CPUs" % (*os.getloadavg(), os.cpu_count()))
    print("%-7s %10s %11s %9s %9s %10s" % ("reader", "runs", "benchmarks", "wall s", "cpu s", "max RSS MB"))
    try:
        if "small" in opts:
            path = os.path.join(tmp, "report-20000.json")
            runs = write_results(path, 10000, 1)
            wall, cpu, rss = measure([ngbench, "report", path])
            row("report", runs, runs, wall, cpu, rss)
            bound = float(opts.get("bound") or 60)
            print("report on 20,000 runs over 10,000 workloads: %.2f s CPU (bound %g s)" % (cpu, bound))
            return 0 if cpu <= bound else 1
        report = {}
        for runs_per_alloc in (1000, 10000, 100000):
            path = os.path.join(tmp, "report-%d.json" % runs_per_alloc)
            runs = write_results(path, runs_per_alloc, 1)
            report[runs] = measure([ngbench, "report", path])
            row("report", runs, runs, *report[runs])
            os.unlink(path)
        path = os.path.join(tmp, "report-million.json")
        runs = write_results(path, 10000, 50)
        million = measure([ngbench, "report", path])
        row("report", runs, 20000, *million)
        os.unlink(path)
        gate = {}
        for reps in (5, 50, 500):
            base, cur = os.path.join(tmp, "base.json"), os.path.join(tmp, "cur.json")
            runs = write_results(base, 50, reps)
            write_results(cur, 50, reps, shift=1.01, seed=43)
            gate[2 * runs] = measure([ngbench, "gate", "--baseline=" + base, "--current=" + cur, "--min-repeats=5"])
            row("gate", 2 * runs, 100, *gate[2 * runs])
        print()
        for name, series in (("report", report), ("gate", gate)):
            small, mid, big = sorted(series)
            print("%s: from %s to %s runs (10x to 100x the smallest) the time grows %.1fx wall, %.1fx CPU "
                  "(linear: 10x)" % (name, "{:,}".format(mid), "{:,}".format(big),
                                     series[big][0] / series[mid][0], series[big][1] / max(series[mid][1], 1e-3)))
        print("targets: report 20,000 runs/10,000 workloads within 10 s: %.2f s wall, %.2f s CPU"
              % report[20000][:2])
        print("         report 1,000,000 runs within 60 s and 1 GB: %.1f s wall, %.1f s CPU, %.0f MB" % million)
        print("         gate 100,000 runs within 60 s: %.1f s wall, %.1f s CPU" % gate[100000][:2])
        print("load average after: %.1f %.1f %.1f" % os.getloadavg())
    finally:
        if "keep" not in opts:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
