#!/bin/bash
# The real programs through the harness: `ngbench run --workload=real
# --size=tiny` under glibc, mimalloc and nextgen records every run ok
# (their outputs verified), with each program's figures: redis's requests
# per second and server peak RSS, rocksdb's operations per second of both
# phases and the keys it found. No private run folder is left behind.
set -u
NGBENCH=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
out=$dir/r.json
mkdir "$dir/tmp"
TMPDIR=$dir/tmp NGBENCH_DATA_DIR=$dir/data "$NGBENCH" run --allocator=glibc,mimalloc,nextgen --workload=real \
    --size=tiny --repeat=1 --warmup=0 --out="$out" > "$dir/summary.txt" 2> "$dir/err.txt" \
    || fail "ngbench run exited $?: $(tail -5 "$dir/err.txt")"
want="xalan lua sqlite redis rocksdb z3 ghostscript ruby"
got=$(jq -r '[.runs[] | select(.allocator == "glibc") | .workload] | join(" ")' "$out")
[ "$got" = "$want" ] || fail "workloads run: '$got', want '$want' ($(grep skipping "$dir/err.txt"))"
[ "$(jq '.runs | length' "$out")" = 24 ] || fail "want 24 runs, got $(jq '.runs | length' "$out")"
bad=$(jq -r '.runs[] | select(.status != "ok") | "\(.allocator) \(.workload): \(.status): \(.error)"' "$out")
[ -z "$bad" ] || fail "runs not ok: $bad"
jq -e '[.runs[] | select(.workload == "redis") | .metrics.rps > 0 and .metrics.server_max_rss_kb > 1000] | all' \
    "$out" > /dev/null || fail "redis figures missing: $(jq -c '[.runs[] | select(.workload == "redis") | .metrics]' "$out")"
jq -e '[.runs[] | select(.workload == "rocksdb") | .metrics | .fillrandom_ops_per_sec > 0
        and .readrandom_ops_per_sec > 0 and .keys_found == 12616] | all' "$out" > /dev/null \
    || fail "rocksdb figures missing: $(jq -c '[.runs[] | select(.workload == "rocksdb") | .metrics]' "$out")"
jq -e '[.runs[] | select(.workload == "redis" and .allocator == "nextgen") | .allocator_stats.calls.malloc > 10000]
       | all' "$out" > /dev/null || fail "nextgen's statistics of a redis run are not the server's"
left=$(ls -A "$dir/tmp")
[ -z "$left" ] && echo "ok: 8 real programs under 3 allocators" || fail "left in TMPDIR: $left"
exit $((failures > 0))
