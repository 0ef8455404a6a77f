#!/bin/bash
# Any command as a workload: `ngbench run [OPTIONS] -- PROGRAM [ARGS...]`
# runs under each allocator with the built-ins' machinery (interleaving,
# repetitions, the results file, --resume), records argv exactly, feeds
# stdin, settings and a working folder, reads ngbench-result figures,
# checks the output (--expect-output, --same-output catching an injected
# difference), and refuses bad commands before writing anything; a command
# that fails or is killed fails its run with its stderr tail while the
# matrix goes on (exit 1).
set -u
NGBENCH=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
q() { jq -r "$1" "$2"; }

# 1. A command under two allocators, interleaved, argv recorded as given.
out=$dir/cmd.json
"$NGBENCH" run --allocator=glibc,mimalloc --repeat=2 --warmup=1 --out="$out" \
    -- sh -c 'echo "two  spaces"; echo ngbench-result: items=3' > /dev/null 2> "$dir/err" \
    || fail "command run exited $?: $(cat "$dir/err")"
[ "$(q '.runs | length' "$out")" = 6 ] || fail "want 6 runs, got $(q '.runs | length' "$out")"
[ "$(q '[.runs[].allocator] | join(" ")' "$out")" = "glibc mimalloc glibc mimalloc glibc mimalloc" ] \
    || fail "not interleaved"
[ "$(q '[.runs[] | select(.status == "ok" and .workload == "sh" and .metrics.items == 3)] | length' "$out")" = 6 ] \
    || fail "runs not ok with the figure: $(q '.runs[0]' "$out")"
[ "$(q '.runs[0].params.argv | tojson' "$out")" = '["sh","-c","echo \"two  spaces\"; echo ngbench-result: items=3"]' ] \
    || fail "argv not recorded exactly: $(q '.runs[0].params.argv' "$out")"
[ "$(q '.context.matrix.command[0]' "$out")" = sh ] || fail "the matrix does not record the command"
[ "$(q '[.runs[].stdout_sha256] | unique | length' "$out")" = 1 ] || fail "outputs' digests differ"
[ "$(q '.runs[0].stdout_sha256' "$out")" = "$(echo "two  spaces" | sha256sum | cut -d' ' -f1)" ] \
    || fail "the digest is not that of the output without its ngbench-result line"
"$NGBENCH" report "$out" > /dev/null 2>&1 || fail "report cannot read a command's results"

# 2. --resume continues a command's matrix.
"$NGBENCH" run --allocator=glibc,mimalloc --repeat=3 --warmup=1 --out="$out" --resume \
    -- sh -c 'echo "two  spaces"; echo ngbench-result: items=3' > /dev/null 2>&1 || fail "--resume exited $?"
[ "$(q '.runs | length' "$out")" = 8 ] || fail "--resume: want 8 runs, got $(q '.runs | length' "$out")"

# 3. stdin, settings (the later one of a key wins), working folder, expected output.
mkdir "$dir/work"
printf 'line from stdin\n' > "$dir/input.txt"
printf 'line from stdin\nA=1 B=x y\n%s\n' "$dir/work" > "$dir/expected.txt"
"$NGBENCH" run --allocator=glibc --repeat=1 --warmup=0 --out="$dir/io.json" --name=io-check \
    --stdin="$dir/input.txt" --env=A=0 --env=A=1 --env='B=x y' --cwd="$dir/work" \
    --expect-output="$dir/expected.txt" -- sh -c 'cat; echo "A=$A B=$B"; pwd' > /dev/null 2> "$dir/err" \
    || fail "stdin/env/cwd run exited $?: $(cat "$dir/err")"
[ "$(q '.runs[0].workload + " " + .runs[0].status' "$dir/io.json")" = "io-check ok" ] \
    || fail "stdin/env/cwd run: $(q '.runs[0] | {workload, status, error}' "$dir/io.json")"
[ "$(q '.runs[0].params | [.stdin, .cwd, .env.A, .env.B] | join("|")' "$dir/io.json")" = \
  "$dir/input.txt|$dir/work|1|x y" ] || fail "params lack stdin, cwd or env: $(q '.runs[0].params' "$dir/io.json")"
# the same with a wrong expected digest: the run fails, ngbench exits 1
"$NGBENCH" run --allocator=glibc --repeat=1 --warmup=0 --out="$dir/wrong.json" \
    --expect-output=sha256:0000000000000000000000000000000000000000000000000000000000000000 \
    -- echo hello > /dev/null 2>&1
rc=$?
[ $rc = 1 ] || fail "a wrong expected output exited $rc, want 1"
q '.runs[0].error' "$dir/wrong.json" | grep -q "not the expected 0000" || fail "wrong output: $(q '.runs[0].error' "$dir/wrong.json")"

# 4. --same-output catches an injected difference: the preloaded library's
# name is in the output, so the second allocator prints something else.
"$NGBENCH" run --allocator=glibc,mimalloc --repeat=1 --warmup=0 --same-output --out="$dir/same.json" \
    -- sh -c 'echo "$LD_PRELOAD"' > /dev/null 2>&1
rc=$?
[ $rc = 1 ] || fail "--same-output with different outputs exited $rc, want 1"
[ "$(q '.runs[0].status' "$dir/same.json")" = ok ] || fail "--same-output: the reference run failed"
q '.runs[1].status + ": " + .runs[1].error' "$dir/same.json" | grep -q "^failed: --same-output: stdout (sha256 .*) differs from glibc's" \
    || fail "--same-output did not catch the difference: $(q '.runs[1]' "$dir/same.json")"
"$NGBENCH" run --allocator=glibc,mimalloc --repeat=2 --warmup=0 --same-output --out="$dir/same-ok.json" \
    -- echo same > /dev/null 2>&1 || fail "--same-output with equal outputs exited $?"

# 5. A command that fails or is killed: its run says so with the stderr
# tail, the matrix goes on, ngbench exits 1.
"$NGBENCH" run --allocator=glibc,mimalloc --repeat=1 --warmup=0 --out="$dir/fails.json" \
    -- sh -c 'echo first >&2; echo "it broke" >&2; exit 3' > /dev/null 2>&1
rc=$?
[ $rc = 1 ] || fail "a failing command exited $rc, want 1"
[ "$(q '[.runs[] | select(.status == "failed" and .exit_code == 3)] | length' "$dir/fails.json")" = 2 ] \
    || fail "failing runs not recorded for both allocators"
[ "$(q '.runs[0].error' "$dir/fails.json")" = "exit code 3: it broke" ] || fail "error: $(q '.runs[0].error' "$dir/fails.json")"
[ "$(q '.runs[0].stderr_tail' "$dir/fails.json")" = "$(printf 'first\nit broke')" ] \
    || fail "stderr tail: $(q '.runs[0].stderr_tail' "$dir/fails.json")"
"$NGBENCH" run --allocator=glibc --repeat=1 --warmup=0 --out="$dir/killed.json" -- sh -c 'kill -9 $$' > /dev/null 2>&1
[ "$(q '.runs[0].status + " " + (.runs[0].signal | tostring)' "$dir/killed.json")" = "crashed 9" ] \
    || fail "a killed command: $(q '.runs[0]' "$dir/killed.json")"

# 6. oneTBB's and LLVM's allocators: listed with a version, bound (the probe
# found malloc in their library) and run.
"$NGBENCH" list allocators > "$dir/list.txt"
for a in tbbmalloc scudo; do
    grep -Eq "^  $a +[0-9][^ ]* +/" "$dir/list.txt" || fail "list allocators: no version and path for $a: $(grep "$a" "$dir/list.txt")"
done
"$NGBENCH" run --allocator=tbbmalloc,scudo --repeat=1 --warmup=0 --out="$dir/new.json" -- sh -c 'echo ok'     > /dev/null 2> "$dir/err" || fail "tbbmalloc and scudo: exited $?: $(cat "$dir/err")"
jq -e '.context.allocators.tbbmalloc.bound_to | test("libtbbmalloc_proxy")' "$dir/new.json" > /dev/null     || fail "tbbmalloc bound to $(jq -r '.context.allocators.tbbmalloc.bound_to' "$dir/new.json")"
jq -e '.context.allocators.scudo.bound_to | test("scudo_standalone")' "$dir/new.json" > /dev/null     || fail "scudo bound to $(jq -r '.context.allocators.scudo.bound_to' "$dir/new.json")"

# 7. Bad commands: exit 2, one line, nothing written.
check_usage() {  # expected-substring, args...
    local want=$1; shift
    "$NGBENCH" run --allocator=glibc --out="$dir/never.json" "$@" > /dev/null 2> "$dir/err"
    local rc=$?
    [ $rc = 2 ] || fail "'$*' exited $rc, want 2"
    [ "$(wc -l < "$dir/err")" = 1 ] || fail "'$*' printed more than one line: $(cat "$dir/err")"
    grep -q -- "$want" "$dir/err" || fail "'$*' error lacks '$want': $(cat "$dir/err")"
    [ -e "$dir/never.json" ] && fail "'$*' wrote a results file"
}
touch "$dir/not-executable"
check_usage "no-such-program-ngbench: not found in PATH" -- no-such-program-ngbench --flag
check_usage "not an executable file" -- "$dir/not-executable"
check_usage "no such file" -- ./no/such/program
check_usage "no command after '--'" --
check_usage "give it after '--'" --env=A=1 --workload=glibc-simple
check_usage "--same-output is about a command" --same-output --workload=glibc-simple
check_usage "--stdin: /no/such/input" --stdin=/no/such/input -- cat
check_usage "LD_PRELOAD cannot be set" --env=LD_PRELOAD=/x.so -- true
check_usage "--name: bad name" --name='a b' -- true
check_usage "--expect-output: cannot read" --expect-output=/no/such/expected -- true

[ "$failures" = 0 ] && echo "ok: commands run as workloads"
exit $((failures > 0))
