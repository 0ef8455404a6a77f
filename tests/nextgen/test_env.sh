#!/bin/sh
# test_env.sh LIB MODE: the environment variables. A bad NGMALLOC_MODE,
# NGMALLOC_SERVERS, NGMALLOC_CPU, NGMALLOC_PREFAULT or NGMALLOC_SWITCH_EVERY_MS
# stops any program with one "ngmalloc: " line and SIGABRT; 1 to 16
# servers (1 only in modes inline and inplace, which have none), a CPU
# number or a comma-separated list of them, prefaulting 0 or 1, and (mode
# auto only) switching every 1 to 60000 ms are accepted.
set -u
lib=$1 mode=$2
fail=0

expect_abort() {   # expect_abort WHAT VAR=VALUE...
    what=$1; shift
    err=$(env LD_PRELOAD="$lib" NGMALLOC_MODE="$mode" "$@" /bin/true 2>&1)
    status=$?
    lines=$(printf '%s\n' "$err" | wc -l)
    case "$err" in
        "ngmalloc: "*"$what"*) [ "$status" -eq 134 ] && [ "$lines" -eq 1 ] && return ;;
    esac
    echo "$*: status $status, stderr: $err"
    fail=1
}

expect_ok() {
    out=$(env LD_PRELOAD="$lib" NGMALLOC_MODE="$mode" "$@" /bin/echo ok 2>&1)
    [ "$out" = ok ] || { echo "$*: printed $out"; fail=1; }
}

expect_abort "NGMALLOC_MODE=bogus" NGMALLOC_MODE=bogus
for bad in 0 17 x 2x -1; do
    expect_abort "NGMALLOC_SERVERS=$bad" NGMALLOC_SERVERS=$bad
done
expect_abort "NGMALLOC_CPU=x" NGMALLOC_CPU=x
expect_abort "NGMALLOC_CPU=0,x" NGMALLOC_CPU=0,x
expect_abort "NGMALLOC_CPU=0," NGMALLOC_CPU=0,
for bad in x 2 -1 on; do
    expect_abort "NGMALLOC_PREFAULT=$bad" NGMALLOC_PREFAULT=$bad
done
expect_ok NGMALLOC_PREFAULT=0
expect_ok NGMALLOC_PREFAULT=1
expect_ok NGMALLOC_SERVERS=1
expect_ok NGMALLOC_CPU=0
expect_ok NGMALLOC_CPU=1,0
case "$mode" in
inline|inplace)
    expect_abort "mode $mode has no server" NGMALLOC_SERVERS=2 ;;
*)
    expect_ok NGMALLOC_SERVERS=2
    expect_ok NGMALLOC_SERVERS=16 ;;
esac
for bad in 0 x 60001 -5; do
    expect_abort "NGMALLOC_SWITCH_EVERY_MS=$bad" NGMALLOC_SWITCH_EVERY_MS=$bad
done
if [ "$mode" = auto ]; then
    expect_ok NGMALLOC_SWITCH_EVERY_MS=1
    expect_ok NGMALLOC_SWITCH_EVERY_MS=60000
else
    expect_abort "NGMALLOC_SWITCH_EVERY_MS=5" NGMALLOC_SWITCH_EVERY_MS=5
fi
exit $fail
