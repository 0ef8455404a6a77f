"""tests/gate/test_self_gate.py NGBENCH CASE SOURCE_ROOT: the project's own
gate. The committed baseline must be a results file that the gate reads as
exact (ci/README.md); ci/self-gate.sh must pass the gate's verdict through
and never damage the baseline. The real measurement needs the nextgen
allocator and Valgrind, so the script is driven here by a stub ngbench."""
import json
import os
import stat
import subprocess
import sys

from results_fixture import Workspace, check, run_case

W = Workspace(sys.argv[1])   # a temporary folder and the ngbench under test
ROOT = sys.argv[3]
BASELINE = os.path.join(ROOT, "ci", "baseline.json")
SCRIPT = os.path.join(ROOT, "ci", "self-gate.sh")

# Answers `run` by copying the baseline to --out (or failing), `gate` with a given status.
STUB = """#!/bin/sh
case "$1" in
run) [ "$STUB_RUN" = ok ] || { echo "stub: run failed" >&2; exit 1; }
     for a; do case "$a" in --out=*) cp "$STUB_RESULTS" "${a#--out=}";; esac; done ;;
gate) echo "stub gate $*"; exit "$STUB_GATE" ;;
esac
"""


def self_gate(run="ok", gate=0, *args):
    stub = W.write("ngbench-stub", STUB)
    os.chmod(stub, stat.S_IRWXU)
    env = dict(os.environ, NGBENCH=stub, STUB_RUN=run, STUB_GATE=str(gate), STUB_RESULTS=BASELINE)
    p = subprocess.run(["bash", SCRIPT, *args], capture_output=True, text=True, env=env, timeout=60)
    return p.returncode, p.stdout, p.stderr


def committed_baseline_is_exact_against_itself():
    rc, out, err = W.ngbench_run("gate", "--baseline=" + BASELINE, "--current=" + BASELINE, "--format=json",
                                 "--metric=instructions", "--min-repeats=3", "--threshold=2")
    check(rc == 0, (rc, err))
    rows = json.loads(out)["benchmarks"] if rc == 0 else []
    check(len(rows) == 1 and rows[0]["exact"] and rows[0]["verdict"] == "UNCHANGED", rows)
    check(rows and rows[0]["benchmark"].startswith("nextgen-inline glibc-simple"), rows)
    check(rows and rows[0]["baseline"]["samples"] == 3, rows)


def verdict_is_passed_through():
    for status in (0, 1, 3):
        rc, out, _ = self_gate("ok", status)
        check(rc == status, "gate exit %d -> self-gate exit %d" % (status, rc))
        check("--metric=instructions" in out and "--baseline=ci/baseline.json" in out, out)


def failed_measurement_fails_and_keeps_the_baseline():
    with open(BASELINE, "rb") as f:
        before = f.read()
    rc, _, err = self_gate("fail", 0)
    check(rc == 1 and "measurement failed" in err, (rc, err))
    rc, _, err = self_gate("fail", 0, "--refresh")
    check(rc == 1 and "kept" in err, (rc, err))
    with open(BASELINE, "rb") as f:
        check(f.read() == before, "the baseline is untouched")
    check(not os.path.exists(BASELINE + ".new"), "no half-made baseline left")
    rc, _, err = self_gate("ok", 0, "--bogus")
    check(rc == 2 and "usage" in err, (rc, err))


if __name__ == "__main__":
    run_case([committed_baseline_is_exact_against_itself, verdict_is_passed_through,
              failed_measurement_fails_and_keeps_the_baseline])
