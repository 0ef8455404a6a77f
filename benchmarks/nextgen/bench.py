#!/usr/bin/env python3
"""bench.py [--reps N] [--xml-mb MB] [--lib PATH]: NextGen-Malloc side by side.

(a) the cost of a malloc+free pair served from the stock (pairbench.c),
    batch 1 and batch 100, 64-byte blocks;
(b) Xalan transforming an XMark-like document (gen_xmark.py, >= 10 MB).
Allocators: nextgen (offload), nextgen-sync, nextgen-inline, mimalloc,
glibc, repetitions interleaved so machine noise hits all alike. The program
runs on CPU 0; nextgen's server on the last CPU (its own core). Prints the
machine, medians, and each allocator's ratio to mimalloc.
"""
import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MIMALLOC = "/usr/lib/x86_64-linux-gnu/libmimalloc.so.2"


def allocators(lib):
    ng = lambda mode: {"LD_PRELOAD": lib, "NGMALLOC_MODE": mode}
    return [("nextgen", ng("offload")), ("nextgen-sync", ng("sync")),
            ("nextgen-inline", ng("inline")), ("mimalloc", {"LD_PRELOAD": MIMALLOC}),
            ("glibc", {})]


def machine():
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                  if l.startswith("model name")), "unknown")
    return (f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
            f"load average {os.getloadavg()[0]:.2f} at start")


def run(cmd, env_extra, cpu, last_cpu):
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    env.update(env_extra)
    env["NGMALLOC_CPU"] = str(last_cpu)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    out = subprocess.run(["taskset", "-c", str(cpu)] + cmd, env=env, check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True).stdout
    wall = time.perf_counter() - t0
    return out, wall, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def report(title, unit, samples, names):
    base = statistics.median(samples["mimalloc"])
    print(f"\n{title}")
    print(f"  {'allocator':16} {'median':>10} {'min':>10}  ratio to mimalloc")
    for n in names:
        med = statistics.median(samples[n])
        print(f"  {n:16} {med:10.3f} {min(samples[n]):10.3f}  {med / base:6.2f}x   ({unit})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--xml-mb", type=float, default=12)
    ap.add_argument("--lib", default=os.path.join(ROOT, "build/allocators/nextgen/libngmalloc.so"))
    args = ap.parse_args()
    if not os.path.exists(args.lib):
        sys.exit(f"bench.py: {args.lib} not found (build first: ninja -C build)")
    last_cpu = max(os.sched_getaffinity(0))
    allocs = allocators(args.lib)
    names = [n for n, _ in allocs]
    print("machine:", machine())
    print(f"program on CPU 0, nextgen server on CPU {last_cpu}; {args.reps} interleaved repetitions")
    with tempfile.TemporaryDirectory() as tmp:
        pair = os.path.join(tmp, "pairbench")
        subprocess.run(["cc", "-O2", "-fno-builtin", "-o", pair, os.path.join(HERE, "pairbench.c")], check=True)
        xml = os.path.join(tmp, "xmark.xml")
        with open(xml, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_xmark.py"), str(args.xml_mb)], stdout=f, check=True)
        print(f"Xalan input: {os.path.getsize(xml) / 1e6:.1f} MB")
        xsl = os.path.join(HERE, "xmark.xsl")
        for batch in (1, 100):
            samples = {n: [] for n in names}
            for _ in range(args.reps):
                for n, env in allocs:
                    out, _, _ = run([pair, "64", str(batch), "2000000", "5"], env, 0, last_cpu)
                    samples[n].append(float(out))
            report(f"(a) malloc(64)+free pair, batch {batch}", "ns per pair", samples, names)
        walls = {n: [] for n in names}
        rss = {n: [] for n in names}
        reference = None
        for _ in range(args.reps):
            for n, env in allocs:
                outfile = os.path.join(tmp, f"out-{n}.xml")
                _, wall, _ = run(["/usr/bin/time", "-f", "%M", "-o", outfile + ".rss",
                                  "Xalan", "-o", outfile, xml, xsl], env, 0, last_cpu)
                walls[n].append(wall)
                rss[n].append(int(open(outfile + ".rss").read().split()[-1]) / 1024)
                data = open(outfile, "rb").read()
                reference = reference or data
                if data != reference:
                    sys.exit(f"bench.py: Xalan output under {n} differs")
        report("(b) Xalan wall time", "seconds", walls, names)
        report("    Xalan peak RSS", "MiB", rss, names)


if __name__ == "__main__":
    main()
