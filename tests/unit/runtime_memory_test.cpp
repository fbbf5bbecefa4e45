// Linear-memory backing: the guarded reservation (64-bit hosts) and the bounded
// allocation (32-bit hosts, devices, StoreLimits::guard_pages off), through the runtime
// and the interpreter.
#include <gtest/gtest.h>

#include "interp_wat.h"
#include "platform/memory.h"

namespace akira {
namespace {

StoreLimits bounded() {
  StoreLimits l;
  l.guard_pages = false;
  return l;
}

TEST(RuntimeMemory, GuardedWherePossible) {
  Store store;
  auto m = store.new_memory(MemoryType{Limits{1, 4}});
  ASSERT_TRUE(m.ok());
  EXPECT_EQ((*m)->guarded, platform::has_guard_pages());
  if ((*m)->guarded) {
    EXPECT_EQ((*m)->reserved, platform::kGuardedReservation);
    uint8_t* base = (*m)->data;
    EXPECT_EQ((*m)->grow(2), 1);
    EXPECT_EQ((*m)->data, base);  // a reservation never moves
  }
}

TEST(RuntimeMemory, BoundedGrowsZeroedAndKeepsContents) {
  Store store(bounded());
  auto r = store.new_memory(MemoryType{Limits{1, 3}});
  ASSERT_TRUE(r.ok());
  MemoryInst* m = *r;
  EXPECT_FALSE(m->guarded);
  EXPECT_EQ(m->reserved, 0u);
  ASSERT_EQ(m->size, kPageSize);
  for (uint64_t i = 0; i < m->size; ++i) ASSERT_EQ(m->data[i], 0);
  m->data[0] = 7;
  m->data[kPageSize - 1] = 9;
  EXPECT_EQ(m->grow(2), 1);
  ASSERT_EQ(m->size, 3 * kPageSize);
  EXPECT_EQ(m->data[0], 7);
  EXPECT_EQ(m->data[kPageSize - 1], 9);
  for (uint64_t i = kPageSize; i < m->size; ++i) ASSERT_EQ(m->data[i], 0);
  EXPECT_EQ(m->grow(1), -1);  // beyond the max
  EXPECT_EQ(m->size, 3 * kPageSize);
  EXPECT_EQ(m->grow(0), 3);
  EXPECT_EQ(m->fill(3 * kPageSize - 1, 1, 2), TrapCode::MemoryOutOfBounds);
}

TEST(RuntimeMemory, BoundedEmptyMemory) {
  Store store(bounded());
  auto r = store.new_memory(MemoryType{Limits{0, std::nullopt}});
  ASSERT_TRUE(r.ok());
  MemoryInst* m = *r;
  EXPECT_EQ(m->size, 0u);
  EXPECT_EQ(m->fill(0, 1, 0), TrapCode::None);
  EXPECT_EQ(m->fill(0, 1, 1), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(m->grow(1), 0);
  EXPECT_EQ(m->data[kPageSize - 1], 0);
}

TEST(RuntimeMemory, InterpreterRunsOnBoundedMemory) {
  REQUIRE_WAT2WASM();
  Store store(bounded());
  Linker linker;
  Instance* inst = test::load(store, linker, R"((module
    (memory (export "mem") 1 8)
    (func (export "put") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
    (func (export "get") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  ))");
  ASSERT_TRUE(inst);
  ASSERT_FALSE(inst->memories[0]->guarded);
  auto call = [&](const char* name, std::vector<Value> args) { return store.invoke(inst->export_func(name), args); };
  ASSERT_TRUE(call("put", {Value::from_i32(100), Value::from_i32(42)}).ok());
  auto g = call("grow", {Value::from_i32(5)});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ((*g)[0].i32, 1u);
  ASSERT_TRUE(call("put", {Value::from_i32(6 * 65536 - 4), Value::from_i32(5)}).ok());
  auto v = call("get", {Value::from_i32(100)});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ((*v)[0].i32, 42u);
  v = call("get", {Value::from_i32(6 * 65536 - 4)});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ((*v)[0].i32, 5u);
  auto oob = call("get", {Value::from_i32(6 * 65536 - 3)});
  ASSERT_FALSE(oob.ok());
  EXPECT_EQ(oob.error().kind, ErrorKind::Trap);
  EXPECT_NE(oob.error().message.find("out of bounds memory access"), std::string::npos) << oob.error().message;
}

}  // namespace
}  // namespace akira
