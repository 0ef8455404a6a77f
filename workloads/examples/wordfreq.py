#!/usr/bin/env python3
"""wordfreq.py: the example workload of workloads/examples/wordfreq.json.

Counts the words of a generated text and prints the most frequent ones:
dictionaries, short-lived strings and lists, the kind of work that makes a
Python program's allocator matter. The text is a pure function of --words
and --seed (an LCG of its own, not Python's random), so the output is the
same on every run; only the figures (the "elapsed" line and the
ngbench-result line) change from run to run, and ngbench leaves those out
of the output's digest.
"""
import argparse
import sys
import time

SYLLABLES = ["ka", "ro", "mi", "tel", "vas", "on", "du", "re", "shi", "lo", "pra", "en", "gu", "fi"]


def words(count, seed):
    state = seed
    for _ in range(count):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        n = 1 + (state >> 8) % 3
        parts = []
        for _ in range(n):
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF
            parts.append(SYLLABLES[(state >> 8) % len(SYLLABLES)])
        yield "".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if args.words < 1:
        parser.error("--words must be at least 1")
    start = time.monotonic()
    counts = {}
    for w in words(args.words, args.seed):
        counts[w] = counts.get(w, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    for word, n in top:
        print(f"{word} {n}")
    print(f"distinct {len(counts)} of {args.words}")
    elapsed = time.monotonic() - start
    print(f"elapsed: {elapsed:.3f} s")
    print(f"ngbench-result: words_per_sec={args.words / elapsed:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
