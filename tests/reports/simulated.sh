#!/bin/sh
# Runs made under --pmu=cachegrind are labelled simulated wherever their
# times appear (table titles and headers, figure titles, the model's line
# that would say measured), counters cachegrind does not simulate are
# footnoted with that reason, and the model refuses a miss penalty without
# cycles (exit 2, one line, nothing on stdout) instead of printing NaN.
# usage: simulated.sh NGBENCH FIXTURE
set -u
ngbench=$1 fixture=$2
. "$(dirname "$0")/expect.sh"

# A file as --pmu=cachegrind writes it: only simulated counters.
sim=$tmp/sim.json
jq '.runs |= map(select(.workload == "larson") | .counters |= with_entries(select(.value.source == "simulated")))
    | .context.counters = {"backend": "cachegrind"}' "$fixture" >"$sim"

expect_line '^Summary: simulated wall time \(cachegrind\) by workload' report "$sim"
expect_line '^Workload +Threads +Allocator +Simulated median \(s\) +Simulated MAD \(s\) .*Simulated time vs glibc$' report "$sim"
expect_line '^\[1\] simulated: the time of the cachegrind simulation' report "$sim"
expect_line '^Simulated execution time \(s\) ' report "$sim" --table=3
for event in cycles dTLB-load-misses dTLB-store-misses; do
    expect_line "^\[[0-9]\] $event: not simulated by cachegrind$" report "$sim" --table=1
done
# Measured and simulated runs in one file: only the simulated rows are marked.
expect_line '^larson +2 +glibc +0\.3090 \[[0-9]\] ' report "$fixture"
expect_line '^xalan +1 +glibc +1\.2120 +0\.0120 ' report "$fixture"

# The model: no penalty without cycles; the speedup column says simulated.
for args in "--penalty-from=$sim --pair=glibc,mimalloc" "--table1=$sim"; do
    # shellcheck disable=SC2086
    expect_error "cannot compute a miss penalty: glibc's runs on larson have no cycles counter (not simulated by cachegrind)" \
        model $args
    [ -s "$tmp/out" ] && fail "model $args printed before refusing: $(cat "$tmp/out")"
done
printf '{"clock_ghz": 2.0, "line_round_trip": {"ns": 40, "cycles": 80}}\n' >"$tmp/cal.json"
expect_line '^ +predicted +simulated$' model "$sim" --pair=glibc,mimalloc --calibration="$tmp/cal.json" --calls=1000
expect_line '^ +predicted +measured$' model "$fixture" --pair=mimalloc,nextgen --workload=xalan --calibration="$tmp/cal.json"
exit $((failures != 0))
