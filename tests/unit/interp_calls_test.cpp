// Interpreter: calls, recursion limits, call_indirect, host functions and reentrancy.
#include <thread>

#include "interp_wat.h"

namespace akira::test {
namespace {

TEST(InterpCalls, RecursiveFactorial) {
  REQUIRE_WAT2WASM();
  Store store;
  Instance* inst = load(store, R"((module
    (func $fac (export "fac") (param i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0))
        (then (i64.const 1))
        (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
    (func $even (export "even") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
        (else (call $odd (i32.sub (local.get 0) (i32.const 1))))))
    (func $odd (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (call $even (i32.sub (local.get 0) (i32.const 1))))))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i64(store, inst, "fac", {i64(20)}), 2432902008176640000ull);
  EXPECT_EQ(call_i32(store, inst, "even", {i32(10000)}), 1u);
  EXPECT_EQ(call_i32(store, inst, "even", {i32(9999)}), 0u);
}

TEST(InterpCalls, DeepRecursionIsExhaustionNotACrash) {
  REQUIRE_WAT2WASM();
  StoreLimits limits;
  limits.max_call_depth = 1000;
  Store store(limits);
  Instance* inst = load(store, R"((module
    (func $down (export "down") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))))
    (func $forever (export "forever") (call $forever))
    (func $big (export "big") (param i64) (local v128 v128 v128 v128 v128 v128 v128 v128)
      (call $big (local.get 0)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i32(store, inst, "down", {i32(900)}), 900u);
  auto r = invoke(store, inst, "down", {i32(5000)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Exhaustion);
  EXPECT_EQ(r.error().message, "call stack exhausted");
  EXPECT_FALSE(r.error().backtrace.empty());
  EXPECT_EQ(invoke(store, inst, "forever").error().kind, ErrorKind::Exhaustion);
  EXPECT_EQ(call_i32(store, inst, "down", {i32(900)}), 900u);

  // The value stack runs out before the depth limit.
  StoreLimits small;
  small.value_stack_bytes = 64 * 1024;
  Store store2(small);
  Instance* inst2 = load(store2, R"((module
    (func $big (export "big") (param i64) (local v128 v128 v128 v128 v128 v128 v128 v128)
      (call $big (local.get 0)))))");
  ASSERT_TRUE(inst2);
  EXPECT_EQ(invoke(store2, inst2, "big", {i64(1)}).error().kind, ErrorKind::Exhaustion);
}

TEST(InterpCalls, CallIndirect) {
  REQUIRE_WAT2WASM();
  Store store;
  Instance* inst = load(store, R"((module
    (type $ii (func (param i32) (result i32)))
    (type $v (func))
    (table 4 funcref)
    (elem (i32.const 0) $double $square $nothing)
    (func $double (type $ii) (i32.shl (local.get 0) (i32.const 1)))
    (func $square (type $ii) (i32.mul (local.get 0) (local.get 0)))
    (func $nothing (type $v))
    (func (export "apply") (param i32 i32) (result i32)
      (call_indirect (type $ii) (local.get 1) (local.get 0)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i32(store, inst, "apply", {i32(0), i32(21)}), 42u);
  EXPECT_EQ(call_i32(store, inst, "apply", {i32(1), i32(9)}), 81u);
  EXPECT_EQ(invoke(store, inst, "apply", {i32(2), i32(1)}).error().message, "indirect call type mismatch");
  EXPECT_EQ(invoke(store, inst, "apply", {i32(3), i32(1)}).error().message, "uninitialized element");
  EXPECT_EQ(invoke(store, inst, "apply", {i32(4), i32(1)}).error().message, "undefined element");
}

TEST(InterpCalls, HostFunctions) {
  REQUIRE_WAT2WASM();
  Store store;
  Linker linker;
  std::vector<uint32_t> seen;
  FuncType t{{ValType::I32, ValType::I64}, {ValType::I64}};
  linker.define("env", "mix",
                {ExternKind::Func, store.new_host_func(
                                       t,
                                       [&](HostCall& hc, const Value* a, Value* r) -> Status {
                                         seen.push_back(a[0].i32);
                                         EXPECT_NE(hc.memory, nullptr);
                                         hc.memory->data[0] = 42;
                                         r[0].i64 = a[1].i64 * 10 + a[0].i32;
                                         return {};
                                       },
                                       "env.mix")});
  FuncType fail_t{{}, {}};
  linker.define("env", "fail",
                {ExternKind::Func, store.new_host_func(
                                       fail_t,
                                       [](HostCall&, const Value*, Value*) -> Status {
                                         return make_error(ErrorKind::Trap, "host says no");
                                       },
                                       "env.fail")});
  Instance* inst = load(store, linker, R"((module
    (import "env" "mix" (func $mix (param i32 i64) (result i64)))
    (import "env" "fail" (func $fail))
    (memory 1)
    (func (export "run") (result i64)
      (i64.add (call $mix (i32.const 3) (i64.const 4)) (i64.load8_u (i32.const 0))))
    (func $deep (export "deep") (param i32)
      (if (local.get 0) (then (call $deep (i32.sub (local.get 0) (i32.const 1))))
        (else (call $fail))))
    (func (export "indirect") (result i64)
      (table.set $t (i32.const 0) (ref.func $mix))
      (call_indirect $t (param i32 i64) (result i64) (i32.const 1) (i64.const 2) (i32.const 0)))
    (table $t 1 funcref)
    (elem declare func $mix)))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i64(store, inst, "run"), 43u + 42u);
  EXPECT_EQ(call_i64(store, inst, "indirect"), 21u);
  EXPECT_EQ(seen, (std::vector<uint32_t>{3, 1}));
  auto r = invoke(store, inst, "deep", {i32(3)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "host says no");
  EXPECT_EQ(r.error().backtrace.size(), 4u);
  EXPECT_EQ(call_i64(store, inst, "run"), 85u);
}

// A host function calling back into wasm nests on the same stacks.
TEST(InterpCalls, Reentrancy) {
  REQUIRE_WAT2WASM();
  Store store;
  Linker linker;
  Instance* inst = nullptr;
  FuncType t{{ValType::I32}, {ValType::I32}};
  linker.define("env", "back",
                {ExternKind::Func, store.new_host_func(
                                       t,
                                       [&](HostCall& hc, const Value* a, Value* r) -> Status {
                                         FuncInst* f = inst->export_func("f");
                                         auto res = hc.store.invoke(f, {Value::from_i32(a[0].i32)});
                                         if (!res.ok()) return res.error();
                                         r[0] = (*res)[0];
                                         return {};
                                       },
                                       "env.back")});
  inst = load(store, linker, R"((module
    (import "env" "back" (func $back (param i32) (result i32)))
    (func (export "f") (param i32) (result i32) (local i64 i64 i64)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (local.get 0) (call $back (i32.sub (local.get 0) (i32.const 1)))))))
    (func (export "trap_inside") (param i32) (result i32)
      (i32.add (i32.const 1) (call $back (local.get 0))))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i32(store, inst, "f", {i32(100)}), 5050u);
  EXPECT_EQ(call_i32(store, inst, "f", {i32(3)}), 6u);
}

TEST(InterpCalls, Interrupt) {
  REQUIRE_WAT2WASM();
  Store store;
  Instance* inst = load(store, R"((module
    (func (export "spin") (loop $l (br $l)))
    (func (export "ok") (result i32) (i32.const 1))))");
  ASSERT_TRUE(inst);
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    store.interrupt();
  });
  auto r = invoke(store, inst, "spin");
  stopper.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "interrupted");
  EXPECT_EQ(call_i32(store, inst, "ok"), 1u);
}

TEST(InterpCalls, CrossInstanceCallsUseTheCalleeMemory) {
  REQUIRE_WAT2WASM();
  Store store;
  Linker linker;
  Instance* a = load(store, linker, R"((module
    (memory 1)
    (data (i32.const 0) "\2a")
    (func (export "peek") (result i32) (i32.load8_u (i32.const 0)))
    (func (export "grow") (result i32) (memory.grow (i32.const 1)))))");
  ASSERT_TRUE(a);
  linker.define_instance("a", *a);
  Instance* b = load(store, linker, R"((module
    (import "a" "peek" (func $peek (result i32)))
    (memory 1)
    (data (i32.const 0) "\07")
    (func (export "both") (result i32)
      (i32.add (call $peek) (i32.load8_u (i32.const 0))))))");
  ASSERT_TRUE(b);
  EXPECT_EQ(call_i32(store, b, "both"), 49u);
}

}  // namespace
}  // namespace akira::test

namespace akira::test {
namespace {

// Unbounded wasm -> host -> wasm recursion ends in exhaustion, not a native stack overflow.
TEST(InterpCalls, UnboundedReentryIsExhaustion) {
  REQUIRE_WAT2WASM();
  Store store;
  Linker linker;
  Instance* inst = nullptr;
  FuncType t{{}, {}};
  linker.define("env", "again",
                {ExternKind::Func, store.new_host_func(
                                       t,
                                       [&](HostCall& hc, const Value*, Value*) -> Status {
                                         auto res = hc.store.invoke(inst->export_func("f"), {});
                                         if (!res.ok()) return res.error();
                                         return {};
                                       },
                                       "env.again")});
  inst = load(store, linker, R"((module
    (import "env" "again" (func $again))
    (func (export "f") (call $again))))");
  ASSERT_TRUE(inst);
  auto r = invoke(store, inst, "f");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Exhaustion);
  EXPECT_EQ(r.error().message, "call stack exhausted");
}

}  // namespace
}  // namespace akira::test
