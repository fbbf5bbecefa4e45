// Interpreted and AOT instances in one store, importing from each other: functions both
// ways, a shared memory (grown by compiled code), a shared table with call_indirect
// across, a shared mutable global, and traps crossing the boundary with the frames of
// both kinds of code in the backtrace.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "aot_compile.h"

namespace akira {
namespace {

// Interpreted: owns the memory, table and global.
const char* kBase = R"((module
  (type $t (func (param i32) (result i32)))
  (memory (export "mem") 1 4)
  (table (export "tab") 4 funcref)
  (global (export "g") (mut i32) (i32.const 100))
  (func $sq (export "sq") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $die (export "die") (param i32) (result i32)
    (if (local.get 0) (then unreachable)) (i32.const 1))
  (func (export "call_slot") (param i32 i32) (result i32)
    (i32.add (call_indirect (type $t) (local.get 1) (local.get 0)) (i32.const 0)))
  (func (export "read") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "pages") (result i32) (memory.size))
  (elem (i32.const 0) $sq)
))";

// Compiled: imports all of it.
const char* kNative = R"((module
  (type $t (func (param i32) (result i32)))
  (import "base" "mem" (memory 1 4))
  (import "base" "tab" (table 4 funcref))
  (import "base" "g" (global $g (mut i32)))
  (import "base" "sq" (func $sq (param i32) (result i32)))
  (import "base" "die" (func $die (param i32) (result i32)))
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $aot_trap (param i32) (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
  (elem (i32.const 1) $inc $aot_trap)
  ;; sq(x) directly + table[0](x) (interpreted sq via call_indirect) + table[1](x) (own inc)
  (func (export "compute") (param i32) (result i32)
    (local $r i32)
    (local.set $r (i32.add (call $sq (local.get 0))
                    (i32.add (call_indirect (type $t) (local.get 0) (i32.const 0))
                             (call_indirect (type $t) (local.get 0) (i32.const 1)))))
    (i32.store (i32.const 8) (local.get $r))
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (local.get $r))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "store_high") (param i32) (i32.store (i32.const 70000) (local.get 0)))
  (func (export "boom") (param i32) (result i32)
    (i32.add (call $die (local.get 0)) (i32.const 1)))
  (func (export "g") (result i32) (global.get $g))
))";

// Interpreted again: imports the compiled exports.
const char* kTop = R"((module
  (import "native" "compute" (func $compute (param i32) (result i32)))
  (import "native" "boom" (func $boom (param i32) (result i32)))
  (func (export "go") (param i32) (result i32) (i32.add (call $compute (local.get 0)) (i32.const 1000)))
  (func $trap_through (export "trap_through") (param i32) (result i32)
    (i32.add (call $boom (local.get 0)) (i32.const 2)))
))";

TEST(AotMixed, ImportsBothWays) {
  REQUIRE_AKIRAC();
  Store store;
  Linker linker;
  Instance* base = test::load(store, linker, kBase);
  ASSERT_TRUE(base);
  linker.define_instance("base", *base);
  Instance* native = test::load_aot(store, linker, kNative);
  ASSERT_TRUE(native);
  linker.define_instance("native", *native);
  Instance* top = test::load(store, linker, kTop);
  ASSERT_TRUE(top);

  // Interpreter -> compiled code through the shared table (slot 1 = compiled $inc).
  EXPECT_EQ(test::call_i32(store, base, "call_slot", {test::i32(1), test::i32(41)}), 42u);
  // Compiled -> interpreter, directly and through call_indirect; memory and global shared.
  EXPECT_EQ(test::call_i32(store, native, "compute", {test::i32(5)}), 25u + 25u + 6u);
  EXPECT_EQ(test::call_i32(store, base, "read", {test::i32(8)}), 56u);
  EXPECT_EQ(base->globals[0]->value.i32, 101u);
  // Interpreter -> compiled -> interpreter.
  EXPECT_EQ(test::call_i32(store, top, "go", {test::i32(3)}), 9u + 9u + 4u + 1000u);
  EXPECT_EQ(test::call_i32(store, base, "read", {test::i32(8)}), 22u);
  EXPECT_EQ(test::call_i32(store, native, "g"), 102u);
  base->globals[0]->value = Value::from_i32(7);  // the host writes, compiled code reads
  EXPECT_EQ(test::call_i32(store, native, "g"), 7u);
  // Compiled code grows the shared memory; both sides see the new page.
  EXPECT_FALSE(test::invoke(store, native, "store_high", {test::i32(1)}).ok());
  EXPECT_EQ(test::call_i32(store, native, "grow"), 1u);
  EXPECT_EQ(test::call_i32(store, base, "pages"), 2u);
  ASSERT_TRUE(test::invoke(store, native, "store_high", {test::i32(0x1234)}).ok());
  EXPECT_EQ(test::call_i32(store, base, "read", {test::i32(70000)}), 0x1234u);
}

TEST(AotMixed, TrapsCrossTheBoundary) {
  REQUIRE_AKIRAC();
  Store store;
  Linker linker;
  Instance* base = test::load(store, linker, kBase);
  ASSERT_TRUE(base);
  linker.define_instance("base", *base);
  Instance* native = test::load_aot(store, linker, kNative, "--opt-level=0");
  ASSERT_TRUE(native);
  linker.define_instance("native", *native);
  Instance* top = test::load(store, linker, kTop);
  ASSERT_TRUE(top);

  // interpreted trap_through -> compiled boom -> interpreted die: unreachable.
  auto r = test::invoke(store, top, "trap_through", {test::i32(1)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "unreachable");
  std::vector<std::string> want = {"die", "boom", "trap_through"};
  EXPECT_EQ(r.error().backtrace, want);
  // interpreted call_slot -> compiled $aot_trap through the shared table.
  auto d = test::invoke(store, base, "call_slot", {test::i32(2), test::i32(0)});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().message, "integer divide by zero");
  ASSERT_GE(d.error().backtrace.size(), 2u);
  EXPECT_EQ(d.error().backtrace.front(), "aot_trap");
  EXPECT_EQ(d.error().backtrace.back(), "call_slot");
  // Both still work after the traps.
  EXPECT_EQ(test::call_i32(store, top, "trap_through", {test::i32(0)}), 4u);
  EXPECT_EQ(test::call_i32(store, native, "compute", {test::i32(2)}), 4u + 4u + 3u);
}

// Every interrupt stops a loop in compiled code, not just the first one on a thread
// (the signal that delivers it must not stay blocked after its handler unwinds).
TEST(AotMixed, RepeatedInterruptsStopLoops) {
  REQUIRE_AKIRAC();
  Store store;
  Linker linker;
  Instance* native = test::load_aot(store, linker, R"((module (func (export "spin") (loop (br 0)))))");
  ASSERT_TRUE(native);
  FuncInst* spin = native->export_func("spin");
  ASSERT_TRUE(spin);
  for (int round = 0; round < 3; ++round) {
    std::atomic<bool> done{false};
    std::thread stopper([&] {
      // Keep asking until the call returns; one request is enough unless it is lost.
      for (int i = 0; i < 200 && !done.load(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (i == 0 || i == 100) store.interrupt();
      }
      if (!done.load()) {  // the loop cannot be stopped any other way: fail, do not hang
        std::fprintf(stderr, "interrupt %d was lost\n", round);
        std::_Exit(1);
      }
    });
    auto r = store.invoke(spin, {});
    done = true;
    stopper.join();
    ASSERT_FALSE(r.ok()) << "round " << round;
    EXPECT_EQ(r.error().message, "interrupted") << "round " << round;
  }
}

}  // namespace
}  // namespace akira
