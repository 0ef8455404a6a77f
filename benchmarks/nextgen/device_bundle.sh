#!/bin/sh
# device_bundle.sh OUT.tar.xz: pack what bench.py needs to run on another
# Linux x86-64 machine that lacks Xalan or mimalloc: this machine's loader
# and every library Xalan needs, libmimalloc, libngmalloc.so, Xalan and a
# prebuilt pairbench, plus launch.sh, which runs a program through the
# bundled loader and preloads $NG_BENCH_PRELOAD. On the other machine:
#   tar -xJf OUT.tar.xz -C DIR && python3 bench.py --launcher DIR/launch.sh \
#     --xalan DIR/bin/Xalan --pairbench DIR/bin/pairbench \
#     --lib DIR/lib/libngmalloc.so --mimalloc DIR/lib/libmimalloc.so.2
set -eu
out=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lib" "$tmp/bin"
ldd /usr/bin/Xalan | awk '/=>/ { print $3 } /ld-linux/ { print $1 }' | while read -r f; do
    cp -L "$f" "$tmp/lib/"
done
cp -L /usr/lib/x86_64-linux-gnu/libmimalloc.so.2 "$root/build/allocators/nextgen/libngmalloc.so" "$tmp/lib/"
cp /usr/bin/Xalan "$tmp/bin/"
cc -O2 -fno-builtin -o "$tmp/bin/pairbench" "$here/pairbench.c"
cat > "$tmp/launch.sh" <<'SH'
#!/bin/sh
b=$(cd "$(dirname "$0")" && pwd)
if [ -n "${NG_BENCH_PRELOAD:-}" ]; then
    exec "$b/lib/ld-linux-x86-64.so.2" --library-path "$b/lib" --preload "$NG_BENCH_PRELOAD" "$@"
fi
exec "$b/lib/ld-linux-x86-64.so.2" --library-path "$b/lib" "$@"
SH
chmod +x "$tmp/launch.sh"
tar -cJf "$out" -C "$tmp" .
