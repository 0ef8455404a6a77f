#!/usr/bin/env python3
"""benchmarks/gate/measure_defaults.py: how often does `ngbench gate` raise a
false alarm on repeated runs of one build (A/A), and how often does it catch
a real 5% slowdown (A/B), at candidate settings? The figures in RESULTS.md
come from this script; the gate's defaults (ci/gate_cmd.c) from those figures.

Method:
  1. Pools of real runs, collected on this machine: the glibc-simple workload
     binary (build/workloads/glibc-simple) run as A (--iterations=N) and as B
     (--iterations=1.05 N: 5% more work, a real slowdown), alternating A B A B
     so that drift in machine load hits both. Each run is a fresh process,
     timed fork to reap like `ngbench run` (wall clock, plus rusage). The
     pools are written as gzipped ngbench results files (pool-A.json.gz,
     pool-B.json.gz); pools/ keeps the ones RESULTS.md was computed from.
  2. Comparisons by resampling the pools, 100 of each kind per setting:
       A/A random       two disjoint sets of n runs drawn from anywhere in pool A
       A/A interleaved  a window of 2n consecutive A runs, even ones against
                        odd ones: base and head run in alternating rounds
       A/A blocked      n consecutive A runs against the next n: base run
                        first, then head, as a naive CI job does
       A/B interleaved  n consecutive A runs against the n B runs that ran
                        between them
     The 100 comparisons of a kind become 100 benchmarks of one pair of
     results files, gated in one `ngbench gate --format=json` call.
  3. For each setting, each kind's verdicts are counted: REGRESSED (a false
     alarm on A/A, a detection on A/B), INCONCLUSIVE (exit 3: CI must add
     repetitions), and passed (UNCHANGED or IMPROVED: a miss on A/B).
  4. What CI then does (ci/examples/, docs/gate.md): for the interleaved
     kinds, each INCONCLUSIVE comparison is grown to the repetitions a side
     the gate asked for (repeats_needed, at most --max-rounds), from the same
     start in the pool, and gated again, until it is settled or the gate asks
     for no more than it has. Counted again, with the mean rounds it took
     and how many times a comparison was gated again (mean, largest).
Resampled comparisons share runs, so they are not independent trials; the
pool size bounds how much they can tell (say so next to the figures).

With --busy=K, K busy-looping processes compete for the 2 cores while the
pools are collected: the loaded shared CI machine at its worst.

usage: measure_defaults.py [--build=build] [--pool=300] [--iterations=40] [--busy=K] [--out=DIR]
                           [--pools=DIR] [--comparisons=100] [--metrics=wall,cpu]
                           [--thresholds=1,2,3] [--alphas=0.01,0.05] [--ns=5,10,20,30,50]
                           [--max-rounds=50]
--pools=DIR gates the pools an earlier run wrote to DIR instead of collecting new ones.
"""
import argparse
import gzip
import json
import os
import platform
import random
import re
import subprocess
import sys
import time

METRICS = {"wall": lambda r: r["wall_s"], "cpu": lambda r: r["user_s"] + r["sys_s"]}


def timed_run(argv):
    """One fresh process, timed fork to reap; its resource usage from wait4."""
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - start
    return {"status": "ok" if os.waitstatus_to_exitcode(status) == 0 else "failed",
            "wall_s": wall, "user_s": ru.ru_utime, "sys_s": ru.ru_stime, "max_rss_kb": ru.ru_maxrss}


def collect_pools(binary, iterations, pool):
    """The A and B runs, and the 1-minute load average after each pair."""
    slow = round(iterations * 1.05)
    runs = {"A": [], "B": []}
    loads = []
    for i in range(pool):
        for name, iters in (("A", iterations), ("B", slow)):
            r = timed_run([binary, "--iterations=%d" % iters])
            r["iterations"] = iters
            runs[name].append(r)
        loads.append(os.getloadavg()[0])
    return runs, loads


def as_run(sample, trial, repetition):
    return {"allocator": "glibc", "workload": "glibc-simple", "params": {"size": "tiny", "trial": trial},
            "threads": 1, "repetition": repetition, "warmup": False, "status": sample["status"],
            "exit_code": 0, "signal": None, "wall_s": sample["wall_s"], "user_s": sample["user_s"],
            "sys_s": sample["sys_s"], "max_rss_kb": sample["max_rss_kb"], "minor_faults": 0,
            "major_faults": 0, "vol_ctx_switches": 0, "invol_ctx_switches": 0, "metrics": {},
            "counters": {}}


def document(context, per_trial_samples):
    runs = [as_run(s, t, i) for t, samples in enumerate(per_trial_samples) for i, s in enumerate(samples)]
    return {"schema_version": 1, "context": context, "runs": runs}


def comparisons(pools, n, count, rng):
    """For each kind of comparison, `count` functions of m giving (base, current)
    sample lists of m runs a side: m = n is the first gate, a larger m what CI
    adds on exit 3. Pools alternate A B A B in time, so A[i] and B[i] ran side
    by side. A window that would run past the pool's end is moved back."""
    a, b = pools["A"], pools["B"]
    kinds = {"aa_random": [], "aa_interleaved": [], "aa_blocked": [], "ab_interleaved": []}

    def at(start, width):
        return min(start, len(a) - width)

    for _ in range(count):
        drawn = rng.sample(a, 2 * n)
        kinds["aa_random"].append(lambda m, d=drawn: (d[:m], d[m:2 * m]))
        start = rng.randrange(len(a) - 2 * n + 1)
        kinds["aa_interleaved"].append(
            lambda m, s=start: (a[at(s, 2 * m):at(s, 2 * m) + 2 * m:2], a[at(s, 2 * m) + 1:at(s, 2 * m) + 2 * m:2]))
        kinds["aa_blocked"].append(lambda m, s=start: (a[at(s, 2 * m):at(s, 2 * m) + m],
                                                       a[at(s, 2 * m) + m:at(s, 2 * m) + 2 * m]))
        start = rng.randrange(len(a) - n + 1)
        kinds["ab_interleaved"].append(lambda m, s=start: (a[at(s, m):at(s, m) + m], b[at(s, m):at(s, m) + m]))
    return kinds


TRIAL = re.compile(r"trial=(\d+)")


def gate(ngbench, workdir, context, pairs, metric, threshold, alpha, n):
    """Gates the pairs as the benchmarks of one pair of files; for each pair,
    in order, (verdict, repeats_needed)."""
    base = os.path.join(workdir, "base.json")
    cur = os.path.join(workdir, "cur.json")
    with open(base, "w") as f:
        json.dump(document(context, [p[0] for p in pairs]), f)
    with open(cur, "w") as f:
        json.dump(document(context, [p[1] for p in pairs]), f)
    p = subprocess.run([ngbench, "gate", "--baseline=" + base, "--current=" + cur, "--format=json",
                        "--metric=" + metric,
                        "--threshold=%g" % threshold, "--alpha=%g" % alpha, "--min-repeats=%d" % n],
                       capture_output=True, text=True)
    if p.returncode == 2:
        sys.exit("gate failed: " + p.stderr)
    results = [None] * len(pairs)
    for row in json.loads(p.stdout)["benchmarks"]:
        results[int(TRIAL.search(row["benchmark"]).group(1))] = (row["verdict"], row["repeats_needed"])
    return results


def settle(gate_pairs, draws, first, n, max_rounds):
    """CI's answer to exit 3: grow each INCONCLUSIVE comparison to the
    repetitions the gate asked for (at most max_rounds) and gate it again,
    until it is settled or the gate asks for no more than it has. The final
    verdicts, the rounds each comparison took, and how many times each was
    gated again."""
    final, rounds, regates = list(first), [n] * len(first), [0] * len(first)
    pending = [i for i, (v, _) in enumerate(first) if v == "INCONCLUSIVE"]
    while pending:
        grown = []
        for i in pending:
            need = min(final[i][1] or max_rounds, max_rounds)
            if need > rounds[i]:
                rounds[i] = need
                regates[i] += 1
                grown.append(i)
        if not grown:
            break
        for i, result in zip(grown, gate_pairs([draws[i](rounds[i]) for i in grown])):
            final[i] = result
        pending = [i for i in grown if final[i][0] == "INCONCLUSIVE"]
    return final, rounds, regates


def tally(results):
    """regressed / inconclusive / passed (UNCHANGED or IMPROVED)."""
    verdicts = [v for v, _ in results]
    regressed, inconclusive = verdicts.count("REGRESSED"), verdicts.count("INCONCLUSIVE")
    return "%d / %d / %d" % (regressed, inconclusive, len(verdicts) - regressed - inconclusive)


def load_pool(path):
    with gzip.open(path, "rt") as f:
        return json.load(f)["runs"]


def number_list(text, kind):
    return [kind(v) for v in text.split(",")]


def median(x):
    s = sorted(x)
    k = len(s) // 2
    return s[k] if len(s) % 2 else (s[k - 1] + s[k]) / 2


def machine():
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return "%s, %d CPUs, %s, load average %s" % (model, os.cpu_count(), platform.platform(),
                                                  " ".join("%.2f" % v for v in os.getloadavg()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--pool", type=int, default=300)
    ap.add_argument("--iterations", type=int, default=40)
    ap.add_argument("--out", default="benchmarks/gate/out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--busy", type=int, default=0)
    ap.add_argument("--pools")
    ap.add_argument("--comparisons", type=int, default=100)
    ap.add_argument("--metrics", default="wall,cpu")
    ap.add_argument("--thresholds", default="1,2,3")
    ap.add_argument("--alphas", default="0.01,0.05")
    ap.add_argument("--ns", default="5,10,20,30,50")
    ap.add_argument("--max-rounds", type=int, default=50)
    args = ap.parse_args()
    ngbench = os.path.join(args.build, "ngbench")
    binary = os.path.join(args.build, "workloads", "glibc-simple")
    os.makedirs(args.out, exist_ok=True)
    context = {"host": platform.node(), "cpu_model": "", "cores": os.cpu_count(), "kernel": platform.release(),
               "allocators": {}, "matrix": {}}
    if args.pools:
        pools = {k: load_pool(os.path.join(args.pools, "pool-%s.json.gz" % k)) for k in ("A", "B")}
        print("pools from", args.pools)
    else:
        pools = collect(binary, args)
        for name in ("A", "B"):
            with gzip.open(os.path.join(args.out, "pool-%s.json.gz" % name), "wt") as f:
                json.dump(document(context, [pools[name]]), f)
    metrics = args.metrics.split(",")
    for metric in metrics:
        a, b = [METRICS[metric](r) for r in pools["A"]], [METRICS[metric](r) for r in pools["B"]]
        print("%s: pool medians A %.4f s, B %.4f s, B/A %.4f; MAD of A %.2f%% of its median"
              % (metric, median(a), median(b), median(b) / median(a),
                 100 * median([abs(v - median(a)) for v in a]) / median(a)))
    rng = random.Random(args.seed)
    print("\nEach cell: regressed / inconclusive / passed, of %d comparisons. 'then' columns: after CI"
          " grows each inconclusive comparison to the repetitions the gate asks for (at most %d); in"
          " brackets: mean repetitions a side; mean and largest number of times a comparison was gated"
          " again." % (args.comparisons, args.max_rounds))
    print("\n| metric | threshold % | alpha | n | A/A random | A/A interleaved | A/A blocked | A/B interleaved "
          "| then A/A interleaved | then A/B interleaved |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for metric in metrics:
        for threshold in number_list(args.thresholds, float):
            for alpha in number_list(args.alphas, float):
                for n in number_list(args.ns, int):
                    def gate_pairs(pairs):
                        return gate(ngbench, args.out, context, pairs, metric, threshold, alpha, n)
                    kinds = comparisons(pools, n, args.comparisons, rng)
                    first = {k: gate_pairs([draw(n) for draw in draws]) for k, draws in kinds.items()}
                    then = []
                    for k in ("aa_interleaved", "ab_interleaved"):
                        final, rounds, regates = settle(gate_pairs, kinds[k], first[k], n, args.max_rounds)
                        then.append("%s (%.1f; %.2f, %d)" % (tally(final), sum(rounds) / len(rounds),
                                                             sum(regates) / len(regates), max(regates)))
                    print("| %s | %g | %g | %d | %s | %s |" % (metric, threshold, alpha, n, " | ".join(
                          tally(first[k]) for k in ("aa_random", "aa_interleaved", "aa_blocked", "ab_interleaved")),
                          " | ".join(then)), flush=True)


def collect(binary, args):
    print("machine before:", machine())
    t0 = time.time()
    busy = [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(args.busy)]
    try:
        pools, loads = collect_pools(binary, args.iterations, args.pool)
    finally:
        for p in busy:
            p.kill()
            p.wait()
    print("collected %d A and %d B runs of --iterations=%d in %.0f s (%d busy loops); 1-minute load average"
          " during it: least %.2f, median %.2f, most %.2f; machine after: %s" %
          (len(pools["A"]), len(pools["B"]), args.iterations, time.time() - t0, args.busy, min(loads),
           median(loads), max(loads), machine()))
    return pools


if __name__ == "__main__":
    main()
