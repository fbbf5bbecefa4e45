// Globals, tables, memories and the extern view of all four (and of functions).
#include "api/c_api_internal.h"

using namespace akira;
using namespace akira::capi;

akira::Extern wasm_extern_t::as_runtime() const {
  switch (kind) {
    case RefKind::Func: return {ExternKind::Func, entity};
    case RefKind::Global: return {ExternKind::Global, entity};
    case RefKind::Table: return {ExternKind::Table, entity};
    default: return {ExternKind::Memory, entity};
  }
}

namespace akira::capi {

wasm_extern_t* new_extern(wasm_store_t* store, const Extern& e) {
  switch (e.kind) {
    case ExternKind::Func: return new wasm_func_t(store, e.func());
    case ExternKind::Global: return new wasm_global_t(store, e.global());
    case ExternKind::Table: return new wasm_table_t(store, e.table());
    case ExternKind::Memory: return new wasm_memory_t(store, e.memory());
  }
  return nullptr;
}

wasm_externtype_t* new_externtype(const Extern& e) {
  switch (e.kind) {
    case ExternKind::Func: return new_functype(e.func()->type);
    case ExternKind::Global: return new_globaltype(e.global()->type);
    case ExternKind::Table: {
      TableType t = e.table()->type;
      t.limits.min = e.table()->elems.size();
      return new_tabletype(t);
    }
    case ExternKind::Memory: {
      MemoryType t = e.memory()->type;
      t.limits.min = e.memory()->pages();
      return new_memorytype(t);
    }
  }
  return nullptr;
}

}  // namespace akira::capi

extern "C" {

// Globals.
wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type, const wasm_val_t* val) {
  if (!store || !type || !val || !valkind_known(type->content->kind)) return nullptr;
  GlobalType gt{to_valtype(type->content->kind), type->mutability == WASM_VAR};
  Value v;
  if (!to_value(store, *val, gt.type, v)) return nullptr;
  return new wasm_global_t(store, new_global(*store->store, gt, v));
}
wasm_globaltype_t* wasm_global_type(const wasm_global_t* g) { return new_globaltype(g->get()->type); }
void wasm_global_get(const wasm_global_t* g, wasm_val_t* out) {
  *out = from_value(g->store, g->get()->value, g->get()->type.type);
}
void wasm_global_set(wasm_global_t* g, const wasm_val_t* val) {
  GlobalInst* gi = g->get();
  Value v;
  if (!gi->type.mut || !val || !to_value(g->store, *val, gi->type.type, v)) return;
  gi->value = v;
}

// Tables.
wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type, wasm_ref_t* init) {
  if (!store || !type) return nullptr;
  wasm_valkind_t k = type->element->kind;
  if (k != WASM_FUNCREF && k != WASM_EXTERNREF) return nullptr;
  TableType tt{to_valtype(k), to_limits(type->limits)};
  if (tt.limits.max && *tt.limits.max < tt.limits.min) return nullptr;
  Ref r = nullptr;
  if (!to_ref(store, init, tt.elem, r)) return nullptr;
  return new wasm_table_t(store, new_table(*store->store, tt, r));
}
wasm_tabletype_t* wasm_table_type(const wasm_table_t* t) {
  return static_cast<wasm_tabletype_t*>(new_externtype({ExternKind::Table, t->get()}));
}
wasm_ref_t* wasm_table_get(const wasm_table_t* t, wasm_table_size_t index) {
  TableInst* ti = t->get();
  if (index >= ti->elems.size()) return nullptr;
  return from_ref(t->store, ti->elems[index], ti->type.elem);
}
bool wasm_table_set(wasm_table_t* t, wasm_table_size_t index, wasm_ref_t* r) {
  TableInst* ti = t->get();
  Ref v = nullptr;
  if (index >= ti->elems.size() || !to_ref(t->store, r, ti->type.elem, v)) return false;
  ti->elems[index] = v;
  return true;
}
wasm_table_size_t wasm_table_size(const wasm_table_t* t) {
  return static_cast<wasm_table_size_t>(t->get()->elems.size());
}
bool wasm_table_grow(wasm_table_t* t, wasm_table_size_t delta, wasm_ref_t* init) {
  TableInst* ti = t->get();
  Ref v = nullptr;
  if (!to_ref(t->store, init, ti->type.elem, v)) return false;
  return ti->grow(delta, v) >= 0;
}

// Memories.
wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  if (!store || !type) return nullptr;
  MemoryType mt{to_limits(type->limits)};
  if (mt.limits.min > kMaxPages || (mt.limits.max && (*mt.limits.max < mt.limits.min || *mt.limits.max > kMaxPages)))
    return nullptr;
  auto m = new_memory(*store->store, mt);
  if (!m) return nullptr;
  return new wasm_memory_t(store, m.value());
}
wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* m) {
  return static_cast<wasm_memorytype_t*>(new_externtype({ExternKind::Memory, m->get()}));
}
byte_t* wasm_memory_data(wasm_memory_t* m) { return reinterpret_cast<byte_t*>(m->get()->data); }
size_t wasm_memory_data_size(const wasm_memory_t* m) { return static_cast<size_t>(m->get()->size); }
wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* m) {
  return static_cast<wasm_memory_pages_t>(m->get()->pages());
}
bool wasm_memory_grow(wasm_memory_t* m, wasm_memory_pages_t delta) { return m->get()->grow(delta) >= 0; }

// Externs.
wasm_externkind_t wasm_extern_kind(const wasm_extern_t* e) {
  switch (e->kind) {
    case RefKind::Func: return WASM_EXTERN_FUNC;
    case RefKind::Global: return WASM_EXTERN_GLOBAL;
    case RefKind::Table: return WASM_EXTERN_TABLE;
    default: return WASM_EXTERN_MEMORY;
  }
}
wasm_externtype_t* wasm_extern_type(const wasm_extern_t* e) { return new_externtype(e->as_runtime()); }

#define AKIRA_CAPI_EXTERN_VIEW(name, Kind)                                                   \
  wasm_extern_t* wasm_##name##_as_extern(wasm_##name##_t* x) { return x; }                   \
  const wasm_extern_t* wasm_##name##_as_extern_const(const wasm_##name##_t* x) { return x; } \
  wasm_##name##_t* wasm_extern_as_##name(wasm_extern_t* e) {                                 \
    return e && e->kind == RefKind::Kind ? static_cast<wasm_##name##_t*>(e) : nullptr;       \
  }                                                                                          \
  const wasm_##name##_t* wasm_extern_as_##name##_const(const wasm_extern_t* e) {             \
    return e && e->kind == RefKind::Kind ? static_cast<const wasm_##name##_t*>(e) : nullptr; \
  }
AKIRA_CAPI_EXTERN_VIEW(func, Func)
AKIRA_CAPI_EXTERN_VIEW(global, Global)
AKIRA_CAPI_EXTERN_VIEW(table, Table)
AKIRA_CAPI_EXTERN_VIEW(memory, Memory)
#undef AKIRA_CAPI_EXTERN_VIEW

}  // extern "C"
