#!/usr/bin/env python3
"""tests/fuzz/fuzz_readers.py NGBENCH ROOT [--seconds=S] [--seed=N] [--corpus-only]

Every command that reads files, fed mutated files (issue 17): results files
(the reports' fixture, the self-gate baseline, the paper's Table 1),
calibration files, and workload files where `ngbench run --workload-file`
exists. A seeded generator truncates, flips and inserts bytes (control
characters, invalid UTF-8, NUL), and edits the JSON: values of every type at
random places, huge, negative and non-finite numbers, long strings, names
with newlines and terminal escapes, keys removed or repeated, deep nesting.
The commands: report, plot, gate (also --baseline-db), merge, model (Table
1, a penalty, measured inputs with a calibration), history add and show,
run --workload-file (stopped before anything runs by an --out that is a
folder), and now and then run --resume.

Each outcome must be valid output with exit 0 (the gate: 0, 1 or 3, its
verdicts), or exit 2 with exactly one stderr line, at most 2,000 bytes, no
control character in it; never a signal, a hang (60 s) or a sanitizer
report. Inputs that once failed are kept in tests/fuzz/corpus/ (named
KIND@SEED@WHAT.json: the kind of file and the seed it was mutated from) and
always run first; --corpus-only runs only them. Runs for about --seconds (default 30) and prints how many inputs
and commands it tried.
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

NGBENCH, ROOT = sys.argv[1], sys.argv[2]
OPTS = dict(a[2:].split("=", 1) if "=" in a else (a[2:], "") for a in sys.argv[3:])
SECONDS = float(OPTS.get("seconds", 30))
SEED = int(OPTS.get("seed", 1))
TIMEOUT = 60
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:")
TMP = tempfile.mkdtemp(prefix="ngbench-fuzz-")
MARKER = os.path.join(TMP, "pwned")

SEEDS = {
    "results": [os.path.join(ROOT, p) for p in ("tests/reports/data/results.json", "ci/baseline.json",
                                                "analysis/paper_table1.json")],
    "calibration": [os.path.join(ROOT, "tests/fuzz/seeds/calibration.json")],
    "workload": [],
}


def workload_file_seeds():
    """The example workload files, when `ngbench run --workload-file` exists."""
    examples = os.path.join(ROOT, "workloads", "examples")
    files = sorted(os.path.join(examples, f) for f in os.listdir(examples) if f.endswith(".json")) \
        if os.path.isdir(examples) else []
    if not files:
        return []
    p = subprocess.run([NGBENCH, "run", "--workload-file=" + files[0], "--out=" + TMP], capture_output=True, text=True)
    return [] if "unknown" in p.stderr and "workload-file" in p.stderr else files


def stub_gnuplot():
    """A gnuplot that draws nothing: it writes the image its script names, so
    plots are fast; one in ten plots uses the real gnuplot."""
    path = os.path.join(TMP, "gnuplot-stub")
    with open(path, "w") as f:
        f.write("#!/bin/sh\nout=$(sed -n \"s/^set output '\\\\(.*\\\\)'$/\\\\1/p\" \"$1\" | head -1)\n"
                "[ -n \"$out\" ] && echo stub > \"$out\"\n")
    os.chmod(path, 0o755)
    return path


# ---- Mutations ----

NASTY_STRINGS = [
    "", "a\nsystem \"touch %s\"\n#" % MARKER, "\x1b[2J\x1b[31mred", "tab\there", "nul\u0000byte", "\u0085c1",
    "x" * 10000, "geometric mean", "a|b", "'quote\"", "`touch %s`" % MARKER, "=cmd|' /C calc'!A0",
    "\u202eevil", "é名前",
]
NASTY_NUMBERS = ["1e400", "-1e400", "NaN", "Infinity", "-0", "1e308", "-1", "0", "9223372036854775808",
                 "1.5", "4294967297", "-9223372036854775809"]


def random_value(rng, depth=0):
    kind = rng.randrange(8)
    if kind == 0:
        return rng.choice(NASTY_STRINGS)
    if kind == 1:
        return json.loads(rng.choice(["1e308", "-1", "0", "1.5", "4294967297", "-0"]))
    if kind == 2:
        return None
    if kind == 3:
        return rng.choice([True, False])
    if kind == 4 and depth < 3:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(3))]
    if kind == 5 and depth < 3:
        return {rng.choice(NASTY_STRINGS + ["size", "value", "source"]): random_value(rng, depth + 1)}
    return rng.randrange(-5, 50)


def paths_of(doc, prefix=()):
    """Every place in a document, as a path of keys and indexes (runs sampled)."""
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from paths_of(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc[:6]):
            yield from paths_of(v, prefix + (i,))


def get_parent(doc, path):
    for key in path[:-1]:
        doc = doc[key]
    return doc


def structural(rng, text):
    """One edit of the parsed document, serialised again; sometimes as raw text
    that JSON serialisers would not write (non-finite numbers, repeated keys)."""
    doc = json.loads(text)
    paths = [p for p in paths_of(doc) if p]
    path = rng.choice(paths)
    parent = get_parent(doc, path)
    action = rng.randrange(6)
    if action == 0:
        parent[path[-1]] = random_value(rng)
    elif action == 1 and isinstance(parent, dict):
        del parent[path[-1]]
    elif action == 2:
        parent[path[-1]] = "__RAW__"
        return json.dumps(doc).replace('"__RAW__"', rng.choice(NASTY_NUMBERS))
    elif action == 3 and isinstance(parent, dict):
        raw = json.dumps(doc)
        key = json.dumps(str(path[-1]))
        return raw.replace(key + ":", key + ": " + json.dumps(random_value(rng)) + ", " + key + ":", 1)
    elif action == 4:
        parent[path[-1]] = "__DEEP__"
        depth = rng.choice([10, 500, 5000])
        return json.dumps(doc).replace('"__DEEP__"', "[" * depth + "]" * depth)
    else:
        parent[path[-1]] = rng.choice(NASTY_STRINGS)
    return json.dumps(doc, ensure_ascii=rng.random() < 0.5)


def bytewise(rng, data):
    action = rng.randrange(5)
    if not data:
        return b"{"
    at = rng.randrange(len(data))
    if action == 0:
        return data[:at]
    if action == 1:
        b = bytearray(data)
        for _ in range(rng.randrange(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if action == 2:
        junk = rng.choice([b"\x00", b"\xff\xfe", b"\xc3\x28", b"\n", b"\x1b[31m", b"\xed\xa0\x80", b",", b"}", b"]"])
        return data[:at] + junk + data[at:]
    if action == 3:
        end = min(len(data), at + rng.randrange(1, 200))
        return data[:at] + data[end:]
    end = min(len(data), at + rng.randrange(1, 200))
    return data[:end] + data[at:end] + data[end:]


def mutate(rng, data):
    for _ in range(rng.randrange(1, 3)):
        try:
            data = structural(rng, data.decode()).encode() if rng.random() < 0.6 else bytewise(rng, data)
        except (ValueError, IndexError, KeyError, TypeError, RecursionError):
            data = bytewise(rng, data)
    return data


# ---- Commands ----

def original_allocators(path):
    try:
        names = []
        for r in json.load(open(path))["runs"]:
            if r.get("allocator") not in names:
                names.append(r["allocator"])
        return names[:2] if len(names) >= 2 else ["glibc", "mimalloc"]
    except (ValueError, KeyError, TypeError):
        return ["glibc", "mimalloc"]


def commands_for(kind, path, origin, rng):
    out = os.path.join(TMP, "out")
    if kind == "calibration":
        fixture = SEEDS["results"][0]
        return [["model", fixture, "--pair=mimalloc,nextgen", "--workload=xalan", "--calibration=" + path]]
    if kind == "workload":
        return [["run", "--workload-file=" + path, "--allocator=glibc", "--size=tiny", "--repeat=1",
                 "--warmup=0", "--out=" + TMP]]   # a folder: a valid file stops there, before anything runs
    a, b = original_allocators(origin)
    table = rng.choice(["1", "2", "3", "summary", "summary", "summary"])
    fmt = rng.choice(["text", "md", "csv", "latex", "json"])
    figure = rng.choice(["1", "summary", "scaling"])
    cmds = [
        ["report", path, "--table=" + table, "--format=" + fmt],
        ["plot", path, "--figure=" + figure, "--output=" + out + rng.choice([".svg", ".png"])],
        ["gate", "--baseline=" + path, "--current=" + origin, "--min-repeats=2"],
        ["gate", "--baseline=" + origin, "--current=" + path, "--format=" + rng.choice(["text", "md", "json"])],
        ["merge", path, origin, "--out=" + out + ".json", "--allow-context-mismatch"],
        ["model", "--table1=" + path],
        ["model", "--penalty-from=" + path, "--pair=%s,%s" % (a, b)],
    ]
    if rng.random() < 0.2:
        db = out + "-%d.db" % rng.randrange(1 << 30)
        cmds += [["history", "add", path, "--db=" + db], ["history", "show", "--db=" + db],
                 ["gate", "--baseline-db=" + db, "--current=" + origin, "--min-repeats=2"]]
    if rng.random() < 0.02:
        shutil.copy(path, out + "-resume.json")
        cmds.append(["run", "--allocator=glibc", "--workload=glibc-simple", "--size=tiny", "--repeat=1",
                     "--warmup=0", "--resume", "--out=" + out + "-resume.json"])
    return cmds


def check(argv, env):
    """None when the outcome is allowed, else why not."""
    try:
        p = subprocess.run([NGBENCH] + argv, capture_output=True, env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "hang: no exit within %d s" % TIMEOUT
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode < 0:
        return "killed by signal %d" % -p.returncode
    if SANITIZER.search(err):
        return "sanitizer report: " + err[:2000]
    if os.path.exists(MARKER):
        return "a name ran a command"
    verdicts = (0, 1, 3) if argv[0] == "gate" else (0,)
    if p.returncode in verdicts:
        if argv[0] in ("report", "gate", "model") and not p.stdout:
            return "exit %d without output" % p.returncode
        return None
    if p.returncode != 2:
        return "exit %d: %s" % (p.returncode, err[:500])
    lines = p.stderr.split(b"\n")
    if len(lines) != 2 or lines[1] != b"":
        return "exit 2 with %d lines: %r" % (len(lines) - 1, p.stderr[:600])
    if len(lines[0]) > 2000 or re.search(rb"[\x00-\x1f\x7f]|\xc2[\x80-\x9f]", lines[0]):
        return "exit 2 with an unsafe line: %r" % lines[0][:600]
    return None


def corpus_case(corpus, name):
    """KIND@SEED@WHAT.json: an input of KIND (results, calibration, workload)
    that once failed, mutated from the seed file named SEED."""
    kind, seed, _ = name.split("@", 2)
    origin = next(p for p in SEEDS[kind] if os.path.basename(p) == seed + ".json")
    return kind, origin, os.path.join(corpus, name)


def main():
    rng = random.Random(SEED)
    env = dict(os.environ, NGBENCH_GNUPLOT=stub_gnuplot())
    real = dict(os.environ)
    SEEDS["workload"] = workload_file_seeds()
    failures, inputs, runs = [], 0, 0
    corpus = os.path.join(ROOT, "tests", "fuzz", "corpus")
    cases = [corpus_case(corpus, name) for name in sorted(os.listdir(corpus))
             if name.endswith(".json") and SEEDS[name.split("@", 1)[0]]]
    start = time.monotonic()
    index = 0
    while True:
        if index < len(cases):
            kind, origin, path = cases[index]
        elif "corpus-only" in OPTS or time.monotonic() - start > SECONDS:
            break
        else:
            kind = rng.choice(["results"] * 6 + ["calibration"] + (["workload"] if SEEDS["workload"] else []))
            origin = rng.choice(SEEDS[kind])
            path = os.path.join(TMP, "input-%d.json" % index)
            with open(path, "wb") as f:
                f.write(mutate(rng, open(origin, "rb").read()))
        index += 1
        inputs += 1
        for argv in commands_for(kind, path, origin, rng):
            runs += 1
            use_real = argv[0] == "plot" and (index <= len(cases) or rng.random() < 0.1)
            why = check(argv, real if use_real else env)
            if why:
                kept = os.path.join(TMP, "failed-%d-%s" % (len(failures), os.path.basename(path)))
                shutil.copy(path, kept)
                failures.append((argv, why, kept))
                print("FAIL: ngbench %s: %s (input kept as %s)" % (" ".join(argv), why, kept), flush=True)
    print("fuzz: %d inputs (%d from the corpus; kinds: %s), %d commands, seed %d, %.0f s: %d failures"
          % (inputs, min(len(cases), inputs), ", ".join(k for k in SEEDS if SEEDS[k]), runs, SEED,
             time.monotonic() - start, len(failures)))
    if not failures:
        shutil.rmtree(TMP, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
