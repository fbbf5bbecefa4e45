#!/usr/bin/env bash
# Builds, for a cross target, the libraries the runtime links that Debian 12 cannot install
# for that architecture beside the host's packages, from Debian's own source packages
# (apt-get source), into PREFIX (static libraries and headers):
#   zlib        every target: zlib1g-dev:<arch> needs libc6-dev:<arch>, whose version must
#               equal the host's, which a mirror between point releases often breaks
#   cpp-httplib every target: Debian's package is a compiled library with OpenSSL and
#               Brotli; its upstream header works header-only
#   libsodium   riscv64 only: Debian 12 has no riscv64 archive (aarch64 and armhf link
#               libsodium-dev:<arch> from the multiarch archive)
# Usage: scripts/cross-deps.sh TARGET PREFIX   (TARGET = aarch64 | armhf | riscv64)
set -euo pipefail
target=$1
prefix=$(mkdir -p "$2" && cd "$2" && pwd)
case "$target" in
  aarch64) triple=aarch64-linux-gnu ;;
  armhf) triple=arm-linux-gnueabihf ;;
  riscv64) triple=riscv64-linux-gnu ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
stamp="$prefix/.deps-done"
[ -f "$stamp" ] && exit 0

# Source packages: scripts/install-deps.sh TARGET adds the deb-src entry they come from.
apt-get source --print-uris zlib >/dev/null 2>&1 || { echo "cross-deps: no deb-src entry: run scripts/install-deps.sh $target" >&2; exit 1; }

src="$prefix/src"; mkdir -p "$src"
fetch() {  # package -> extracted upstream folder (the orig tarball)
  (cd "$src" && apt-get source --download-only "$1" >/dev/null 2>&1)
  local tarball; tarball=$(ls "$src"/"$1"_*.orig.tar.* | head -n1)
  local dir="$src/$1"; rm -rf "$dir"; mkdir -p "$dir"
  tar -xf "$tarball" -C "$dir" --strip-components=1
  echo "$dir"
}

cc="clang-22 --target=$triple"
exec 3>&1 >"$prefix/build.log" 2>&1  # the builds' chatter goes to the log; errors show its tail
trap 'rc=$?; [ $rc = 0 ] || { tail -n 30 "$prefix/build.log" >&3; echo "cross-deps: failed (log: $prefix/build.log)" >&3; }' EXIT
flags="-O2 -fPIC"
[ "$target" = armhf ] && flags="$flags -march=armv7-a -mfpu=vfpv3-d16 -mfloat-abi=hard -mthumb"
jobs=$(nproc)

z=$(fetch zlib)
(cd "$z" && CC="$cc" CFLAGS="$flags" AR=llvm-ar-22 RANLIB=llvm-ranlib-22 CHOST=$triple \
   ./configure --static --prefix="$prefix" >/dev/null && make -j"$jobs" >/dev/null && make install >/dev/null)

h=$(fetch cpp-httplib)
mkdir -p "$prefix/include" && cp "$h/httplib.h" "$prefix/include/httplib.h"

if [ "$target" = riscv64 ]; then
  s=$(fetch libsodium)  # a git snapshot: configure comes from autogen.sh (autoconf, automake, libtool)
  (cd "$s" && ./autogen.sh -s >/dev/null 2>&1 && ./configure --host="$triple" --prefix="$prefix" --disable-shared --with-pic \
     CC="$cc" CFLAGS="$flags" AR=llvm-ar-22 RANLIB=llvm-ranlib-22 LDFLAGS=-fuse-ld=lld >/dev/null &&
   make -j"$jobs" >/dev/null && make install >/dev/null)
fi
rm -rf "$src"
touch "$stamp"
