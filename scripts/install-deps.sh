#!/usr/bin/env bash
# Installs the Debian 12 packages Akira needs, only those missing (run as root), with one
# `apt-get update` at most.
#   scripts/install-deps.sh [CROSS_TARGET...]   also what scripts/cross.sh needs for those
#                                               targets (aarch64, armhf, riscv64)
set -euo pipefail
pkgs=(
  cmake ninja-build g++ git python3
  clang-22 lld-22 llvm-22-dev libclang-rt-22-dev   # host compiler, LLVM, sanitizer/fuzzer runtimes
  wasi-libc libclang-rt-22-dev-wasm32              # building the example apps for wasm32-wasi
  wabt binaryen                                     # wast2json for the spec suite
  libgtest-dev libcli11-dev libcpp-httplib-dev nlohmann-json3-dev libsodium-dev
  nodejs                                            # reference engine for the example apps
  gnuplot-nox valgrind time                         # bench/bench.py: chart, --callgrind, peak RSS
  curl zlib1g-dev                                   # akira device: its tests, PNG framebuffer
  make pkg-config                                   # tests/install: examples/Makefile, akira.pc
  clang-format-14                                   # scripts/check-format.sh (the layout CTest label)
)
# Cross targets (docs/cross.md): qemu-user, the cross C library and libstdc++ (through the
# cross g++), libsodium from the multiarch archive where Debian has one, and the means to
# build libraries from Debian's source packages (scripts/cross-deps.sh).
archs=()
for t in "$@"; do
  pkgs+=(qemu-user dpkg-dev)
  case "$t" in
    aarch64) pkgs+=(g++-aarch64-linux-gnu libsodium-dev:arm64); archs+=(arm64) ;;
    armhf) pkgs+=(g++-arm-linux-gnueabihf libsodium-dev:armhf); archs+=(armhf) ;;
    riscv64) pkgs+=(g++-riscv64-linux-gnu autoconf automake libtool) ;;  # Debian 12 has no riscv64 archive
    *) echo "install-deps: unknown cross target '$t'" >&2; exit 2 ;;
  esac
done
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
need_update=0
for a in "${archs[@]}"; do
  if ! dpkg --print-foreign-architectures | grep -qx "$a"; then
    $SUDO dpkg --add-architecture "$a"; need_update=1
  fi
done
src_list=/etc/apt/sources.list.d/akira-deb-src.sources
if (($#)) && ! apt-get source --print-uris zlib >/dev/null 2>&1; then
  # Source packages of the same archive, for scripts/cross-deps.sh.
  $SUDO tee "$src_list" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  need_update=1
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})) || ((need_update)); then
  ((${#missing[@]})) && echo "installing: ${missing[*]}"
  # Another architecture's index may fail mid-sync on the mirror: what is needed is checked
  # by the install.
  $SUDO apt-get update || (($#))
  ((${#missing[@]})) && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"
fi
true
