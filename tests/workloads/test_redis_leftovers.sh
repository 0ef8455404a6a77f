#!/bin/bash
# No redis-server outlives its run: not after a run that times out, not
# after Ctrl-C in the middle of one, and not when the server fails to start
# (then the run fails with the server's own error). Processes are found by
# this test's private TMPDIR in their command line (the server's socket and
# folder are there), so other redis servers on the machine do not count.
set -u
NGBENCH=$1
DRIVER=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
export NGBENCH_DATA_DIR=$dir/data

# PIDs of processes whose command line mentions $1. One grep reads every
# command line (a process per process took 5 s a scan at load 16); it reads
# $1 from a file, so that its own command line does not mention it.
processes_with() {
    local f
    for f in $(grep -lsF -f <(printf '%s\n' "$1") /proc/[0-9]*/cmdline); do
        f=${f#/proc/}
        echo "${f%/cmdline}"
    done
}

# Waits up to $2 seconds for a redis-server under $1; 0 when one runs.
wait_for_server() {
    local end=$((SECONDS + $2))
    while ((SECONDS < end)); do
        for pid in $(processes_with "$1"); do
            grep -q redis-server "/proc/$pid/cmdline" 2> /dev/null && return 0
        done
        sleep 0.1
    done
    return 1
}

no_leftovers() {  # case, tmp folder
    local left
    sleep 0.5
    left=$(processes_with "$2")
    [ -z "$left" ] || fail "$1: processes left: $(for p in $left; do tr '\0' ' ' < /proc/$p/cmdline; echo; done)"
    [ -z "$(ls -A "$2")" ] || fail "$1: left in TMPDIR: $(ls -A "$2")"
}

# 1. A timeout in the middle of a run (full size runs for minutes).
mkdir -p "$dir/t1"
TMPDIR=$dir/t1 "$NGBENCH" run --allocator=glibc --workload=redis --size=full --repeat=1 --warmup=0 \
    --timeout=8 --out="$dir/timeout.json" > /dev/null 2>&1 &
ngbench=$!
wait_for_server "$dir/t1" 8 || fail "timeout: no server seen before the timeout"
wait $ngbench
rc=$?
[ $rc = 1 ] || fail "timeout: ngbench exited $rc, want 1"
[ "$(jq -r '.runs[0].status' "$dir/timeout.json")" = timeout ] || fail "timeout: run status $(jq -c '.runs[0]' "$dir/timeout.json")"
no_leftovers timeout "$dir/t1"

# 2. Ctrl-C (SIGINT to ngbench) once the server is up.
mkdir -p "$dir/t2"
TMPDIR=$dir/t2 "$NGBENCH" run --allocator=glibc --workload=redis --size=full --repeat=1 --warmup=0 \
    --out="$dir/interrupted.json" > /dev/null 2>&1 &
ngbench=$!
if wait_for_server "$dir/t2" 60; then
    kill -INT $ngbench
else
    fail "interrupt: no server seen within 60 s"
    kill -INT $ngbench
fi
wait $ngbench
rc=$?
[ $rc = 130 ] || fail "interrupt: ngbench exited $rc, want 130"
no_leftovers interrupt "$dir/t2"

# 3. A server that cannot start (its socket's name is taken by a folder):
# the driver fails with the server's own message, and nothing runs on.
mkdir -p "$dir/t3/run/redis.sock"
"$DRIVER" --server=/usr/bin/redis-server --benchmark=/usr/bin/redis-benchmark --dir="$dir/t3/run" \
    --requests=100 > /dev/null 2> "$dir/start.err"
rc=$?
[ $rc = 1 ] || fail "failed start: the driver exited $rc, want 1"
grep -q "redis-server did not start: .*Failed opening Unix socket" "$dir/start.err" \
    || fail "failed start: not the server's own error: $(cat "$dir/start.err")"
[ -z "$(processes_with "$dir/t3")" ] || fail "failed start: a server runs on"

[ "$failures" = 0 ] && echo "ok: no redis server outlives its run"
exit $((failures > 0))
