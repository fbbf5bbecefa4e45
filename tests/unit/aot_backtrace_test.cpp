// Traps in AOT code report the same backtrace as the interpreter: innermost first, names
// from the name section, for traps raised by the Trap helper, by other helpers, by
// guard-page faults and by stack exhaustion.
#include <gtest/gtest.h>

#include "aot_compile.h"

namespace akira {
namespace {

// Each export traps three calls deep: $outer -> $middle -> $inner_*. Calls are not in
// tail position, so the compiled code keeps every frame.
const char* kWat = R"((module
  (type $v (func (param i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $inner_unreachable)
  (func $inner_unreachable (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then unreachable))
    (i32.mul (local.get 0) (i32.const 3)))
  (func $inner_div (param i32) (result i32)
    (i32.add (i32.div_u (i32.const 100) (local.get 0)) (local.get 0)))
  (func $inner_load (param i32) (result i32)
    (i32.add (i32.load (i32.add (local.get 0) (i32.const 0x7fff0000))) (local.get 0)))
  (func $inner_fill (param i32) (result i32)
    (memory.fill (i32.const 65530) (local.get 0) (i32.add (local.get 0) (i32.const 100)))
    (i32.add (local.get 0) (i32.const 7)))
  (func $inner_indirect (param i32) (result i32)
    (i32.add (call_indirect (type $v) (local.get 0) (local.get 0)) (local.get 0)))
  (func $recurse (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func $middle (param i32 i32) (result i32)
    (local $r i32)
    (if (i32.eq (local.get 1) (i32.const 0)) (then (local.set $r (call $inner_unreachable (local.get 0)))))
    (if (i32.eq (local.get 1) (i32.const 1)) (then (local.set $r (call $inner_div (local.get 0)))))
    (if (i32.eq (local.get 1) (i32.const 2)) (then (local.set $r (call $inner_load (local.get 0)))))
    (if (i32.eq (local.get 1) (i32.const 3)) (then (local.set $r (call $inner_fill (local.get 0)))))
    (if (i32.eq (local.get 1) (i32.const 4)) (then (local.set $r (call $inner_indirect (local.get 0)))))
    (i32.xor (local.get $r) (local.get 1)))
  (func $outer (param i32 i32) (result i32)
    (i32.sub (call $middle (local.get 0) (local.get 1)) (i32.const 5)))
  (func (export "run") (param i32 i32) (result i32)
    (i32.mul (call $outer (local.get 0) (local.get 1)) (i32.const 2)))
  (func (export "deep") (param i32) (result i32) (call $recurse (local.get 0)))
))";

struct Both {
  Store interp_store, aot_store;
  Instance* interp = nullptr;
  Instance* native = nullptr;
  explicit Both(const std::string& flags = "") {
    interp = test::load(interp_store, kWat);
    Linker linker;
    native = test::load_aot(aot_store, linker, kWat, flags);
  }
};

// `got` lists a subsequence of `want`'s frames (those LLVM did not inline away) with the
// same innermost and outermost function.
bool frames_of(const std::vector<std::string>& got, const std::vector<std::string>& want) {
  size_t j = 0;
  for (const auto& g : got) {
    while (j < want.size() && want[j] != g) ++j;
    if (j == want.size()) return false;
    ++j;
  }
  return !got.empty() && got.back() == want.back();
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + " ";
  return s;
}

// Unoptimised code (no inlining): exactly the interpreter's frames. Optimised code: the
// frames LLVM kept, in order (functions inlined into their callers have no frame).
class AotBacktrace : public testing::TestWithParam<int> {};

TEST_P(AotBacktrace, SameAsInterpreter) {
  REQUIRE_AKIRAC();
  const bool exact = GetParam() == 0;
  Both b("--opt-level=" + std::to_string(GetParam()));
  ASSERT_TRUE(b.interp && b.native);
  struct Case {
    uint32_t arg, kind;
    const char* message;
    const char* inner;
  } cases[] = {
      {0, 0, "unreachable", "inner_unreachable"},          {0, 1, "integer divide by zero", "inner_div"},
      {1, 2, "out of bounds memory access", "inner_load"}, {1, 3, "out of bounds memory access", "inner_fill"},
      {5, 4, "undefined element", "inner_indirect"},
  };
  for (const Case& c : cases) {
    auto ri = test::invoke(b.interp_store, b.interp, "run", {test::i32(c.arg), test::i32(c.kind)});
    auto ra = test::invoke(b.aot_store, b.native, "run", {test::i32(c.arg), test::i32(c.kind)});
    ASSERT_FALSE(ri.ok()) << c.inner;
    ASSERT_FALSE(ra.ok()) << c.inner;
    EXPECT_EQ(ri.error().message, ra.error().message);
    EXPECT_NE(ra.error().message.find(c.message), std::string::npos) << ra.error().message;
    std::vector<std::string> want = {c.inner, "middle", "outer", "run"};
    EXPECT_EQ(ri.error().backtrace, want) << "interpreter: " << joined(ri.error().backtrace);
    if (exact)
      EXPECT_EQ(ra.error().backtrace, want) << c.inner << ": aot: " << joined(ra.error().backtrace);
    else
      EXPECT_TRUE(frames_of(ra.error().backtrace, want)) << c.inner << ": aot: " << joined(ra.error().backtrace);
  }
  // A trap through call_indirect into a function of the same instance: its frame too.
  auto ra = test::invoke(b.aot_store, b.native, "run", {test::i32(0), test::i32(4)});
  ASSERT_FALSE(ra.ok());
  std::vector<std::string> want = {"inner_unreachable", "inner_indirect", "middle", "outer", "run"};
  if (exact)
    EXPECT_EQ(ra.error().backtrace, want) << joined(ra.error().backtrace);
  else
    EXPECT_TRUE(frames_of(ra.error().backtrace, want)) << joined(ra.error().backtrace);
  // Calls that do not trap still work after traps.
  auto ok = test::invoke(b.aot_store, b.native, "run", {test::i32(2), test::i32(0)});
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok.value()[0].i32, ((6u ^ 0u) - 5u) * 2u);
}

INSTANTIATE_TEST_SUITE_P(OptLevel, AotBacktrace, testing::Values(0, 3),
                         [](const testing::TestParamInfo<int>& i) { return "O" + std::to_string(i.param); });

TEST(AotBacktraceDeep, StackExhaustion) {
  REQUIRE_AKIRAC();
  Both b;
  ASSERT_TRUE(b.native);
  auto ra = test::invoke(b.aot_store, b.native, "deep", {test::i32(0)});
  ASSERT_FALSE(ra.ok());
  EXPECT_EQ(ra.error().kind, ErrorKind::Exhaustion);
  const auto& bt = ra.error().backtrace;
  ASSERT_GE(bt.size(), 100u);
  EXPECT_EQ(bt.front(), "recurse");
  EXPECT_EQ(bt.back(), "deep");
  EXPECT_EQ(bt[bt.size() - 2], "recurse");
}

}  // namespace
}  // namespace akira
