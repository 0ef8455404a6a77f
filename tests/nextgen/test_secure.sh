#!/bin/sh
# test_secure.sh PROBE: in secure-execution mode (here a setgid copy of
# PROBE, which is linked against libngmalloc.so, run by root: its effective
# group differs from its real one, so the kernel sets AT_SECURE) the
# allocator ignores every NGMALLOC_* variable: bad values do not stop it and
# no statistics file is written. The same program without the setgid bit
# reads them (a bad value stops it with one line; the file is written).
# Skips (77) when a setgid copy cannot be made or is not run securely.
set -u
probe=$1
[ "$(id -u)" = 0 ] || { echo "skip: making a setgid copy needs root"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
cp "$probe" "$tmp/probe" && chgrp 65534 "$tmp/probe" && chmod 2755 "$tmp/probe" \
    || { echo "skip: cannot make a setgid copy in $tmp"; exit 77; }
bad="NGMALLOC_MODE=bogus NGMALLOC_SERVERS=x NGMALLOC_CPU=x NGMALLOC_PREFAULT=x"

out=$(env $bad NGMALLOC_STATS="$tmp/secure.stats" "$tmp/probe" 2>"$tmp/err")
status=$?
case "$out" in
    "secure=0 "*) echo "skip: the setgid copy did not run in secure-execution mode (nosuid mount or no_new_privs?)"; exit 77 ;;
esac
[ "$status" -eq 0 ] && [ "$out" = "secure=1 ngmalloc=1 alloc=1" ] && [ ! -s "$tmp/err" ] \
    || { echo "secure run with bad NGMALLOC_* values: status $status, stdout '$out', stderr: $(cat "$tmp/err")"; fail=1; }
[ ! -e "$tmp/secure.stats" ] || { echo "secure run wrote NGMALLOC_STATS"; fail=1; }

# Not secure: the same variables are honoured.
err=$(env NGMALLOC_MODE=bogus "$probe" 2>&1 >/dev/null)
status=$?
[ "$status" -eq 134 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && case "$err" in "ngmalloc: NGMALLOC_MODE=bogus"*) true ;; *) false ;; esac \
    || { echo "plain run with NGMALLOC_MODE=bogus: status $status, stderr: $err"; fail=1; }
out=$(env NGMALLOC_STATS="$tmp/plain.stats" "$probe")
[ "$out" = "secure=0 ngmalloc=1 alloc=1" ] && [ -s "$tmp/plain.stats" ] \
    || { echo "plain run: stdout '$out', statistics file missing"; fail=1; }
[ $fail -eq 0 ] && echo "secure-execution mode ignores NGMALLOC_*; a plain run honours them"
exit $fail
