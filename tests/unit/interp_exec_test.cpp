// Interpreter: arithmetic, control flow, locals, memory, tables and traps.
#include <limits>

#include "interp_wat.h"

namespace akira::test {
namespace {

TEST(InterpExec, Arithmetic) {
  REQUIRE_WAT2WASM();
  Store store;
  Instance* inst = load(store, R"((module
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "poly") (param i64) (result i64)
      (i64.add (i64.mul (local.get 0) (local.get 0)) (i64.const 7)))
    (func (export "fdiv") (param f64 f64) (result f64) (f64.div (local.get 0) (local.get 1)))
    (func (export "mix") (param i32 f32) (result f32)
      (f32.add (f32.convert_i32_s (local.get 0)) (local.get 1)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i32(store, inst, "add", {i32(40), i32(2)}), 42u);
  EXPECT_EQ(call_i32(store, inst, "add", {i32(0xFFFFFFFF), i32(1)}), 0u);
  EXPECT_EQ(call_i64(store, inst, "poly", {i64(1000000)}), 1000000000007ull);
  auto r = invoke(store, inst, "fdiv", {f64(1), f64(4)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].f64, 0.25);
  r = invoke(store, inst, "mix", {i32(static_cast<uint32_t>(-3)), f32(0.5f)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].f32, -2.5f);
}

TEST(InterpExec, LoopsAndBranches) {
  REQUIRE_WAT2WASM();
  Store store;
  Instance* inst = load(store, R"((module
    (func (export "sum") (param $n i32) (result i32) (local $s i32)
      (block $done
        (loop $l
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $s (i32.add (local.get $s) (local.get $n)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l)))
      (local.get $s))
    (func (export "count") (param $n i32) (result i32) (local $i i32)
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_s (local.get $i) (local.get $n))))
      (local.get $i))
    (func (export "sign") (param i32) (result i32)
      (if (result i32) (i32.lt_s (local.get 0) (i32.const 0))
        (then (i32.const -1))
        (else (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 0))))))
    (func (export "switch") (param i32) (result i32)
      (block $d (block $c (block $b (block $a
        (br_table $a $b $c $d (local.get 0)))
        (return (i32.const 10)))
        (return (i32.const 11)))
        (return (i32.const 12)))
      (i32.const 13))
    (func (export "table_value") (param i32) (result i32)
      (block $x (result i32)
        (block $y (result i32)
          (br_table $x $y $x (i32.const 100) (local.get 0)))
        (i32.add (i32.const 1))))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i32(store, inst, "sum", {i32(100)}), 5050u);
  EXPECT_EQ(call_i32(store, inst, "count", {i32(1000)}), 1000u);
  EXPECT_EQ(call_i32(store, inst, "count", {i32(0)}), 1u);
  EXPECT_EQ(call_i32(store, inst, "sign", {i32(-5)}), 0xFFFFFFFFu);
  EXPECT_EQ(call_i32(store, inst, "sign", {i32(5)}), 1u);
  EXPECT_EQ(call_i32(store, inst, "sign", {i32(0)}), 0u);
  for (uint32_t i = 0; i < 6; ++i) EXPECT_EQ(call_i32(store, inst, "switch", {i32(i)}), i < 3 ? 10 + i : 13u) << i;
  EXPECT_EQ(call_i32(store, inst, "table_value", {i32(0)}), 100u);
  EXPECT_EQ(call_i32(store, inst, "table_value", {i32(1)}), 101u);
  EXPECT_EQ(call_i32(store, inst, "table_value", {i32(7)}), 100u);
}

TEST(InterpExec, MultiValue) {
  REQUIRE_WAT2WASM();
  Store store;
  Instance* inst = load(store, R"((module
    (func $swap (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
    (func (export "block") (param i32 i32) (result i32)
      (local.get 0) (local.get 1)
      (block (param i32 i32) (result i32 i32)
        (call $swap))
      (i32.sub))
    (func (export "loop") (param i32) (result i32 i64)
      (local.get 0) (i64.const 0)
      (loop $l (param i32 i64) (result i32 i64)
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (i64.add (i64.const 3))
        (br_if $l (local.get 0)))
    )
    (func (export "br_out") (param i32) (result i64 i32)
      (block $b (result i64 i32)
        (i64.const 5) (i32.const 6)
        (br_if $b (local.get 0))
        (drop) (drop)
        (i64.const 7) (i32.const 8)))))");
  ASSERT_TRUE(inst);
  auto r = invoke(store, inst, "swap", {i32(1), i32(2)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i32, 2u);
  EXPECT_EQ((*r)[1].i32, 1u);
  EXPECT_EQ(call_i32(store, inst, "block", {i32(10), i32(3)}), static_cast<uint32_t>(3 - 10));
  r = invoke(store, inst, "loop", {i32(4)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i32, 4u);  // the loop parameter, not the local
  EXPECT_EQ((*r)[1].i64, 12u);
  r = invoke(store, inst, "br_out", {i32(1)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i64, 5u);
  EXPECT_EQ((*r)[1].i32, 6u);
  r = invoke(store, inst, "br_out", {i32(0)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i64, 7u);
  EXPECT_EQ((*r)[1].i32, 8u);
}

// Reads of a local that are still on the operand stack must see the old value after
// the local is overwritten.
TEST(InterpExec, LocalReadsSurviveWrites) {
  REQUIRE_WAT2WASM();
  Store store;
  Instance* inst = load(store, R"((module
    (func (export "old") (param i32) (result i32)
      (local.get 0)
      (local.set 0 (i32.const 99))
      (local.get 0)
      (i32.sub))
    (func (export "tee") (param i32) (result i32) (local i32)
      (i32.add (local.tee 1 (i32.mul (local.get 0) (i32.const 2))) (local.get 1)))
    (func (export "rotate") (param i32 i32 i32) (result i32 i32 i32)
      (local.get 1) (local.get 2) (local.get 0))
    (func (export "swap_locals") (param i32 i32) (result i32)
      (local i32)
      (local.set 2 (local.get 0))
      (local.set 0 (local.get 1))
      (local.set 1 (local.get 2))
      (i32.sub (local.get 0) (local.get 1)))
    (func (export "if_join") (param i32 i32) (result i32)
      (local.get 1)
      (if (local.get 0) (then (local.set 1 (i32.const 1000))))
      (local.get 1)
      (i32.add))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i32(store, inst, "old", {i32(100)}), 1u);
  EXPECT_EQ(call_i32(store, inst, "tee", {i32(5)}), 20u);
  auto r = invoke(store, inst, "rotate", {i32(1), i32(2), i32(3)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i32, 2u);
  EXPECT_EQ((*r)[1].i32, 3u);
  EXPECT_EQ((*r)[2].i32, 1u);
  EXPECT_EQ(call_i32(store, inst, "swap_locals", {i32(1), i32(10)}), 9u);
  EXPECT_EQ(call_i32(store, inst, "if_join", {i32(0), i32(7)}), 14u);
  EXPECT_EQ(call_i32(store, inst, "if_join", {i32(1), i32(7)}), 1007u);
}

TEST(InterpExec, Memory) {
  REQUIRE_WAT2WASM();
  Store store;
  Instance* inst = load(store, R"((module
    (memory 1 3)
    (data (i32.const 16) "\01\02\03\04")
    (func (export "load") (param i32) (result i32) (i32.load offset=16 (local.get 0)))
    (func (export "store") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
    (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "size") (result i32) (memory.size))
    (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i32(store, inst, "load", {i32(0)}), 0x04030201u);
  ASSERT_TRUE(invoke(store, inst, "store", {i32(100), i64(0x1122334455667788ull)}).ok());
  EXPECT_EQ(call_i64(store, inst, "load64", {i32(100)}), 0x1122334455667788ull);
  auto oob = invoke(store, inst, "load", {i32(65536 - 16 - 3)});
  ASSERT_FALSE(oob.ok());
  EXPECT_EQ(oob.error().kind, ErrorKind::Trap);
  EXPECT_EQ(oob.error().message, "out of bounds memory access");
  // An address near 2^32 plus the offset must not wrap around.
  EXPECT_FALSE(invoke(store, inst, "load", {i32(0xFFFFFFF0u)}).ok());
  EXPECT_EQ(call_i32(store, inst, "grow", {i32(1)}), 1u);
  EXPECT_EQ(call_i32(store, inst, "size"), 2u);
  EXPECT_EQ(call_i32(store, inst, "load", {i32(65536)}), 0u);  // in bounds after growing
  EXPECT_EQ(call_i32(store, inst, "grow", {i32(5)}), 0xFFFFFFFFu);
  EXPECT_TRUE(invoke(store, inst, "fill", {i32(200), i32(0xAB), i32(4)}).ok());
  EXPECT_EQ(call_i32(store, inst, "load", {i32(184)}), 0xABABABABu);
  EXPECT_TRUE(invoke(store, inst, "copy", {i32(201), i32(200), i32(4)}).ok());  // overlapping
  EXPECT_EQ(call_i32(store, inst, "load", {i32(186)}), 0x00ABABABu);
  // A failing fill writes nothing.
  EXPECT_FALSE(invoke(store, inst, "fill", {i32(2 * 65536 - 2), i32(1), i32(3)}).ok());
  EXPECT_EQ(call_i32(store, inst, "load", {i32(2 * 65536 - 20)}), 0u);
}

TEST(InterpExec, TrapsCarryBacktraces) {
  REQUIRE_WAT2WASM();
  Store store;
  Instance* inst = load(store, R"((module
    (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
    (func $middle (param i32) (result i32) (call $inner (local.get 0)))
    (func (export "outer") (param i32) (result i32) (call $middle (local.get 0)))
    (func (export "unreachable") (unreachable))
    (func (export "overflow") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
    (func (export "trunc") (result i32) (i32.trunc_f32_s (f32.const nan)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i32(store, inst, "outer", {i32(1)}), 1u);
  auto r = invoke(store, inst, "outer", {i32(0)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "integer divide by zero");
  ASSERT_EQ(r.error().backtrace.size(), 3u);
  EXPECT_EQ(r.error().backtrace[0], "inner");
  EXPECT_EQ(r.error().backtrace[1], "middle");
  EXPECT_EQ(r.error().backtrace[2], "outer");
  // The store stays usable after a trap.
  EXPECT_EQ(call_i32(store, inst, "outer", {i32(1)}), 1u);
  EXPECT_EQ(invoke(store, inst, "unreachable").error().message, "unreachable");
  EXPECT_EQ(invoke(store, inst, "overflow").error().message, "integer overflow");
  EXPECT_EQ(invoke(store, inst, "trunc").error().message, "invalid conversion to integer");
}

TEST(InterpExec, GlobalsAndTables) {
  REQUIRE_WAT2WASM();
  Store store;
  Instance* inst = load(store, R"((module
    (global $g (mut i64) (i64.const 5))
    (table $t 2 10 funcref)
    (func $f (result i32) (i32.const 77))
    (elem declare func $f)
    (func (export "bump") (result i64)
      (global.set $g (i64.add (global.get $g) (i64.const 1)))
      (global.get $g))
    (func (export "table") (result i32)
      (table.set $t (i32.const 1) (ref.func $f))
      (drop (table.grow $t (ref.null func) (i32.const 3)))
      (i32.add (table.size $t)
        (i32.add (ref.is_null (table.get $t (i32.const 0)))
                 (ref.is_null (table.get $t (i32.const 1))))))
    (func (export "oob") (drop (table.get $t (i32.const 100))))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i64(store, inst, "bump"), 6u);
  EXPECT_EQ(call_i64(store, inst, "bump"), 7u);
  EXPECT_EQ(call_i32(store, inst, "table"), 6u);
  EXPECT_EQ(invoke(store, inst, "oob").error().message, "out of bounds table access");
}

}  // namespace
}  // namespace akira::test

namespace akira::test {
namespace {

// Compares folded into br_if and if must agree with the plain compare, both ways round.
TEST(InterpExec, FoldedCompareBranches) {
  REQUIRE_WAT2WASM();
  const char* cmps[] = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u", "eqz"};
  std::string text = "(module\n";
  for (const char* t : {"i32", "i64"}) {
    for (const char* c : cmps) {
      std::string name = std::string(t) + "_" + c;
      bool unary = std::string(c) == "eqz";
      std::string expr = std::string("(") + t + "." + c + " (local.get 0)" + (unary ? "" : " (local.get 1)") + ")";
      std::string params = std::string("(param ") + t + " " + t + ") (result i32)";
      text += "(func (export \"v_" + name + "\") " + params + " " + expr + ")\n";
      text += "(func (export \"br_" + name + "\") " + params + " (block $x (br_if $x " + expr +
              ") (return (i32.const 0))) (i32.const 1))\n";
      text += "(func (export \"if_" + name + "\") " + params + " (if (result i32) " + expr +
              " (then (i32.const 1)) (else (i32.const 0))))\n";
      text += "(func (export \"loop_" + name + "\") " + params +
              " (local $n i32) (loop $l (local.set $n (i32.add (local.get $n) (i32.const 1)))"
              " (if (i32.lt_u (local.get $n) (i32.const 3)) (then (br_if $l " +
              expr +
              "))))"
              " (i32.ne (local.get $n) (i32.const 1)))\n";
    }
  }
  text += ")";
  Store store;
  Instance* inst = load(store, text);
  ASSERT_TRUE(inst);
  const uint64_t vals[] = {0,
                           1,
                           2,
                           0xFFFFFFFFull,
                           0x80000000ull,
                           0x7FFFFFFFull,
                           0xFFFFFFFFFFFFFFFFull,
                           0x8000000000000000ull,
                           0x100000000ull};
  for (const char* t : {"i32", "i64"}) {
    bool wide = std::string(t) == "i64";
    for (const char* c : cmps) {
      std::string name = std::string(t) + "_" + c;
      for (uint64_t a : vals) {
        for (uint64_t b : vals) {
          Value va = wide ? i64(a) : i32(static_cast<uint32_t>(a));
          Value vb = wide ? i64(b) : i32(static_cast<uint32_t>(b));
          uint32_t want = call_i32(store, inst, ("v_" + name).c_str(), {va, vb});
          EXPECT_EQ(call_i32(store, inst, ("br_" + name).c_str(), {va, vb}), want) << name << " " << a << " " << b;
          EXPECT_EQ(call_i32(store, inst, ("if_" + name).c_str(), {va, vb}), want) << name << " " << a << " " << b;
          EXPECT_EQ(call_i32(store, inst, ("loop_" + name).c_str(), {va, vb}), want) << name << " " << a << " " << b;
        }
      }
    }
  }
}

// Float compares fold too; with NaN, "not less" is not "greater or equal".
TEST(InterpExec, FoldedFloatCompareBranches) {
  REQUIRE_WAT2WASM();
  const char* cmps[] = {"eq", "ne", "lt", "gt", "le", "ge"};
  std::string text = "(module\n";
  for (const char* t : {"f32", "f64"}) {
    for (const char* c : cmps) {
      std::string name = std::string(t) + "_" + c;
      std::string expr = std::string("(") + t + "." + c + " (local.get 0) (local.get 1))";
      std::string params = std::string("(param ") + t + " " + t + ") (result i32)";
      text += "(func (export \"v_" + name + "\") " + params + " " + expr + ")\n";
      text += "(func (export \"br_" + name + "\") " + params + " (block $x (br_if $x " + expr +
              ") (return (i32.const 0))) (i32.const 1))\n";
      text += "(func (export \"if_" + name + "\") " + params + " (if (result i32) " + expr +
              " (then (i32.const 1)) (else (i32.const 0))))\n";
    }
  }
  text += ")";
  Store store;
  Instance* inst = load(store, text);
  ASSERT_TRUE(inst);
  const double vals[] = {
      0.0, -0.0, 1.5, -2.0, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()};
  for (const char* t : {"f32", "f64"}) {
    bool wide = std::string(t) == "f64";
    for (const char* c : cmps) {
      std::string name = std::string(t) + "_" + c;
      for (double a : vals) {
        for (double b : vals) {
          Value va = wide ? f64(a) : f32(static_cast<float>(a));
          Value vb = wide ? f64(b) : f32(static_cast<float>(b));
          uint32_t want = call_i32(store, inst, ("v_" + name).c_str(), {va, vb});
          EXPECT_EQ(call_i32(store, inst, ("br_" + name).c_str(), {va, vb}), want) << name << " " << a << " " << b;
          EXPECT_EQ(call_i32(store, inst, ("if_" + name).c_str(), {va, vb}), want) << name << " " << a << " " << b;
        }
      }
    }
  }
}

// Folding an i32.add into a memory access keeps the 32-bit wrap-around of the add.
TEST(InterpExec, FoldedAddressWraps) {
  REQUIRE_WAT2WASM();
  Store store;
  Instance* inst = load(store, R"((module
    (memory 1)
    (func (export "ld") (param i32 i32) (result i32) (i32.load offset=4 (i32.add (local.get 0) (local.get 1))))
    (func (export "st") (param i32 i32 i32) (i32.store offset=4 (i32.add (local.get 0) (local.get 1)) (local.get 2)))))");
  ASSERT_TRUE(inst);
  ASSERT_TRUE(invoke(store, inst, "st", {i32(0xFFFFFFF0u), i32(0x20), i32(1234)}).ok());  // address 0x10 + 4
  EXPECT_EQ(call_i32(store, inst, "ld", {i32(0x10), i32(0)}), 1234u);
  EXPECT_EQ(call_i32(store, inst, "ld", {i32(0x8), i32(0x8)}), 1234u);
  auto r = invoke(store, inst, "ld", {i32(0xFFFF), i32(0xFFFE)});
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(invoke(store, inst, "st", {i32(65532), i32(0), i32(1)}).ok());
}

}  // namespace
}  // namespace akira::test
