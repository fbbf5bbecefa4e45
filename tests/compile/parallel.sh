#!/bin/sh
# Parallel code generation: a generated module of N functions compiled on one thread and
# on two (two partitions calling each other), both run through the .aot loader.
#   parallel.sh PYTHON GEN WAT2WASM AKIRAC AKIRA_WAST WORKDIR [N]
set -eu
python=$1 gen=$2 wat2wasm=$3 akirac=$4 wast=$5 work=$6 n=${7:-2000}
mkdir -p "$work"
"$python" "$gen" "$work/large" "$n"
"$wat2wasm" "$work/large.wat" -o "$work/large.wasm"
for t in 1 2; do
  "$akirac" -v --no-cache --threads=$t -o "$work/large-$t.aot" "$work/large.wasm" 2> "$work/large-$t.log"
  grep -E "^(functions|compile time)" "$work/large-$t.log" | sed "s/^/threads=$t: /"
done
grep -q "in 2 partition(s)" "$work/large-2.log"
for t in 1 2; do
  AKIRA_AKIRAC=$akirac "$wast" --mode=aot --akirac-flags="--threads=$t --no-cache" "$work/large.wast"
done
