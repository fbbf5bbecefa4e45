// References: copy, identity, host info, the conversions between every reference kind
// and wasm_ref_t, foreign objects, and how references and values cross into wasm code.
#include "api/c_api_internal.h"

using namespace akira;
using namespace akira::capi;

namespace {

HostInfo* host_info_slot(const wasm_ref_t* r) {
  if (r->kind == RefKind::Module) return &static_cast<const wasm_module_t*>(r)->data->host_info;
  if (r->kind == RefKind::Trap) return &const_cast<wasm_trap_t*>(static_cast<const wasm_trap_t*>(r))->host_info;
  if (!r->store) return nullptr;
  return &r->store->host_info[r->entity];
}

void* get_host_info(const wasm_ref_t* r) {
  HostInfo* h = host_info_slot(r);
  return h ? h->info : nullptr;
}

void set_host_info(wasm_ref_t* r, void* info, void (*fin)(void*)) {
  HostInfo* h = host_info_slot(r);
  if (!h) return;
  h->finalize();  // the previous info's finalizer, if any, runs once now
  h->info = info;
  h->finalizer = fin;
}

bool same(const wasm_ref_t* a, const wasm_ref_t* b) {
  if (!a || !b) return a == b;
  return a->kind == b->kind && a->entity == b->entity;
}

}  // namespace

namespace akira::capi {

bool to_ref(wasm_store_t* store, const wasm_ref_t* r, ValType t, Ref& out) {
  if (!r) {
    out = nullptr;
    return true;
  }
  if (r->store && r->store != store) return false;
  if (t == ValType::FuncRef) {
    if (r->kind != RefKind::Func) return false;
    out = r->entity;
    return true;
  }
  if (t != ValType::ExternRef) return false;
  // An externref is a store-owned copy of the handle: one per referenced object, so the
  // same object always crosses as the same value.
  auto key = std::make_pair(static_cast<int>(r->kind), r->entity);
  auto it = store->externrefs.find(key);
  if (it == store->externrefs.end()) it = store->externrefs.emplace(key, r->clone()).first;
  out = it->second;
  return true;
}

wasm_ref_t* from_ref(wasm_store_t* store, Ref r, ValType t) {
  if (!r) return nullptr;
  if (t == ValType::FuncRef) return new wasm_func_t(store, static_cast<FuncInst*>(r));
  return static_cast<wasm_ref_t*>(r)->clone();
}

bool to_value(wasm_store_t* store, const wasm_val_t& in, ValType t, Value& out) {
  out = Value();
  switch (t) {
    case ValType::I32:
      if (in.kind != WASM_I32) return false;
      out.i32 = static_cast<uint32_t>(in.of.i32);
      return true;
    case ValType::I64:
      if (in.kind != WASM_I64) return false;
      out.i64 = static_cast<uint64_t>(in.of.i64);
      return true;
    case ValType::F32:
      if (in.kind != WASM_F32) return false;
      out.f32 = in.of.f32;
      return true;
    case ValType::F64:
      if (in.kind != WASM_F64) return false;
      out.f64 = in.of.f64;
      return true;
    case ValType::FuncRef:
    case ValType::ExternRef:
      // Either reference kind tag is accepted (WASM_REF_VAL says externref for both).
      if (!wasm_valkind_is_ref(in.kind)) return false;
      return to_ref(store, in.of.ref, t, out.ref);
    case ValType::V128: return false;  // wasm_val_t has no v128
  }
  return false;
}

wasm_val_t from_value(wasm_store_t* store, const Value& v, ValType t) {
  wasm_val_t out;
  std::memset(&out, 0, sizeof out);
  out.kind = from_valtype(t);
  switch (t) {
    case ValType::I32: out.of.i32 = static_cast<int32_t>(v.i32); break;
    case ValType::I64: out.of.i64 = static_cast<int64_t>(v.i64); break;
    case ValType::F32: out.of.f32 = v.f32; break;
    case ValType::F64: out.of.f64 = v.f64; break;
    case ValType::FuncRef:
    case ValType::ExternRef: out.of.ref = from_ref(store, v.ref, t); break;
    case ValType::V128: out.of.i64 = static_cast<int64_t>(v.v128.lane<uint64_t>(0)); break;
  }
  return out;
}

}  // namespace akira::capi

extern "C" {

// The generic reference.
void wasm_ref_delete(wasm_ref_t* r) { delete r; }
wasm_ref_t* wasm_ref_copy(const wasm_ref_t* r) { return r ? r->clone() : nullptr; }
bool wasm_ref_same(const wasm_ref_t* a, const wasm_ref_t* b) { return same(a, b); }
void* wasm_ref_get_host_info(const wasm_ref_t* r) { return get_host_info(r); }
void wasm_ref_set_host_info(wasm_ref_t* r, void* info) { set_host_info(r, info, nullptr); }
void wasm_ref_set_host_info_with_finalizer(wasm_ref_t* r, void* info, void (*fin)(void*)) {
  set_host_info(r, info, fin);
}

// Every reference kind: the same operations, and views as wasm_ref_t.
#define AKIRA_CAPI_REF(name, MATCH)                                                                     \
  void wasm_##name##_delete(wasm_##name##_t* r) { delete r; }                                           \
  wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* r) {                                       \
    return r ? static_cast<wasm_##name##_t*>(r->clone()) : nullptr;                                     \
  }                                                                                                     \
  bool wasm_##name##_same(const wasm_##name##_t* a, const wasm_##name##_t* b) { return same(a, b); }    \
  void* wasm_##name##_get_host_info(const wasm_##name##_t* r) { return get_host_info(r); }              \
  void wasm_##name##_set_host_info(wasm_##name##_t* r, void* info) { set_host_info(r, info, nullptr); } \
  void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t* r, void* info, void (*fin)(void*)) { \
    set_host_info(r, info, fin);                                                                        \
  }                                                                                                     \
  wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t* r) { return r; }                                    \
  const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t* r) { return r; }                  \
  wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t* r) {                                                  \
    return r && (MATCH) ? static_cast<wasm_##name##_t*>(r) : nullptr;                                   \
  }                                                                                                     \
  const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t* r) {                              \
    return r && (MATCH) ? static_cast<const wasm_##name##_t*>(r) : nullptr;                             \
  }

AKIRA_CAPI_REF(func, r->kind == RefKind::Func)
AKIRA_CAPI_REF(global, r->kind == RefKind::Global)
AKIRA_CAPI_REF(table, r->kind == RefKind::Table)
AKIRA_CAPI_REF(memory, r->kind == RefKind::Memory)
AKIRA_CAPI_REF(extern, r->kind <= RefKind::Memory)
AKIRA_CAPI_REF(instance, r->kind == RefKind::Instance)
AKIRA_CAPI_REF(module, r->kind == RefKind::Module)
AKIRA_CAPI_REF(trap, r->kind == RefKind::Trap)
AKIRA_CAPI_REF(foreign, r->kind == RefKind::Foreign)
#undef AKIRA_CAPI_REF

// Foreign objects: an address in the store, nothing else.
wasm_foreign_t* wasm_foreign_new(wasm_store_t* store) {
  store->foreigns.emplace_back(0);
  return new wasm_foreign_t(store, &store->foreigns.back());
}

}  // extern "C"
