#!/bin/bash
# The whole test suite, from a fresh checkout: install dependencies, build,
# run `meson test`, and print one closing line "tests: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh || exit 1
if [ ! -f build/build.ninja ]; then
  meson setup build > /dev/null || exit 1
fi
ninja -C build || exit 1
meson test -C build --print-errorlogs --num-processes 2
status=$?
log=build/meson-logs/testlog.json
passed=$(jq -s '[.[] | select(.result == "OK" or .result == "EXPECTEDFAIL")] | length' "$log")
failed=$(jq -s '[.[] | select(.result == "FAIL" or .result == "TIMEOUT" or .result == "ERROR" or .result == "UNEXPECTEDPASS")] | length' "$log")
skipped=$(jq -s '[.[] | select(.result == "SKIP")] | length' "$log")
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$status" = 0 ] && [ "$failed" = 0 ]
