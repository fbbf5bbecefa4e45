// Native code on bounded linear memory (platform/memory.h: a plain allocation without
// guard pages, as on 32-bit hosts and devices): code compiled with bounds checks runs
// there, also across memory.grow (which may move the memory); code that relies on guard
// pages is refused instead of running unchecked.
#include <gtest/gtest.h>

#include "aot_compile.h"

namespace akira {
namespace {

const char* kModule = R"((module
  (memory (export "mem") 1 64)
  (func (export "put") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "get") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "sum") (param i32) (result i32)
    (local $i i32) (local $s i32)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get 0)))
      (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (local.get $s))
))";

StoreLimits bounded() {
  StoreLimits l;
  l.guard_pages = false;
  return l;
}

TEST(AotBoundedMemory, BoundsCheckedCodeRuns) {
  REQUIRE_AKIRAC();
  Store store(bounded());
  Linker linker;
  Instance* inst = test::load_aot(store, linker, kModule, "--bounds-checks=1");
  ASSERT_TRUE(inst);
  ASSERT_FALSE(inst->memories[0]->guarded);
  ASSERT_TRUE(test::invoke(store, inst, "put", {test::i32(100), test::i32(42)}).ok());
  // Grows several times: the allocation may move; compiled code follows it.
  for (int i = 0; i < 20; ++i) EXPECT_EQ(test::call_i32(store, inst, "grow", {test::i32(3)}), 1u + 3u * i);
  uint32_t end = 61u * 65536u;
  ASSERT_TRUE(test::invoke(store, inst, "put", {test::i32(end - 4), test::i32(5)}).ok());
  EXPECT_EQ(test::call_i32(store, inst, "get", {test::i32(100)}), 42u);
  EXPECT_EQ(test::call_i32(store, inst, "get", {test::i32(end - 4)}), 5u);
  EXPECT_EQ(test::call_i32(store, inst, "sum", {test::i32(end)}), 42u + 5u);
  for (uint32_t at : {end - 3, end, 0xfffffffcu}) {
    auto r = test::invoke(store, inst, "get", {test::i32(at)});
    ASSERT_FALSE(r.ok()) << at;
    EXPECT_EQ(r.error().message, "out of bounds memory access");
  }
  auto r = test::invoke(store, inst, "sum", {test::i32(end + 1)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "out of bounds memory access");
}

TEST(AotBoundedMemory, GuardPageCodeIsRefused) {
  REQUIRE_AKIRAC();
  auto bytes = test::aot_of(kModule, "--bounds-checks=0");
  if (sizeof(void*) == 4) {  // 32-bit targets have no guard region: akirac refuses to compile it
    EXPECT_TRUE(bytes.empty());
    return;
  }
  ASSERT_FALSE(bytes.empty());
  auto m = aot::load(bytes, "guard.aot");
  ASSERT_TRUE(m.ok()) << m.error().describe();  // this host has guard pages
  Store store(bounded());
  Linker linker;
  auto inst = linker.instantiate(store, m.value()->module, {}, *m.value());
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Unsupported);
  EXPECT_NE(inst.error().message.find("--bounds-checks=1"), std::string::npos) << inst.error().message;
  // The same code on guarded memory runs, and a guard-page access still traps.
  Store guarded;
  auto ok = linker.instantiate(guarded, m.value()->module, {}, *m.value());
  ASSERT_TRUE(ok.ok()) << ok.error().describe();
  auto r = test::invoke(guarded, *ok, "get", {test::i32(65536)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "out of bounds memory access");
}

}  // namespace
}  // namespace akira
