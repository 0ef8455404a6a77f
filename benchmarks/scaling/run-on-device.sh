#!/bin/bash
# Thread scaling on a many-core machine (run from the bundle made by
# bundle.sh): allocators x {xmalloc, larson, cache-scratch} x 1..8 threads,
# workers on CPUs 0-7, NextGen's server alone on CPU 15.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-scaling.json}
export LD_LIBRARY_PATH=$here/lib
export NGBENCH_BUILD_ROOT=$here/build
export NGMALLOC_CPU=15
nproc; grep -m1 'model name' /proc/cpuinfo
"$here/build/ngbench" run \
  --allocator=glibc,nextgen,nextgen-inline,mimalloc:$here/lib/libmimalloc.so.2,jemalloc:$here/lib/libjemalloc.so.2 \
  --workload=${WORKLOADS:-xmalloc,larson,cache-scratch} --threads=1,2,4,8 --size=${SIZE:-quick} \
  --repeat=${REPEAT:-2} --warmup=0 --timeout=30 --cpus=0-7 --out="$out"
