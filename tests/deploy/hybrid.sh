#!/bin/sh
# Hybrid deployment tests (docs/deployment.md). One case per call:
#   hybrid.sh CASE AKIRA AKIRAC NODE APPS WORK
# AKIRAC and NODE may be "-" (not available). APPS holds hello.wasm and hello_native.
# The runtime under test may be built with or without AOT support; each case checks
# what that build must do.
set -eu
case_name=$1 akira=$2 akirac=$3 node=$4 apps=$5 work=$6
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work" && cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -q -- "$1" "$2" || { cat "$2" >&2; fail "expected '$1' in $2"; }; }
reject() { if grep -q -- "$1" "$2"; then cat "$2" >&2; fail "did not expect '$1' in $2"; fi; }

"$akira" run -v "$apps/hello.wasm" probe >/dev/null 2>probe.txt || true
if grep -q "built without AOT support" probe.txt; then aot=0; else aot=1; fi
# Cases that need akirac to make .aot files use a fake one (valid magic, garbage inside)
# when there is no compiler: enough for a runtime without AOT support.
compile() {  # compile TARGET OUT [IN]
  if [ "$akirac" != "-" ]; then "$akirac" --no-cache --target="$1" -o "$2" "${3:-$apps/hello.wasm}"
  elif [ "$aot" = 1 ]; then echo "a runtime with AOT support needs akirac for this case: skipped"; exit 77
  else printf '\000aot\001\000\000\000not-really-compiled-code-%s-padding-padding-padding' "$1" >"$2"; fi
}
same_as_native() {  # same_as_native OUTFILE: the run printed what the native build prints
  "$apps/hello_native" one "two words" 3 >native.txt
  cmp -s native.txt "$1" || { diff native.txt "$1" >&2; fail "output differs from the native build"; }
}
need_aot() { if [ "$aot" = 0 ] || [ "$akirac" = "-" ]; then echo "needs AOT support and akirac: skipped"; exit 77; fi; }

mkdir app
cp "$apps/hello.wasm" app/hello.wasm

case $case_name in
chosen)  # the .aot for this machine is chosen; the foreign one is skipped
  compile x86_64 app/hello_x86_64.aot
  compile thumbv7em app/hello_stm32.aot
  "$akira" run -v app one "two words" 3 >out.txt 2>err.txt
  same_as_native out.txt
  if [ "$aot" = 1 ]; then
    expect "chose hello_x86_64.aot (native code)" err.txt
    expect "candidate hello_stm32.aot: rejected: .*compiled for thumbv7em" err.txt
  else
    expect "chose hello.wasm (interpreter): this runtime was built without AOT support" err.txt
    expect "candidate hello_x86_64.aot (name matches): rejected: this runtime was built without AOT support" err.txt
  fi ;;
foreign)  # only foreign .aot files: the .wasm is interpreted
  compile thumbv7em app/hello_stm32.aot
  compile riscv32 app/hello_riscv32.aot
  "$akira" run -v app one "two words" 3 >out.txt 2>err.txt
  same_as_native out.txt
  expect "chose hello.wasm (interpreter)" err.txt
  reject "accepted" err.txt ;;
misnamed)  # names lie: x86-64 code named _esp32s3, thumbv7 code named _x86_64
  need_aot
  compile x86_64 app/hello_esp32s3.aot
  compile thumbv7em app/hello_x86_64.aot
  "$akira" run -v app one "two words" 3 >out.txt 2>err.txt
  same_as_native out.txt
  expect "candidate hello_x86_64.aot (name matches): rejected: .*compiled for thumbv7em" err.txt
  expect "candidate hello_esp32s3.aot: accepted" err.txt
  expect "chose hello_esp32s3.aot (native code)" err.txt
  # Only the lying name for this machine: never loaded, the .wasm runs.
  rm app/hello_esp32s3.aot
  "$akira" run -v app one "two words" 3 >out2.txt 2>err2.txt
  same_as_native out2.txt
  expect "chose hello.wasm (interpreter)" err2.txt ;;
corrupt)  # a damaged .aot falls back to the .wasm with the reason
  compile x86_64 app/hello_x86_64.aot
  size=$(wc -c <app/hello_x86_64.aot)
  printf '\377\377\377\377' | dd of=app/hello_x86_64.aot bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
  "$akira" run -v app one "two words" 3 >out.txt 2>err.txt
  same_as_native out.txt
  expect "chose hello.wasm (interpreter)" err.txt
  if [ "$aot" = 1 ]; then expect "candidate hello_x86_64.aot (name matches): rejected: .*checksum" err.txt
  else expect "rejected: this runtime was built without AOT support" err.txt; fi
  # Truncated and empty files too.
  head -c 100 app/hello_x86_64.aot >app/hello_native.aot
  : >app/hello_x86-64.aot
  "$akira" run -v app one "two words" 3 >out3.txt 2>err3.txt
  same_as_native out3.txt
  expect "chose hello.wasm (interpreter)" err3.txt ;;
stale)  # a .aot compiled from another module is not run in place of this .wasm
  need_aot
  compile x86_64 app/hello_x86_64.aot "$apps/crypto.wasm"
  "$akira" run -v app one "two words" 3 >out.txt 2>err.txt
  same_as_native out.txt
  expect "rejected: compiled from a different module" err.txt
  expect "chose hello.wasm (interpreter)" err.txt ;;
beside)  # akira run NAME.wasm looks beside it for NAME_*.aot; --no-aot/--interp force the interpreter
  compile x86_64 app/hello_x86_64.aot
  "$akira" run -v app/hello.wasm one "two words" 3 >out.txt 2>err.txt
  same_as_native out.txt
  if [ "$aot" = 1 ]; then expect "chose hello_x86_64.aot (native code)" err.txt
  else expect "chose hello.wasm (interpreter): this runtime was built without AOT support" err.txt; fi
  for flag in --no-aot --interp; do
    "$akira" run -v $flag app/hello.wasm one "two words" 3 >out2.txt 2>err2.txt
    same_as_native out2.txt
    expect "chose hello.wasm (interpreter): the interpreter was asked for" err2.txt
  done
  "$akira" run -v --no-aot app one "two words" 3 >out3.txt 2>err3.txt
  same_as_native out3.txt
  expect "chose hello.wasm (interpreter)" err3.txt ;;
folder-errors)  # folders without exactly one .wasm are refused
  mkdir empty two
  cp "$apps/hello.wasm" two/a.wasm && cp "$apps/hello.wasm" two/b.wasm
  if "$akira" run empty 2>err.txt; then fail "empty folder ran"; fi
  expect "not an app folder (no .wasm in it)" err.txt
  if "$akira" run two 2>err2.txt; then fail "folder with two .wasm ran"; fi
  expect "holds one .wasm, found a.wasm b.wasm" err2.txt ;;
pack)  # one file: runs under node as plain wasm, and under akira with its native code
  compile x86_64 x86.aot
  compile thumbv7em thumb.aot
  if [ "$akirac" = "-" ]; then echo "needs akirac to make real .aot files: skipped"; exit 77; fi
  "$akira" pack -v -o packed.wasm app/hello.wasm thumb.aot x86.aot 2>pack.txt
  expect "packed akira.aot.thumbv7em" pack.txt
  expect "packed akira.aot.x86_64" pack.txt
  if [ "$node" != "-" ]; then
    "$node" --no-warnings "$here/../apps/run-node.js" packed.wasm one "two words" 3 >node.txt
    same_as_native node.txt
  fi
  "$akira" run -v packed.wasm one "two words" 3 >out.txt 2>err.txt
  same_as_native out.txt
  if [ "$aot" = 1 ]; then
    expect "candidate packed.wasm\[akira.aot.x86_64\] (name matches): accepted" err.txt
    expect "chose packed.wasm\[akira.aot.x86_64\] (native code)" err.txt
  else
    expect "chose packed.wasm (interpreter): this runtime was built without AOT support" err.txt
  fi
  "$akira" run -v --interp packed.wasm one "two words" 3 >out2.txt 2>err2.txt
  same_as_native out2.txt
  "$akira" pack -o liar.wasm app/hello.wasm thumb.aot
  "$akira" strip -v -o stripped.wasm packed.wasm 2>strip.txt
  if [ "$aot" = 1 ]; then
    expect "dropped akira.aot.thumbv7em" strip.txt
    expect "packed akira.aot.x86_64" strip.txt
  else
    expect "dropped akira.aot.x86_64: this runtime was built without AOT support" strip.txt
  fi
  reject "akira.aot.thumbv7em" stripped.wasm
  "$akira" run stripped.wasm one "two words" 3 >out3.txt
  same_as_native out3.txt
  # Stripping the only (foreign) section gives back the original module, byte for byte.
  "$akira" pack --strip-foreign -o liar-stripped.wasm liar.wasm
  cmp liar-stripped.wasm app/hello.wasm || fail "stripping a foreign-only pack must give the original .wasm"
  # A .aot compiled from another module is refused.
  "$akirac" --no-cache -o other.aot "$apps/crypto.wasm"
  if "$akira" pack -o bad.wasm app/hello.wasm other.aot 2>bad.txt; then fail "packed a .aot of another module"; fi
  expect "compiled from a different module" bad.txt ;;
cache)  # akirac's compile cache: hit for the same bytes and options, miss otherwise
  if [ "$akirac" = "-" ]; then echo "needs akirac: skipped"; exit 77; fi
  c="$work/cache"
  "$akirac" -v --cache-dir "$c" -o a1.aot app/hello.wasm 2>e1.txt; expect "cache miss" e1.txt
  "$akirac" -v --cache-dir "$c" -o a2.aot app/hello.wasm 2>e2.txt; expect "cache hit" e2.txt
  cmp a1.aot a2.aot || fail "a cache hit must give the same file"
  "$akirac" -v --cache-dir "$c" --target=x86-64 -o a2.aot app/hello.wasm 2>e2b.txt; expect "cache hit" e2b.txt
  "$akirac" -v --cache-dir "$c" --opt-level=1 -o a3.aot app/hello.wasm 2>e3.txt; expect "cache miss" e3.txt
  "$akirac" -v --cache-dir "$c" --target=thumbv7em -o a4.aot app/hello.wasm 2>e4.txt; expect "cache miss" e4.txt
  cp app/hello.wasm changed.wasm && printf '\000\006\004note\001' >>changed.wasm  # a custom section: new bytes
  "$akirac" -v --cache-dir "$c" -o a5.aot changed.wasm 2>e5.txt; expect "cache miss" e5.txt
  "$akirac" -v --no-cache --cache-dir "$c" -o a6.aot app/hello.wasm 2>e6.txt; reject "cache" e6.txt
  n=$(ls "$c" | grep -c '\.out$'); [ "$n" = 4 ] || fail "expected 4 cache entries, found $n"
  ls "$c" | grep -q tmp && fail "temporary files left in the cache"
  "$akira" run a2.aot one "two words" 3 >out.txt 2>/dev/null || [ "$aot" = 0 ]
  [ "$aot" = 0 ] || same_as_native out.txt ;;
*) fail "unknown case $case_name" ;;
esac
echo "ok: $case_name"
