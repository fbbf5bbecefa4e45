#!/bin/sh
# Compiles one app for one target, checks the object disassembles and that the pre-linked
# .aot container is produced too (OUT.o's name with .aot).
#   compile_app.sh AKIRAC OBJDUMP IN.wasm OUT.o akirac-options...
set -eu
akirac=$1 objdump=$2 in=$3 out=$4
shift 4
"$akirac" --format=object -v "$@" -o "$out" "$in"
# llvm-objdump-22 sometimes crashes printing the raw bytes of Xtensa literal pools
# (dumpBytes); the instructions themselves are what is checked, so leave raw bytes out.
lines=$("$objdump" -d --no-show-raw-insn "$out" | wc -l)
aot=${out%.o}.aot
"$akirac" --no-cache "$@" -o "$aot" "$in"
echo "$(basename "$in"): $(wc -c < "$in") bytes of wasm -> $(wc -c < "$out") bytes of object, $(wc -c < "$aot") bytes of .aot, $lines lines of disassembly"
[ "$lines" -gt 100 ]
