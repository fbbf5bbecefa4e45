// Test helper: builds modules from WebAssembly text with wat2wasm and instantiates them.
#pragma once
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "decode/decoder.h"
#include "interp/interpreter.h"
#include "runtime/instantiate.h"
#include "validate/validator.h"

namespace akira::test {

inline bool have_wat2wasm() {
  static const bool ok = std::system("wat2wasm --version > /dev/null 2>&1") == 0;
  return ok;
}

#define REQUIRE_WAT2WASM() \
  if (!::akira::test::have_wat2wasm()) GTEST_SKIP() << "wat2wasm not installed"

inline std::vector<uint8_t> wat(const std::string& text) {
  char dir[] = "/tmp/akira-interp-XXXXXX";
  if (!mkdtemp(dir)) return {};
  std::string in = std::string(dir) + "/m.wat", out = std::string(dir) + "/m.wasm";
  std::ofstream(in) << text;
  std::string cmd = "wat2wasm --debug-names " + in + " -o " + out + " 2>&1";
  std::vector<uint8_t> bytes;
  if (std::system(cmd.c_str()) == 0) {
    std::ifstream f(out, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(f), {});
  }
  std::remove(in.c_str());
  std::remove(out.c_str());
  rmdir(dir);
  return bytes;
}

// Decodes, validates and instantiates through `linker` (host imports defined there).
inline Instance* load(Store& store, Linker& linker, const std::string& text) {
  auto bytes = wat(text);
  EXPECT_FALSE(bytes.empty()) << "wat2wasm failed";
  if (bytes.empty()) return nullptr;
  auto m = decode_module(std::move(bytes));
  EXPECT_TRUE(m.ok()) << m.error().describe();
  if (!m.ok()) return nullptr;
  Status v = validate_module(**m);
  EXPECT_TRUE(v.ok()) << v.error().describe();
  if (!v.ok()) return nullptr;
  auto inst = linker.instantiate(store, *m, {}, interp::code());
  EXPECT_TRUE(inst.ok()) << inst.error().describe();
  return inst.ok() ? *inst : nullptr;
}

inline Instance* load(Store& store, const std::string& text) {
  Linker linker;
  return load(store, linker, text);
}

inline Result<std::vector<Value>> invoke(Store& store, Instance* inst, const char* name, std::vector<Value> args = {}) {
  FuncInst* f = inst->export_func(name);
  if (!f) return make_error(ErrorKind::Unlinkable, std::string("no export ") + name);
  return store.invoke(f, args);
}

inline Value i32(uint32_t x) { return Value::from_i32(x); }
inline Value i64(uint64_t x) { return Value::from_i64(x); }
inline Value f32(float x) { return Value::from_f32(x); }
inline Value f64(double x) { return Value::from_f64(x); }

// Runs an export expected to return one i32.
inline uint32_t call_i32(Store& store, Instance* inst, const char* name, std::vector<Value> args = {}) {
  auto r = invoke(store, inst, name, std::move(args));
  EXPECT_TRUE(r.ok()) << name << ": " << r.error().describe();
  if (!r.ok() || r->empty()) return 0xDEADBEEF;
  return (*r)[0].i32;
}

inline uint64_t call_i64(Store& store, Instance* inst, const char* name, std::vector<Value> args = {}) {
  auto r = invoke(store, inst, name, std::move(args));
  EXPECT_TRUE(r.ok()) << name << ": " << r.error().describe();
  if (!r.ok() || r->empty()) return 0xDEADBEEF;
  return (*r)[0].i64;
}

}  // namespace akira::test
