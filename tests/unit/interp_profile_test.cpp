// Interpreter: the optional per-function profile (calls, self and total time).
#include <map>

#include "interp_wat.h"

namespace akira::test {
namespace {

const char* kFib = R"((module
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $leaf (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func $outer (export "outer") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (call $leaf (local.get 0))))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1))
  (func $boom (export "boom") (call $leaf (i32.const 1)) drop unreachable)))";

std::map<std::string, FunctionProfile> by_name(const Instance& inst) {
  std::map<std::string, FunctionProfile> m;
  for (auto& p : interp::engine().profile(inst).funcs) m[p.name] = p;
  return m;
}

TEST(InterpProfile, OffByDefault) {
  REQUIRE_WAT2WASM();
  Store store;
  Instance* inst = load(store, kFib);
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i32(store, inst, "fib", {i32(10)}), 55u);
  EXPECT_TRUE(interp::engine().profile(*inst).funcs.empty());
}

TEST(InterpProfile, CountsCallsAndTime) {
  REQUIRE_WAT2WASM();
  Store store;
  interp::engine().set_profiling(store, true);
  Instance* inst = load(store, kFib);
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i32(store, inst, "fib", {i32(15)}), 610u);
  EXPECT_EQ(call_i32(store, inst, "outer", {i32(100)}), 15150u);
  auto m = by_name(*inst);
  EXPECT_EQ(m["fib"].calls, 1973u);  // calls of fib(15): 2*fib(16)-1
  EXPECT_EQ(m["outer"].calls, 1u);
  EXPECT_EQ(m["leaf"].calls, 100u);
  EXPECT_GE(m["outer"].total_ns, m["outer"].self_ns);
  EXPECT_GE(m["outer"].total_ns, m["leaf"].total_ns);
  EXPECT_GT(m["fib"].self_ns, 0u);
}

TEST(InterpProfile, TrapsCloseTheirFrames) {
  REQUIRE_WAT2WASM();
  Store store;
  interp::engine().set_profiling(store, true);
  Instance* inst = load(store, kFib);
  ASSERT_TRUE(inst);
  EXPECT_FALSE(invoke(store, inst, "boom", {}).ok());
  EXPECT_EQ(call_i32(store, inst, "outer", {i32(3)}), 18u);  // the profile state is sane afterwards
  auto m = by_name(*inst);
  EXPECT_EQ(m["boom"].calls, 1u);
  EXPECT_EQ(m["leaf"].calls, 4u);
  EXPECT_GT(m["boom"].total_ns, 0u);
}

}  // namespace
}  // namespace akira::test
