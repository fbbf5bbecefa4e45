#!/usr/bin/env bash
# Traps on a cross target, under the emulator: the exports of traps.wat run by
# `akira run --invoke`, interpreted and as .aot compiled on the host for the target.
#   traps.sh CASE WORK WAT2WASM AKIRAC AOT_TARGET BITS AKIRA [EMULATOR...]
# CASE:
#   backtrace  unreachable, integer divide by zero and an out-of-bounds load three calls
#              deep: exit status 70, the trap message and a backtrace naming the functions;
#              the .aot at --opt-level=0 prints exactly the interpreter's backtrace, at the
#              default level the interpreter's frames minus inlined ones (tests/aot/backtrace.sh)
#   memory     out-of-bounds loads and stores (at the end of memory and far beyond it) trap,
#              in-bounds ones do not: interpreter, .aot with akirac's default (64-bit: no
#              checks, guard pages and the fault handler; 32-bit: explicit checks) and .aot
#              with explicit checks; on 32-bit akirac refuses --bounds-checks=0
#   stack      unbounded recursion (direct and mutual) ends with "call stack exhausted" and
#              exit status 71, not a signal: interpreter (also with a small value stack) and .aot
# BITS is the target's pointer width (32 or 64).
set -u
case_name=$1 work=$2 wat2wasm=$3 akirac=$4 aot_target=$5 bits=$6 akira=$7
shift 7
emu=("$@")
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
pass=0 fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

"$wat2wasm" --debug-names "$here/traps.wat" -o traps.wasm || { echo "wat2wasm failed"; exit 1; }
compile() {  # compile OUT [akirac options]: traps.wasm for the target; akirac -v output in OUT.log
  local out=$1; shift
  "$akirac" -v --no-cache --threads=1 --target="$aot_target" "$@" -o "$out" traps.wasm >"$out.log" 2>&1 ||
    { cat "$out.log"; echo "akirac $* failed"; exit 1; }
}
# invoke MODULE EXPORT [ARG] [-- akira run options]: sets out, err, status
invoke() {
  local m=$1 e=$2 a=${3:-}
  shift 2
  [ $# -gt 0 ] && shift
  out=$("${emu[@]}" "$akira" run "$@" --invoke "$e" "$m" $a 2>err.txt); status=$?
  err=$(cat err.txt)
}
# expect STATUS MESSAGE MODULE EXPORT [ARG [akira run options]]
expect() {
  local want=$1 msg=$2 m=$3 e=$4
  invoke "$m" "$e" "${@:5}"
  if [ "$status" -ge 128 ]; then bad "$e on $m: killed by signal $((status - 128)): ${err:0:300}"; return 1; fi
  if [ "$status" != "$want" ] || [[ "$err" != *"$msg"* ]]; then
    bad "$e on $m: status $status (want $want), stderr: ${err:0:400} (want '$msg')"; return 1
  fi
  pass=$((pass + 1))
}
frames() { echo "$1" | sed -n 's/^  #[0-9]* //p' | tr '\n' ' '; }

case $case_name in
backtrace)
  compile traps.aot
  compile traps-O0.aot --opt-level=0
  for c in "unreachable 0 unreachable" "div 0 integer divide by zero" "load 1 out of bounds memory access"; do
    read -r kind arg msg <<<"$c"
    e=run_$kind
    want="inner_$kind middle outer $e "
    expect 70 "trap: $msg" traps.wasm "$e" "$arg" || continue
    ei=$err
    [ "$(frames "$ei")" = "$want" ] || { bad "$e interpreted: backtrace '$(frames "$ei")', want '$want'"; continue; }
    # --opt-level=0: nothing is inlined, the same message and backtrace.
    expect 70 "trap: $msg" traps-O0.aot "$e" "$arg" || continue
    [ "$err" = "$ei" ] || { bad "$e: .aot at -O0 printed"$'\n'"$err"$'\n'"the interpreter"$'\n'"$ei"; continue; }
    # The default level: same message; the frames, in order, among the interpreter's, the
    # same outermost one.
    expect 70 "trap: $msg" traps.aot "$e" "$arg" || continue
    got=$(frames "$err")
    [ "$(echo "$err" | head -1)" = "$(echo "$ei" | head -1)" ] || { bad "$e: first lines differ: $err / $ei"; continue; }
    pat=" $want"
    ok=1
    for f in $got; do
      case "$pat" in *" $f "*) pat=" ${pat#* $f }" ;; *) ok=0 ;; esac
    done
    [ "$ok" = 1 ] && [ -n "$got" ] || { bad "$e: .aot frames '$got' not within '$want'"; continue; }
    [ "$(echo $got | awk '{print $NF}')" = "$e" ] || { bad "$e: .aot frames '$got' do not end in $e"; continue; }
    echo "ok $e: interpreter and -O0: $(frames "$ei")| default level: $got"
  done
  # The same paths without a trap: (1000 / 7) ^ 1 - 5 = 138.
  for m in traps.wasm traps-O0.aot traps.aot; do
    invoke $m ok 7
    if [ "$status" = 0 ] && [ "$out" = 138 ]; then pass=$((pass + 1)); else bad "ok 7 on $m: status $status, output '$out', $err"; fi
  done
  ;;
memory)
  compile traps.aot
  compile traps-checks.aot --bounds-checks=1
  if [ "$bits" = 64 ]; then
    grep -q "bounds checks off" traps.aot.log || { cat traps.aot.log; bad "64-bit: akirac's default should be no bounds checks (guard pages)"; }
  else
    grep -q "bounds checks on" traps.aot.log || { cat traps.aot.log; bad "32-bit: akirac's default should be explicit bounds checks"; }
  fi
  grep -q "bounds checks on" traps-checks.aot.log || { cat traps-checks.aot.log; bad "--bounds-checks=1 not applied"; }
  for m in traps.wasm traps.aot traps-checks.aot; do
    for e in oob_edge oob_far oob_store; do expect 70 "trap: out of bounds memory access" $m $e; done
    invoke $m in_bounds
    if [ "$status" = 0 ] && [ "$out" = 4660 ]; then pass=$((pass + 1)); else bad "in_bounds on $m: status $status, output '$out', $err"; fi
  done
  if [ "$bits" = 32 ]; then
    # No guard region on a 32-bit target: akirac refuses to leave the checks out.
    if "$akirac" --no-cache --target="$aot_target" --bounds-checks=0 -o traps-nochecks.aot traps.wasm >nochecks.log 2>&1; then
      bad "akirac --target=$aot_target --bounds-checks=0 succeeded"
    elif grep -q "needs a 64-bit target" nochecks.log; then pass=$((pass + 1))
    else cat nochecks.log; bad "akirac --bounds-checks=0: unexpected message"; fi
  fi
  ;;
stack)
  compile traps.aot
  for m in traps.wasm traps.aot; do
    expect 71 "trap: call stack exhausted" $m recurse 0
    expect 71 "trap: call stack exhausted" $m mutual 0
    # The process is still in charge: it printed the frames, trimmed.
    [[ "$err" == *"more frames"* ]] && pass=$((pass + 1)) || bad "mutual on $m: no trimmed backtrace: ${err:0:300}"
  done
  # A small interpreter value stack exhausts sooner, still cleanly.
  expect 71 "trap: call stack exhausted" traps.wasm recurse 0 --stack-size 65536
  ;;
*) echo "unknown case $case_name"; exit 2 ;;
esac
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
