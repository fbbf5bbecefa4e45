// Instances: instantiation against an import vector, and the exports in order.
#include "api/c_api_internal.h"

using namespace akira;
using namespace akira::capi;

namespace akira::capi {

wasm_instance_t* new_instance_handle(wasm_store_t* store, Instance* inst) { return new wasm_instance_t(store, inst); }

}  // namespace akira::capi

extern "C" {

wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module, const wasm_extern_vec_t* imports,
                                   wasm_trap_t** trap) {
  if (trap) *trap = nullptr;
  if (!store || !module) return nullptr;
  auto fail = [&](std::string msg) -> wasm_instance_t* {
    if (trap) *trap = new_trap(store, std::move(msg), AKIRA_TRAP_CODE_ERROR);
    return nullptr;
  };
  const Module& m = *module->data->lm.module;
  size_t n = imports ? imports->size : 0;
  if (n != m.imports.size())
    return fail("wrong number of imports: expected " + std::to_string(m.imports.size()) + ", got " + std::to_string(n));
  std::vector<Extern> externs;
  for (size_t i = 0; i < n; ++i) {
    const wasm_extern_t* e = imports->data[i];
    if (!e) return fail("missing import " + m.imports[i].module + "." + m.imports[i].name);
    if (e->store != store)
      return fail("import " + m.imports[i].module + "." + m.imports[i].name + " is from another store");
    externs.push_back(e->as_runtime());
  }
  // The store keeps the module (and its native code) for as long as its objects live,
  // which includes a partly initialised instance after a failure.
  bool known = false;
  for (auto& d : store->modules) known = known || d == module->data;
  if (!known) store->modules.push_back(module->data);
  auto inst = instantiate(*store->store, module->data->lm, externs);
  if (!inst) {
    if (trap)
      *trap = trap_from_error(store, inst.error(), &m);
    else
      delete std::exchange(store->pending_host_trap, nullptr);
    return nullptr;
  }
  store->instances.push_back(inst.value());
  return new_instance_handle(store, inst.value());
}

void wasm_instance_exports(const wasm_instance_t* instance, wasm_extern_vec_t* out) {
  Instance* inst = instance->get();
  const Module& m = *inst->module;
  wasm_extern_vec_new_uninitialized(out, m.exports.size());
  for (size_t i = 0; i < m.exports.size(); ++i) {
    const Export& e = m.exports[i];
    Extern x{e.kind, nullptr};
    switch (e.kind) {
      case ExternKind::Func: x.ptr = inst->funcs[e.index]; break;
      case ExternKind::Table: x.ptr = inst->tables[e.index]; break;
      case ExternKind::Memory: x.ptr = inst->memories[e.index]; break;
      case ExternKind::Global: x.ptr = inst->globals[e.index]; break;
    }
    out->data[i] = new_extern(instance->store, x);
  }
}

}  // extern "C"
