#!/bin/bash
# `meson install` into a temporary DESTDIR gives an ngbench that runs from
# there alone: it finds its workloads, probes, libngmalloc.so and the
# paper's table relative to itself (no source or build path in the program),
# runs a small matrix, calibrates and evaluates the model, and says its
# version. usage: test_install.sh BUILD_ROOT SOURCE_ROOT
set -u
build=$1 source=$2
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
dest=$(mktemp -d)
trap 'chmod -R u+w "$dest"; rm -rf "$dest"' EXIT

meson install -C "$build" --destdir "$dest" --no-rebuild > "$dest/install.log" 2>&1 \
    || { fail "meson install: $(tail -3 "$dest/install.log")"; exit 1; }
ngbench=$(find "$dest" -path '*/bin/ngbench' -type f)
[ -x "$ngbench" ] || { fail "no bin/ngbench under DESTDIR"; exit 1; }
private=$(cd "$(dirname "$ngbench")/../libexec/ngbench" && pwd) || { fail "no libexec/ngbench"; exit 1; }
for f in harness/ngprobe harness/ngcalibrate-probe allocators/nextgen/libngmalloc.so \
         analysis/callcount/libngcount.so analysis/paper_table1.json \
         workloads/xmalloc workloads/glibc-simple workloads/auction-report.xsl workloads/tables-strings.lua; do
    [ -e "$private/$f" ] || fail "not installed: libexec/ngbench/$f"
done

# No source or build path in what the program reads at run time (debug
# information may name the sources; the data sections may not).
for section in .rodata .data; do
    objcopy -O binary --only-section="$section" "$ngbench" "$dest/section" 2>/dev/null || continue
    for path in "$(cd "$source" && pwd)" "$(cd "$build" && pwd)"; do
        grep -aqF "$path" "$dest/section" && fail "$section of the installed ngbench holds $path"
    done
done

# From here on nothing may come from the build tree.
export -n NGBENCH_BUILD_ROOT NGBENCH_DATA_DIR 2>/dev/null
unset NGBENCH_BUILD_ROOT NGBENCH_DATA_DIR
cd "$dest" || exit 1

"$ngbench" --version | grep -Eq '^ngbench [0-9]+\.[0-9]+\.[0-9]+ \(git [^ ]+\)$' \
    || fail "--version: $("$ngbench" --version)"
"$ngbench" list allocators | grep -q "nextgen .*$private/allocators/nextgen/libngmalloc.so" \
    || fail "list allocators does not find the installed libngmalloc.so: $("$ngbench" list allocators)"

# A small matrix with a real program: its inputs are prepared in the user's
# cache, never in the installed tree.
chmod -R a-w "$private"
XDG_CACHE_HOME=$dest/cache "$ngbench" run --allocator=glibc,nextgen --workload=glibc-simple,xalan --size=tiny \
    --repeat=1 --warmup=0 --out="$dest/r.json" > "$dest/run.log" 2>&1 || fail "run: $(tail -3 "$dest/run.log")"
[ "$(jq '[.runs[] | select(.status == "ok")] | length' "$dest/r.json")" = 4 ] \
    || fail "not 4 ok runs: $(jq -c '[.runs[] | [.allocator, .workload, .status, .error]]' "$dest/r.json")"
jq -e --arg p "$private/allocators/nextgen/libngmalloc.so" '.context.allocators.nextgen.bound_to == $p' \
    "$dest/r.json" > /dev/null || fail "nextgen did not bind to the installed library: $(jq -c .context.allocators "$dest/r.json")"
ls "$dest"/cache/ngbench/workload-data/xmark-* > /dev/null 2>&1 || fail "xalan's input was not cached in XDG_CACHE_HOME"
[ -e "$private/workload-data" ] && fail "inputs were written into the installed tree"

"$ngbench" calibrate --quick --out="$dest/cal.json" > "$dest/cal.log" 2>&1 || fail "calibrate: $(tail -3 "$dest/cal.log")"
jq -e '.clock_ghz > 0 and .malloc_free_pair.glibc.ns > 0 and .malloc_free_pair.nextgen.ns > 0' "$dest/cal.json" \
    > /dev/null || fail "calibrate from the install: $(cat "$dest/cal.log")"

"$ngbench" model --table1 | grep -Eq 'PTMalloc2 vs JeMalloc +214\.8 cycles per miss' \
    || fail "model --table1 does not find the installed paper table: $("$ngbench" model --table1 2>&1 | head -3)"
"$ngbench" model "$dest/r.json" --pair=glibc,nextgen --workload=glibc-simple --calibration="$dest/cal.json" \
    --calls=1000 > "$dest/model.log" 2>&1 || true
grep -q 'speedup (reference / offloaded)' "$dest/model.log" || grep -q 'no LLC or dTLB miss counter' "$dest/model.log" \
    || fail "model on the installed run's file: $(cat "$dest/model.log")"

echo "$failures failure(s)"
[ $failures = 0 ]
