#!/usr/bin/env python3
"""Writes a large module for the parallel-compilation test: N functions (default 2000)
doing i64 arithmetic in loops, memory round trips, direct calls across the module (so
partitions call each other) and call_indirect through a table.
  gen_large_module.py OUT_PREFIX [N]   ->  OUT_PREFIX.wat (the module) and OUT_PREFIX.wast
  (the module, then assert_return of "run" with the result computed here)."""
import sys

M = (1 << 64) - 1
prefix = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000


def consts(i):
    return ((i * 0x9E3779B97F4A7C15 + 1) & M, (i * 0xC2B2AE3D27D4EB4F + 7) & M, 1 + i % 13, 2 + i % 5)


def callee(i):
    return i // 2 if i % 16 == 0 and i > 0 else None


def value(i, x):
    a, b, s, rounds = consts(i)
    acc = (x * a + b) & M
    for k in range(rounds):
        acc = (acc ^ (acc >> s)) & M
        acc = (acc * 0xFF51AFD7ED558CCD + k) & M
    # memory round trip: stored and loaded back unchanged
    c = callee(i)
    if c is not None:
        acc = (acc + value(c, acc & 0xFF)) & M
    return acc


out = ["(module", "  (type $t (func (param i64) (result i64)))", "  (memory 1)",
       f"  (table {n} funcref)", "  (elem (i32.const 0) func " + " ".join(f"$f{i}" for i in range(n)) + ")"]
for i in range(n):
    a, b, s, rounds = consts(i)
    body = [f"  (func $f{i} (type $t) (local $acc i64) (local $k i32)",
            f"    (local.set $acc (i64.add (i64.mul (local.get 0) (i64.const {a})) (i64.const {b})))",
            "    (block $done (loop $l",
            f"      (br_if $done (i32.ge_u (local.get $k) (i32.const {rounds})))",
            f"      (local.set $acc (i64.xor (local.get $acc) (i64.shr_u (local.get $acc) (i64.const {s}))))",
            "      (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 0xFF51AFD7ED558CCD))",
            "                               (i64.extend_i32_u (local.get $k))))",
            "      (local.set $k (i32.add (local.get $k) (i32.const 1)))",
            "      (br $l)))",
            f"    (i64.store (i32.const {(i * 8) % 65536}) (local.get $acc))",
            f"    (local.set $acc (i64.load (i32.const {(i * 8) % 65536})))"]
    c = callee(i)
    if c is not None:
        body.append(f"    (local.set $acc (i64.add (local.get $acc) (call $f{c} (i64.and (local.get $acc) (i64.const 0xFF)))))")
    body.append("    (local.get $acc))")
    out += body
out += ["  (func (export \"run\") (result i64) (local $i i32) (local $sum i64)",
        "    (block $done (loop $l",
        f"      (br_if $done (i32.ge_u (local.get $i) (i32.const {n})))",
        "      (local.set $sum (i64.add (local.get $sum)",
        "        (call_indirect (type $t) (i64.extend_i32_u (local.get $i)) (local.get $i))))",
        "      (local.set $i (i32.add (local.get $i) (i32.const 1)))",
        "      (br $l)))",
        "    (local.get $sum))",
        ")"]
module = "\n".join(out) + "\n"
expected = sum(value(i, i) for i in range(n)) & M
open(prefix + ".wat", "w").write(module)
open(prefix + ".wast", "w").write(module + f'(assert_return (invoke "run") (i64.const {expected}))\n')
