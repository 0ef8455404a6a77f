#!/bin/sh
# test_env.sh LIB MODE: the environment variables. A bad NGMALLOC_MODE or
# NGMALLOC_SERVERS stops any program with one "ngmalloc: " line and SIGABRT;
# NGMALLOC_SERVERS=1 and a valid NGMALLOC_CPU are accepted.
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
expect_abort "NGMALLOC_SERVERS=2" NGMALLOC_SERVERS=2
expect_abort "NGMALLOC_CPU=x" NGMALLOC_CPU=x
expect_ok NGMALLOC_SERVERS=1
expect_ok NGMALLOC_CPU=0
exit $fail
