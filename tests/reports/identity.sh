#!/bin/sh
# One identity for every reader (issue 19): runs of different parameters or
# counter backends are never pooled, names never collide through a
# separator, and invalid identities are refused on reading.
# usage: identity.sh NGBENCH FIXTURE
set -u
ngbench=$1 fixture=$2
. "$(dirname "$0")/expect.sh"

# xmalloc at two sizes: the fixture's runs are "quick"; the same runs at a
# tenth of the time, marked "tiny", are added.
jq '.runs += [.runs[] | select(.workload == "xmalloc") | .params.size = "tiny" | .wall_s = .wall_s / 10]' \
    "$fixture" >"$tmp/sizes.json"
# one row per size, each with its own 3 runs and median (0.51 s quick, 0.051 s tiny)
expect_line '^xmalloc \(size=quick\) +1 +glibc +0\.5100 +0\.0100 +3 ' report "$tmp/sizes.json"
expect_line '^xmalloc \(size=tiny\) +1 +glibc +0\.0510 +0\.0010 +3 ' report "$tmp/sizes.json"
expect_line '^xmalloc \(size=tiny\) +4 +jemalloc +0\.1018 ' report "$tmp/sizes.json"
expect_error "several parameter sets of workload 'xmalloc' (size=quick; size=tiny): choose one with --params" \
    report "$tmp/sizes.json" --table=1 --workload=xmalloc --threads=1
expect_line '^\| instructions ' report "$tmp/sizes.json" --table=1 --workload=xmalloc --threads=1 --params=size=tiny --format=md
expect_error "no runs of workload 'xmalloc' with params size=huge (there are: size=quick; size=tiny)" \
    report "$tmp/sizes.json" --table=2 --workload=xmalloc --params=size=huge
expect_error "several parameter sets" plot "$tmp/sizes.json" --figure=scaling --workload=xmalloc --output="$tmp/s.svg"
expect_error "several parameter sets" model --penalty-from="$tmp/sizes.json" --pair=glibc,jemalloc --workload=xmalloc
"$ngbench" plot "$tmp/sizes.json" --output="$tmp/f1.svg" >/dev/null 2>&1 || fail "plot of two sizes"
grep -q '^"xmalloc (size=tiny) (2 thr)"' "$tmp/f1.svg.dat" && grep -q '^"xmalloc (size=quick) (2 thr)"' "$tmp/f1.svg.dat" \
    || fail "figure 1 does not label the sizes apart: $(cat "$tmp/f1.svg.dat")"

# The same benchmarks measured natively and under cachegrind, reported together: apart.
jq '.context.counters.backend = "cachegrind" | .runs |= map(.wall_s = .wall_s * 50)' "$fixture" >"$tmp/simulated.json"
expect_line '^xalan \(perf\) +1 +glibc +1\.2120 +0\.0120 +3 ' report "$fixture" "$tmp/simulated.json"
expect_line '^xalan \(cachegrind\) +1 +glibc +60\.6000 ' report "$fixture" "$tmp/simulated.json"
expect_error "workload 'xalan' ran under several counter backends (perf, cachegrind): choose one with --pmu" \
    report "$fixture" "$tmp/simulated.json" --table=1 --workload=xalan
expect_line '^Table 1: counters for xalan \(cachegrind\)' report "$fixture" "$tmp/simulated.json" --table=1 --workload=xalan --pmu=cachegrind
# merged, each run says its backend where the merged context would not
"$ngbench" merge "$fixture" "$tmp/simulated.json" --out="$tmp/merged.json" --allow-context-mismatch >/dev/null 2>&1 \
    || fail "merge of a native and a simulated file"
[ "$(jq '[.runs[] | select(.pmu == "cachegrind")] | length' "$tmp/merged.json")" = "$(jq '.runs | length' "$fixture")" ] \
    || fail "merged simulated runs do not say so"
expect_line '^xalan \(cachegrind\) +1 +glibc +60\.6000 ' report "$tmp/merged.json"

# Separators: allocator "a|b" on workload "c" and allocator "a" on "b|c" are two benchmarks.
jq '.runs |= map(select(.workload == "xalan" and (.allocator == "glibc" or .allocator == "mimalloc"))
                 | if .allocator == "glibc" then .allocator = "a|b" | .workload = "c"
                   else .allocator = "a" | .workload = "b|c" | .wall_s = .wall_s * 2 end)' "$fixture" >"$tmp/pipes.json"
"$ngbench" gate --baseline="$tmp/pipes.json" --current="$tmp/pipes.json" --min-repeats=3 >"$tmp/out" 2>&1
grep -q '^UNCHANGED  a b|c size=quick t1 ' "$tmp/out" && grep -q '^UNCHANGED  a|b c size=quick t1 ' "$tmp/out" \
    || fail "a name with '|' made two benchmarks collide: $(cat "$tmp/out")"
jq '.runs |= map(select(.allocator == "a|b"))' "$tmp/pipes.json" >"$tmp/pipes1.json"
jq '.runs |= map(select(.allocator == "a"))' "$tmp/pipes.json" >"$tmp/pipes2.json"
"$ngbench" merge "$tmp/pipes1.json" "$tmp/pipes2.json" --out="$tmp/pipes-merged.json" >"$tmp/out" 2>&1 \
    || fail "merge took different benchmarks for duplicates: $(cat "$tmp/out")"

# Invalid identities are refused by every reader, naming the field.
jq '.runs[5].threads = -1' "$fixture" >"$tmp/negative.json"
jq '.runs[5].workload = "geometric mean"' "$fixture" >"$tmp/reserved.json"
for args in "report" "plot --output=$tmp/x.svg" "model --table1=" "merge --out=$tmp/m.json"; do
    for file in negative reserved; do
        case $args in
            model*) set -- model --table1="$tmp/$file.json" ;;
            *) set -- $args "$tmp/$file.json" ;;
        esac
        want="runs[5]: threads is not an integer from 1"
        [ $file = reserved ] && want='runs[5]: workload "geometric mean" is a reserved name'
        expect_error "$want" "$@"
    done
done
expect_error "runs[5]: threads is not an integer from 1" gate --baseline="$tmp/negative.json" --current="$fixture"
exit $((failures != 0))
