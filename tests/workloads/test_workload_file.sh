#!/bin/bash
# The shipped example workload file through the harness: at tiny size under
# glibc and mimalloc every run is ok, its digest is that of the expected
# output file, and both figures are read (the ngbench-result line's and the
# metric pattern's). A bad workload file is refused with exit 2, one line
# naming the file, the line and the field, before anything is written.
set -u
NGBENCH=$1
EXAMPLES=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

out=$dir/r.json
"$NGBENCH" run --workload-file="$EXAMPLES/wordfreq.json" --allocator=glibc,mimalloc --size=tiny --repeat=1 \
    --warmup=0 --out="$out" > /dev/null 2> "$dir/err" || fail "ngbench run exited $?: $(cat "$dir/err")"
[ "$(jq '[.runs[] | select(.workload == "wordfreq" and .status == "ok")] | length' "$out")" = 2 ] \
    || fail "runs not ok: $(jq -c '[.runs[] | {allocator, status, error}]' "$out")"
want=$(sha256sum < "$EXAMPLES/wordfreq-tiny.txt" | cut -d' ' -f1)
[ "$(jq -r '[.runs[].stdout_sha256] | unique | join(" ")' "$out")" = "$want" ] || fail "digest is not the expected output's"
jq -e '[.runs[].metrics | .words_per_sec > 0 and .elapsed_s >= 0] | all' "$out" > /dev/null \
    || fail "figures missing: $(jq -c '[.runs[].metrics]' "$out")"
[ "$(jq -c '.runs[0].params.argv' "$out")" = '["python3","wordfreq.py","--seed=42","--words=20000"]' ] \
    || fail "argv: $(jq -c '.runs[0].params.argv' "$out")"
[ "$(jq -r '.context.matrix.workload_file' "$out")" = "$EXAMPLES/wordfreq.json" ] || fail "the matrix does not name the file"

printf '{\n  "workloads": {\n    "wc": {\n      "command": ["wc"],\n      "sizes": {"huge": ["-l"]}\n    }\n  }\n}\n' \
    > "$dir/bad.json"
"$NGBENCH" run --workload-file="$dir/bad.json" --allocator=glibc --out="$dir/never.json" > /dev/null 2> "$dir/err"
rc=$?
[ $rc = 2 ] || fail "a bad workload file exited $rc, want 2"
[ "$(cat "$dir/err")" = "ngbench run: $dir/bad.json:5: workloads.wc.sizes.huge: unknown field (want tiny, quick, full)" ] \
    || fail "message: $(cat "$dir/err")"
[ -e "$dir/never.json" ] && fail "a bad workload file let a results file be written"

[ "$failures" = 0 ] && echo "ok: the example workload file runs and bad files are refused"
exit $((failures > 0))
