#!/bin/bash
# NGMALLOC_SERVERS on a many-core machine (run from the bundle made by
# bundle.sh): xmalloc and larson at 1..8 threads on CPUs 0-7, mimalloc and
# nextgen with 1 server, then nextgen with 2, 4 and 8 servers, each server
# alone on a CPU counted down from 15. One ngbench run per server count
# (the count is process-wide), into OUTDIR/servers-N.json. CPUS, TOP and
# COUNTS change the workers' CPUs, the first server's CPU and the counts.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
outdir=${1:-.}
mkdir -p "$outdir"
top=${TOP:-15}
export LD_LIBRARY_PATH=$here/lib
export NGBENCH_BUILD_ROOT=$here/build
nproc; grep -m1 'model name' /proc/cpuinfo
for n in ${COUNTS:-1 2 4 8}; do
  cpus=$(seq -s, "$top" -1 $((top + 1 - n)))
  allocators=nextgen
  [ "$n" = 1 ] && allocators=nextgen,mimalloc:$here/lib/libmimalloc.so.2
  echo "== $n server(s) on CPUs $cpus"
  NGMALLOC_SERVERS=$n NGMALLOC_CPU=$cpus "$here/build/ngbench" run \
    --allocator=$allocators --workload=${WORKLOADS:-xmalloc,larson} --threads=1,2,4,8 \
    --size=${SIZE:-quick} --repeat=${REPEAT:-2} --warmup=0 --timeout=30 --cpus=${CPUS:-0-7} \
    --out="$outdir/servers-$n.json"
done
