#!/usr/bin/env python3
"""servers.py DIR: the NGMALLOC_SERVERS sweep made by run-servers-on-device.sh.

Reads DIR/servers-N.json and prints, per workload and thread count, the
median wall time of mimalloc and of nextgen with each server count, and
each one's ratio to mimalloc (measured in the servers-1 run).
"""
import glob
import json
import os
import re
import statistics
import sys


def medians(path):
    runs = {}
    for r in json.load(open(path))["runs"]:
        if r["warmup"] or r["status"] != "ok":
            continue
        runs.setdefault((r["workload"], r["threads"], r["allocator"]), []).append(r["wall_s"])
    return {k: statistics.median(v) for k, v in runs.items()}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: servers.py DIR")
    files = glob.glob(os.path.join(sys.argv[1], "servers-*.json"))
    if not files:
        sys.exit(f"servers.py: no servers-N.json in {sys.argv[1]}")
    by_count = {int(re.search(r"servers-(\d+)\.json$", os.path.basename(f)).group(1)): medians(f)
                for f in files}
    counts = sorted(by_count)
    base = by_count.get(1, {})
    cells = sorted({(w, t) for m in by_count.values() for (w, t, _) in m})
    print(f"{'workload':10} {'thr':>3} {'mimalloc s':>10} " +
          " ".join(f"{f'ng x{n} s (vs mi)':>20}" for n in counts))
    for w, t in cells:
        mi = base.get((w, t, "mimalloc"))
        line = f"{w:10} {t:3} " + (f"{mi:10.3f} " if mi else f"{'-':>10} ")
        for n in counts:
            ng = by_count[n].get((w, t, "nextgen"))
            if ng is None:
                line += f"{'-':>20} "
            else:
                line += f"{ng:11.3f} ({ng / mi:5.2f}x) " if mi else f"{ng:20.3f} "
        print(line)


if __name__ == "__main__":
    main()
