#!/bin/bash
# benchmarks/real/run.sh: the real programs under every allocator, side by side.
#
# usage: benchmarks/real/run.sh [NGBENCH] [OUT_DIR]
#
# 1. tiny: `ngbench run --workload=real --size=tiny --allocator=all` must pass
#    under every installed allocator (tbbmalloc and scudo included): one run each.
# 2. quick: the figures, three repetitions of each program under each
#    production allocator and nextgen (the default set), interleaved; then the
#    summary table. Takes about 15 minutes of CPU on a 2-core machine; a
#    busy machine stretches the wall time (see RESULTS.md).
set -eu
NGBENCH=${1:-build/ngbench}
OUT=${2:-benchmarks/real}
"$NGBENCH" run --workload=real --size=tiny --allocator=all --repeat=1 --warmup=0 --out="$OUT/real-tiny-all.json"
"$NGBENCH" run --workload=real --size=quick --repeat=3 --warmup=0 --out="$OUT/real-quick.json"
"$NGBENCH" report "$OUT/real-quick.json" --table=summary
