#!/usr/bin/env bash
# profile.sh AKIRA AKIRAC WAT2WASM WORKDIR
# `akira run --profile` counts calls per function: the interpreter always, compiled code
# when akirac had --enable-perf-profiling (at opt levels 0 and 3, where $leaf is inlined).
# The expected counts come from the program: fib(n) makes C(n) = 1 + C(n-1) + C(n-2) calls.
set -u
akira=$1 akirac=$2 wat2wasm=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
"$wat2wasm" --debug-names "$here/profile.wat" -o "$work/p.wasm" || exit 1
n=15 loops=1000
declare -a C=(1 1)
for ((i = 2; i <= n; i++)); do C[i]=$((1 + C[i - 1] + C[i - 2])); done
want="run=1 fib=${C[n]} leaf=$loops via_table=7"
fail=0
counts() {  # file -> "name=calls ..." in a fixed order, from the profile table on stderr
  "$akira" run --profile --invoke run "$1" $n $loops 2>&1 >/dev/null |
    awk '/^ *[0-9]+ / { c[$NF] = $1 } END { printf "run=%s fib=%s leaf=%s via_table=%s", c["run"], c["fib"], c["leaf"], c["via_table"]; if ("never" in c) printf " never=%s", c["never"] }'
}
check() {  # label file
  local got
  got=$(counts "$2")
  if [ "$got" = "$want" ]; then echo "ok $1: $got"; else echo "FAIL $1: got '$got', want '$want'"; fail=1; fi
}
check interpreter "$work/p.wasm"
for opt in 0 3; do
  "$akirac" --no-cache --opt-level=$opt --enable-perf-profiling -o "$work/p$opt.aot" "$work/p.wasm" || exit 1
  check "aot O$opt" "$work/p$opt.aot"
done
# Same results with and without counting.
"$akirac" --no-cache -o "$work/plain.aot" "$work/p.wasm" || exit 1
r1=$("$akira" run --invoke run "$work/plain.aot" $n $loops) r2=$("$akira" run --invoke run "$work/p3.aot" $n $loops)
r3=$("$akira" run --invoke run "$work/p.wasm" $n $loops)
if [ -z "$r1" ] || [ "$r1" != "$r2" ] || [ "$r1" != "$r3" ]; then echo "FAIL results differ: $r1 / $r2 / $r3"; fail=1; fi
# Without the option compiled code has no counters, and says so.
msg=$("$akira" run --profile --invoke run "$work/plain.aot" $n $loops 2>&1 >/dev/null)
case "$msg" in
  *"compiled without akirac --enable-perf-profiling"*) echo "ok plain aot: $msg" ;;
  *) echo "FAIL plain aot: '$msg'"; fail=1 ;;
esac
# --perf-map names compiled code for Linux perf: one line per function and entry wrapper.
out=$(sh -c 'echo $$; exec "$0" run --perf-map --invoke run "$1" 3 3' "$akira" "$work/p3.aot")
pid=$(echo "$out" | head -1)
map=/tmp/perf-$pid.map
if [ -f "$map" ] && grep -Eq '^[0-9a-f]+ [0-9a-f]+ fib$' "$map" && grep -Eq '^[0-9a-f]+ [0-9a-f]+ entry:run$' "$map"; then
  echo "ok perf map: $(wc -l < "$map") entries"
else
  echo "FAIL perf map $map: $(cat "$map" 2>&1)"; fail=1
fi
rm -f "$map"
exit $fail
