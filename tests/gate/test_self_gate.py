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

# Answers `run` by copying the baseline to --out (or failing) and logging
# its arguments; `gate` with the statuses of STUB_GATE in turn ("3:7" = exit
# 3 asking for 7 repetitions a side; the last one repeats), one per report
# in text, the JSON report telling the same answer's repeats_needed.
STUB = r"""#!/bin/sh
case "$1" in
run) [ "$STUB_RUN" = ok ] || { echo "stub: run failed" >&2; exit 1; }
     echo "$*" >> "$STUB_RESULTS.log"
     for a; do case "$a" in --out=*) cp "$STUB_RESULTS" "${a#--out=}";; esac; done ;;
gate) case "$*" in
      *--format=json*) k=$(cat "$STUB_RESULTS.gates") ;;
      *) k=$(( $(cat "$STUB_RESULTS.gates" 2>/dev/null || echo 0) + 1 )); echo "$k" > "$STUB_RESULTS.gates"
         echo "stub gate $*" ;;
      esac
      answer=$(echo "$STUB_GATE" | tr , '\n' | sed -n "1,${k}p" | tail -1)
      need=${answer#*:}; [ "$need" = "$answer" ] && need=null
      case "$*" in *--format=json*) echo "{\"repeats_needed\": $need}" ;; esac
      exit "${answer%%:*}" ;;
esac
"""


def self_gate(run="ok", gate="0", *args):
    """Runs ci/self-gate.sh on the stub; (exit status, stdout, stderr, the stub's run calls)."""
    stub = W.write("ngbench-stub", STUB)
    os.chmod(stub, stat.S_IRWXU)
    results = W.write("results.json", open(BASELINE).read())
    for leftover in (results + ".log", results + ".gates"):
        if os.path.exists(leftover):
            os.remove(leftover)
    env = dict(os.environ, NGBENCH=stub, STUB_RUN=run, STUB_GATE=str(gate), STUB_RESULTS=results)
    p = subprocess.run(["bash", SCRIPT, *args], capture_output=True, text=True, env=env, timeout=60)
    runs = open(results + ".log").read().splitlines() if os.path.exists(results + ".log") else []
    return p.returncode, p.stdout, p.stderr, runs


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
        rc, out, _, runs = self_gate("ok", status)
        check(rc == status, "gate exit %d -> self-gate exit %d" % (status, rc))
        check("--metric=instructions" in out and "--baseline=ci/baseline.json" in out, out)
        check(len(runs) == 1 and "--repeat=3 " in runs[0] and "--resume" not in runs[0], runs)


def inconclusive_measures_more_and_gates_again():
    rc, out, _, runs = self_gate("ok", "3:7,0")
    check(rc == 0, "settled on the second gate, got %d" % rc)
    check(len(runs) == 2 and "--repeat=7 " in runs[1] and runs[1].endswith("--resume"), runs)
    check("measuring the current build up to 7 repetitions" in out and out.count("stub gate") == 2, out)
    # Never past 10 repetitions: then the gate's last word stands.
    rc, out, _, runs = self_gate("ok", "3:40")
    check(rc == 3 and len(runs) == 2 and "--repeat=10 " in runs[1], (rc, runs))
    check(out.count("stub gate") == 2, out)


def failed_measurement_fails_and_keeps_the_baseline():
    with open(BASELINE, "rb") as f:
        before = f.read()
    rc, _, err, _ = self_gate("fail", 0)
    check(rc == 1 and "measurement failed" in err, (rc, err))
    rc, _, err, _ = self_gate("fail", 0, "--refresh")
    check(rc == 1 and "kept" in err, (rc, err))
    with open(BASELINE, "rb") as f:
        check(f.read() == before, "the baseline is untouched")
    check(not os.path.exists(BASELINE + ".new"), "no half-made baseline left")
    rc, _, err, _ = self_gate("ok", 0, "--bogus")
    check(rc == 2 and "usage" in err, (rc, err))


if __name__ == "__main__":
    run_case([committed_baseline_is_exact_against_itself, verdict_is_passed_through,
              inconclusive_measures_more_and_gates_again, failed_measurement_fails_and_keeps_the_baseline])
