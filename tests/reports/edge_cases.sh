#!/bin/sh
# Reports on awkward inputs: no runs, a benchmark whose runs all failed,
# several files reported together, names that need escaping.
# usage: edge_cases.sh NGBENCH FIXTURE
set -u
ngbench=$1 fixture=$2
. "$(dirname "$0")/expect.sh"

jq '.runs = []' "$fixture" >"$tmp/empty.json"
expect_error "no runs to report" report "$tmp/empty.json"
expect_error "no runs to plot" plot "$tmp/empty.json" --output="$tmp/e.svg"

# Every jemalloc run failed: its rows say n/a and a footnote says why.
jq '.runs |= map(if .allocator == "jemalloc" then .status = "failed" else . end)' "$fixture" >"$tmp/failed.json"
expect_line '^xmalloc +1 +jemalloc +n/a +n/a +0 \[1\] +n/a +n/a$' report "$tmp/failed.json"
expect_line '^\[1\] 3 of 3 measured runs did not finish ok and are left out$' report "$tmp/failed.json"
expect_line '^geometric mean +jemalloc +0 +n/a$' report "$tmp/failed.json"

# Two files report as one: twice the runs, the same medians.
expect_line '^xalan +1 +glibc +1\.2120 +0\.0120 +6 ' report "$fixture" "$fixture"

# Names that LaTeX, CSV and Markdown must escape.
jq '.runs |= map(if .allocator == "glibc" then .allocator = "my_alloc,v2|\"x\"&" else . end)' "$fixture" >"$tmp/names.json"
expect_line 'my\\_alloc,v2\|"x"\\&' report "$tmp/names.json" --format=latex
expect_line '^Allocator,"my_alloc,v2\|""x""&",mimalloc$' report "$tmp/names.json" --format=csv --table=1 --workload=larson
expect_line '\| my\\_alloc,v2\\\|"x"\\& \|' report "$tmp/names.json" --format=md
exit $((failures != 0))
