#!/bin/bash
# Installs every Debian 12 package ngbench needs to build, run and test.
# Runs apt only when something is missing, so repeated CI runs stay fast.
set -euo pipefail
# What `meson setup` itself needs (the compiler, meson's required programs
# and libraries). ci/examples/ install at least these; a test checks that
# (tests/gate/test_ci_examples.py).
setup_packages=(gcc pkg-config meson ninja-build python3 jq libjansson-dev libpfm4-dev libsqlite3-dev)
packages=(
  gcc g++ clang pkg-config git meson ninja-build jq
  libjansson-dev libpfm4-dev libsqlite3-dev
  libjemalloc-dev libgoogle-perftools-dev libmimalloc-dev libtbbmalloc2 libclang-rt-14-dev
  valgrind gnuplot-nox python3 python3-yaml
  xalan lua5.4 sqlite3 redis-server redis-tools rocksdb-tools z3 ghostscript ruby
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ci/install-deps.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi
