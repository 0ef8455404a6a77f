#!/usr/bin/env python3
"""folder_graph.py on the real tree and on small planted trees.

usage: test_folder_graph.py CASE SOURCE_ROOT
"""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.join(HERE, "folder_graph.py")


def run(root, *args):
    p = subprocess.run([sys.executable, CHECKER, root, *args], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def plant(files):
    """A temporary tree: {"a/x.c": "text"}; returns its path."""
    root = tempfile.mkdtemp(prefix="folder-graph-")
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    return root


def expect(ok, what, output):
    if not ok:
        print(f"FAIL: {what}\n{output}")
        sys.exit(1)


def case_real_tree_keeps_the_layers(source_root):
    rc, out = run(source_root)
    expect(rc == 0 and out == "", "the source tree breaks a layer rule", out)


def case_planted_cycle_is_named_with_its_edges(_):
    root = plant({
        "harness/run.c": '#include "harness/run.h"\n#include "reports/report.h"\n',
        "reports/inputs.c": '#include <stdio.h>\n\n#include "harness/results.h"\n',
        "workloads/bench.c": '#include "bench.h"\n',
    })
    rc, out = run(root)
    expect(rc == 1, "a cycle passed", out)
    expect("cycle between top-level folders: harness -> reports -> harness" in out,
           "the cycle is not named", out)
    expect("harness/run.c:2 includes reports/report.h" in out and
           "reports/inputs.c:3 includes harness/results.h" in out, "the edges are not named", out)


def case_base_including_another_folder_is_refused(_):
    root = plant({"base/results.c": '#include "harness/registry.h"\n', "harness/registry.h": "\n"})
    rc, out = run(root)
    expect(rc == 1 and "base/ must include no other top-level folder: base/results.c:1" in out,
           "base/ may include harness/", out)


def case_a_library_including_cmd_is_refused(_):
    root = plant({"ci/gate.c": '#include "cmd/commands.h"\n', "cmd/commands.h": "\n",
                  "tests/t.c": '#include "cmd/commands.h"\n'})
    rc, out = run(root)
    expect(rc == 1 and "only the top layer includes cmd/: ci/gate.c:1" in out, "ci/ may include cmd/", out)
    expect("tests/t.c" not in out, "tests/ may not include cmd/", out)


def case_stale_architecture_doc_is_refused(_):
    doc = ("# Architecture\n<!-- folder-graph -->\n```\nharness: base\nreports: base\n```\n"
           "<!-- /folder-graph -->\n")
    root = plant({"docs/architecture.md": doc, "harness/a.c": '#include "base/x.h"\n#include "pmu/p.h"\n',
                  "base/x.h": "\n", "pmu/p.h": "\n"})
    rc, out = run(root)
    expect(rc == 1 and "does not show harness -> pmu (harness/a.c:2 includes pmu/p.h)" in out,
           "an undocumented edge passed", out)
    expect("shows reports -> base, which no include makes" in out, "a documented edge that is gone passed", out)
    rc, out = run(root, "--deps")
    expect(rc == 0 and out == "harness: base pmu\n", "--deps does not print the graph", out)


def main():
    case, source_root = sys.argv[1], sys.argv[2]
    globals()["case_" + case](source_root)
    print(f"ok: {case}")


if __name__ == "__main__":
    main()
