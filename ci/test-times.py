#!/usr/bin/env python3
"""ci/test-times.py [BUILD]: each test's time in the last `meson test` against
its timeout, from BUILD/meson-logs/testlog.json and `meson introspect
--tests`. Prints the slowest tests and every test with less than 3x margin
(time x 3 > timeout), which must be made cheaper or given a longer timeout
(HOUSE_RULES: at least 3x over the time on a quiet machine; a busy machine's
time is an upper bound of it). Reports only: exit 0 whatever it finds,
1 when there is no test log."""
import json
import subprocess
import sys

MARGIN = 3.0
SLOWEST = 8


def main(build):
    tests = json.loads(subprocess.run(["meson", "introspect", "--tests", build], capture_output=True,
                                      text=True, check=True).stdout)
    timeout = {t["name"]: t["timeout"] for t in tests}
    try:
        with open(build + "/meson-logs/testlog.json") as f:
            runs = [json.loads(line) for line in f if line.strip()]
    except OSError as e:
        print("ci/test-times.py: %s" % e, file=sys.stderr)
        return 1
    rows = []
    for r in runs:
        name = r["name"].split(" / ", 1)[-1]
        limit = timeout.get(name, 30)
        rows.append((r["duration"], name, limit, r["result"]))
    total = sum(d for d, _, _, _ in rows)
    print("test times: %d tests, %.0f s summed; the slowest:" % (len(rows), total))
    for d, name, limit, result in sorted(rows, reverse=True)[:SLOWEST]:
        print("  %7.1f s of %4d s  %s  %s" % (d, limit, name, result))
    short = [row for row in rows if row[0] * MARGIN > row[2]]
    for d, name, limit, result in sorted(short, reverse=True):
        print("  under %gx margin: %s took %.1f s of its %d s (%s)" % (MARGIN, name, d, limit, result))
    if not short:
        print("  every test finished within a third of its timeout")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build"))
