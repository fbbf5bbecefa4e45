#include "spectest.h"

#include <string>
#include <vector>

namespace akira::wast {

Status define_spectest(Store& store, Linker& linker) {
  auto noop = [](HostCall&, const Value*, Value*) -> Status { return {}; };
  auto func = [&](const char* name, std::vector<ValType> params) {
    FuncInst* f = store.new_host_func(FuncType{std::move(params), {}}, noop, std::string("spectest.") + name);
    linker.define("spectest", name, Extern{ExternKind::Func, f});
  };
  func("print", {});
  func("print_i32", {ValType::I32});
  func("print_i64", {ValType::I64});
  func("print_f32", {ValType::F32});
  func("print_f64", {ValType::F64});
  func("print_i32_f32", {ValType::I32, ValType::F32});
  func("print_f64_f64", {ValType::F64, ValType::F64});

  auto global = [&](const char* name, ValType t, Value v) {
    GlobalInst* g = store.new_global(GlobalType{t, false}, v);
    linker.define("spectest", name, Extern{ExternKind::Global, g});
  };
  global("global_i32", ValType::I32, Value::from_i32(666));
  global("global_i64", ValType::I64, Value::from_i64(666));
  global("global_f32", ValType::F32, Value::from_f32(666.6f));
  global("global_f64", ValType::F64, Value::from_f64(666.6));

  TableType tt;
  tt.elem = ValType::FuncRef;
  tt.limits.min = 10;
  tt.limits.max = 20;
  linker.define("spectest", "table", Extern{ExternKind::Table, store.new_table(tt)});

  MemoryType mt;
  mt.limits.min = 1;
  mt.limits.max = 2;
  auto mem = store.new_memory(mt);
  if (!mem.ok()) return mem.error();
  linker.define("spectest", "memory", Extern{ExternKind::Memory, mem.value()});
  return {};
}

}  // namespace akira::wast
