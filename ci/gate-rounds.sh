#!/bin/bash
# ci/gate-rounds.sh: measure a base and a head build of one allocator in
# interleaved rounds, gate them, and add rounds while the gate is
# inconclusive (docs/gate.md, "Using it in CI"). The ci/examples/ jobs run it.
#
#   ci/gate-rounds.sh --base=BASE.so --head=HEAD.so [--name=NAME] [--rounds=N]
#                     [--max-rounds=M] [--dir=DIR] [--format=text|md|json]
#                     [--metric=... --threshold=... --alpha=... --allow-missing]
#                     -- RUN_OPTIONS...
#
# Round i runs `ngbench run --allocator=NAME:LIB RUN_OPTIONS --repeat=i
# --resume` for base, then for head, so load on a shared runner slows both
# alike. After --rounds rounds (default 10) it gates; on exit 3 it reads how
# many repetitions a side the gate asks for (repeats_needed), runs rounds up
# to that many (never past --max-rounds, default 50) and gates again, until
# the gate settles or asks for no more than it has. DIR (default .) gets
# base.json, head.json and gate.json; the last gate's report goes to stdout
# in --format (default text). Exit status: the last gate's (0 pass,
# 1 regression, 2 bad input, 3 still inconclusive at --max-rounds), 2 for a
# usage error here, 1 when a run fails. NGBENCH names the program (default:
# the build beside this script).
set -uo pipefail
NGBENCH=${NGBENCH:-$(dirname "$0")/../build/ngbench}

usage() {
    echo "ci/gate-rounds.sh: $1 (usage: ci/gate-rounds.sh --base=LIB --head=LIB [--rounds=N] [--max-rounds=M] ... -- RUN_OPTIONS)" >&2
    exit 2
}

whole_number() { [[ "$1" =~ ^[1-9][0-9]*$ ]]; }

base= head= name=mine rounds=10 max_rounds=50 dir=. format=text gate_options=()
while [ $# -gt 0 ]; do
    case "$1" in
    --base=*) base=${1#*=} ;;
    --head=*) head=${1#*=} ;;
    --name=*) name=${1#*=} ;;
    --rounds=*) rounds=${1#*=}; whole_number "$rounds" || usage "--rounds=$rounds: want a whole number from 1" ;;
    --max-rounds=*) max_rounds=${1#*=}; whole_number "$max_rounds" || usage "--max-rounds=$max_rounds: want a whole number from 1" ;;
    --dir=*) dir=${1#*=} ;;
    --format=*) format=${1#*=} ;;
    --metric=*|--threshold=*|--alpha=*|--allow-missing) gate_options+=("$1") ;;
    --) shift; break ;;
    *) usage "unknown option '$1'" ;;
    esac
    shift
done
[ -n "$base" ] && [ -n "$head" ] || usage "both --base=LIB and --head=LIB are required"
[ "$max_rounds" -ge "$rounds" ] || usage "--max-rounds=$max_rounds is below --rounds=$rounds"
run_options=("$@")

# Rounds from+1 .. to, base then head in each.
measure_rounds() {
    local i side lib resume
    for ((i = $1 + 1; i <= $2; i++)); do
        for side in base head; do
            lib=$base; [ "$side" = head ] && lib=$head
            resume=(); [ -f "$dir/$side.json" ] && resume=(--resume)
            "$NGBENCH" run --allocator="$name:$lib" "${run_options[@]}" --repeat="$i" \
                --out="$dir/$side.json" "${resume[@]}" > /dev/null ||
                { echo "ci/gate-rounds.sh: round $i of $side failed" >&2; exit 1; }
        done
    done
}

gate() {
    "$NGBENCH" gate --baseline="$dir/base.json" --current="$dir/head.json" --min-repeats="$rounds" \
        "${gate_options[@]}" "$@"
}

measure_rounds 0 "$rounds"
done_rounds=$rounds
while :; do
    gate --format=json > "$dir/gate.json"
    status=$?
    [ "$status" = 3 ] || break
    need=$(jq -r '.repeats_needed // 0' "$dir/gate.json")
    [ "$need" -gt "$max_rounds" ] && need=$max_rounds
    [ "$need" -gt "$done_rounds" ] || break
    echo "ci/gate-rounds.sh: inconclusive after $done_rounds rounds; measuring up to $need" >&2
    measure_rounds "$done_rounds" "$need"
    done_rounds=$need
done
gate --format="$format"
