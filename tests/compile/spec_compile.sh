#!/bin/sh
# Compiles every module of the given spec scripts with akirac and checks it succeeds.
#   spec_compile.sh AKIRAC WAST2JSON SUITE_DIR WORK_DIR TARGET NAME...
# Modules the script expects to be malformed, invalid or unlinkable are not compiled.
set -eu
akirac=$1 wast2json=$2 suite=$3 work=$4 target=$5
shift 5
mkdir -p "$work"
failed=0 total=0
for name in "$@"; do
  dir="$work/$name"
  rm -rf "$dir" && mkdir -p "$dir"
  "$wast2json" --enable-all -o "$dir/$name.json" "$suite/$name.wast" >/dev/null 2>"$dir/wast2json.err" || {
    echo "wast2json failed on $name.wast:"; cat "$dir/wast2json.err"; failed=$((failed + 1)); continue; }
  # "type": "module" commands only (assert_* modules carry "module_type" instead).
  for wasm in $(grep -o '"type": "module", "line": [0-9]*, \("name": "[^"]*", \)\?"filename": "[^"]*"' "$dir/$name.json" |
                sed 's/.*"filename": "\([^"]*\)"/\1/'); do
    total=$((total + 1))
    if ! "$akirac" --target="$target" --format=object -o "$dir/$wasm.o" "$dir/$wasm" 2>"$dir/$wasm.err"; then
      echo "FAIL $name/$wasm: $(cat "$dir/$wasm.err")"
      failed=$((failed + 1))
    fi
  done
done
echo "$total modules compiled for $target, $failed failed"
[ "$failed" -eq 0 ]
