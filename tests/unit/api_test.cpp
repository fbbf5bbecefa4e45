// The C embedding API end to end: host import, results, traps and bad input.
#include <gtest/gtest.h>

#include <cstring>

#include "akira/akira.h"

namespace {

// (module
//   (import "env" "add1" (func $add1 (param i32) (result i32)))
//   (memory (export "memory") 1)
//   (func (export "f") (param i32) (result i32) (call $add1 (local.get 0)))
//   (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
//   (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1))))
const uint8_t kModule[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x11, 0x03, 0x60, 0x01, 0x7f, 0x01,
    0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x02, 0x0c, 0x01,
    0x03, 0x65, 0x6e, 0x76, 0x04, 0x61, 0x64, 0x64, 0x31, 0x00, 0x00, 0x03, 0x04, 0x03, 0x00,
    0x01, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x1c, 0x04, 0x06, 0x6d, 0x65, 0x6d, 0x6f,
    0x72, 0x79, 0x02, 0x00, 0x01, 0x66, 0x00, 0x01, 0x03, 0x64, 0x69, 0x76, 0x00, 0x02, 0x05,
    0x73, 0x74, 0x6f, 0x72, 0x65, 0x00, 0x03, 0x0a, 0x1a, 0x03, 0x06, 0x00, 0x20, 0x00, 0x10,
    0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6d, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x20,
    0x01, 0x36, 0x02, 0x00, 0x0b};

int add1(void* user, uint8_t*, uint64_t, const akira_value* args, akira_value* results,
         akira_error* err) {
  ++*static_cast<int*>(user);
  if (args[0].i32 == 13) {
    err->kind = AKIRA_TRAP;
    std::snprintf(err->message, sizeof err->message, "unlucky");
    return -1;
  }
  results[0].i32 = args[0].i32 + 1;
  return 0;
}

struct Api : ::testing::Test {
  akira_engine* engine = akira_engine_new(nullptr);
  akira_error err{};
  int calls = 0;
  akira_module* module = nullptr;
  akira_instance* inst = nullptr;
  void SetUp() override {
    module = akira_module_new(engine, kModule, sizeof kModule, &err);
    ASSERT_NE(module, nullptr) << err.message;
    ASSERT_EQ(akira_define_func(engine, "env", "add1", "i>i", add1, &calls, &err), 0);
    inst = akira_instantiate(engine, module, "m", &err);
    ASSERT_NE(inst, nullptr) << err.message;
  }
  void TearDown() override {
    akira_module_delete(module);
    akira_engine_delete(engine);
  }
};

TEST_F(Api, CallsThroughHostImport) {
  akira_value arg{}, res{};
  arg.i32 = 41;
  ASSERT_EQ(akira_invoke(engine, inst, "f", &arg, 1, &res, 1, &err), 0) << err.message;
  EXPECT_EQ(res.i32, 42u);
  EXPECT_EQ(calls, 1);
}

TEST_F(Api, HostTrapPropagates) {
  akira_value arg{}, res{};
  arg.i32 = 13;
  EXPECT_EQ(akira_invoke(engine, inst, "f", &arg, 1, &res, 1, &err), -1);
  EXPECT_EQ(err.kind, AKIRA_TRAP);
  EXPECT_STREQ(err.message, "unlucky");
}

TEST_F(Api, WasmTrapIsAnError) {
  akira_value args[2]{}, res{};
  args[0].i32 = 7;
  EXPECT_EQ(akira_invoke(engine, inst, "div", args, 2, &res, 1, &err), -1);
  EXPECT_EQ(err.kind, AKIRA_TRAP);
  EXPECT_STREQ(err.message, "integer divide by zero");
}

TEST_F(Api, MemoryIsVisible) {
  akira_value args[2]{};
  args[0].i32 = 16;
  args[1].i32 = 0x01020304;
  ASSERT_EQ(akira_invoke(engine, inst, "store", args, 2, nullptr, 0, &err), 0) << err.message;
  uint64_t size = 0;
  uint8_t* mem = akira_instance_memory(inst, &size);
  ASSERT_NE(mem, nullptr);
  EXPECT_EQ(size, 65536u);
  EXPECT_EQ(mem[16], 0x04);
  EXPECT_EQ(mem[19], 0x01);
  args[0].i32 = 65534;  // straddles the end
  EXPECT_EQ(akira_invoke(engine, inst, "store", args, 2, nullptr, 0, &err), -1);
  EXPECT_STREQ(err.message, "out of bounds memory access");
}

TEST_F(Api, UnknownExportAndArity) {
  akira_value res{};
  EXPECT_EQ(akira_invoke(engine, inst, "nope", nullptr, 0, &res, 1, &err), -1);
  EXPECT_EQ(akira_invoke(engine, inst, "f", nullptr, 0, &res, 1, &err), -1);
}

TEST(ApiInput, MalformedAndTruncated) {
  akira_engine* engine = akira_engine_new(nullptr);
  akira_error err{};
  const uint8_t bad_magic[] = {0x00, 0x61, 0x73, 0x00, 0x01, 0, 0, 0};
  EXPECT_EQ(akira_module_new(engine, bad_magic, sizeof bad_magic, &err), nullptr);
  EXPECT_EQ(err.kind, AKIRA_MALFORMED);
  // A cut inside the header or inside the last (code) section is malformed; a cut at a
  // section boundary would be a smaller valid module.
  const size_t code_section = 82;
  ASSERT_EQ(kModule[code_section], 0x0a);
  for (size_t n = 1; n < sizeof kModule; ++n) {
    if (n >= 8 && n <= code_section) continue;
    akira_module* m = akira_module_new(engine, kModule, n, &err);
    EXPECT_EQ(m, nullptr) << "truncated at " << n;
    EXPECT_EQ(err.kind, AKIRA_MALFORMED) << "truncated at " << n;
    akira_module_delete(m);
  }
  akira_engine_delete(engine);
}

TEST(ApiInput, UnlinkableWithoutImport) {
  akira_engine* engine = akira_engine_new(nullptr);
  akira_error err{};
  akira_module* m = akira_module_new(engine, kModule, sizeof kModule, &err);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(akira_instantiate(engine, m, nullptr, &err), nullptr);
  EXPECT_EQ(err.kind, AKIRA_UNLINKABLE);
  akira_module_delete(m);
  akira_engine_delete(engine);
}

}  // namespace
