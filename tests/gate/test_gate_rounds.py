"""tests/gate/test_gate_rounds.py NGBENCH CASE SOURCE_ROOT: ci/gate-rounds.sh,
which the ci/examples/ jobs run: base and head measured in interleaved
rounds, and rounds added while the gate is inconclusive, up to what the
gate asks for and never past --max-rounds. Driven by a stub ngbench that
logs its calls and answers the gate from a script, so every path is
checked without timing anything."""
import json
import os
import stat
import subprocess
import sys

from results_fixture import Workspace, check, run_case

W = Workspace(sys.argv[1])
SCRIPT = os.path.join(sys.argv[3], "ci", "gate-rounds.sh")

# Logs each call; `run` touches --out (or fails at STUB_FAIL_AT=--repeat=N);
# `gate --format=json` answers the next of STUB_GATES ("3:25" = exit 3
# asking for 25 repetitions a side; the last answer repeats), a report in
# another format repeats the last answer's status.
STUB = r'''#!/bin/sh
echo "$*" >> "$STUB_LOG"
if [ "$1" = run ]; then
    for a; do
        [ "$a" = "$STUB_FAIL_AT" ] && exit 1
        case "$a" in --out=*) : >> "${a#--out=}";; esac
    done
    exit 0
fi
k=$(cat "$STUB_LOG.gates" 2>/dev/null || echo 0)
case "$*" in
*--format=json*) k=$((k + 1)); echo "$k" > "$STUB_LOG.gates" ;;
*) for last; do :; done; echo "stub report $last" ;;
esac
# The k-th answer, or the last when there are fewer.
answer=$(echo "$STUB_GATES" | tr , '\n' | sed -n "1,${k}p" | tail -1)
need=${answer#*:}; [ "$need" = "$answer" ] && need=null
case "$*" in *--format=json*) echo "{\"repeats_needed\": $need}" ;; esac
exit "${answer%%:*}"
'''


def gate_rounds(gates, *args, fail_at=None):
    stub = W.write("ngbench-stub", STUB)
    os.chmod(stub, stat.S_IRWXU)
    log = W.path("calls.log")
    for leftover in (log, log + ".gates"):
        if os.path.exists(leftover):
            os.remove(leftover)
    env = dict(os.environ, NGBENCH=stub, STUB_LOG=log, STUB_GATES=gates)
    if fail_at:
        env["STUB_FAIL_AT"] = fail_at
    p = subprocess.run(["bash", SCRIPT, "--base=/b/lib.so", "--head=/h/lib.so", "--dir=" + W.dir, *args],
                       capture_output=True, text=True, env=env, timeout=60)
    calls = open(log).read().splitlines() if os.path.exists(log) else []
    return p.returncode, p.stdout, p.stderr, calls


def expected_runs(first, last):
    """Round i: base then head, --repeat=i, --resume once the file exists."""
    runs = []
    for i in range(first, last + 1):
        for side, lib in (("base", "/b/lib.so"), ("head", "/h/lib.so")):
            resume = " --resume" if i > 1 else ""
            runs.append("run --allocator=mine:%s --workload=xmalloc --size=tiny --repeat=%d --out=%s/%s.json%s"
                        % (lib, i, W.dir, side, resume))
    return runs


def inconclusive_adds_rounds_up_to_what_the_gate_asks():
    rc, out, err, calls = gate_rounds("3:14,0", "--rounds=10", "--format=md", "--threshold=3", "--",
                                      "--workload=xmalloc", "--size=tiny")
    runs = [c for c in calls if c.startswith("run ")]
    gates = [c for c in calls if c.startswith("gate ")]
    check(rc == 0, (rc, err))
    check(runs == expected_runs(1, 14), runs)
    gated_at = [i for i, c in enumerate(calls) if c.startswith("gate ")]
    check(gated_at == [20, 29, 30], "gated after round 10, then after 14: %s" % gated_at)
    check(all("--min-repeats=10" in g and "--threshold=3" in g for g in gates), gates)
    check(len(gates) == 3 and gates[-1].endswith("--format=md") and out == "stub report --format=md\n", (gates, out))
    check("inconclusive after 10 rounds; measuring up to 14" in err, err)


def rounds_stop_at_max_rounds_and_stay_inconclusive():
    rc, _, _, calls = gate_rounds("3:500", "--rounds=5", "--max-rounds=12", "--", "--workload=xmalloc",
                                  "--size=tiny")
    runs = [c for c in calls if c.startswith("run ")]
    check(rc == 3, "still inconclusive at --max-rounds exits 3, got %d" % rc)
    check(runs == expected_runs(1, 12), runs)
    check(len([c for c in calls if c.startswith("gate ")]) == 3, calls)


def settled_verdicts_are_final():
    for status in ("0", "1", "2"):
        rc, _, _, calls = gate_rounds(status, "--rounds=3", "--", "--workload=xmalloc", "--size=tiny")
        check(rc == int(status), (status, rc))
        check(len([c for c in calls if c.startswith("run ")]) == 6, (status, calls))
    # An inconclusive gate that asks for no more than it has: nothing to add.
    rc, _, _, calls = gate_rounds("3", "--rounds=3", "--", "--workload=xmalloc", "--size=tiny")
    check(rc == 3 and len([c for c in calls if c.startswith("run ")]) == 6, (rc, calls))


def a_failed_run_fails():
    rc, _, err, calls = gate_rounds("0", "--rounds=4", "--", "--workload=xmalloc", "--size=tiny",
                                    fail_at="--repeat=3")
    check(rc == 1 and "round 3 of base failed" in err, (rc, err))
    check(not any(c.startswith("gate ") for c in calls), calls)


def usage_errors():
    for args in (["--rounds=0"], ["--rounds=x"], ["--max-rounds=3", "--rounds=5"], ["--frobnicate"]):
        rc, _, err, calls = gate_rounds("0", *args)
        check(rc == 2 and err.startswith("ci/gate-rounds.sh: ") and err.count("\n") == 1 and not calls,
              (args, rc, err))
    p = subprocess.run(["bash", SCRIPT, "--base=/b/lib.so"], capture_output=True, text=True, timeout=60)
    check(p.returncode == 2 and "--head" in p.stderr, p.stderr)


if __name__ == "__main__":
    run_case([inconclusive_adds_rounds_up_to_what_the_gate_asks, rounds_stop_at_max_rounds_and_stay_inconclusive,
              settled_verdicts_are_final, a_failed_run_fails, usage_errors])
