#!/usr/bin/env python3
"""targets.py [--repeat N] [--warmup K] [--only NAME,...] [--out DIR] [--from DIR]: issue 14's targets.

Each condition is one `ngbench run --allocator=nextgen,mimalloc` (nextgen is
mode auto), the two allocators' repetitions interleaved by the harness, and
is reported as nextgen's median wall time (and peak RSS) over mimalloc's,
against the issue's bound:

  quick   the quick set at each workload's default thread count: every
          workload at most 1.25x, geometric mean at most 1.00x; peak RSS at
          most 1.3x on every workload
  alone   one thread on CPU 0, nextgen's server told to take CPU 1
          (NGMALLOC_CPU=1): xalan at most 0.95x, glibc-simple and
          malloc-large at most 1.25x
  busy    one busy loop pinned to each CPU beside the program (started
          before the run, killed after): xalan, and the quick set's
          geometric mean, at most 1.15x

The machine's load average is printed before and after each condition: the
figures mean little without it. --out keeps the results files (one per
condition, NAME.json) in DIR; --from DIR reports them again without running.
Exit status 0 when every target measured is met, 1 when one is missed, 2 on
bad usage.
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile

from footprint import medians, NGBENCH

QUICK_EACH, QUICK_MEAN, RSS_BOUND = 1.25, 1.00, 1.3
ALONE = {"xalan": 0.95, "glibc-simple": 1.25, "malloc-large": 1.25}
BUSY_EACH_XALAN, BUSY_MEAN = 1.15, 1.15

CONDITIONS = {
    "quick": {"args": ["--workload=quick"], "env": {}, "busy": False},
    "alone": {"args": ["--workload=" + ",".join(ALONE), "--threads=1", "--cpus=0"],
              "env": {"NGMALLOC_CPU": "1"}, "busy": False},
    "busy": {"args": ["--workload=quick"], "env": {}, "busy": True},
}


def load():
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def busy_loops():
    """One spinning process pinned to each CPU this process may use."""
    loops = []
    for cpu in sorted(os.sched_getaffinity(0)):
        p = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        os.sched_setaffinity(p.pid, {cpu})
        loops.append(p)
    return loops


def run(name, args, out):
    cond = CONDITIONS[name]
    cmd = [NGBENCH, "run", "--allocator=nextgen,mimalloc", "--size=quick", f"--repeat={args.repeat}",
           f"--warmup={args.warmup}", "--out=" + out] + cond["args"]
    env = dict(os.environ, **cond["env"])
    print(f"== {name}: {' '.join(cmd[1:])}" + "".join(f" ({k}={v})" for k, v in cond["env"].items())
          + (" beside a busy loop per CPU" if cond["busy"] else ""), flush=True)
    print(f"   before: {load()}", flush=True)
    loops = busy_loops() if cond["busy"] else []
    try:
        rc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode
    finally:
        for p in loops:
            p.kill()
            p.wait()
    print(f"   after:  {load()}", flush=True)
    if rc != 0:
        sys.exit(f"targets.py: ngbench run failed for condition {name} (exit {rc})")


def ratios(path):
    """[(workload, threads, time ratio, RSS ratio, nextgen s, mimalloc s)]."""
    rows = []
    for (w, t), by in sorted(medians(path).items()):
        if "nextgen" in by and "mimalloc" in by:
            (ng_rss, ng_s), (mi_rss, mi_s) = by["nextgen"], by["mimalloc"]
            rows.append((w, t, ng_s / mi_s, ng_rss / mi_rss, ng_s, mi_s))
    return rows


def verdict(ok):
    return "met" if ok else "MISSED"


def report(name, rows):
    """Prints the condition's table and its targets; returns whether all were met."""
    print(f"\n{name}: {'workload':16} {'thr':>3} {'nextgen s':>10} {'mimalloc s':>10} {'time':>7} {'RSS':>7}")
    for w, t, tr, rr, ng_s, mi_s in rows:
        print(f"{'':{len(name) + 2}}{w:16} {t:3} {ng_s:10.3f} {mi_s:10.3f} {tr:6.2f}x {rr:6.2f}x")
    by_name = {w: (tr, rr) for w, t, tr, rr, _, _ in rows}
    mean = math.exp(sum(math.log(tr) for _, _, tr, _, _, _ in rows) / len(rows)) if rows else float("nan")
    checks = []
    if name == "quick":
        worst = max(rows, key=lambda r: r[2])
        checks.append((f"every workload at most {QUICK_EACH}x (worst {worst[0]} {worst[2]:.2f}x)",
                       worst[2] <= QUICK_EACH))
        checks.append((f"geometric mean at most {QUICK_MEAN}x ({mean:.2f}x)", mean <= QUICK_MEAN))
        worst_rss = max(rows, key=lambda r: r[3])
        checks.append((f"peak RSS at most {RSS_BOUND}x on every workload (worst {worst_rss[0]} "
                       f"{worst_rss[3]:.2f}x)", worst_rss[3] <= RSS_BOUND))
    elif name == "alone":
        for w, bound in ALONE.items():
            if w in by_name:
                checks.append((f"{w} at most {bound}x ({by_name[w][0]:.2f}x)", by_name[w][0] <= bound))
    else:
        if "xalan" in by_name:
            checks.append((f"xalan at most {BUSY_EACH_XALAN}x ({by_name['xalan'][0]:.2f}x)",
                           by_name["xalan"][0] <= BUSY_EACH_XALAN))
        checks.append((f"geometric mean at most {BUSY_MEAN}x ({mean:.2f}x)", mean <= BUSY_MEAN))
    print(f"{'':{len(name) + 2}}geometric mean of time ratios {mean:.2f}x over {len(rows)} workloads")
    for what, ok in checks:
        print(f"{'':{len(name) + 2}}target: {what}: {verdict(ok)}")
    return all(ok for _, ok in checks)


def main():
    ap = argparse.ArgumentParser(description="issue 14's targets, nextgen against mimalloc")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1, help="unrecorded runs before them (ngbench run's)")
    ap.add_argument("--only", default=",".join(CONDITIONS), help="conditions to run: quick, alone, busy")
    ap.add_argument("--out", help="keep the results files in this directory")
    ap.add_argument("--from", dest="source", help="report the results files in this directory")
    args = ap.parse_args()
    names = [n for n in args.only.split(",") if n]
    unknown = [n for n in names if n not in CONDITIONS]
    if unknown or not names or args.repeat < 1 or args.warmup < 0:
        print(f"targets.py: --only takes {', '.join(CONDITIONS)}; --repeat at least 1, --warmup at least 0",
              file=sys.stderr)
        return 2
    if not args.source and not os.path.exists(NGBENCH):
        print(f"targets.py: {NGBENCH} not found (build first: ninja -C build)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        where = args.source or args.out or tmp
        os.makedirs(where, exist_ok=True)
        met = True
        for name in names:
            path = os.path.join(where, name + ".json")
            if args.source:
                if not os.path.exists(path):
                    print(f"targets.py: {path}: no results for condition {name}", file=sys.stderr)
                    return 2
            else:
                if os.path.exists(path):
                    print(f"targets.py: {path} exists; give another --out", file=sys.stderr)
                    return 2
                run(name, args, path)
            met &= report(name, ratios(path))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
