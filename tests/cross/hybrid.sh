#!/bin/sh
# The hybrid choice of `akira run` (docs/deployment.md) on a cross target, under the
# emulator: an app folder holding hello.wasm and hello_<suffix>.aot for every Linux target
# runs the .aot for this machine; without one, the .wasm is interpreted and the reason is
# shown; names are never trusted (the code inside decides).
#   hybrid.sh NAME AKIRAC APPS WORK AKIRA [EMULATOR...]
# NAME is this target's suffix (aarch64 | armhf | riscv64); APPS holds hello.wasm and
# hello_native (this target's native build of the same C).
set -eu
name=$1 akirac=$2 apps=$3 work=$4 akira=$5
shift 5  # the rest: the emulator command
rm -rf "$work" && mkdir -p "$work" && cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -q -- "$1" "$2" || { cat "$2" >&2; fail "expected '$1' in $2"; }; }
reject() { if grep -q -- "$1" "$2"; then cat "$2" >&2; fail "did not expect '$1' in $2"; fi; }
aot_target() {  # app suffix -> akirac --target
  case $1 in armhf) echo thumbv7 ;; *) echo "$1" ;; esac
}
compile() {  # compile SUFFIX OUT: hello.wasm compiled for the target that SUFFIX names
  "$akirac" --target="$(aot_target "$1")" --threads=1 -o "$2" "$apps/hello.wasm" || fail "akirac --target=$(aot_target "$1")"
}
run() {  # run FOLDER EMULATOR...: akira run -v FOLDER (stdout in out.txt, stderr in err.txt)
  dir=$1 status=0          # must exit 0 and print what the native build prints
  shift
  "$@" "$akira" run -v "$dir" one "two words" 3 >out.txt 2>err.txt || status=$?
  [ "$status" = 0 ] || { cat err.txt >&2; fail "akira run -v $dir: exit status $status"; }
  cmp -s native.txt out.txt || { diff native.txt out.txt >&2; cat err.txt >&2; fail "$dir: output differs from the native build"; }
}
"$@" "$apps/hello_native" one "two words" 3 >native.txt || fail "the native hello failed"
[ -s native.txt ] || fail "the native hello printed nothing"

all="x86_64 aarch64 armhf riscv64"
case " $all " in *" $name "*) ;; *) fail "unknown target $name" ;; esac
for s in $all; do compile "$s" "hello_$s.aot"; done

# 1. Every Linux target's .aot: this machine's is chosen, the others are rejected by content.
mkdir all && cp "$apps/hello.wasm" all/ && cp hello_*.aot all/
run all "$@"
echo "== all targets"; cat err.txt
expect "candidate hello_$name.aot (name matches): accepted" err.txt
expect "chose hello_$name.aot (native code)" err.txt
for s in $all; do
  [ "$s" = "$name" ] && continue
  expect "candidate hello_$s.aot: rejected: hello_$s.aot was compiled for $(aot_target "$s")" err.txt
done

# 2. No .aot for this machine: the .wasm is interpreted and -v says why.
mkdir foreign && cp "$apps/hello.wasm" foreign/
for s in $all; do [ "$s" = "$name" ] || cp "hello_$s.aot" foreign/; done
run foreign "$@"
echo "== no .aot for this machine"; cat err.txt
expect "chose hello.wasm (interpreter): no .aot matches this machine" err.txt
reject "accepted" err.txt
reject "native code" err.txt

# 3. Misnamed files: another target's code named for this machine is refused by content,
# and this machine's code under another target's name is found and run.
other=aarch64; [ "$name" = aarch64 ] && other=riscv64
mkdir misnamed && cp "$apps/hello.wasm" misnamed/
cp "hello_$other.aot" "misnamed/hello_$name.aot"
cp "hello_$name.aot" "misnamed/hello_$other.aot"
run misnamed "$@"
echo "== misnamed"; cat err.txt
expect "candidate hello_$name.aot (name matches): rejected: hello_$name.aot was compiled for $(aot_target "$other")" err.txt
expect "chose hello_$other.aot (native code)" err.txt
echo "ok"
