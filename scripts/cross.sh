#!/usr/bin/env bash
# Builds the runtime for another Linux architecture and runs its tests there, under
# qemu-user: the unit tests, the spec suite in the interpreter and in AOT mode (modules
# compiled on this host by akirac --target=<target>, loaded and run on the target), and the
# target tests of tests/cross (apps against the same C cross-compiled natively, hybrid
# selection, traps, stack overflow, interrupts, backtraces, CPU-feature checks).
#   bash scripts/cross.sh TARGET [CTEST ARGS...]   TARGET = aarch64 | armhf | riscv64
#   e.g. bash scripts/cross.sh armhf -L cross-ci   (the subset CI runs; docs/cross.md)
# Installs what it needs (as root), builds the host's akirac in build/ when it is missing,
# the target's libraries (scripts/cross-deps.sh) and the runtime in build-cross/TARGET.
# Its last line is "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/cross.sh aarch64|armhf|riscv64 [ctest args]}
shift
case "$target" in
  aarch64 | armhf | riscv64) ;;
  *) echo "unknown target '$target' (aarch64 | armhf | riscv64)" >&2; exit 2 ;;
esac

bash scripts/install-deps.sh "$target"

jobs=$(nproc)
suite=${SPEC_SUITE:-$(cd .. && pwd)/shared/wasm-testsuite}
host_common=(-G Ninja -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 -DAKIRA_WERROR=ON
             -DAKIRA_SPEC_SUITE="$suite")
if [ ! -x build/akirac ]; then
  echo "== host akirac =="
  [ -f build/CMakeCache.txt ] || cmake -S . -B build "${host_common[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C build -j"$jobs" akirac
fi
akirac=$(pwd)/build/akirac

echo "== $target: libraries =="
out=build-cross/$target
bash scripts/cross-deps.sh "$target" "$out/deps"

echo "== $target: build =="
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$out" -G Ninja "${launcher[@]}" -DCMAKE_TOOLCHAIN_FILE="$(pwd)/cmake/toolchains/$target.cmake" \
      -DAKIRA_CROSS_PREFIX="$(pwd)/$out/deps" -DCMAKE_BUILD_TYPE=Release -DAKIRA_WERROR=ON \
      -DAKIRA_BUILD_APPS=OFF -DAKIRA_SPEC_SUITE="$suite" -DAKIRA_HOST_AKIRAC="$akirac" >/dev/null
ninja -C "$out" -j"$jobs"

echo "== $target: tests (under qemu-user) =="
rc=0
ctest --test-dir "$out" -j"$jobs" --output-on-failure "$@" | tee "$out/ctest.log" || rc=$?
total=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$out/ctest.log" | tail -n1)
failed=$(sed -n 's/.* \([0-9]*\) tests failed out of.*/\1/p' "$out/ctest.log" | tail -n1)
total=${total:-0}; failed=${failed:-0}
[ "$rc" = 0 ] || [ "$failed" != 0 ] || failed=1  # ctest failed without its summary
echo "$target: $((total - failed)) passed, $failed failed"
[ "$rc" = 0 ]
