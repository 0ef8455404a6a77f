"""tests/gate/results_fixture.py: constructed ngbench results files for the
gate and merge tests (docs/results-format.md), and a way to run ngbench on
them. Values are deterministic: noise comes from a seeded generator."""
import json
import atexit
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

CONTEXT = {
    "date": "2026-11-26T01:00:00Z", "host": "ci-runner", "cpu_model": "Test CPU",
    "cores": 2, "kernel": "Linux 6.1.0", "compiler": "gcc 12.2.0",
    "ngbench_version": "0.1.0", "git_commit": "abc123", "cpus": None,
    "allocators": {"glibc": {"path": None, "version": "2.36", "bound_to": "libc.so.6"}},
    "counters": {"backend": "perf"},
    "matrix": {"allocators": ["glibc"], "workloads": ["xmalloc"], "threads": [1],
               "size": "tiny", "repeat": 10, "warmup": 1, "timeout_s": 60, "shard": None},
}


def noisy(center, n, spread, seed):
    """n values around center, each off by up to +-spread (a fraction)."""
    rng = random.Random(seed)
    return [center * (1 + spread * (2 * rng.random() - 1)) for _ in range(n)]


def lognormal(median, sigma, n, seed):
    """n values whose logarithms are normal around log(median), sd sigma:
    timings' usual shape (no value below 0, a long slow tail)."""
    rng = random.Random(seed)
    return [median * math.exp(rng.gauss(0, sigma)) for _ in range(n)]


def run(allocator="glibc", workload="xmalloc", params=None, threads=1, repetition=0,
        warmup=False, status="ok", wall=1.0, counters=None):
    r = {"allocator": allocator, "workload": workload,
         "params": dict(params or {"size": "tiny"}), "threads": threads,
         "repetition": repetition, "warmup": warmup, "status": status,
         "exit_code": 0 if status == "ok" else 1, "signal": None,
         "wall_s": wall, "user_s": wall * 0.9, "sys_s": wall * 0.1, "max_rss_kb": 2048,
         "minor_faults": 100, "major_faults": 0, "vol_ctx_switches": 1,
         "invol_ctx_switches": 1, "metrics": {}, "counters": counters or {}}
    if status != "ok":
        r["error"] = "constructed failure"
    return r


def bench(values, failed=0, warmups=(), **ident):
    """The runs of one benchmark: measured values, then failed runs, warm-ups."""
    runs = [run(repetition=i, wall=v, **ident) for i, v in enumerate(values)]
    runs += [run(repetition=len(values) + i, status="failed", wall=0.5, **ident) for i in range(failed)]
    runs += [run(repetition=i, warmup=True, wall=w, **ident) for i, w in enumerate(warmups)]
    return runs


def document(*benches, **context_changes):
    context = json.loads(json.dumps(CONTEXT))
    context.update(context_changes)
    return {"schema_version": 1, "context": context, "runs": [r for b in benches for r in b]}


class Workspace:
    """A temporary folder for results files, and the ngbench under test."""

    def __init__(self, ngbench):
        self.ngbench = ngbench
        self.dir = tempfile.mkdtemp(prefix="ngbench-gate-test-")
        atexit.register(shutil.rmtree, self.dir, True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, doc):
        with open(self.path(name), "w") as f:
            f.write(doc if isinstance(doc, str) else json.dumps(doc))
        return self.path(name)

    def read(self, name):
        with open(self.path(name)) as f:
            return json.load(f)

    def ngbench_run(self, *args):
        p = subprocess.run([self.ngbench, *args], capture_output=True, text=True, timeout=120)
        return p.returncode, p.stdout, p.stderr


FAILURES = []
CHECKS = [0]


def check(cond, what):
    """Records a failed check and goes on, so one run shows every failure."""
    CHECKS[0] += 1
    if not cond:
        FAILURES.append(what)
        print("check failed:", what, file=sys.stderr)


def run_case(cases):
    """argv: NGBENCH CASE. Runs the case so named; exit 1 on a failed check."""
    by_name = {f.__name__: f for f in cases}
    by_name[sys.argv[2]]()
    if CHECKS[0] == 0:
        FAILURES.append("the case checked nothing")
    print("%s: %d checks, %d failed" % (sys.argv[2], CHECKS[0], len(FAILURES)))
    sys.exit(1 if FAILURES else 0)
