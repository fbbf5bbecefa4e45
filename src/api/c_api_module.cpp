// Modules: compile (decode + validate a .wasm, or load a .aot), validate, reflect,
// serialize and share between stores.
//
// Serialization: the runtime never contains the compiler, so wasm_module_serialize gives
// back the bytes the module was made from: the .aot file for native code, otherwise the
// .wasm binary. wasm_module_deserialize accepts either (the magic bytes decide).
#include "api/c_api_internal.h"

using namespace akira;
using namespace akira::capi;

namespace akira::capi {

Result<std::shared_ptr<ModuleData>> compile(const wasm_byte_vec_t* binary) {
  std::span<const uint8_t> bytes;
  if (binary && binary->size) bytes = {reinterpret_cast<const uint8_t*>(binary->data), binary->size};
  auto lm = load_module(bytes);
  if (!lm) return lm.error();
  auto d = std::make_shared<ModuleData>();
  d->lm = std::move(lm.value());
  return d;
}

}  // namespace akira::capi

namespace {

wasm_externtype_t* import_type(const Module& m, const Import& imp) {
  switch (imp.kind) {
    case ExternKind::Func: return new_functype(m.types[imp.func_type]);
    case ExternKind::Table: return new_tabletype(imp.table);
    case ExternKind::Memory: return new_memorytype(imp.memory);
    case ExternKind::Global: return new_globaltype(imp.global);
  }
  return nullptr;
}

wasm_externtype_t* export_type(const Module& m, const Export& e) {
  switch (e.kind) {
    case ExternKind::Func: return new_functype(m.func_type(e.index));
    case ExternKind::Table: return new_tabletype(m.table_type(e.index));
    case ExternKind::Memory: return new_memorytype(m.memory_type(e.index));
    case ExternKind::Global: return new_globaltype(m.global_type(e.index));
  }
  return nullptr;
}

}  // namespace

extern "C" {

wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  auto d = compile(binary);
  if (!d) return nullptr;
  return new wasm_module_t(store, std::move(d.value()));
}

bool wasm_module_validate(wasm_store_t*, const wasm_byte_vec_t* binary) { return compile(binary).ok(); }

void wasm_module_imports(const wasm_module_t* module, wasm_importtype_vec_t* out) {
  const Module& m = *module->data->lm.module;
  wasm_importtype_vec_new_uninitialized(out, m.imports.size());
  for (size_t i = 0; i < m.imports.size(); ++i) {
    auto* t = new wasm_importtype_t;
    name_from_string(&t->module, m.imports[i].module);
    name_from_string(&t->name, m.imports[i].name);
    t->type = import_type(m, m.imports[i]);
    out->data[i] = t;
  }
}

void wasm_module_exports(const wasm_module_t* module, wasm_exporttype_vec_t* out) {
  const Module& m = *module->data->lm.module;
  wasm_exporttype_vec_new_uninitialized(out, m.exports.size());
  for (size_t i = 0; i < m.exports.size(); ++i) {
    auto* t = new wasm_exporttype_t;
    name_from_string(&t->name, m.exports[i].name);
    t->type = export_type(m, m.exports[i]);
    out->data[i] = t;
  }
}

void wasm_module_serialize(const wasm_module_t* module, wasm_byte_vec_t* out) {
  const LoadedModule& lm = module->data->lm;
  const std::vector<uint8_t>& bytes = !lm.aot_bytes.empty() ? lm.aot_bytes : lm.module->bytes;
  wasm_byte_vec_new(out, bytes.size(), reinterpret_cast<const wasm_byte_t*>(bytes.data()));
}

wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* bytes) {
  return wasm_module_new(store, bytes);
}

// Modules are immutable: sharing hands the same compiled module to another store.
void wasm_shared_module_delete(wasm_shared_module_t* s) { delete s; }
wasm_shared_module_t* wasm_module_share(const wasm_module_t* m) { return new wasm_shared_module_t{m->data}; }
wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* s) {
  return s ? new wasm_module_t(store, s->data) : nullptr;
}

}  // extern "C"
