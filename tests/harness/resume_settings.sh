#!/bin/bash
# --resume refuses a file made with other settings (issue 16 item 5), naming
# them in one line, unless --extend asks to add runs that identities keep
# apart (size, threads, --pmu); the summary never pools them.
# usage: resume_settings.sh NGBENCH
set -u
NGBENCH=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
runs() { jq '.runs | length' "$1"; }
base=(--allocator=glibc --workload=glibc-simple --warmup=0)
out=$dir/r.json

# expect_refusal SUBSTRING ARGS...: exit 2, one line naming it, the file untouched.
expect_refusal() {
    local want=$1
    shift
    local before
    before=$(sha256sum < "$out")
    "$NGBENCH" run "$@" > /dev/null 2> "$dir/err"
    local rc=$?
    [ $rc = 2 ] && [ "$(wc -l < "$dir/err")" = 1 ] && grep -qF -- "$want" "$dir/err" \
        || fail "run $*: rc $rc, $(cat "$dir/err"); wanted 2 and '$want'"
    [ "$(sha256sum < "$out")" = "$before" ] || fail "run $*: the file changed"
}

"$NGBENCH" run "${base[@]}" --size=tiny --repeat=2 --out="$out" > /dev/null 2>&1 || fail "first run exited $?"
expect_refusal "--resume: $out was made with --size=tiny, not --size=quick (add --extend" \
    "${base[@]}" --size=quick --repeat=2 --out="$out" --resume
expect_refusal "was made with --threads=(each workload's own), not --threads=2" \
    "${base[@]}" --size=tiny --threads=2 --repeat=2 --out="$out" --resume
expect_refusal "was made with --events=context-switches,cpu-migrations,page-faults,task-clock, not --events=context-switches,cpu-migrations,dTLB-load-misses" \
    "${base[@]}" --size=tiny --events=dTLB-load-misses --repeat=2 --out="$out" --resume
expect_refusal "was made with no --cpus, not --cpus=0" "${base[@]}" --size=tiny --cpus=0 --repeat=2 --out="$out" --resume
expect_refusal "--extend: $out was made with --events=" \
    "${base[@]}" --size=tiny --events=dTLB-load-misses --repeat=2 --out="$out" --resume --extend
expect_refusal "--extend adds runs to a file: it needs --resume" "${base[@]}" --size=quick --out="$dir/new.json" --extend
if command -v valgrind > /dev/null; then
    expect_refusal "not --pmu=cachegrind" "${base[@]}" --size=tiny --pmu=cachegrind --repeat=2 --out="$out" --resume
fi

# The same settings continue; more repetitions are the same settings.
"$NGBENCH" run "${base[@]}" --size=tiny --repeat=3 --out="$out" --resume > /dev/null 2> "$dir/err" \
    || fail "a plain resume exited $?: $(cat "$dir/err")"
[ "$(runs "$out")" = 3 ] || fail "a plain resume left $(runs "$out") runs, want 3"

# --extend adds the other size beside: two rows, each its own runs, recorded.
"$NGBENCH" run "${base[@]}" --size=quick --repeat=2 --out="$out" --resume --extend > "$dir/summary" 2> "$dir/err" \
    || fail "--extend exited $?: $(cat "$dir/err")"
[ "$(runs "$out")" = 5 ] || fail "--extend left $(runs "$out") runs, want 5"
grep -Eq '^glibc-simple \(iterations=20,size=tiny\) +1 +glibc +[0-9.]+ +[0-9.]+ +3 ' "$dir/summary" \
    && grep -Eq '^glibc-simple \(iterations=400,size=quick\) +1 +glibc +[0-9.]+ +[0-9.]+ +2 ' "$dir/summary" \
    || fail "the summary pooled or lost a size: $(cat "$dir/summary")"
[ "$(jq -c '[.context.matrix_extensions[] | .size]' "$out")" = '["quick"]' ] || fail "the extension is not recorded"
# The extension's settings now continue without --extend; unrelated ones are still refused.
"$NGBENCH" run "${base[@]}" --size=quick --repeat=2 --out="$out" --resume > /dev/null 2> "$dir/err" \
    || fail "resuming the extension exited $?: $(cat "$dir/err")"
[ "$(runs "$out")" = 5 ] || fail "resuming the complete extension ran again"
expect_refusal "not --size=full" "${base[@]}" --size=full --repeat=2 --out="$out" --resume
exit $((failures != 0))
