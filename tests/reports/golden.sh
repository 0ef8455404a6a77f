#!/bin/sh
# Runs "ngbench ARGS..." and compares its stdout with a golden file.
# usage: golden.sh NGBENCH GOLDEN_FILE ARGS...
# Set NGBENCH_UPDATE_GOLDEN=1 to rewrite the golden file instead (then review the diff).
set -u
ngbench=$1 golden=$2
shift 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$ngbench" "$@" >"$out" || { echo "ngbench $* exited $?"; exit 1; }
if [ "${NGBENCH_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$out" "$golden"
    exit 0
fi
diff -u "$golden" "$out"
