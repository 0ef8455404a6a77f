#!/bin/bash
# End to end: a tiny matrix through `ngbench run`, the results file it writes,
# interleaving, the summary, --resume after an interruption, failing runs
# recorded while the matrix goes on, and bad input refused without losing data.
set -u
NGBENCH=$1
CRASH_LIB=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
runs() { jq '.runs | length' "$1"; }

# 1. Two allocators, 1 warm-up + 2 repetitions: 6 runs, interleaved A B A B.
out=$dir/r.json
"$NGBENCH" run --allocator=glibc,jemalloc --workload=glibc-simple --size=tiny --repeat=2 --warmup=1 \
    --out="$out" > "$dir/summary.txt" 2> "$dir/err.txt" || fail "tiny matrix exited $?: $(cat "$dir/err.txt")"
[ "$(runs "$out")" = 6 ] || fail "expected 6 runs, got $(runs "$out")"
order=$(jq -r '[.runs[].allocator] | join(" ")' "$out")
[ "$order" = "glibc jemalloc glibc jemalloc glibc jemalloc" ] || fail "not interleaved: $order"
[ "$(jq '[.runs[] | select(.warmup)] | length' "$out")" = 2 ] || fail "warm-ups not flagged"
[ "$(jq '[.runs[] | select(.status == "ok")] | length' "$out")" = 6 ] || fail "not all runs ok"
for key in schema_version context runs; do
    jq -e "has(\"$key\")" "$out" > /dev/null || fail "top level lacks $key"
done
for key in allocator workload params threads repetition warmup status exit_code signal wall_s user_s sys_s \
           max_rss_kb minor_faults major_faults vol_ctx_switches invol_ctx_switches metrics counters; do
    jq -e ".runs[0] | has(\"$key\")" "$out" > /dev/null || fail "run lacks $key"
done
for key in date host cpu_model cores kernel compiler ngbench_version git_commit allocators cpus counters; do
    jq -e ".context | has(\"$key\")" "$out" > /dev/null || fail "context lacks $key"
done
jq -e '.context.allocators.jemalloc.path | test("libjemalloc")' "$out" > /dev/null || fail "jemalloc path not recorded"
jq -e '.runs[0].metrics.ops_per_sec > 0' "$out" > /dev/null || fail "workload metrics not captured"
grep -Eq '^glibc-simple +1 +jemalloc ' "$dir/summary.txt" || fail "summary lacks jemalloc: $(cat "$dir/summary.txt")"
grep -q 'Time vs glibc' "$dir/summary.txt" || fail "summary lacks the ratio column"
# Not on a terminal, progress is one plain line per run, and nothing else.
[ "$(grep -c '^ngbench run: \[[1-6]/6\] \(glibc\|jemalloc\) glibc-simple x1 ' "$dir/err.txt")" = 6 ] \
    && [ "$(wc -l < "$dir/err.txt")" = 6 ] || fail "progress is not one plain line per run: $(cat "$dir/err.txt")"
grep -q $'\r\|\033' "$dir/err.txt" && fail "terminal control characters in a log"

# 2. Bad input: exit 2, one line naming the problem, the existing file untouched.
before=$(sha256sum < "$out")
check_usage() {  # expected-substring, args...
    local want=$1; shift
    "$NGBENCH" run "$@" > /dev/null 2> "$dir/err.txt"
    local rc=$?
    [ $rc = 2 ] || fail "'$*' exited $rc, want 2"
    [ "$(wc -l < "$dir/err.txt")" = 1 ] || fail "'$*' printed more than one line: $(cat "$dir/err.txt")"
    grep -q -- "$want" "$dir/err.txt" || fail "'$*' error lacks '$want': $(cat "$dir/err.txt")"
}
check_usage "unknown allocator 'nosuch'" --allocator=nosuch --workload=glibc-simple --out="$dir/x.json"
check_usage "unknown workload 'nosuch'" --allocator=glibc --workload=nosuch --out="$dir/x.json"
check_usage "bad --threads" --threads=1,two --out="$dir/x.json"
check_usage "bad option '--threads=1,,2'" --threads=1,,2 --out="$dir/x.json"
check_usage "bad option '--allocator=glibc,'" --allocator=glibc, --out="$dir/x.json"
check_usage "CPU 99 is not one this process may run on" --cpus=99 --workload=glibc-simple --out="$dir/x.json"
check_usage "'jemalloc' is a built-in allocator's or set's name" \
    --allocator=jemalloc:/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 --out="$dir/x.json"
check_usage "'default' is a built-in allocator's or set's name" --allocator=default:"$CRASH_LIB" --out="$dir/x.json"
check_usage "/no/such/lib.so" --allocator=mine:/no/such/lib.so --workload=glibc-simple --out="$dir/x.json"
check_usage "cannot write" --allocator=glibc --workload=glibc-simple --size=tiny --out=/proc/nope/r.json
check_usage "exists" --allocator=glibc --workload=glibc-simple --size=tiny --out="$out"
check_usage "--baseline=mimalloc is not one of" --allocator=glibc --workload=glibc-simple --baseline=mimalloc --out="$dir/x.json"
echo '{"schema_version": 1, "runs": [' > "$dir/corrupt.json"
check_usage "corrupt.json" --allocator=glibc --workload=glibc-simple --out="$dir/corrupt.json" --resume
[ "$(cat "$dir/corrupt.json")" = '{"schema_version": 1, "runs": [' ] || fail "corrupt file was changed"
[ "$(sha256sum < "$out")" = "$before" ] || fail "existing results changed by refused runs"

# 3. A library that does not provide malloc is an error, never a silent glibc run.
jansson=$(ldconfig -p | awk '/libjansson.so.4 /{print $NF; exit}')
"$NGBENCH" run --allocator=fake:"$jansson" --workload=glibc-simple --size=tiny --out="$dir/fake.json" \
    > /dev/null 2> "$dir/err.txt"
[ $? = 1 ] || fail "unbound allocator not reported as a failure"
grep -q "did not bind" "$dir/err.txt" || fail "unbound allocator message: $(cat "$dir/err.txt")"
[ -e "$dir/fake.json" ] && fail "a results file was written for an unbound allocator"

# 4. Crashes and timeouts are recorded and the matrix goes on.
NGTEST_CRASH_AFTER=1000 "$NGBENCH" run --allocator=crashy:"$CRASH_LIB",glibc --workload=glibc-simple \
    --size=tiny --repeat=2 --warmup=0 --out="$dir/crash.json" > /dev/null 2> "$dir/err.txt"
[ $? = 1 ] || fail "a crashing matrix should exit 1"
[ "$(jq '[.runs[] | select(.allocator == "crashy" and .status == "crashed" and .signal == 6)] | length' \
    "$dir/crash.json")" = 2 ] || fail "crashes not recorded: $(jq -c '.runs[] | [.allocator, .status]' "$dir/crash.json")"
[ "$(jq '[.runs[] | select(.allocator == "glibc" and .status == "ok")] | length' "$dir/crash.json")" = 2 ] \
    || fail "matrix did not go on after a crash"
"$NGBENCH" run --allocator=glibc --workload=glibc-simple --size=quick --repeat=1 --warmup=0 --timeout=0.05 \
    --out="$dir/timeout.json" > /dev/null 2>&1
[ "$(jq -r '.runs[0].status' "$dir/timeout.json")" = timeout ] || fail "timeout not recorded"

# 5. An interrupt before the first run finished says so and leaves no file:
# while the allocators are probed (this one sleeps as it loads), and while
# the first run runs.
early=$dir/early.json
# interrupted WHAT WANT READY ARGS...: ngbench run ARGS in the background,
# SIGINT once the command READY succeeds; exit 130, WANT as the last line
# said, and no file left.
interrupted() {
    local what=$1 want=$2 ready=$3
    shift 3
    "$NGBENCH" run "$@" --out="$early" > /dev/null 2> "$dir/err.txt" &
    pid=$!
    for _ in $(seq 600); do $ready && break; sleep 0.05; done
    kill -INT $pid
    wait $pid
    local rc=$?
    [ $rc = 130 ] || fail "interrupted $what: exit $rc, want 130"
    [ "$(tail -1 "$dir/err.txt")" = "$want" ] || fail "interrupted $what said: $(cat "$dir/err.txt")"
    [ -e "$early" ] && fail "a file was left by an interrupt $what"
}
probe_started() { pgrep -P $pid > /dev/null; }
first_run_started() { grep -q '^ngbench run: \[1/1\]' "$dir/err.txt"; }
export NGTEST_SLOW_START=30
interrupted "while probing" "ngbench run: interrupted before the first run: nothing was written" probe_started \
    --allocator=slow:"$CRASH_LIB" --workload=glibc-simple --size=tiny
unset NGTEST_SLOW_START
interrupted "in the first run" "ngbench run: interrupted before the first run finished: nothing was written" \
    first_run_started --allocator=glibc --workload=glibc-simple --size=full --repeat=1 --warmup=0

# 6. Interrupt a matrix, then --resume completes it without repeating finished runs.
resume=$dir/resume.json
"$NGBENCH" run --allocator=glibc,jemalloc --workload=glibc-simple --size=tiny --repeat=6 --warmup=0 \
    --out="$resume" > /dev/null 2>&1 &
pid=$!
for _ in $(seq 200); do
    [ -e "$resume" ] && [ "$(runs "$resume" 2>/dev/null || echo 0)" -ge 3 ] && break
    sleep 0.05
done
kill -INT $pid
wait $pid
partial=$(runs "$resume")
[ "$partial" -ge 3 ] && [ "$partial" -lt 12 ] || fail "interrupt did not leave a partial file ($partial runs)"
first_runs=$(jq -c '[.runs[] | [.allocator, .repetition, .wall_s]]' "$resume")
"$NGBENCH" run --allocator=glibc,jemalloc --workload=glibc-simple --size=tiny --repeat=6 --warmup=0 \
    --out="$resume" --resume > /dev/null 2>&1 || fail "resume exited $?"
[ "$(runs "$resume")" = 12 ] || fail "resume ended with $(runs "$resume") runs, want 12"
[ "$(jq '[.runs[] | [.allocator, .repetition]] | unique | length' "$resume")" = 12 ] || fail "resume repeated runs"
[ "$(jq -c "[.runs[:$partial][] | [.allocator, .repetition, .wall_s]]" "$resume")" = "$first_runs" ] \
    || fail "resume changed finished runs"

# A resumed matrix may grow: the new allocator's runs and description are added.
"$NGBENCH" run --allocator=glibc,jemalloc,mimalloc --workload=glibc-simple --size=tiny --repeat=6 --warmup=0 \
    --out="$resume" --resume > /dev/null 2>&1 || fail "growing resume exited $?"
[ "$(runs "$resume")" = 18 ] || fail "growing resume ended with $(runs "$resume") runs, want 18"
jq -e '.context.allocators.mimalloc.path | test("libmimalloc")' "$resume" > /dev/null \
    || fail "resumed matrix lacks the new allocator's description"

# With --cpus, a server thread's CPU is one the workload does not use.
"$NGBENCH" run --allocator=glibc --workload=glibc-simple --size=tiny --repeat=1 --warmup=0 --cpus=0 \
    --out="$dir/cpus.json" > /dev/null 2>&1 || fail "--cpus=0 run exited $?"
want_server=null
[ "$(nproc)" -gt 1 ] && want_server=$(( $(nproc) - 1 ))
[ "$(jq '.context.server_cpu' "$dir/cpus.json")" = "$want_server" ] \
    || fail "server_cpu $(jq '.context.server_cpu' "$dir/cpus.json"), want $want_server"
[ "$(jq -r '.context.cpus' "$dir/cpus.json")" = 0 ] || fail "--cpus not recorded"

# With NGMALLOC_SERVERS, a CPU outside --cpus for each server while there
# are enough (the allocator gets them as an NGMALLOC_CPU list).
env -u NGMALLOC_CPU NGMALLOC_SERVERS=2 "$NGBENCH" run --allocator=nextgen --workload=glibc-simple \
    --size=tiny --repeat=1 --warmup=0 --cpus=0 --out="$dir/servers.json" > /dev/null 2>&1 \
    || fail "NGMALLOC_SERVERS=2 --cpus=0 run exited $?"
n=$(nproc)
want_servers=null
[ "$n" -eq 2 ] && want_servers="[1]"
[ "$n" -gt 2 ] && want_servers="[$((n - 1)),$((n - 2))]"
[ "$(jq -c '.context.server_cpus' "$dir/servers.json")" = "$want_servers" ] \
    || fail "server_cpus $(jq -c '.context.server_cpus' "$dir/servers.json"), want $want_servers"
[ "$(jq -r '[.runs[].status] | unique | join(",")' "$dir/servers.json")" = ok ] \
    || fail "runs with two servers did not all finish ok"

# 7. Shards cover the blocks exactly once.
"$NGBENCH" run --allocator=glibc --workload=glibc-simple --size=tiny --repeat=1 --warmup=0 --shard=2/2 \
    --out="$dir/shard.json" > /dev/null 2>&1
[ "$(runs "$dir/shard.json")" = 0 ] || fail "shard 2/2 of a one-block matrix should be empty"

echo "$failures failure(s)"
[ $failures = 0 ]
