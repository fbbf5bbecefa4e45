#!/usr/bin/env python3
"""Writes a spec script (.wast) that checks when Wasm memory accesses trap.

For every load and store instruction (scalar and SIMD, every width), one module:
  - the value of an access at the last in-bounds address, with and without an offset,
    compared with the bytes of a data segment (expected values computed here from the
    bytes, little-endian, not by any engine);
  - the access straddling the end, just past it, at -1 and with a large offset: a trap;
  - loads whose value is dead, at every position a value can die: dropped, written to a
    local that is never read, multiplied by zero, not chosen by a select;
  - order: an out-of-bounds access before an integer division by zero, before a trapping
    float-to-int conversion, before a store, a global.set, a call with a side effect, and
    in a loop after a store to memory; a store that traps before and after another store.
    After each trap, the state the later operation would have changed is read back.

Usage: gen_memory_traps.py OUT.wast
"""
import struct
import sys

PAGE = 65536
TAIL = bytes(range(0xa1, 0xb1))  # the last 16 bytes of memory, all distinct and non-zero
TAIL_AT = PAGE - len(TAIL)

# (name, access size, value type on the stack, kind) ; kind selects how to read the value
LOADS = [
    ("i32.load", 4, "i32", "i32"), ("i64.load", 8, "i64", "i64"),
    ("f32.load", 4, "f32", "f32"), ("f64.load", 8, "f64", "f64"),
    ("i32.load8_s", 1, "i32", "s8"), ("i32.load8_u", 1, "i32", "u8"),
    ("i32.load16_s", 2, "i32", "s16"), ("i32.load16_u", 2, "i32", "u16"),
    ("i64.load8_s", 1, "i64", "s8"), ("i64.load8_u", 1, "i64", "u8"),
    ("i64.load16_s", 2, "i64", "s16"), ("i64.load16_u", 2, "i64", "u16"),
    ("i64.load32_s", 4, "i64", "s32"), ("i64.load32_u", 4, "i64", "u32"),
    ("v128.load", 16, "v128", "v128"),
    ("v128.load8x8_s", 8, "v128", "x8s"), ("v128.load8x8_u", 8, "v128", "x8u"),
    ("v128.load16x4_s", 8, "v128", "x16s"), ("v128.load16x4_u", 8, "v128", "x16u"),
    ("v128.load32x2_s", 8, "v128", "x32s"), ("v128.load32x2_u", 8, "v128", "x32u"),
    ("v128.load8_splat", 1, "v128", "splat8"), ("v128.load16_splat", 2, "v128", "splat16"),
    ("v128.load32_splat", 4, "v128", "splat32"), ("v128.load64_splat", 8, "v128", "splat64"),
    ("v128.load32_zero", 4, "v128", "zero32"), ("v128.load64_zero", 8, "v128", "zero64"),
    ("v128.load8_lane", 1, "v128", "lane8"), ("v128.load16_lane", 2, "v128", "lane16"),
    ("v128.load32_lane", 4, "v128", "lane32"), ("v128.load64_lane", 8, "v128", "lane64"),
]
# (name, access size, operand type, the operand as an instruction)
STORES = [
    ("i32.store", 4, "(i32.const -1)"), ("i64.store", 8, "(i64.const -1)"),
    ("f32.store", 4, "(f32.const -nan:0x7fffff)"), ("f64.store", 8, "(f64.const -nan:0xfffffffffffff)"),
    ("i32.store8", 1, "(i32.const -1)"), ("i32.store16", 2, "(i32.const -1)"),
    ("i64.store8", 1, "(i64.const -1)"), ("i64.store16", 2, "(i64.const -1)"),
    ("i64.store32", 4, "(i64.const -1)"),
    ("v128.store", 16, "(v128.const i32x4 -1 -1 -1 -1)"),
    ("v128.store8_lane", 1, "(v128.const i32x4 -1 -1 -1 -1)"),
    ("v128.store16_lane", 2, "(v128.const i32x4 -1 -1 -1 -1)"),
    ("v128.store32_lane", 4, "(v128.const i32x4 -1 -1 -1 -1)"),
    ("v128.store64_lane", 8, "(v128.const i32x4 -1 -1 -1 -1)"),
]
OOB = "out of bounds memory access"


def lane_imm(name):
    return " 1" if name.endswith("_lane") else ""


def access(name, addr, offset=0):
    """The load as an expression; lane loads take their vector operand first."""
    off = f" offset={offset}" if offset else ""
    if name.endswith("_lane"):
        return f"({name}{off}{lane_imm(name)} {addr} (v128.const i32x4 0 0 0 0))"
    return f"({name}{off} {addr})"


def to_i32(vtype, e):
    """An expression of type i32 that uses every bit-carrying operation of e's value."""
    return {
        "i32": e,
        "i64": f"(i32.wrap_i64 {e})",
        "f32": f"(i32.reinterpret_f32 {e})",
        "f64": f"(i32.wrap_i64 (i64.reinterpret_f64 {e}))",
        "v128": f"(i32x4.extract_lane 0 {e})",
    }[vtype]


def result_type(vtype):
    return {"f32": "i32", "f64": "i64"}.get(vtype, vtype)


def as_result(vtype, e):
    return {"f32": f"(i32.reinterpret_f32 {e})", "f64": f"(i64.reinterpret_f64 {e})"}.get(vtype, e)


def expected(kind, b):
    """The value loaded from bytes b, as a wast constant."""
    u = lambda fmt, x: struct.unpack("<" + fmt, x)[0]
    def v128(data):
        return "(v128.const i8x16 " + " ".join(str(x) for x in data) + ")"
    def lanes(fmt, width, signed, n):
        vals = [u(fmt, b[i * width:(i + 1) * width]) for i in range(n)]
        wide = {1: "i16x8", 2: "i32x4", 4: "i64x2"}[width]
        return f"(v128.const {wide} " + " ".join(str(v) for v in vals) + ")"
    if kind in ("i32", "f32"):
        return f"(i32.const {u('i', b)})"
    if kind in ("i64", "f64"):
        return f"(i64.const {u('q', b)})"
    scalar = {"s8": ("b", 1), "u8": ("B", 1), "s16": ("h", 2), "u16": ("H", 2), "s32": ("i", 4), "u32": ("I", 4)}
    if kind in scalar:
        return None  # the caller knows the result type
    if kind == "v128":
        return v128(b)
    if kind in ("x8s", "x8u"):
        return lanes("b" if kind == "x8s" else "B", 1, kind.endswith("s"), 8)
    if kind in ("x16s", "x16u"):
        return lanes("h" if kind == "x16s" else "H", 2, kind.endswith("s"), 4)
    if kind in ("x32s", "x32u"):
        return lanes("i" if kind == "x32s" else "I", 4, kind.endswith("s"), 2)
    if kind.startswith("splat"):
        n = int(kind[5:]) // 8
        return v128(b[:n] * (16 // n))
    if kind.startswith("zero"):
        n = int(kind[4:]) // 8
        return v128(b[:n] + bytes(16 - n))
    if kind.startswith("lane"):
        n = int(kind[4:]) // 8
        return v128(bytes(n) + b[:n] + bytes(16 - 2 * n))  # lane 1 of an all-zero vector
    raise ValueError(kind)


def scalar_expected(kind, rtype, b):
    fmt = {"s8": "b", "u8": "B", "s16": "h", "u16": "H", "s32": "i", "u32": "I"}[kind]
    v = struct.unpack("<" + fmt, b)[0]
    if rtype == "i32" and v >= 2 ** 31:
        v -= 2 ** 32
    if rtype == "i64" and v >= 2 ** 63:
        v -= 2 ** 64
    return f"({rtype}.const {v})"


def mem_bytes(addr, n):
    """Initial contents of memory at [addr, addr + n): zeros, then TAIL."""
    return bytes(TAIL[a - TAIL_AT] if a >= TAIL_AT else 0 for a in range(addr, addr + n))


def common_fields():
    tail = "".join("\\%02x" % x for x in TAIL)
    return f"""  (memory 1 2)
  (data (i32.const {TAIL_AT}) "{tail}")
  (global $g (mut i32) (i32.const 0))
  (global $h (mut i32) (i32.const 0))
  (func $effect (global.set $h (i32.const 1)))
  (func (export "reset") (i32.store (i32.const 0) (i32.const 0)) (i32.store (i32.const 4) (i32.const 0))
    (global.set $g (i32.const 0)) (global.set $h (i32.const 0)))
  (func (export "peek") (result i32) (i32.load (i32.const 0)))
  (func (export "peek4") (result i32) (i32.load (i32.const 4)))
  (func (export "g") (result i32) (global.get $g))
  (func (export "h") (result i32) (global.get $h))
  (func (export "tail") (result v128) (v128.load (i32.const {TAIL_AT})))
  (func (export "size") (result i32) (memory.size))
"""


def load_module(name, size, vtype, kind):
    L = lambda addr, off=0: access(name, addr, off)
    rt = result_type(vtype)
    m = [f";; {name}: {size} bytes", "(module", common_fields()]
    m.append(f'  (func (export "value") (param i32) (result {rt}) {as_result(vtype, L("(local.get 0)"))})')
    m.append(f'  (func (export "value_off") (param i32) (result {rt}) {as_result(vtype, L("(local.get 0)", 1))})')
    m.append(f'  (func (export "value_big_off") (param i32) (result {rt}) '
             f'{as_result(vtype, L("(local.get 0)", 0xffffffff))})')
    m.append(f'  (func (export "drop") (param i32) (drop {L("(local.get 0)")}))')
    m.append(f'  (func (export "dead_local") (param i32) (local {vtype}) (local.set 1 {L("(local.get 0)")}))')
    m.append(f'  (func (export "times_zero") (param i32) (result i32) '
             f'(i32.mul {to_i32(vtype, L("(local.get 0)"))} (i32.const 0)))')
    m.append(f'  (func (export "and_zero") (param i32) (result i32) '
             f'(i32.and {to_i32(vtype, L("(local.get 0)"))} (i32.const 0)))')
    m.append(f'  (func (export "not_selected") (param i32) (result i32) '
             f'(select (i32.const 5) {to_i32(vtype, L("(local.get 0)"))} (i32.const 1)))')
    m.append(f'  (func (export "before_div") (param i32 i32) (result i32) '
             f'(i32.add {to_i32(vtype, L("(local.get 0)"))} (i32.div_u (i32.const 1) (local.get 1))))')
    m.append(f'  (func (export "before_div_dead") (param i32 i32) (result i32) '
             f'(drop {L("(local.get 0)")}) (i32.div_s (i32.const 1) (local.get 1)))')
    m.append(f'  (func (export "before_trunc") (param i32 f32) (result i32) '
             f'(i32.add {to_i32(vtype, L("(local.get 0)"))} (i32.trunc_f32_s (local.get 1))))')
    m.append(f'  (func (export "before_store") (param i32) '
             f'(drop {L("(local.get 0)")}) (i32.store (i32.const 0) (i32.const -1)))')
    m.append(f'  (func (export "before_store_used") (param i32) (local i32) '
             f'(local.set 1 {to_i32(vtype, L("(local.get 0)"))}) (i32.store (i32.const 0) (i32.const -1)) '
             f'(i32.store (i32.const 4) (local.get 1)))')
    m.append(f'  (func (export "before_global") (param i32) (result i32) (local i32) '
             f'(local.set 1 {to_i32(vtype, L("(local.get 0)"))}) (global.set $g (i32.const 1)) (local.get 1))')
    m.append(f'  (func (export "before_call") (param i32) (drop {L("(local.get 0)")}) (call $effect))')
    m.append(f'  (func (export "before_grow") (param i32) (drop {L("(local.get 0)")}) '
             f'(drop (memory.grow (i32.const 1))))')
    # A loop that stores its counter, then loads from a loop-invariant address: the first
    # iteration's store happens before the load traps.
    m.append(f'''  (func (export "in_loop") (param i32 i32) (local i32)
    (loop $l
      (local.set 2 (i32.add (local.get 2) (i32.const 1)))
      (i32.store (i32.const 4) (local.get 2))
      (drop {L("(local.get 0)")})
      (br_if $l (i32.lt_u (local.get 2) (local.get 1)))))''')
    m.append(")")

    a = []
    ok = PAGE - size
    val = mem_bytes(ok, size)
    exp = (expected(kind, val) if expected(kind, val) is not None else scalar_expected(kind, rt, val))
    a.append(f'(assert_return (invoke "value" (i32.const {ok})) {exp})')
    a.append(f'(assert_return (invoke "value_off" (i32.const {ok - 1})) {exp})')  # same bytes
    bad = [PAGE - size + 1] if size > 1 else []
    bad += [PAGE, -1, PAGE * 2]
    for addr in bad:
        a.append(f'(assert_trap (invoke "value" (i32.const {addr})) "{OOB}")')
    a.append(f'(assert_trap (invoke "value_off" (i32.const {ok})) "{OOB}")')
    a.append(f'(assert_trap (invoke "value_big_off" (i32.const 0)) "{OOB}")')
    a.append(f'(assert_trap (invoke "value_big_off" (i32.const 1)) "{OOB}")')
    a.append(f'(assert_return (invoke "drop" (i32.const {ok})))')
    a.append(f'(assert_return (invoke "dead_local" (i32.const {ok})))')
    a.append(f'(assert_return (invoke "times_zero" (i32.const {ok})) (i32.const 0))')
    a.append(f'(assert_return (invoke "and_zero" (i32.const {ok})) (i32.const 0))')
    a.append(f'(assert_return (invoke "not_selected" (i32.const {ok})) (i32.const 5))')
    for addr in bad:
        for f in ("drop", "dead_local", "times_zero", "and_zero", "not_selected"):
            a.append(f'(assert_trap (invoke "{f}" (i32.const {addr})) "{OOB}")')
    # Order against other traps: the access comes first.
    a.append(f'(assert_trap (invoke "before_div" (i32.const {ok}) (i32.const 0)) "integer divide by zero")')
    a.append(f'(assert_trap (invoke "before_div_dead" (i32.const {ok}) (i32.const 0)) "integer divide by zero")')
    a.append(f'(assert_trap (invoke "before_trunc" (i32.const {ok}) (f32.const 1e10)) "integer overflow")')
    for addr in bad:
        a.append(f'(assert_trap (invoke "before_div" (i32.const {addr}) (i32.const 0)) "{OOB}")')
        a.append(f'(assert_trap (invoke "before_div_dead" (i32.const {addr}) (i32.const 0)) "{OOB}")')
        a.append(f'(assert_trap (invoke "before_trunc" (i32.const {addr}) (f32.const 1e10)) "{OOB}")')
        a.append(f'(assert_trap (invoke "before_trunc" (i32.const {addr}) (f32.const nan)) "{OOB}")')
    # Order against side effects: nothing after the access happened.
    for addr in bad[:2]:
        a.append(f'(assert_trap (invoke "before_store" (i32.const {addr})) "{OOB}")')
        a.append('(assert_return (invoke "peek") (i32.const 0))')
        a.append(f'(assert_trap (invoke "before_store_used" (i32.const {addr})) "{OOB}")')
        a.append('(assert_return (invoke "peek") (i32.const 0))')
        a.append(f'(assert_trap (invoke "before_global" (i32.const {addr})) "{OOB}")')
        a.append('(assert_return (invoke "g") (i32.const 0))')
        a.append(f'(assert_trap (invoke "before_call" (i32.const {addr})) "{OOB}")')
        a.append('(assert_return (invoke "h") (i32.const 0))')
        a.append(f'(assert_trap (invoke "before_grow" (i32.const {addr})) "{OOB}")')
        a.append('(assert_return (invoke "size") (i32.const 1))')
        a.append(f'(assert_trap (invoke "in_loop" (i32.const {addr}) (i32.const 10)) "{OOB}")')
        a.append('(assert_return (invoke "peek4") (i32.const 1))')
        a.append('(invoke "reset")')
    a.append(f'(assert_return (invoke "in_loop" (i32.const {ok}) (i32.const 10)))')
    a.append('(assert_return (invoke "peek4") (i32.const 10))')
    a.append(f'(assert_return (invoke "before_call" (i32.const {ok})))')
    a.append('(assert_return (invoke "h") (i32.const 1))')
    # After a successful grow the same address is in bounds.
    a.append(f'(assert_return (invoke "before_grow" (i32.const {ok})))')
    a.append(f'(assert_return (invoke "drop" (i32.const {PAGE})))')
    return "\n".join(m) + "\n" + "\n".join(a) + "\n"


def store_module(name, size, operand):
    lane = lane_imm(name)
    def S(addr, off=0):
        o = f" offset={off}" if off else ""
        return f"({name}{o}{lane} {addr} {operand})"
    m = [f";; {name}: {size} bytes", "(module", common_fields()]
    m.append(f'  (func (export "store") (param i32) {S("(local.get 0)")})')
    m.append(f'  (func (export "store_off") (param i32) {S("(local.get 0)", 7)})')
    m.append(f'  (func (export "store_then") (param i32) {S("(local.get 0)")} (i32.store (i32.const 0) (i32.const -1)))')
    m.append(f'  (func (export "store_after") (param i32) (i32.store (i32.const 0) (i32.const -1)) {S("(local.get 0)")})')
    m.append(f'  (func (export "store_then_global") (param i32) {S("(local.get 0)")} (global.set $g (i32.const 1)))')
    m.append(f'  (func (export "store_then_call") (param i32) {S("(local.get 0)")} (call $effect))')
    m.append(f'  (func (export "store_then_div") (param i32 i32) (result i32) {S("(local.get 0)")} '
             f'(i32.div_u (i32.const 1) (local.get 1)))')
    m.append(f'  (func (export "div_then_store") (param i32 i32) (i32.store (i32.const 0) '
             f'(i32.div_u (i32.const 1) (local.get 1))) {S("(local.get 0)")})')
    m.append(")")
    a = []
    ok = PAGE - size
    tail = "(v128.const i8x16 " + " ".join(str(x) for x in TAIL) + ")"
    written = bytearray(TAIL)
    for i in range(ok - TAIL_AT, ok - TAIL_AT + size):
        written[i] = 0xff
    bad = ([PAGE - size + 1] if size > 1 else []) + [PAGE, -1]
    for addr in bad:
        # A store that traps writes nothing, not even the bytes that are in bounds.
        a.append(f'(assert_trap (invoke "store" (i32.const {addr})) "{OOB}")')
        a.append(f'(assert_return (invoke "tail") {tail})')
        a.append(f'(assert_trap (invoke "store_then" (i32.const {addr})) "{OOB}")')
        a.append('(assert_return (invoke "peek") (i32.const 0))')
        a.append(f'(assert_trap (invoke "store_then_global" (i32.const {addr})) "{OOB}")')
        a.append('(assert_return (invoke "g") (i32.const 0))')
        a.append(f'(assert_trap (invoke "store_then_call" (i32.const {addr})) "{OOB}")')
        a.append('(assert_return (invoke "h") (i32.const 0))')
        a.append(f'(assert_trap (invoke "store_then_div" (i32.const {addr}) (i32.const 0)) "{OOB}")')
        a.append(f'(assert_trap (invoke "div_then_store" (i32.const {addr}) (i32.const 0)) "integer divide by zero")')
        a.append(f'(assert_trap (invoke "store_after" (i32.const {addr})) "{OOB}")')
        a.append('(assert_return (invoke "peek") (i32.const -1))')
        a.append('(invoke "reset")')
    a.append(f'(assert_trap (invoke "store_off" (i32.const {ok - 6})) "{OOB}")')
    a.append(f'(assert_return (invoke "tail") {tail})')
    a.append(f'(assert_trap (invoke "store_then_div" (i32.const {ok}) (i32.const 0)) "integer divide by zero")')
    a.append('(assert_return (invoke "tail") (v128.const i8x16 ' + " ".join(str(x) for x in written) + "))")
    a.append(f'(assert_return (invoke "store_off" (i32.const {ok - 7})))')
    a.append(f'(assert_return (invoke "store" (i32.const {ok})))')
    a.append('(assert_return (invoke "tail") (v128.const i8x16 ' + " ".join(str(x) for x in written) + "))")
    return "\n".join(m) + "\n" + "\n".join(a) + "\n"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    parts = [";; Generated by tests/semantics/gen_memory_traps.py: do not edit.\n"]
    parts += [load_module(*l) for l in LOADS]
    parts += [store_module(*s) for s in STORES]
    with open(sys.argv[1], "w") as f:
        f.write("\n".join(parts))


if __name__ == "__main__":
    main()
