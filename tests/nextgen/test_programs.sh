#!/bin/sh
# test_programs.sh LIB MODE: real programs under LD_PRELOAD=LIB with
# NGMALLOC_MODE=MODE must print exactly what they print under glibc:
# Xalan transforming a catalogue, and python3 running an allocation-heavy
# script. Also checks the NGMALLOC_STATS file those runs write.
set -u
lib=$1 mode=$2
data=$(dirname "$0")/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# compare NAME CMD...: run CMD under glibc and under the allocator.
compare() {
    name=$1; shift
    env -u LD_PRELOAD "$@" > "$tmp/$name.glibc" 2>&1 || { echo "$name: fails under glibc"; fail=1; return; }
    env LD_PRELOAD="$lib" NGMALLOC_MODE="$mode" NGMALLOC_STATS="$tmp/$name.stats" "$@" > "$tmp/$name.ng" 2>&1 \
        || { echo "$name: exit status $? under ngmalloc ($mode)"; cat "$tmp/$name.ng"; fail=1; return; }
    cmp -s "$tmp/$name.glibc" "$tmp/$name.ng" || { echo "$name: output differs"; diff "$tmp/$name.glibc" "$tmp/$name.ng" | head; fail=1; }
    /usr/bin/python3 - "$tmp/$name.stats" "$mode" "$name" <<'PY' || { echo "$name: bad NGMALLOC_STATS file"; fail=1; }
import json, os, sys
s = json.load(open(sys.argv[1]))
assert s["mode"] == sys.argv[2], s["mode"]
mode = sys.argv[2]
want = 0 if mode in ("inline", "inplace") else int(os.environ.get("NGMALLOC_SERVERS", "1"))
assert s["servers"] == want, (s["servers"], want)
assert isinstance(s["heaps"], int) and s["heaps"] >= max(want, 1), s["heaps"]
assert isinstance(s["blocks_forwarded"], int) and s["blocks_forwarded"] >= 0
if want > 1 and sys.argv[3] == "python":   # its threads free what main made
    assert s["blocks_forwarded"] > 0, s
calls = s["calls"]
for k in ("malloc", "free", "calloc", "realloc", "aligned", "usable_size"):
    assert isinstance(calls[k], int) and calls[k] >= 0, k
assert calls["malloc"] > 1000 and calls["free"] > 1000, calls
for k in ("stock_hits", "stock_misses", "sync_round_trips", "served_in_place", "bytes_in_use", "bytes_peak",
          "bytes_prefaulted"):
    assert isinstance(s[k], int) and s[k] >= 0, k
serving = s["serving"]
assert serving["offload_s"] >= 0 and serving["in_place_s"] >= 0 and serving["offload_s"] + serving["in_place_s"] > 0
assert isinstance(serving["switches"], int) and serving["switches"] >= 0
assert s["bytes_prefaulted"] > 0, s   # prefaulting is on by default (docs/nextgen.md)
assert 0.0 <= s["server_busy_fraction"] <= 1.0
assert s["bytes_peak"] >= s["bytes_in_use"]
if mode in ("auto", "offload", "inplace"):
    assert s["stock_hits"] > s["stock_misses"], s
if mode in ("offload", "sync"):
    assert serving["in_place_s"] < 0.001 and serving["switches"] == 0, s
if mode == "sync":
    assert s["sync_round_trips"] >= calls["malloc"], s
if mode == "inplace":
    assert s["sync_round_trips"] == 0 and s["served_in_place"] > 0 and serving["offload_s"] == 0, s
if mode == "inline":
    assert s["sync_round_trips"] == 0 and s["stock_hits"] == 0 and serving["offload_s"] == 0, s
PY
}

compare xalan /usr/bin/Xalan "$data/catalog.xml" "$data/catalog.xsl"
compare python /usr/bin/python3 "$data/workload.py"
exit $fail
