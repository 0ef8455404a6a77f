#!/bin/bash
# Packs what a thread-scaling run needs onto a machine with no package
# archive: the built ngbench, its workloads and libngmalloc.so, and the
# shared libraries they load (jansson, libpfm, the allocators under test),
# into BUNDLE (default .scaling-bundle, ignored by git).
set -euo pipefail
root=$(git rev-parse --show-toplevel)
build=${BUILD:-$root/build}
bundle=${1:-$root/.scaling-bundle}
rm -rf "$bundle"
mkdir -p "$bundle/build/harness" "$bundle/build/allocators/nextgen" "$bundle/lib"
cp "$build/ngbench" "$bundle/build/"
cp "$build/harness/ngprobe" "$bundle/build/harness/"
cp "$build/allocators/nextgen/libngmalloc.so" "$bundle/build/allocators/nextgen/"
mkdir -p "$bundle/build/workloads"
find "$build/workloads" -maxdepth 1 -type f -executable -exec cp {} "$bundle/build/workloads/" \;
for lib in libjansson.so.4 libpfm.so.4 libmimalloc.so.2 libjemalloc.so.2 libtcmalloc_minimal.so.4; do
  cp -L "/usr/lib/x86_64-linux-gnu/$lib" "$bundle/lib/"
done
cp "$root/benchmarks/scaling/run-on-device.sh" "$root/benchmarks/scaling/run-servers-on-device.sh" "$bundle/"
du -sh "$bundle"
