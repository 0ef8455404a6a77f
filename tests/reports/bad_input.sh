#!/bin/sh
# Bad input gets one line naming the problem and exit status 2.
# usage: bad_input.sh NGBENCH FIXTURE
set -u
ngbench=$1 fixture=$2
. "$(dirname "$0")/expect.sh"

echo '{"not": "results"}' >"$tmp/bad.json"
echo '{ broken' >"$tmp/broken.json"
expect_error "No such file" report "$tmp/missing.json"
expect_error "not an ngbench results file" report "$tmp/bad.json"
expect_error "line 1" report "$tmp/broken.json"
expect_error "no results file given" report
expect_error "bad option '--table=4'" report "$fixture" --table=4
expect_error "bad option '--format=html'" report "$fixture" --format=html
expect_error "several workloads" report "$fixture" --table=1
expect_error "no runs of workload 'nope'" report "$fixture" --table=1 --workload=nope
expect_error "several allocators" report "$fixture" --table=2 --workload=xmalloc
expect_error "--baseline and --other" report "$fixture" --table=3 --workload=xalan
expect_error "no runs with 3 threads" report "$fixture" --table=1 --workload=xmalloc --threads=3
# A reference allocator that is not in the file is named, never reported as ratios of n/a.
expect_error "no runs of allocator 'glibx' (there are: glibc, mimalloc, nextgen, jemalloc)" \
    report "$fixture" --baseline=glibx
[ -s "$tmp/out" ] && fail "report --baseline=glibx printed a table before refusing"
for figure in 1 summary; do
    expect_error "no runs of allocator 'glibx'" plot "$fixture" --figure=$figure --baseline=glibx --output="$tmp/b.png"
    [ -e "$tmp/b.png.gp" ] && fail "plot --figure=$figure --baseline=glibx wrote a script"
done
exit $((failures != 0))
