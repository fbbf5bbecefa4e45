#!/usr/bin/env bash
# Installs the Debian 12 packages Akira needs, only those missing (run as root).
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
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"
fi
