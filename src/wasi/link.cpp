// Defining the WASI functions in a Linker (kept apart from wasi.cpp so the host
// functions can be exercised without a runtime).
#include <span>

#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "wasi/abi.h"
#include "wasi/wasi.h"

namespace akira {

void WasiContext::link(Linker& linker, Store& store, const Module* module) {
  const auto& fns = functions();
  for (size_t i = 0; i < fns.size(); ++i) {
    std::string name(fns[i].name);
    HostFn fn = [this, i](HostCall& call, const Value* args, Value* results) -> Status {
      std::span<uint8_t> mem;
      if (call.memory && call.memory->data) mem = {call.memory->data, static_cast<size_t>(call.memory->size)};
      return call_index(i, mem, args, results);
    };
    FuncInst* f = store.new_host_func(fns[i].type, std::move(fn), std::string(kModuleName) + "." + name, this);
    linker.define(kModuleName, name, Extern{ExternKind::Func, f});
  }
  if (!module) return;
  // Anything else the module imports from WASI: present, but ENOSYS.
  for (const Import& imp : module->imports) {
    if (imp.module != kModuleName || imp.kind != ExternKind::Func) continue;
    bool known = false;
    for (auto& f : fns) known = known || f.name == imp.name;
    if (known || imp.func_type >= module->types.size()) continue;
    const FuncType& t = module->types[imp.func_type];
    HostFn fn = [t](HostCall&, const Value*, Value* results) -> Status {
      for (size_t r = 0; r < t.results.size(); ++r) results[r] = Value();
      if (t.results.size() == 1 && t.results[0] == ValType::I32) results[0] = Value::from_i32(wasi::kNoSys);
      return {};
    };
    FuncInst* f = store.new_host_func(t, std::move(fn), std::string(kModuleName) + "." + imp.name, this);
    linker.define(kModuleName, imp.name, Extern{ExternKind::Func, f});
  }
}

}  // namespace akira
