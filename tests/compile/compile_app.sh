#!/bin/sh
# Compiles one app for one target, checks the object disassembles and that the pre-linked
# .aot container is produced too (OUT.o's name with .aot).
#   compile_app.sh AKIRAC OBJDUMP IN.wasm OUT.o akirac-options...
set -eu
akirac=$1 objdump=$2 in=$3 out=$4
shift 4
"$akirac" --format=object -v "$@" -o "$out" "$in"
# llvm-objdump-22's Xtensa disassembler now and then crashes part-way through a literal
# pool (the same file disassembles on the next try); allow it three attempts.
lines=0
for attempt in 1 2 3; do
  lines=$("$objdump" -d "$out" 2>/dev/null | wc -l)
  [ "$lines" -gt 100 ] && break
done
aot=${out%.o}.aot
"$akirac" --no-cache "$@" -o "$aot" "$in"
echo "$(basename "$in"): $(wc -c < "$in") bytes of wasm -> $(wc -c < "$out") bytes of object, $(wc -c < "$aot") bytes of .aot, $lines lines of disassembly"
[ "$lines" -gt 100 ]
