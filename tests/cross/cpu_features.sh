#!/bin/sh
# CPU features of a .aot on aarch64 (src/platform/posix/cpu.cpp reads HWCAP): hello.wasm
# compiled with --cpu-features=+sve is refused on a CPU without SVE (qemu -cpu cortex-a53),
# with the missing feature named, and an app folder then interprets the .wasm; on qemu's
# default CPU (max, with SVE) the same file is accepted and run. A .aot without SVE runs on
# the Cortex-A53 (the refusal is about SVE, not about that CPU).
#   cpu_features.sh AKIRAC APPS WORK AKIRA QEMU TRIPLE
set -eu
akirac=$1 apps=$2 work=$3 akira=$4 qemu=$5 triple=$6
rm -rf "$work" && mkdir -p "$work" && cd "$work"
a53="$qemu -cpu cortex-a53 -L /usr/$triple"
max="$qemu -L /usr/$triple"

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -q -- "$1" "$2" || { cat "$2" >&2; fail "expected '$1' in $2"; }; }
reject() { if grep -q -- "$1" "$2"; then cat "$2" >&2; fail "did not expect '$1' in $2"; fi; }
same_as_native() {
  cmp -s native.txt "$1" || { diff native.txt "$1" >&2; fail "$1 differs from the native build's output"; }
}
$a53 "$apps/hello_native" one "two words" 3 >native.txt || fail "the native hello failed on the Cortex-A53"
[ -s native.txt ] || fail "the native hello printed nothing"

mkdir sve plain
cp "$apps/hello.wasm" sve/ && cp "$apps/hello.wasm" plain/
"$akirac" --target=aarch64 --cpu-features=+sve --threads=1 -o sve/hello_aarch64.aot sve/hello.wasm
"$akirac" --target=aarch64 --threads=1 -o plain/hello_aarch64.aot plain/hello.wasm

# No SVE: the .aot alone is refused with the reason (exit status 2, not a crash).
status=0
$a53 "$akira" run sve/hello_aarch64.aot one "two words" 3 >out.txt 2>err.txt || status=$?
cat err.txt
[ "$status" = 2 ] || fail "akira run hello_aarch64.aot (+sve) on a Cortex-A53: exit status $status, want 2"
expect "hello_aarch64.aot needs CPU features this CPU lacks: sve" err.txt
[ ! -s out.txt ] || fail "the refused .aot printed something"

# No SVE, app folder: the .wasm is interpreted and -v says why.
$a53 "$akira" run -v sve one "two words" 3 >out.txt 2>err.txt || { cat err.txt >&2; fail "akira run -v sve/ on a Cortex-A53"; }
cat err.txt
same_as_native out.txt
expect "candidate hello_aarch64.aot (name matches): rejected: hello_aarch64.aot needs CPU features this CPU lacks: sve" err.txt
expect "chose hello.wasm (interpreter)" err.txt
reject "native code" err.txt

# The same folder on qemu's default CPU (max: has SVE): the .aot runs.
$max "$akira" run -v sve one "two words" 3 >out.txt 2>err.txt || { cat err.txt >&2; fail "akira run -v sve/ on qemu's max CPU"; }
cat err.txt
same_as_native out.txt
expect "chose hello_aarch64.aot (native code)" err.txt

# Baseline code (no SVE) on the Cortex-A53: accepted.
$a53 "$akira" run -v plain one "two words" 3 >out.txt 2>err.txt || { cat err.txt >&2; fail "akira run -v plain/ on a Cortex-A53"; }
cat err.txt
same_as_native out.txt
expect "chose hello_aarch64.aot (native code)" err.txt
echo ok
