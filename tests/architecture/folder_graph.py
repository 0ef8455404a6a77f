#!/usr/bin/env python3
"""The top-level folders' #include graph, and the rules it must keep.

Reads every `#include "..."` line of every .c/.h/.cpp file under ROOT. An
include whose first path component is a top-level folder ("harness/runner.h")
is an edge from the includer's folder to that folder; any other ("bench.h",
"version.h") is an include from the includer's own folder. Build folders
(holding build.ninja) and hidden folders are not read.

usage: folder_graph.py ROOT            check the rules; exit 1 naming each broken one
       folder_graph.py ROOT --deps     print each folder's direct dependencies

Rules (docs/architecture.md):
  - no cycle between top-level folders;
  - base/ includes no other top-level folder;
  - nothing outside cmd/ and tests/ includes cmd/;
  - docs/architecture.md's block of direct dependencies (the lines between
    "<!-- folder-graph -->" and "<!-- /folder-graph -->") is the real graph,
    tests/ left out; a tree without that doc is not checked for it.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SOURCE_SUFFIXES = (".c", ".h", ".cpp")
LEAF = "base"
TOP = "cmd"
CONSUMERS = {"cmd", "tests"}      # may include cmd/ (tests test everything)
DOC = os.path.join("docs", "architecture.md")
DOC_BLOCK = re.compile(r"<!-- folder-graph -->\s*```[a-z]*\n(.*?)```\s*<!-- /folder-graph -->", re.S)


def top_folders(root):
    folders = set()
    for name in os.listdir(root):
        path = os.path.join(root, name)
        if name.startswith(".") or not os.path.isdir(path):
            continue
        if os.path.exists(os.path.join(path, "build.ninja")):
            continue
        folders.add(name)
    return folders


def edges(root):
    """{(from, to): "file:line includes x"} for every edge, the first witness of each."""
    folders = top_folders(root)
    found = {}
    for folder in sorted(folders):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                 and not os.path.exists(os.path.join(dirpath, d, "build.ninja")))
            for name in sorted(filenames):
                if not name.endswith(SOURCE_SUFFIXES):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(1).split("/")[0]
                        if "/" in m.group(1) and target in folders and target != folder:
                            where = os.path.relpath(path, root)
                            found.setdefault((folder, target), f"{where}:{number} includes {m.group(1)}")
    return found


def find_cycle(graph):
    """One cycle as a list of folders [a, b, ..., a], or None."""
    state = {}

    def visit(node, path):
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt, path)
                if cycle:
                    return cycle
        path.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node, [])
            if cycle:
                return cycle
    return None


def dependencies(found, leave_out=("tests",)):
    deps = {}
    for (a, b) in found:
        if a not in leave_out:
            deps.setdefault(a, set()).add(b)
    return deps


def doc_dependencies(root):
    path = os.path.join(root, DOC)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        m = DOC_BLOCK.search(f.read())
    if not m:
        return {}
    deps = {}
    for line in m.group(1).splitlines():
        if ":" in line:
            folder, _, rest = line.partition(":")
            deps[folder.strip()] = set(rest.split())
    return {k: v for k, v in deps.items() if v}


def problems(root):
    found = edges(root)
    graph = {}
    for (a, b) in found:
        graph.setdefault(a, set()).add(b)
    out = []
    cycle = find_cycle(graph)
    if cycle:
        steps = "; ".join(found[(a, b)] for a, b in zip(cycle, cycle[1:]))
        out.append(f"cycle between top-level folders: {' -> '.join(cycle)} ({steps})")
    for (a, b), why in sorted(found.items()):
        if a == LEAF:
            out.append(f"{LEAF}/ must include no other top-level folder: {why}")
        if b == TOP and a not in CONSUMERS:
            out.append(f"only the top layer includes {TOP}/: {why}")
    documented = doc_dependencies(root)
    if documented is not None:
        real = dependencies(found)
        for folder in sorted(set(real) | set(documented)):
            have, said = real.get(folder, set()), documented.get(folder, set())
            for extra in sorted(have - said):
                out.append(f"{DOC} does not show {folder} -> {extra} ({found[(folder, extra)]})")
            for gone in sorted(said - have):
                out.append(f"{DOC} shows {folder} -> {gone}, which no include makes")
    return out


def main(argv):
    if len(argv) < 2 or len(argv) > 3 or (len(argv) == 3 and argv[2] != "--deps"):
        print("usage: folder_graph.py ROOT [--deps]", file=sys.stderr)
        return 2
    root = argv[1]
    if len(argv) == 3:
        for folder, deps in sorted(dependencies(edges(root)).items()):
            print(f"{folder}: {' '.join(sorted(deps))}")
        return 0
    found = problems(root)
    for p in found:
        print(f"folder_graph: {p}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
