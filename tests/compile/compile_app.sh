#!/bin/sh
# Compiles one app for one target and checks the object disassembles.
#   compile_app.sh AKIRAC OBJDUMP IN.wasm OUT.o akirac-options...
set -eu
akirac=$1 objdump=$2 in=$3 out=$4
shift 4
"$akirac" --format=object -v "$@" -o "$out" "$in"
lines=$("$objdump" -d "$out" | wc -l)
echo "$(basename "$in"): $(wc -c < "$in") bytes of wasm -> $(wc -c < "$out") bytes of object, $lines lines of disassembly"
[ "$lines" -gt 100 ]
