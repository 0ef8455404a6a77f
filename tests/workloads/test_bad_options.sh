#!/bin/bash
# Every synthetic workload refuses bad command lines with exit status 2 and a
# one-line "PROG: ..." message: an unknown option, a value out of range, a
# value that is not a number, a bare word.
set -u
BIN_DIR=$1
shift
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
for prog in "$@"; do
    for args in "--no-such-option" "--seed=12x" "--seed=" "word"; do
        msg=$("$BIN_DIR/$prog" $args 2>&1 >/dev/null)
        rc=$?
        [ "$rc" = 2 ] || fail "$prog $args: exit $rc, want 2"
        case "$msg" in "$prog: "*) ;; *) fail "$prog $args: message '$msg' does not start with '$prog: '" ;; esac
        [ "$(printf '%s\n' "$msg" | wc -l)" = 1 ] || fail "$prog $args: message is not one line"
    done
    # the first option --help lists, pushed out of its range
    opt=$("$BIN_DIR/$prog" --help | sed -n 's/^  --\([a-z-]*\)=N .*/\1/p' | head -1)
    "$BIN_DIR/$prog" "--$opt=0" > /dev/null 2>&1
    rc=$?
    [ "$rc" = 2 ] || fail "$prog --$opt=0: exit $rc, want 2"
    "$BIN_DIR/$prog" --help | grep -q -- "--inject-fault" || fail "$prog --help does not list --inject-fault"
done
[ "$failures" = 0 ] && echo "ok: $# workloads refuse bad options"
exit $((failures > 0))
