#!/bin/bash
# busy_loops.sh COMMAND [ARG...]: runs COMMAND with one busy loop pinned to
# each CPU this process may use, as on a shared machine whose every core is
# taken, and exits with COMMAND's status. The wrapper of meson's test setup
# `busy` (`meson test -C build --setup busy --suite nextgen`): no test may
# depend on the server, or any thread, getting a CPU promptly. The loops are
# this script's children and end with it, however it ends.
set -u
if [ $# -eq 0 ]; then
    echo "usage: busy_loops.sh COMMAND [ARG...]" >&2
    exit 2
fi
loops=()
stop_loops() {
    [ ${#loops[@]} -gt 0 ] && kill "${loops[@]}" 2>/dev/null
    wait "${loops[@]}" 2>/dev/null
    loops=()
}
trap stop_loops EXIT
trap 'stop_loops; exit 143' TERM
trap 'stop_loops; exit 130' INT
for cpu in $(seq 0 $(($(nproc --all) - 1))); do
    # a CPU outside this process's affinity set refuses the loop: skipped
    taskset -c "$cpu" true 2>/dev/null || continue
    taskset -c "$cpu" bash -c 'while :; do :; done' &
    loops+=($!)
done
"$@"
status=$?
stop_loops
exit $status
