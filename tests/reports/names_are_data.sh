#!/bin/sh
# Names from a results file are data, never code (issue 19): a name that
# would end a gnuplot line is refused on reading by every command, and names
# that every output format must escape are drawn and printed harmlessly.
# usage: names_are_data.sh NGBENCH FIXTURE
set -u
ngbench=$1 fixture=$2
. "$(dirname "$0")/expect.sh"
marker="$tmp/pwned"

# The audit's reproduction: an allocator whose name ends the gnuplot line and
# runs a shell command after it.
jq --arg m "$marker" '.runs |= map(if .allocator == "mimalloc" then .allocator = "mimalloc\nsystem \"id > \($m)\"\n#" else . end)' \
    "$fixture" >"$tmp/inject.json"
why=': allocator "mimalloc\nsystem "id > '
for figure in 1 summary; do
    for ext in svg png; do
        expect_error "$why" plot "$tmp/inject.json" --figure=$figure --output="$tmp/f.$ext"
    done
done
expect_error "$why" plot "$tmp/inject.json" --figure=scaling --workload=xalan --output="$tmp/f.svg"
for format in text md csv latex json; do
    expect_error "$why" report "$tmp/inject.json" --format=$format
done
expect_error "$why" gate --baseline="$tmp/inject.json" --current="$fixture"
expect_error "$why" merge "$tmp/inject.json" --out="$tmp/merged.json"
expect_error "$why" model --table1="$tmp/inject.json"
[ -e "$marker" ] && fail "a name in a results file ran a command"
[ -e "$tmp/merged.json" ] && fail "merge wrote a file from refused input"

# Names that pass (printable) but mean something to gnuplot, a shell, LaTeX,
# Markdown or a spreadsheet: every figure draws, nothing runs, and each
# script has exactly as many lines as with plain names.
hostile="=cmd|' /C x'!A0 \`touch $marker\` @m \$(touch $marker) {a}_%#&~^\\\\ <b>[l](u)"
jq --arg h "$hostile" '.runs |= map(if .allocator == "mimalloc" then .allocator = $h else . end
                                  | if .workload == "xalan" then .workload = "x'"'"'y\"z" else . end)' \
    "$fixture" >"$tmp/hostile.json"
for figure in 1 summary scaling; do
    extra=
    [ $figure = scaling ] && extra=--workload=larson
    for ext in svg png; do
        "$ngbench" plot "$fixture" --figure=$figure $extra --output="$tmp/plain.$ext" >/dev/null 2>&1 \
            || fail "plain plot --figure=$figure .$ext"
        if ! "$ngbench" plot "$tmp/hostile.json" --figure=$figure $extra --output="$tmp/h.$ext" >"$tmp/out" 2>"$tmp/err"; then
            fail "plot --figure=$figure .$ext of hostile names: $(cat "$tmp/err")"
        elif [ "$(wc -l <"$tmp/h.$ext.gp")" -ne "$(wc -l <"$tmp/plain.$ext.gp")" ]; then
            fail "figure $figure: the script's lines changed with the names"
        fi
    done
done
grep -qF "title '=cmd|'' /C x''!A0" "$tmp/h.png.gp" || fail "quotes in a series title are not doubled"
[ -e "$marker" ] && fail "a printable name ran a command"

for format in text md csv latex json; do
    "$ngbench" report "$tmp/hostile.json" --format=$format >"$tmp/r.$format" 2>"$tmp/err" \
        || fail "report --format=$format of hostile names: $(cat "$tmp/err")"
done
jq -r '.rows[] | .[2]' "$tmp/r.json" | grep -qxF "$hostile" || fail "JSON does not keep the name as it is"
grep -qF '"'"'"'=cmd|'"'"' /C x'"'"'!A0' "$tmp/r.csv" || fail "CSV does not defuse a formula: $(grep cmd "$tmp/r.csv")"
grep -qF '\{a\}\_\%\#\&\textasciitilde{}\textasciicircum{}\textbackslash{}\textbackslash{}' "$tmp/r.latex" \
    || fail "LaTeX specials not escaped: $(grep cmd "$tmp/r.latex")"
grep -qF '=cmd\|'"'"' /C x'"'"'!A0 \`touch' "$tmp/r.md" && grep -qF '\<b\>\[l\](u)' "$tmp/r.md" \
    || fail "Markdown not escaped: $(grep cmd "$tmp/r.md")"
grep -qF 'x'"'"'y"z' "$tmp/r.text" || fail "text lost the workload's quotes"

# The gate's Markdown (a pull-request comment) escapes names too, and no
# format cuts a long one (a params value of 400 characters here).
"$ngbench" gate --baseline="$tmp/hostile.json" --current="$tmp/hostile.json" --min-repeats=3 --format=md \
    >"$tmp/g.md" 2>"$tmp/err" || [ $? = 3 ] || fail "gate --format=md of hostile names: $(cat "$tmp/err")"
grep -qF '| =cmd\|'"'"' /C x'"'"'!A0 \`touch' "$tmp/g.md" && grep -qF '\<b\>\[l\](u)' "$tmp/g.md" \
    || fail "the gate's Markdown does not escape names: $(grep cmd "$tmp/g.md")"
long=$(printf '%0400d' 7)
jq --arg v "$long" '.runs |= map(.params.note = $v)' "$fixture" >"$tmp/long.json"
"$ngbench" gate --baseline="$tmp/long.json" --current="$tmp/long.json" --min-repeats=3 >"$tmp/g.txt" 2>&1
grep -qF "note=${long},size=quick t1" "$tmp/g.txt" || fail "the gate cut a long name: $(head -c 300 "$tmp/g.txt")"
"$ngbench" report "$tmp/long.json" --table=summary >"$tmp/l.txt" 2>&1 || fail "report of a long params value"
exit $((failures != 0))
