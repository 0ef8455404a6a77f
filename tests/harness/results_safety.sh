#!/bin/bash
# Results files are never lost (issues 17 and 19): kill -9 at any moment
# then --resume keeps every finished run; two ngbench writing one file never
# interleave (the second is refused); --out through a symlink writes the
# target; a directory, a dangling symlink, a read-only file, a file the user
# cannot write and a full filesystem are refused or reported in one line with
# the previous content intact; no temporary file is ever left behind.
# usage: results_safety.sh NGBENCH CASE
set -u
NGBENCH=$1 CASE=$2
dir=$(mktemp -d)
trap 'umount "$dir/small" 2>/dev/null; rm -rf "$dir"' EXIT
failures=0
fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
runs() { jq '.runs | length' "$1"; }
temporaries() { find "$@" -name '.*ngbench-tmp-*' | wc -l; }
matrix=(--allocator=glibc --workload=glibc-simple --size=tiny --warmup=0)

# expect RC SUBSTRING ARGS...: ngbench exits RC with one stderr line containing SUBSTRING.
expect() {
    local want_rc=$1 want=$2
    shift 2
    "$NGBENCH" "$@" > "$dir/out" 2> "$dir/err"
    local rc=$?
    [ $rc = "$want_rc" ] && [ "$(wc -l < "$dir/err")" = 1 ] && grep -qF -- "$want" "$dir/err" \
        || fail "ngbench $*: rc $rc, stderr: $(cat "$dir/err"); wanted rc $want_rc and '$want'"
}

kill_at_any_moment() {
    # SIGKILL at seeded random moments: once while probing, before any file,
    # then after the file exists (running, saving); each time resumed. The
    # file always parses, never repeats a run, and the last resume completes it.
    local out=$dir/k.json seen=0
    RANDOM=42
    for round in 1 2 3 4 5 6 7; do
        local resume=()
        [ -e "$out" ] && resume=(--resume)
        "$NGBENCH" run "${matrix[@]}" --repeat=8 --out="$out" "${resume[@]}" > /dev/null 2>&1 &
        local pid=$!
        if [ $round -gt 1 ]; then
            for _ in $(seq 1200); do [ -s "$out" ] && break; sleep 0.05; done
            sleep "$((RANDOM % 20)).$((RANDOM % 10))e-1"
        fi
        kill -9 $pid 2>/dev/null
        wait $pid 2>/dev/null
        [ -e "$out" ] || continue
        seen=$((seen + 1))
        local have
        have=$(runs "$out") || { fail "round $round: the file does not parse"; break; }
        [ "$(jq '[.runs[] | .repetition] | unique | length' "$out")" = "$have" ] || fail "round $round: a run twice"
    done
    # what a kill during a save leaves behind, which the next writer removes
    touch "$dir/.k.json.ngbench-tmp-Stale1"
    local resume=()
    [ -e "$out" ] && resume=(--resume)
    "$NGBENCH" run "${matrix[@]}" --repeat=8 --out="$out" "${resume[@]}" > /dev/null 2> "$dir/err" \
        || fail "the last run exited $?: $(cat "$dir/err")"
    [ "$(runs "$out")" = 8 ] && [ "$(jq '[.runs[] | .repetition] | unique | length' "$out")" = 8 ] \
        || fail "after the kills and a resume: $(runs "$out") runs, want 8 distinct"
    [ "$(temporaries "$dir")" = 0 ] || fail "temporary files left: $(find "$dir" -name '.*ngbench-tmp-*')"
    [ $seen -ge 5 ] || fail "only $seen of 7 kills came after the file existed"
}

signals_leave_no_temporary_file() {
    local out=$dir/s.json
    RANDOM=7
    for sig in TERM INT HUP TERM INT; do
        local resume=()
        [ -e "$out" ] && resume=(--resume)
        "$NGBENCH" run "${matrix[@]}" --repeat=20 --out="$out" "${resume[@]}" > /dev/null 2>&1 &
        local pid=$!
        sleep "$((RANDOM % 15 + 5))e-1"
        kill -$sig $pid 2>/dev/null
        wait $pid 2>/dev/null
        [ "$(temporaries "$dir")" = 0 ] || fail "SIG$sig left a temporary file"
        [ ! -e "$out" ] || runs "$out" > /dev/null || fail "SIG$sig: the file does not parse"
    done
}

two_writers_never_interleave() {
    local out=$dir/two.json
    "$NGBENCH" run "${matrix[@]}" --repeat=6 --out="$out" > /dev/null 2>&1 &
    local pid=$!
    for _ in $(seq 600); do [ -s "$out" ] && break; sleep 0.05; done
    expect 2 "is being written by another ngbench process" run "${matrix[@]}" --repeat=6 --out="$out" --resume
    expect 2 "exists" run "${matrix[@]}" --repeat=6 --out="$out"
    expect 2 "is being written by another ngbench process" merge "$out" --out="$out"
    wait $pid || fail "the first writer exited $?"
    [ "$(runs "$out")" = 6 ] || fail "the first writer's file has $(runs "$out") runs, want 6"
    # Two writers started together on a new file: one writes it, the other is
    # refused (and its temporary file is not taken for a killed one's).
    local both=$dir/both.json
    for round in 1 2 3 4 5; do
        rm -f "$both"
        "$NGBENCH" run "${matrix[@]}" --repeat=2 --out="$both" > /dev/null 2> "$dir/err1" &
        local a=$!
        "$NGBENCH" run "${matrix[@]}" --repeat=2 --out="$both" > /dev/null 2> "$dir/err2" &
        local b=$!
        wait $a; local ra=$?
        wait $b; local rb=$?
        [ "$(printf '%s\n' $ra $rb | sort | tr '\n' ' ')" = "0 2 " ] \
            || fail "round $round: two writers of one new file exited $ra and $rb, want 0 and 2: $(cat "$dir/err1" "$dir/err2")"
        grep -qh "exists" "$dir/err1" "$dir/err2" \
            || fail "round $round: the refused writer did not say the file exists: $(cat "$dir/err1" "$dir/err2")"
        [ "$(runs "$both")" = 2 ] || fail "round $round: two writers left $(runs "$both") runs, want 2"
        [ "$(temporaries "$dir")" = 0 ] || fail "round $round: temporary files left"
    done
}

symlinks_write_their_target() {
    mkdir "$dir/real" "$dir/links"
    "$NGBENCH" run "${matrix[@]}" --repeat=2 --out="$dir/real/r.json" > /dev/null 2> "$dir/err" \
        || fail "setup run exited $?: $(cat "$dir/err")"
    ln -s ../real/r.json "$dir/links/r.json"
    "$NGBENCH" run "${matrix[@]}" --repeat=3 --out="$dir/links/r.json" --resume > /dev/null 2> "$dir/err" \
        || fail "resume through a symlink exited $?: $(cat "$dir/err")"
    [ -L "$dir/links/r.json" ] || fail "resume replaced the symlink"
    [ "$(runs "$dir/real/r.json")" = 3 ] || fail "resume did not write the link's target"
    "$NGBENCH" merge "$dir/real/r.json" --out="$dir/links/r.json" > /dev/null 2> "$dir/err" \
        || fail "merge through a symlink exited $?: $(cat "$dir/err")"
    [ -L "$dir/links/r.json" ] && [ "$(runs "$dir/real/r.json")" = 3 ] || fail "merge replaced the symlink"
    expect 2 "exists: use --resume" run "${matrix[@]}" --repeat=1 --out="$dir/links/r.json"
    [ "$(temporaries "$dir")" = 0 ] || fail "temporary files left"
    ln -s ../real/missing.json "$dir/links/dangling.json"
    expect 2 "is a symbolic link to a missing file (../real/missing.json)" \
        run "${matrix[@]}" --repeat=1 --out="$dir/links/dangling.json"
    expect 2 "is a symbolic link to a missing file" merge "$dir/real/r.json" --out="$dir/links/dangling.json"
    [ -e "$dir/real/missing.json" ] && fail "a file was created through a dangling link"
}

refusals_keep_the_previous_content() {
    mkdir "$dir/adir"
    expect 2 "is a directory, not a results file" run "${matrix[@]}" --out="$dir/adir"
    expect 2 "is a directory, not a results file" run "${matrix[@]}" --out="$dir/adir" --resume
    expect 2 "is a directory, not a results file" report "$dir/adir"
    "$NGBENCH" run "${matrix[@]}" --repeat=1 --out="$dir/ro.json" > /dev/null 2>&1 || fail "setup run"
    expect 2 "is a directory, not a results file" merge "$dir/ro.json" --out="$dir/adir"
    chmod 0444 "$dir/ro.json"
    local before
    before=$(sha256sum < "$dir/ro.json")
    expect 2 "is read-only (mode 0444): refusing to replace it" run "${matrix[@]}" --repeat=2 --out="$dir/ro.json" --resume
    expect 2 "is read-only" merge "$dir/ro.json" --out="$dir/ro.json"
    [ "$(sha256sum < "$dir/ro.json")" = "$before" ] || fail "the read-only file changed"
    if [ "$(id -u)" = 0 ] && command -v runuser > /dev/null; then
        # A file owned by root in a folder anyone may write: nobody must not replace it.
        mkdir -m 1777 "$dir/shared"
        cp "$dir/ro.json" "$dir/shared/root.json"
        chmod 0644 "$dir/shared/root.json"
        chmod 755 "$dir"
        before=$(sha256sum < "$dir/shared/root.json")
        runuser -u nobody -- "$NGBENCH" merge "$dir/shared/root.json" --out="$dir/shared/root.json" \
            > /dev/null 2> "$dir/err"
        local rc=$?
        [ $rc = 2 ] && grep -q "is not writable by you: refusing to replace it" "$dir/err" \
            || fail "nobody replacing root's file: rc $rc, $(cat "$dir/err")"
        [ "$(sha256sum < "$dir/shared/root.json")" = "$before" ] || fail "root's file changed"
    else
        echo "skipped the other user's file: needs root and runuser"
    fi
}

full_filesystem_is_reported() {
    if [ "$(id -u)" != 0 ]; then
        echo "SKIP: a full filesystem needs a small tmpfs, which needs root"
        exit 77
    fi
    mkdir "$dir/small"
    if ! mount -t tmpfs -o size=24k tmpfs "$dir/small" 2> "$dir/err"; then
        echo "SKIP: cannot mount a tmpfs here: $(cat "$dir/err")"
        exit 77
    fi
    local out=$dir/small/r.json
    "$NGBENCH" run "${matrix[@]}" --repeat=40 --out="$out" > /dev/null 2> "$dir/all"
    local rc=$?
    [ $rc = 1 ] || fail "a full filesystem: exit $rc, want 1"
    grep -Ev '^ngbench run: \[[0-9]+/[0-9]+\] ' "$dir/all" > "$dir/err"   # progress lines aside
    [ "$(wc -l < "$dir/err")" = 1 ] || fail "more than one line: $(cat "$dir/err")"
    grep -q "cannot write: No space left on device; .* keeps the [0-9]* runs saved before (the last run could not be saved" \
        "$dir/err" || fail "the message: $(cat "$dir/err")"
    local saved
    saved=$(sed -n 's/.* keeps the \([0-9]*\) runs saved before.*/\1/p' "$dir/err")
    [ "$(runs "$out")" = "$saved" ] && [ "$saved" -gt 0 ] || fail "the file has $(runs "$out") runs, the message says $saved"
    [ "$(temporaries "$dir/small")" = 0 ] || fail "a temporary file was left on the full filesystem"
    before=$(sha256sum < "$out")
    head -c 1M /dev/zero > "$dir/small/filler" 2>/dev/null   # whatever room is left, taken
    expect 1 "cannot write: No space left on device" merge "$out" --out="$out"
    [ "$(sha256sum < "$out")" = "$before" ] || fail "a failed merge changed the file"
}

"$CASE"
exit $((failures != 0))
