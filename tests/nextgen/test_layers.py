#!/usr/bin/env python3
"""test_layers.py NEXTGEN_DIR: the allocator's files are one-way layers.

allocators/nextgen/README.md lists the files from the bottom layer up; a
file may include only files of its own row or of rows before it. Fails
(exit 1) naming every #include that reaches up, and every file the table
does not list; exit 2 when the directory cannot be read.
"""
import os
import re
import sys


def layer_rows(readme):
    """Each file named in the README's table -> its row number."""
    rows = {}
    row = 0
    for line in readme.splitlines():
        if not line.startswith("| `"):
            continue
        row += 1
        for name in re.findall(r"`([a-z_]+\.[ch])`", line.split("|")[1]):
            rows[name] = row
    return rows


def main():
    if len(sys.argv) != 2:
        print("usage: test_layers.py NEXTGEN_DIR", file=sys.stderr)
        return 2
    top = sys.argv[1]
    try:
        rows = layer_rows(open(os.path.join(top, "README.md")).read())
        sources = sorted(f for f in os.listdir(top) if f.endswith((".c", ".h")))
    except OSError as e:
        print(f"test_layers: {e}", file=sys.stderr)
        return 2
    bad = []
    for name in sources:
        if name not in rows:
            bad.append(f"{name}: not in README.md's table of layers")
            continue
        with open(os.path.join(top, name)) as f:
            for inc in re.findall(r'^#include "([a-z_]+\.h)"', f.read(), re.M):
                if rows.get(inc, 0) > rows[name]:
                    bad.append(f"{name} includes {inc}, a layer above it")
                elif inc not in rows:
                    bad.append(f"{name} includes {inc}, which README.md's table does not list")
    for line in bad:
        print(f"test_layers: {line}", file=sys.stderr)
    print(f"{len(sources)} files, {len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
