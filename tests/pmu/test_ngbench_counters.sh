#!/bin/bash
# End to end through `ngbench run` and `ngbench list events`: the counters
# the harness records are those docs/counters.md describes, the notice is
# printed once per matrix, and bad event specs are refused before any run.
set -u
NGBENCH=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
run() { "$NGBENCH" run --allocator=glibc --workload=glibc-simple --size=tiny --warmup=0 "$@"; }

# 1. The paper's events: two runs, one notice at most, every event present.
out=$dir/perf.json
run --repeat=2 --events=paper --out="$out" > /dev/null 2> "$dir/err.txt" \
    || fail "perf matrix exited $?: $(cat "$dir/err.txt")"
# Besides the progress lines (one per run, not on a terminal), one notice at most.
[ "$(grep -vc '^ngbench run: \[[0-9]*/[0-9]*\] ' "$dir/err.txt")" -le 1 ] || fail "more than one notice: $(cat "$dir/err.txt")"
events='["task-clock","page-faults","context-switches","cpu-migrations","cycles","instructions","LLC-load-misses","LLC-store-misses","dTLB-load-misses","dTLB-store-misses"]'
jq -e --argjson e "$events" '.context.counters.events | keys_unsorted - $e == [] and ($e - keys_unsorted == [])' \
    "$out" > /dev/null || fail "context.counters.events are not the paper's plus software events"
jq -e '.context.counters.backend == "perf" and (.context.counters.hardware_pmu | type == "boolean")' \
    "$out" > /dev/null || fail "context.counters lacks backend or hardware_pmu"
for i in 0 1; do
    jq -e --argjson e "$events" ".runs[$i].counters | keys_unsorted - [\"derived\"] | sort == (\$e | sort)" \
        "$out" > /dev/null || fail "run $i counters are not the planned events"
    jq -e ".runs[$i].counters[\"page-faults\"] | .value > 0 and .source == \"software\" and .running_fraction == 1" \
        "$out" > /dev/null || fail "run $i page-faults not counted"
    jq -e ".runs[$i].counters | [.cycles, .instructions, .[\"dTLB-store-misses\"]][]
           | .source == \"hardware\" and ((.value | type == \"number\") or (.value == null and (.unavailable | type == \"string\")))" \
        "$out" > /dev/null || fail "run $i hardware events neither counted nor explained"
    jq -e ".runs[$i].counters.derived.mpki | keys | length == 4" "$out" > /dev/null \
        || fail "run $i derived.mpki lacks the four miss counters"
done
if jq -e '.context.counters.hardware_pmu == false' "$out" > /dev/null; then
    grep -q "^ngbench run: counters: not counted here: cycles, instructions" "$dir/err.txt" \
        || fail "no notice for the missing PMU: $(cat "$dir/err.txt")"
fi

# 2. Simulated: every default event counted and marked, the geometry recorded.
out=$dir/cg.json
run --repeat=1 --pmu=cachegrind --out="$out" > /dev/null 2> "$dir/err.txt" \
    || fail "cachegrind matrix exited $?: $(cat "$dir/err.txt") $(jq -c "[.runs[] | {status, error}]" "$out")"
jq -e '.runs[0].counters | [.["sim-instructions"], .["sim-D1-read-misses"], .["sim-D1-write-misses"],
       .["sim-LL-read-misses"], .["sim-LL-write-misses"]][] | .source == "simulated" and .value >= 0' \
    "$out" > /dev/null || fail "simulated counters missing"
jq -e '.runs[0].counters["sim-instructions"].value > 1000' "$out" > /dev/null || fail "no simulated instructions"
jq -e '.context.counters.geometry.LL.size_bytes == 8388608' "$out" > /dev/null || fail "geometry not recorded"
grep -q "simulated by cachegrind" "$dir/err.txt" || fail "no cachegrind notice"

# 3. Bad specs: exit 2, one line, no results file.
for spec in bogus "cycles,,instructions" "cycles,cycles"; do
    run --events="$spec" --out="$dir/bad.json" > /dev/null 2> "$dir/err.txt"
    rc=$?
    [ "$rc" = 2 ] || fail "--events=$spec exited $rc, want 2"
    [ "$(grep -c . "$dir/err.txt")" = 1 ] && grep -q "^ngbench run: " "$dir/err.txt" \
        || fail "--events=$spec: not one 'ngbench run:' line: $(cat "$dir/err.txt")"
    [ -e "$dir/bad.json" ] && fail "--events=$spec wrote a results file"
done
grep -q "event 'cycles' listed twice" "$dir/err.txt" || fail "repeated name not named: $(cat "$dir/err.txt")"

# 4. Listing.
"$NGBENCH" list events > "$dir/list.txt" || fail "list events exited $?"
grep -q "^  perf::PERF_COUNT_SW_PAGE_FAULTS  *yes" "$dir/list.txt" || fail "listing lacks a countable software event"

[ "$failures" = 0 ] || { echo "$failures check(s) failed" >&2; exit 1; }
echo "ngbench counters end to end: ok"
