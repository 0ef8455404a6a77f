#!/usr/bin/env python3
"""threads.py [--threads N,...] [--pairs K] [--reps R] [--timeout S] [--modes LIST]: many live threads.

Issue 21 item 2's target: N live allocating threads (threads.c: each makes
K malloc/free pairs and keeps a block until all have started) cost at most
2x glibc's time per thread, in every mode of libngmalloc.so. Compiles
threads.c, runs it under glibc and each mode, repetitions interleaved, and
prints the median time per thread and its ratio to glibc's; a run past
--timeout seconds counts as a miss. Exit status 0 when every mode meets the
target at every N, 1 otherwise, 2 on bad usage.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LIB = os.path.join(ROOT, "build/allocators/nextgen/libngmalloc.so")
TARGET = 2.0


def per_thread_us(exe, n, pairs, mode, timeout):
    """Microseconds a thread, or None past the timeout."""
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    if mode != "glibc":
        env.update(LD_PRELOAD=LIB, NGMALLOC_MODE=mode)
    try:
        p = subprocess.run([exe, str(n), str(pairs)], env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if p.returncode != 0:
        sys.exit(f"threads.py: {mode} at {n} threads failed (exit {p.returncode}): {p.stderr.strip()}")
    return float(p.stdout.split(", ")[-1].split()[0])


def main():
    ap = argparse.ArgumentParser(description="many live threads, libngmalloc.so's modes against glibc")
    ap.add_argument("--threads", default="5000,20000")
    ap.add_argument("--pairs", type=int, default=100)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--modes", default="auto,offload,inplace,sync,inline")
    args = ap.parse_args()
    try:
        counts = [int(n) for n in args.threads.split(",")]
    except ValueError:
        counts = []
    modes = [m for m in args.modes.split(",") if m]
    if not counts or min(counts) < 1 or args.pairs < 0 or args.reps < 1 or not modes:
        print("threads.py: --threads takes counts >= 1, --reps at least 1, --modes at least one mode",
              file=sys.stderr)
        return 2
    if not os.path.exists(LIB):
        print(f"threads.py: {LIB} not found (build first: ninja -C build)", file=sys.stderr)
        return 2
    met = True
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "threads")
        subprocess.run(["cc", "-O2", "-pthread", os.path.join(HERE, "threads.c"), "-o", exe], check=True)
        print(f"load average {os.getloadavg()[0]:.2f} at start")
        for n in counts:
            times = {m: [] for m in ["glibc"] + modes}
            for _ in range(args.reps):
                for m in times:
                    times[m].append(per_thread_us(exe, n, args.pairs, m, args.timeout))
            base = statistics.median(times["glibc"]) if None not in times["glibc"] else None
            print(f"{n} threads, {args.pairs} pairs each: us a thread (median of {args.reps}), ratio to glibc")
            for m, ts in times.items():
                if None in ts or base is None:
                    print(f"  {m:8} past {args.timeout:.0f} s in {ts.count(None)} of {len(ts)} runs")
                    met &= m == "glibc" and base is not None
                    continue
                ratio = statistics.median(ts) / base
                miss = m != "glibc" and ratio > TARGET
                met &= not miss
                print(f"  {m:8} {statistics.median(ts):10.1f} {ratio:7.2f}x" + ("  over target" if miss else ""))
        print(f"load average {os.getloadavg()[0]:.2f} at end; target: at most {TARGET}x glibc's time per thread: "
              + ("met" if met else "missed"))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
