#!/bin/sh
# 'ngbench plot': every figure as SVG and PNG from the fixture, drawn by
# gnuplot from the data and script files ngbench writes; a clear one-line
# error without gnuplot; bad input refused.
# usage: plot_cli.sh NGBENCH FIXTURE
set -u
ngbench=$1 fixture=$2
. "$(dirname "$0")/expect.sh"

# plots FIGURE_ARGS...: an SVG and a PNG, non-empty, each beside its .dat and .gp.
plots() {
    figure=$1
    shift
    for ext in svg png; do
        name="$tmp/figure-$figure.$ext"
        if ! "$ngbench" plot "$fixture" --figure="$figure" "$@" --output="$name" >"$tmp/out" 2>"$tmp/err"; then
            fail "plot --figure=$figure --output=$name: $(cat "$tmp/err")"
            continue
        fi
        [ -s "$name" ] || fail "$name is empty"
        [ -s "$tmp/figure-$figure.dat" ] || fail "no data file for $name"
        grep -q "figure-$figure.dat" "$tmp/figure-$figure.gp" || fail "the script does not read the data file"
        grep -q "set xlabel" "$tmp/figure-$figure.gp" && grep -q "set ylabel" "$tmp/figure-$figure.gp" \
            || fail "unlabelled axes in $tmp/figure-$figure.gp"
        case $ext in
            svg) grep -q '<svg' "$name" || fail "$name is not SVG" ;;
            png) [ "$(head -c 4 "$name" | tail -c 3)" = PNG ] || fail "$name is not PNG" ;;
        esac
    done
}
plots 1
plots scaling --workload=xmalloc
plots summary
# greyscale: series differ by pattern or dash type, all drawn in black
grep -q 'fs pattern 3' "$tmp/figure-1.gp" || fail "figure 1 series do not differ by fill pattern"
grep -q 'dt 2' "$tmp/figure-scaling.gp" || fail "scaling lines do not differ by dash type"

# Without gnuplot: one line that says so, exit 1.
NGBENCH_GNUPLOT="$tmp/no-gnuplot" expect_failure 1 "NGBENCH_GNUPLOT=$tmp/no-gnuplot is not an executable program" \
    plot "$fixture" --output="$tmp/x.svg"
env PATH="$tmp" "$ngbench" plot "$fixture" --output="$tmp/y.svg" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "gnuplot not found on PATH: apt-get install gnuplot-nox" "$tmp/err" \
    || fail "without gnuplot on PATH: rc=$rc, stderr: $(cat "$tmp/err")"

expect_error "--output=NAME.svg or --output=NAME.png is required" plot "$fixture"
expect_error "--output=NAME.svg or --output=NAME.png is required" plot "$fixture" --output="$tmp/x.pdf"
expect_error "bad option '--figure=2'" plot "$fixture" --figure=2 --output="$tmp/x.svg"
expect_error "several workloads" plot "$fixture" --figure=scaling --output="$tmp/x.svg"
expect_error "No such file" plot "$tmp/missing.json" --output="$tmp/x.svg"
exit $((failures != 0))
