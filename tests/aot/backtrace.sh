#!/usr/bin/env bash
# backtrace.sh AKIRA AKIRAC WAT2WASM WORKDIR OPT_LEVEL
# Runs trapping exports of nested.wat as .wasm and as .aot: same exit status, same trap
# message; at opt level 0 the same backtrace, otherwise the .aot's frames are the
# interpreter's minus inlined ones, with the same innermost and outermost names.
set -u
akira=$1 akirac=$2 wat2wasm=$3 work=$4 opt=$5
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
"$wat2wasm" --debug-names "$here/nested.wat" -o "$work/nested.wasm" || exit 1
"$akirac" --opt-level="$opt" -o "$work/nested.aot" "$work/nested.wasm" || exit 1
fail=0
check() {  # export arg
  local ei ea si sa
  ei=$("$akira" run --invoke "$1" "$work/nested.wasm" "$2" 2>&1 >/dev/null); si=$?
  ea=$("$akira" run --invoke "$1" "$work/nested.aot" "$2" 2>&1 >/dev/null); sa=$?
  if [ "$si" != 70 ] || [ "$sa" != "$si" ]; then
    echo "FAIL $1: exit status $sa (interpreter $si)"; fail=1; return
  fi
  if [ "$opt" = 0 ]; then
    if [ "$ei" != "$ea" ]; then
      echo "FAIL $1: stderr differs"; echo "interpreter:"; echo "$ei"; echo "aot:"; echo "$ea"; fail=1; return
    fi
  else
    # Same first line; the .aot's frame names in order within the interpreter's.
    local want got
    want=$(echo "$ei" | sed -n 's/^  #[0-9]* //p' | tr '\n' ' ')
    got=$(echo "$ea" | sed -n 's/^  #[0-9]* //p' | tr '\n' ' ')
    local pat=" ${want}"
    for name in $got; do
      case "$pat" in *" $name "*) pat=" ${pat#* $name }" ;; *) echo "FAIL $1: frames '$got' not within '$want'"; fail=1; return ;; esac
    done
    if [ "$(echo "$ei" | head -1)" != "$(echo "$ea" | head -1)" ] || [ "${got% }" = "" ] ||
       [ "$(echo $got | awk '{print $NF}')" != "$(echo $want | awk '{print $NF}')" ]; then
      echo "FAIL $1: interpreter '$ei' aot '$ea'"; fail=1; return
    fi
  fi
  echo "ok $1: $(echo "$ea" | tr '\n' ' ')"
}
check run_unreachable 0
check run_load 1
exit $fail
