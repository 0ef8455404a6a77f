#!/bin/sh
# 'ngbench calibrate --quick': every figure is a positive number or carries
# the reason it is missing (NextGen not built is data, not a failure), the
# JSON feeds 'ngbench model', and bad input is refused.
# usage: calibrate_cli.sh NGBENCH FIXTURE
set -u
ngbench=$1 fixture=$2
. "$(dirname "$0")/../reports/expect.sh"

cal="$tmp/cal.json"
if ! "$ngbench" calibrate --quick --out="$cal" >"$tmp/stdout" 2>"$tmp/stderr"; then
    fail "calibrate exited non-zero: $(cat "$tmp/stderr")"
    exit 1
fi
cat "$tmp/stdout"

# check JQ_FILTER WHAT: the filter must yield true.
check() {
    jq -e "$1" "$cal" >/dev/null || fail "$2: $(jq -c . "$cal")"
}
measured_or_why='(.ns > 0 and (.cycles == null or .cycles > 0)) or (.unavailable | type == "string" and length > 0)'
check '.clock_ghz > 0.1 and .clock_ghz < 10' "clock rate not measured, or implausible"
check '.atomic_rmw.ns > 0 and .atomic_rmw.cycles > 0' "atomic RMW not measured"
check ".line_round_trip | $measured_or_why" "round trip neither measured nor explained"
check ".nextgen_sync_round_trip | $measured_or_why" "NextGen sync round trip neither measured nor explained"
check '.malloc_free_pair.glibc.ns > 0' "glibc malloc+free pair not measured"
for name in glibc jemalloc tcmalloc tcmalloc-minimal mimalloc nextgen nextgen-sync nextgen-inline; do
    check ".malloc_free_pair[\"$name\"] | $measured_or_why" "no malloc+free entry for $name"
done
grep -q '^  NextGen sync malloc+free' "$tmp/stdout" || fail "the NextGen line is not printed"

# The calibration feeds the model: cycles per atomic = half the round trip.
if jq -e '.line_round_trip.cycles > 0' "$cal" >/dev/null; then
    expect_line 'synchronisation per call +4 atomics x [0-9.]+ cycles' \
        model "$fixture" --pair=mimalloc,nextgen --workload=xalan --calibration="$cal"
fi

expect_error "bad option '--cpus=0,0'" calibrate --cpus=0,0
expect_error "bad option '--fast'" calibrate --fast
NGBENCH_BUILD_ROOT="$tmp/nowhere" expect_error "not found (build it with ninja)" calibrate --quick

# A probe that fails says so in plain words on every figure's line.
mkdir -p "$tmp/broken/harness"
printf '#!/bin/sh\necho "cannot pin" >&2\nexit 3\n' > "$tmp/broken/harness/ngcalibrate-probe"
chmod +x "$tmp/broken/harness/ngcalibrate-probe"
NGBENCH_BUILD_ROOT="$tmp/broken" "$ngbench" calibrate --quick > "$tmp/broken.txt" 2>&1 \
    || fail "calibrate with a failing probe exited non-zero: $(cat "$tmp/broken.txt")"
grep -q '^  atomic read-modify-write *n/a (the probe failed (exit code 3: cannot pin))$' "$tmp/broken.txt" \
    || fail "a failing probe is not explained: $(cat "$tmp/broken.txt")"

# SIGTERM (as a test runner's timeout sends) stops calibrate with 130 and
# takes the probe it is running down too (0: it had finished first).
"$ngbench" calibrate --quick >"$tmp/term.out" 2>"$tmp/term.err" &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" = 130 ] || [ "$rc" = 0 ] || fail "calibrate under SIGTERM exited $rc: $(cat "$tmp/term.err")"
sleep 1
probe="$(cd "$(dirname "$ngbench")" && pwd)/harness/ngcalibrate-probe"
pgrep -f "^$probe" >/dev/null && fail "a probe outlived calibrate: $(pgrep -af "^$probe")"
exit $((failures != 0))
