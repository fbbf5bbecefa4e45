// The C API from C++: <wasm.h> and <akira/akira.h> compile as C++, and the embedding
// basics hold end to end (host import, results, traps, memory, bad input, linking).
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include <akira/akira.h>
#include <wasm.h>

namespace {

// (module
//   (import "env" "add1" (func $add1 (param i32) (result i32)))
//   (memory (export "memory") 1)
//   (func (export "f") (param i32) (result i32) (call $add1 (local.get 0)))
//   (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
//   (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1))))
const uint8_t kModule[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x11, 0x03, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f,
    0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x02, 0x0c, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x04, 0x61, 0x64, 0x64,
    0x31, 0x00, 0x00, 0x03, 0x04, 0x03, 0x00, 0x01, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x1c, 0x04, 0x06, 0x6d,
    0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x01, 0x66, 0x00, 0x01, 0x03, 0x64, 0x69, 0x76, 0x00, 0x02, 0x05, 0x73,
    0x74, 0x6f, 0x72, 0x65, 0x00, 0x03, 0x0a, 0x1a, 0x03, 0x06, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0b, 0x07, 0x00, 0x20,
    0x00, 0x20, 0x01, 0x6d, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x00, 0x0b};

wasm_byte_vec_t bytes_of(const uint8_t* p, size_t n) {
  wasm_byte_vec_t v;
  wasm_byte_vec_new(&v, n, reinterpret_cast<const wasm_byte_t*>(p));
  return v;
}

std::string message_of(const wasm_trap_t* t) {
  wasm_message_t m;
  wasm_trap_message(t, &m);
  std::string s(m.data, m.size ? m.size - 1 : 0);
  wasm_byte_vec_delete(&m);
  return s;
}

wasm_trap_t* add1(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  ++*static_cast<int*>(env);
  if (args->data[0].of.i32 == 13) {
    wasm_message_t m;
    wasm_name_new_from_string_nt(&m, "unlucky");
    wasm_trap_t* t = wasm_trap_new(nullptr, &m);
    wasm_byte_vec_delete(&m);
    return t;
  }
  wasm_val_t r = WASM_I32_VAL(args->data[0].of.i32 + 1);
  results->data[0] = r;
  return nullptr;
}

struct Api : ::testing::Test {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  int calls = 0;
  wasm_module_t* module = nullptr;
  wasm_func_t* host = nullptr;
  wasm_instance_t* inst = nullptr;
  wasm_extern_vec_t exports{0, nullptr};

  void SetUp() override {
    wasm_byte_vec_t b = bytes_of(kModule, sizeof kModule);
    module = wasm_module_new(store, &b);
    wasm_byte_vec_delete(&b);
    ASSERT_NE(module, nullptr);
    wasm_functype_t* t = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    host = wasm_func_new_with_env(store, t, add1, &calls, nullptr);
    wasm_functype_delete(t);
    wasm_extern_t* imp[] = {wasm_func_as_extern(host)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imp);
    wasm_trap_t* trap = nullptr;
    inst = wasm_instance_new(store, module, &imports, &trap);
    ASSERT_NE(inst, nullptr) << (trap ? message_of(trap) : "");
    wasm_instance_exports(inst, &exports);
    ASSERT_EQ(exports.size, 4u);
  }
  void TearDown() override {
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(inst);
    wasm_func_delete(host);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
  }
  wasm_func_t* func(size_t i) { return wasm_extern_as_func(exports.data[i]); }
  // Calls export i; returns the trap message ("" on success).
  std::string call(size_t i, std::vector<wasm_val_t> args, std::vector<wasm_val_t>& results) {
    wasm_val_vec_t a{args.size(), args.data()}, r{results.size(), results.data()};
    wasm_trap_t* t = wasm_func_call(func(i), &a, &r);
    if (!t) return "";
    std::string m = message_of(t);
    wasm_trap_delete(t);
    return m;
  }
};

TEST_F(Api, CallsThroughHostImport) {
  std::vector<wasm_val_t> res(1);
  wasm_val_t a = WASM_I32_VAL(41);
  EXPECT_EQ(call(1, {a}, res), "");
  EXPECT_EQ(res[0].kind, WASM_I32);
  EXPECT_EQ(res[0].of.i32, 42);
  EXPECT_EQ(calls, 1);
}

TEST_F(Api, HostTrapPropagates) {
  std::vector<wasm_val_t> res(1);
  wasm_val_t a = WASM_I32_VAL(13);
  EXPECT_EQ(call(1, {a}, res), "unlucky");
  EXPECT_EQ(calls, 1);
}

TEST_F(Api, WasmTrapIsATrap) {
  std::vector<wasm_val_t> res(1);
  wasm_val_t a = WASM_I32_VAL(7), b = WASM_I32_VAL(0);
  wasm_val_vec_t args_v{2, nullptr}, res_v{1, res.data()};
  wasm_val_t args[] = {a, b};
  args_v.data = args;
  wasm_trap_t* t = wasm_func_call(func(2), &args_v, &res_v);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(message_of(t), "integer divide by zero");
  EXPECT_EQ(akira_trap_code(t), AKIRA_TRAP_CODE_INT_DIV_BY_ZERO);
  wasm_trap_delete(t);
}

TEST_F(Api, MemoryIsVisible) {
  std::vector<wasm_val_t> none;
  wasm_val_t a = WASM_I32_VAL(16), v = WASM_I32_VAL(0x01020304);
  EXPECT_EQ(call(3, {a, v}, none), "");
  wasm_memory_t* mem = wasm_extern_as_memory(exports.data[0]);
  ASSERT_NE(mem, nullptr);
  EXPECT_EQ(wasm_memory_data_size(mem), 65536u);
  EXPECT_EQ(wasm_memory_data(mem)[16], 0x04);
  EXPECT_EQ(wasm_memory_data(mem)[19], 0x01);
  wasm_val_t edge = WASM_I32_VAL(65534);  // straddles the end
  EXPECT_EQ(call(3, {edge, v}, none), "out of bounds memory access");
}

TEST_F(Api, WrongArityIsATrapNotACrash) {
  // Arguments of the wrong number or type: refused before anything runs.
  std::vector<wasm_val_t> res(1);
  EXPECT_NE(call(1, {}, res), "");
  wasm_val_t wrong = WASM_F64_VAL(1.0);
  EXPECT_NE(call(1, {wrong}, res), "");
  EXPECT_EQ(calls, 0);
  // No room for the results: the call runs (a call that traps reports its own trap, which
  // programs written for V8 rely on), then the results that do not fit are an error trap.
  std::vector<wasm_val_t> too_few;
  wasm_val_t a = WASM_I32_VAL(1);
  EXPECT_NE(call(1, {a}, too_few), "");
  EXPECT_EQ(calls, 1);
}

TEST(ApiInput, MalformedAndTruncated) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  const uint8_t bad_magic[] = {0x00, 0x61, 0x73, 0x00, 0x01, 0, 0, 0};
  wasm_byte_vec_t b = bytes_of(bad_magic, sizeof bad_magic);
  wasm_module_t* m = nullptr;
  akira_error_t* err = akira_module_new(store, &b, &m);
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(akira_error_kind(err), AKIRA_ERROR_MALFORMED);
  EXPECT_EQ(m, nullptr);
  akira_error_delete(err);
  wasm_byte_vec_delete(&b);
  // A cut inside the header or inside the last (code) section is malformed; a cut at a
  // section boundary would be a smaller valid module.
  const size_t code_section = 82;
  ASSERT_EQ(kModule[code_section], 0x0a);
  for (size_t n = 1; n < sizeof kModule; ++n) {
    if (n >= 8 && n <= code_section) continue;
    b = bytes_of(kModule, n);
    EXPECT_FALSE(wasm_module_validate(store, &b)) << "truncated at " << n;
    err = akira_module_new(store, &b, &m);
    EXPECT_NE(err, nullptr) << "truncated at " << n;
    if (err) {
      EXPECT_EQ(akira_error_kind(err), AKIRA_ERROR_MALFORMED) << "truncated at " << n;
      akira_error_delete(err);
    }
    wasm_byte_vec_delete(&b);
  }
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

TEST(ApiInput, UnlinkableWithoutImport) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t b = bytes_of(kModule, sizeof kModule);
  wasm_module_t* m = wasm_module_new(store, &b);
  wasm_byte_vec_delete(&b);
  ASSERT_NE(m, nullptr);
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(wasm_instance_new(store, m, &none, &trap), nullptr);
  ASSERT_NE(trap, nullptr);
  EXPECT_EQ(akira_trap_code(trap), AKIRA_TRAP_CODE_ERROR);
  wasm_trap_delete(trap);
  // An import of the wrong type.
  wasm_functype_t* t = wasm_functype_new_0_0();
  wasm_func_t* f = wasm_func_new_with_env(store, t, add1, nullptr, nullptr);
  wasm_functype_delete(t);
  wasm_extern_t* imp[] = {wasm_func_as_extern(f)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imp);
  EXPECT_EQ(wasm_instance_new(store, m, &imports, &trap), nullptr);
  ASSERT_NE(trap, nullptr);
  EXPECT_NE(message_of(trap).find("incompatible import type"), std::string::npos) << message_of(trap);
  wasm_trap_delete(trap);
  wasm_func_delete(f);
  wasm_module_delete(m);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

TEST(ApiInput, VersionAndConfig) {
  EXPECT_STREQ(akira_version(), AKIRA_VERSION);
  wasm_engine_t* engine = wasm_engine_new_with_config(wasm_config_new());
  wasm_store_t* store = wasm_store_new(engine);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

}  // namespace
