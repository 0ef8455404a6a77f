#!/bin/sh
# docs/extending.md, "Adding an allocator", done once: a library that defines
# the malloc family (libtoyalloc.so) named on the command line is checked to
# bind and measured beside glibc, with nothing else changed.
# usage: test_allocator.sh NGBENCH LIBTOYALLOC
set -u
ngbench=$1 lib=$2
. "$(dirname "$0")/../reports/expect.sh"

out="$tmp/r.json"
if ! "$ngbench" run --allocator="glibc,toy:$lib" --workload=glibc-simple,xmalloc --size=tiny \
        --repeat=1 --warmup=0 --out="$out" >"$tmp/stdout" 2>"$tmp/stderr"; then
    fail "ngbench run exited non-zero: $(cat "$tmp/stderr")"
    exit 1
fi
real=$(realpath "$lib")
jq -e --arg lib "$real" '.context.allocators.toy.bound_to == $lib' "$out" >/dev/null \
    || fail "toy did not bind to $real: $(jq -c .context.allocators.toy "$out")"
jq -e '[.runs[] | select(.allocator == "toy" and .status == "ok")] | length == 2' "$out" >/dev/null \
    || fail "toy's runs are not both ok: $(jq -c '[.runs[] | {allocator, workload, status, error}]' "$out")"
grep -q 'toy' "$tmp/stdout" || fail "the summary has no row for toy"
exit $((failures != 0))
