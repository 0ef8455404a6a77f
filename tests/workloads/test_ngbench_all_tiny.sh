#!/bin/bash
# Every workload at tiny size through the real harness: `ngbench run
# --workload=all --size=tiny` under glibc must record 20 runs, all ok, the
# synthetic ones with ops_per_sec parsed from their result line and every
# one with its size and seed in params.
set -u
NGBENCH=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

out=$dir/r.json
NGBENCH_DATA_DIR=$dir/data "$NGBENCH" run --allocator=glibc --workload=all --size=tiny --repeat=1 --warmup=0 \
    --out="$out" > "$dir/summary.txt" 2> "$dir/err.txt" || fail "ngbench run exited $?: $(tail -5 "$dir/err.txt")"
[ "$(jq '.runs | length' "$out")" = 20 ] || fail "expected 20 runs, got $(jq '.runs | length' "$out")"
bad=$(jq -r '.runs[] | select(.status != "ok") | "\(.workload): \(.status): \(.error)"' "$out")
[ -z "$bad" ] || fail "runs not ok: $bad"
for w in xmalloc cache-scratch cache-thrash larson mstress rptest glibc-simple glibc-thread alloc-test \
         sh6bench sh8bench malloc-large; do
    jq -e --arg w "$w" '.runs[] | select(.workload == $w) | .metrics.ops_per_sec > 0' "$out" > /dev/null \
        || fail "$w: no ops_per_sec in metrics"
done
missing=$(jq -r '.runs[] | select(.params.size != "tiny" or .params.seed != 42) | .workload' "$out")
[ -z "$missing" ] || fail "params lack size or seed: $missing"

[ "$failures" = 0 ] && echo "ok: 20 workloads at tiny size through ngbench run"
exit $((failures > 0))
