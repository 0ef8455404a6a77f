#!/bin/sh
# test_stats_file.sh LIB MODE: where NGMALLOC_STATS cannot be written, the
# program's exit status is its own and stderr has one "ngmalloc:" line
# naming the variable; the file is never written through a symbolic link,
# and a file with content is never overwritten; a new file, or an empty one
# (as mkstemp leaves it), gets the statistics, also when the program has
# rewritten its environment since it started.
set -u
lib=$1 mode=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# refused STATUS PATH CMD...: CMD exits STATUS and says one line about PATH.
refused() {
    want=$1 path=$2; shift 2
    env LD_PRELOAD="$lib" NGMALLOC_MODE="$mode" NGMALLOC_STATS="$path" "$@" >/dev/null 2>"$tmp/err"
    status=$?
    lines=$(wc -l < "$tmp/err")
    if [ "$status" -ne "$want" ] || [ "$lines" -ne 1 ] || ! grep -q "^ngmalloc: NGMALLOC_STATS=" "$tmp/err"; then
        echo "NGMALLOC_STATS=$path $*: status $status (want $want), stderr: $(cat "$tmp/err")"
        fail=1
    fi
}

written() {   # written PATH: holds the statistics object
    /usr/bin/python3 -c 'import json, sys; assert "calls" in json.load(open(sys.argv[1]))' "$1" 2>/dev/null \
        || { echo "$1: no statistics written"; fail=1; }
}

refused 0 "$tmp/no/such/dir/stats" /bin/true
refused 1 "$tmp/no/such/dir/stats" /bin/false
refused 3 "$tmp/no/such/dir/stats" /usr/bin/python3 -c 'import sys; sys.exit(3)'
refused 0 "$tmp" /bin/true                                 # a directory

ln -s "$tmp/target" "$tmp/dangling"
refused 0 "$tmp/dangling" /bin/true
[ ! -e "$tmp/target" ] || { echo "written through a dangling symbolic link"; fail=1; }
: > "$tmp/empty-target"
ln -s "$tmp/empty-target" "$tmp/link"
refused 0 "$tmp/link" /bin/true
[ ! -s "$tmp/empty-target" ] || { echo "written through a symbolic link"; fail=1; }

echo "precious" > "$tmp/full"
refused 0 "$tmp/full" /bin/true
[ "$(cat "$tmp/full")" = precious ] || { echo "a file with content was overwritten"; fail=1; }

env LD_PRELOAD="$lib" NGMALLOC_MODE="$mode" NGMALLOC_STATS="$tmp/new" /bin/true && written "$tmp/new"
empty=$(mktemp "$tmp/mkstemp.XXXXXX")
env LD_PRELOAD="$lib" NGMALLOC_MODE="$mode" NGMALLOC_STATS="$empty" /bin/true && written "$empty"
# A program that rewrites its environment in place (as redis does for its
# process title) still gets its statistics where NGMALLOC_STATS first said.
env LD_PRELOAD="$lib" NGMALLOC_MODE="$mode" NGMALLOC_STATS="$tmp/rewritten" /usr/bin/python3 -c '
import ctypes
libc = ctypes.CDLL(None)
libc.getenv.restype = ctypes.c_void_p
value = libc.getenv(b"NGMALLOC_STATS")
ctypes.memset(value, ord("x"), len(ctypes.string_at(value)))
' && written "$tmp/rewritten"
long=$(printf "%05000d" 0)
refused 0 "$tmp/$long" /bin/true                           # longer than a path can be

[ $fail -eq 0 ] && echo "every refusal kept the exit status and said one line"
exit $fail
