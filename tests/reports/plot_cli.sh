#!/bin/sh
# 'ngbench plot': every figure as SVG and PNG from the fixture, drawn by
# gnuplot from the data and script files ngbench writes; a clear one-line
# error without gnuplot; bad input refused.
# usage: plot_cli.sh NGBENCH FIXTURE
set -u
ngbench=$1 fixture=$2
. "$(dirname "$0")/expect.sh"

# plots FIGURE_ARGS...: an SVG and a PNG, non-empty, each beside its own
# NAME.EXT.dat and NAME.EXT.gp (named after the whole output name).
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
        [ -s "$name.dat" ] || fail "no data file $name.dat"
        grep -q "figure-$figure.$ext.dat" "$name.gp" || fail "$name.gp does not read $name.dat"
        grep -q "set xlabel" "$name.gp" && grep -q "set ylabel" "$name.gp" || fail "unlabelled axes in $name.gp"
        case $ext in
            svg) grep -q '<svg' "$name" || fail "$name is not SVG" ;;
            png) [ "$(head -c 4 "$name" | tail -c 3)" = PNG ] || fail "$name is not PNG" ;;
        esac
    done
    # Drawing the SVG after the PNG left the PNG's script as it was.
    grep -q "set terminal pngcairo" "$tmp/figure-$figure.png.gp" || fail "the PNG's script was overwritten"
}
plots 1
plots scaling --workload=xmalloc
plots summary

# Colour and pattern at once, for eight series and more: the fixture's four
# allocators twice over under other names make eight; each gets its own
# colour and a pattern different from its neighbours', none of them black
# (whiskers and patterns are black), and every series has its whiskers.
jq '.runs += (.runs | map(.allocator += "-b"))' "$fixture" >"$tmp/eight.json"
"$ngbench" plot "$tmp/eight.json" --output="$tmp/eight.png" >/dev/null 2>"$tmp/err" || fail "eight series: $(cat "$tmp/err")"
colours=$(grep -o "fs solid 1.0 border lc rgb 'black' fc rgb '#[0-9A-Fa-f]*'" "$tmp/eight.png.gp" | sort -u | wc -l)
[ "$colours" = 8 ] || fail "eight series in $colours colours"
grep -q "fc rgb '#000000' fs solid" "$tmp/eight.png.gp" && fail "a black bar hides its whiskers"
[ "$(grep -c 'with yerrorbars ps 0 lw 1.2 lc rgb .black.' "$tmp/eight.png.gp")" = 8 ] || fail "not every series has whiskers"
patterns=$(grep -o '^set object [0-9]* rect .* fs transparent pattern [0-9]*' "$tmp/eight.png.gp" | awk '{print $NF}' | tr '\n' ' ')
[ "$patterns" = "4 5 1 6 7 2 " ] || fail "series do not differ by pattern in the legend: $patterns"
grep -q "^set label 8 'jemalloc-b' at screen" "$tmp/eight.png.gp" || fail "the legend lacks the eighth name"

# The y axis: log when values span more than 10x (one allocator 30 times
# slower), linear otherwise, and as --scale says.
jq '.runs |= map(if .allocator == "nextgen" then .wall_s *= 30 else . end)' "$fixture" >"$tmp/wide.json"
axis() {  # axis WANT FILE ARGS...: the figure's script has a log y axis (WANT=log) or not
    want=$1 file=$2
    shift 2
    "$ngbench" plot "$file" --output="$tmp/axis.png" "$@" >/dev/null 2>"$tmp/err" || fail "plot $*: $(cat "$tmp/err")"
    if grep -q '^set logscale y' "$tmp/axis.png.gp"; then got=log; else got=linear; fi
    [ "$got" = "$want" ] || fail "plot $file $*: a $got axis, want $want"
}
axis log "$tmp/wide.json"
axis linear "$tmp/wide.json" --scale=linear
axis linear "$fixture"
axis log "$fixture" --scale=log
axis log "$tmp/wide.json" --figure=summary
grep -q "(log scale)" "$tmp/axis.png.gp" || fail "a log axis's label does not say so"
expect_error "bad option '--scale=cubic'" plot "$fixture" --scale=cubic --output="$tmp/x.png"

# Runs under cachegrind: the figure says its times are simulated.
jq '.runs |= map(select(.workload == "larson") | .counters |= with_entries(select(.value.source == "simulated")))' \
    "$fixture" >"$tmp/sim.json"
"$ngbench" plot "$tmp/sim.json" --output="$tmp/sim.png" >/dev/null 2>"$tmp/err" || fail "simulated plot: $(cat "$tmp/err")"
grep -q "^set title 'Simulated execution time (cachegrind) " "$tmp/sim.png.gp" \
    || fail "a simulated figure's title does not say so: $(grep title "$tmp/sim.png.gp")"

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
