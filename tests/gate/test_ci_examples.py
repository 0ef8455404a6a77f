"""tests/gate/test_ci_examples.py ROOT: the CI examples for users
(ci/examples/*.yml) install what `meson setup` needs. The packages it needs
are ci/install-deps.sh's setup_packages; every program and library the
meson.build files require at setup time must map to one of them, and each
example's apt-get install lines must name all of them."""
import glob
import os
import re
import shlex
import sys

import yaml

ROOT = sys.argv[1]
failures = 0

# What a required find_program / dependency / find_library is, as a Debian
# package. A new requirement must be added here and to setup_packages.
PROVIDED_BY = {
    "program:python3": "python3", "program:jq": "jq",
    "dependency:jansson": "libjansson-dev", "dependency:threads": "gcc",
    "library:m": "gcc", "library:dl": "gcc", "library:pfm": "libpfm4-dev",
    "dependency:sqlite3": "libsqlite3-dev",
}


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("check failed:", what)


def setup_packages():
    with open(os.path.join(ROOT, "ci", "install-deps.sh")) as f:
        text = f.read()
    m = re.search(r"^setup_packages=\(([^)]*)\)", text, re.M)
    check(m, "ci/install-deps.sh has a setup_packages=(...) line")
    listed = re.search(r"^packages=\(([^)]*)\)", text, re.M | re.S)
    setup = set(m.group(1).split()) if m else set()
    check(listed and setup <= set(listed.group(1).split()),
          "install-deps.sh installs every setup package: %s" % sorted(setup))
    return setup


def required_at_setup():
    """Each required program, dependency and library of the meson.build files
    (scripts of the source tree left out)."""
    found = set()
    pattern = re.compile(r"\b(find_program|dependency|find_library)\('([^']+)'\s*(,[^)]*)?\)")
    kinds = {"find_program": "program", "dependency": "dependency", "find_library": "library"}
    for path in glob.glob(os.path.join(ROOT, "**", "meson.build"), recursive=True):
        if os.sep + "build" + os.sep in path[len(ROOT):]:
            continue
        with open(path) as f:
            for call, name, rest in pattern.findall(f.read()):
                if "required: false" in rest or name.endswith((".sh", ".py")):
                    continue
                found.add("%s:%s" % (kinds[call], name))
    return found


def scripts(node):
    """Every string in a YAML document: commands are strings wherever they sit."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from scripts(v)
    elif isinstance(node, list):
        for v in node:
            yield from scripts(v)


def installed_by(example):
    with open(example) as f:
        doc = yaml.safe_load(f)
    packages = set()
    for text in scripts(doc):
        text = text.replace("\\\n", " ")
        for m in re.finditer(r"apt-get install ([^\n;&|]*)", text):
            packages |= {w for w in shlex.split(m.group(1)) if not w.startswith("-")}
    return packages


def main():
    setup = setup_packages()
    for need in sorted(required_at_setup()):
        check(need in PROVIDED_BY, "%s is required by meson setup: map it to its package here" % need)
        check(PROVIDED_BY.get(need) in setup, "%s's package %s is in setup_packages" % (need, PROVIDED_BY.get(need)))
    examples = sorted(glob.glob(os.path.join(ROOT, "ci", "examples", "*.yml")))
    check(len(examples) >= 2, "the GitHub and GitLab examples are there: %s" % examples)
    for example in examples:
        missing = setup - installed_by(example)
        check(not missing, "%s does not install %s, which meson setup needs" % (example, sorted(missing)))
    print("%d example(s) checked against %d setup packages, %d failure(s)" % (len(examples), len(setup), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
