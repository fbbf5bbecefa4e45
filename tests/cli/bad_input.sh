#!/usr/bin/env bash
# Bad input never kills akira with a signal: every case ends with a message and the
# documented exit status (2 for unusable modules, 70 for traps, 71 for exhaustion).
#   bad_input.sh AKIRA WAT2WASM WORKDIR CASE
set -u
akira=$1 wat2wasm=$2 work=$3 case=$4
src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
"$wat2wasm" "$src/traps.wat" -o "$work/traps.wasm" || { echo "wat2wasm failed"; exit 1; }
pass=0 fail=0

# expect STATUS STDERR_SUBSTRING -- akira args...
expect() {
  local want=$1 msg=$2; shift 3
  local err status
  err=$("$akira" "$@" 2>&1 >/dev/null); status=$?
  if [ "$status" -ge 128 ]; then
    echo "FAIL: akira $* died with signal $((status - 128))"; fail=$((fail + 1)); return
  fi
  if [ "$status" != "$want" ] || [[ "$err" != *"$msg"* ]]; then
    echo "FAIL: akira $*: status $status (want $want), stderr: ${err:0:300} (want '$msg')"
    fail=$((fail + 1)); return
  fi
  pass=$((pass + 1))
}

case $case in
  traps)
    m=$work/traps.wasm
    expect 0 "" -- run --invoke ok "$m"
    expect 70 "trap: unreachable" -- run --invoke unreachable "$m"
    expect 70 "integer divide by zero" -- run --invoke div_by_zero "$m"
    expect 70 "integer divide by zero" -- run --invoke rem_by_zero "$m"
    expect 70 "integer overflow" -- run --invoke overflow "$m"
    expect 70 "invalid conversion to integer" -- run --invoke bad_conversion "$m"
    expect 70 "integer overflow" -- run --invoke big_conversion "$m"
    expect 70 "out of bounds memory access" -- run --invoke oob_load "$m"
    expect 70 "out of bounds memory access" -- run --invoke oob_store "$m"
    expect 70 "out of bounds memory access" -- run --invoke oob_fill "$m"
    expect 70 "out of bounds table access" -- run --invoke oob_table "$m"
    expect 70 "undefined element" -- run --invoke undefined_element "$m"
    expect 70 "uninitialized element" -- run --invoke uninitialized_element "$m"
    expect 70 "indirect call type mismatch" -- run --invoke type_mismatch "$m"
    expect 71 "call stack exhausted" -- run --invoke recurse "$m" 0
    expect 71 "call stack exhausted" -- run --invoke mutual "$m"
    # A small stack limit exhausts sooner, still cleanly.
    expect 71 "call stack exhausted" -- run --stack-size 65536 --invoke recurse "$m" 0
    ;;
  files)
    printf '' > "$work/empty.wasm"
    printf 'hello world' > "$work/text.wasm"
    printf '\0asm\2\0\0\0' > "$work/version.wasm"
    expect 2 "bad magic" -- run "$work/empty.wasm"
    expect 2 "bad magic" -- run "$work/text.wasm"
    expect 2 "unknown binary version" -- run "$work/version.wasm"
    expect 2 "" -- run "$work/does-not-exist.wasm"
    ;;
  truncated)
    # Every prefix of the module: an error (or, at a section boundary, a smaller
    # module without the export), never a signal.
    m=$work/traps.wasm; size=$(stat -c %s "$m")
    for ((n = 1; n < size; n++)); do
      head -c "$n" "$m" > "$work/cut.wasm"
      expect 2 "akira" -- run --invoke ok "$work/cut.wasm"
    done
    ;;
  bitflips)
    # Deterministic single-bit flips across the whole module.
    m=$work/traps.wasm; size=$(stat -c %s "$m")
    python3 - "$m" "$work" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
for bit in range(0, len(data) * 8, 7):
    flipped = bytearray(data)
    flipped[bit // 8] ^= 1 << (bit % 8)
    open(f"{sys.argv[2]}/flip-{bit}.wasm", 'wb').write(flipped)
PY
    for f in "$work"/flip-*.wasm; do
      err=$("$akira" run --invoke ok "$f" 2>&1 >/dev/null); status=$?
      if [ "$status" -ge 128 ]; then echo "FAIL: $f: signal $((status - 128))"; fail=$((fail + 1));
      elif [ "$status" != 0 ] && [ -z "$err" ]; then echo "FAIL: $f: status $status without a message"; fail=$((fail + 1));
      else pass=$((pass + 1)); fi
    done
    ;;
  *) echo "unknown case $case"; exit 1 ;;
esac
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
