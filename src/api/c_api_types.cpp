// Type descriptions: value, function, global, table, memory, extern, import and export
// types, and their conversion to and from the runtime's types.
#include "api/c_api_internal.h"

using namespace akira;
using namespace akira::capi;

namespace {

void take_vec(wasm_valtype_vec_t* to, wasm_valtype_vec_t* from) {
  if (from) {
    *to = *from;
    from->size = 0;
    from->data = nullptr;
  } else {
    wasm_valtype_vec_new_empty(to);
  }
}

void take_name(wasm_name_t* to, wasm_name_t* from) {
  if (from) {
    *to = *from;
    from->size = 0;
    from->data = nullptr;
  } else {
    wasm_byte_vec_new_empty(to);
  }
}

wasm_valtype_t* valtype(ValType t) { return new wasm_valtype_t{from_valtype(t)}; }

}  // namespace

namespace akira::capi {

bool valkind_known(wasm_valkind_t k) { return k <= WASM_F64 || k == WASM_EXTERNREF || k == WASM_FUNCREF; }

ValType to_valtype(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32: return ValType::I32;
    case WASM_I64: return ValType::I64;
    case WASM_F32: return ValType::F32;
    case WASM_F64: return ValType::F64;
    case WASM_EXTERNREF: return ValType::ExternRef;
    case WASM_FUNCREF: return ValType::FuncRef;
    default: return ValType::V128;  // 4, as other engines number it
  }
}

wasm_valkind_t from_valtype(ValType t) {
  switch (t) {
    case ValType::I32: return WASM_I32;
    case ValType::I64: return WASM_I64;
    case ValType::F32: return WASM_F32;
    case ValType::F64: return WASM_F64;
    case ValType::V128: return 4;
    case ValType::ExternRef: return WASM_EXTERNREF;
    case ValType::FuncRef: return WASM_FUNCREF;
  }
  return WASM_I32;
}

wasm_limits_t from_limits(const Limits& l) {
  wasm_limits_t out;
  out.min = static_cast<uint32_t>(std::min<uint64_t>(l.min, 0xffffffffu));
  out.max = l.max ? static_cast<uint32_t>(std::min<uint64_t>(*l.max, 0xffffffffu)) : wasm_limits_max_default;
  return out;
}

Limits to_limits(const wasm_limits_t& l) {
  Limits out;
  out.min = l.min;
  if (l.max != wasm_limits_max_default) out.max = l.max;
  return out;
}

FuncType to_functype(const wasm_functype_t* t) {
  FuncType out;
  for (size_t i = 0; i < t->params.size; ++i) out.params.push_back(to_valtype(t->params.data[i]->kind));
  for (size_t i = 0; i < t->results.size; ++i) out.results.push_back(to_valtype(t->results.data[i]->kind));
  return out;
}

wasm_functype_t* new_functype(const FuncType& t) {
  auto* f = new wasm_functype_t;
  wasm_valtype_vec_new_uninitialized(&f->params, t.params.size());
  for (size_t i = 0; i < t.params.size(); ++i) f->params.data[i] = valtype(t.params[i]);
  wasm_valtype_vec_new_uninitialized(&f->results, t.results.size());
  for (size_t i = 0; i < t.results.size(); ++i) f->results.data[i] = valtype(t.results[i]);
  return f;
}

wasm_globaltype_t* new_globaltype(const GlobalType& t) {
  auto* g = new wasm_globaltype_t;
  g->content = valtype(t.type);
  g->mutability = t.mut ? WASM_VAR : WASM_CONST;
  return g;
}

wasm_tabletype_t* new_tabletype(const TableType& t) {
  auto* tt = new wasm_tabletype_t;
  tt->element = valtype(t.elem);
  tt->limits = from_limits(t.limits);
  return tt;
}

wasm_memorytype_t* new_memorytype(const MemoryType& t) {
  auto* m = new wasm_memorytype_t;
  m->limits = from_limits(t.limits);
  return m;
}

}  // namespace akira::capi

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
}
wasm_importtype_t::~wasm_importtype_t() {
  wasm_byte_vec_delete(&module);
  wasm_byte_vec_delete(&name);
  delete type;
}
wasm_exporttype_t::~wasm_exporttype_t() {
  wasm_byte_vec_delete(&name);
  delete type;
}

extern "C" {

// Value types.
wasm_valtype_t* wasm_valtype_new(wasm_valkind_t k) { return new wasm_valtype_t{k}; }
void wasm_valtype_delete(wasm_valtype_t* t) { delete t; }
wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* t) { return new wasm_valtype_t{t->kind}; }
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* t) { return t->kind; }

// Function types.
wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params, wasm_valtype_vec_t* results) {
  auto* f = new wasm_functype_t;
  take_vec(&f->params, params);
  take_vec(&f->results, results);
  return f;
}
void wasm_functype_delete(wasm_functype_t* t) { delete t; }
wasm_functype_t* wasm_functype_copy(const wasm_functype_t* t) {
  auto* f = new wasm_functype_t;
  wasm_valtype_vec_copy(&f->params, &t->params);
  wasm_valtype_vec_copy(&f->results, &t->results);
  return f;
}
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* t) { return &t->params; }
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* t) { return &t->results; }

// Global types.
wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content, wasm_mutability_t m) {
  auto* g = new wasm_globaltype_t;
  g->content = content;
  g->mutability = m;
  return g;
}
void wasm_globaltype_delete(wasm_globaltype_t* t) { delete t; }
wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t* t) {
  return wasm_globaltype_new(wasm_valtype_copy(t->content), t->mutability);
}
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* t) { return t->content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* t) { return t->mutability; }

// Table types.
wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element, const wasm_limits_t* limits) {
  auto* t = new wasm_tabletype_t;
  t->element = element;
  t->limits = *limits;
  return t;
}
void wasm_tabletype_delete(wasm_tabletype_t* t) { delete t; }
wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t* t) {
  return wasm_tabletype_new(wasm_valtype_copy(t->element), &t->limits);
}
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* t) { return t->element; }
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* t) { return &t->limits; }

// Memory types.
wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  auto* m = new wasm_memorytype_t;
  m->limits = *limits;
  return m;
}
void wasm_memorytype_delete(wasm_memorytype_t* t) { delete t; }
wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t* t) { return wasm_memorytype_new(&t->limits); }
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* t) { return &t->limits; }

// Extern types: views of the four kinds above.
wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* t) { return t->kind; }
void wasm_externtype_delete(wasm_externtype_t* t) { delete t; }
wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* t) {
  switch (t->kind) {
    case WASM_EXTERN_FUNC: return wasm_functype_copy(static_cast<const wasm_functype_t*>(t));
    case WASM_EXTERN_GLOBAL: return wasm_globaltype_copy(static_cast<const wasm_globaltype_t*>(t));
    case WASM_EXTERN_TABLE: return wasm_tabletype_copy(static_cast<const wasm_tabletype_t*>(t));
    default: return wasm_memorytype_copy(static_cast<const wasm_memorytype_t*>(t));
  }
}

#define AKIRA_CAPI_EXTERNTYPE_VIEW(name, KIND)                                                       \
  wasm_externtype_t* wasm_##name##_as_externtype(wasm_##name##_t* t) { return t; }                   \
  const wasm_externtype_t* wasm_##name##_as_externtype_const(const wasm_##name##_t* t) { return t; } \
  wasm_##name##_t* wasm_externtype_as_##name(wasm_externtype_t* t) {                                 \
    return t && t->kind == KIND ? static_cast<wasm_##name##_t*>(t) : nullptr;                        \
  }                                                                                                  \
  const wasm_##name##_t* wasm_externtype_as_##name##_const(const wasm_externtype_t* t) {             \
    return t && t->kind == KIND ? static_cast<const wasm_##name##_t*>(t) : nullptr;                  \
  }
AKIRA_CAPI_EXTERNTYPE_VIEW(functype, WASM_EXTERN_FUNC)
AKIRA_CAPI_EXTERNTYPE_VIEW(globaltype, WASM_EXTERN_GLOBAL)
AKIRA_CAPI_EXTERNTYPE_VIEW(tabletype, WASM_EXTERN_TABLE)
AKIRA_CAPI_EXTERNTYPE_VIEW(memorytype, WASM_EXTERN_MEMORY)
#undef AKIRA_CAPI_EXTERNTYPE_VIEW

// Import types.
wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name, wasm_externtype_t* type) {
  auto* t = new wasm_importtype_t;
  take_name(&t->module, module);
  take_name(&t->name, name);
  t->type = type;
  return t;
}
void wasm_importtype_delete(wasm_importtype_t* t) { delete t; }
wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* t) {
  auto* c = new wasm_importtype_t;
  wasm_byte_vec_copy(&c->module, &t->module);
  wasm_byte_vec_copy(&c->name, &t->name);
  c->type = t->type ? wasm_externtype_copy(t->type) : nullptr;
  return c;
}
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* t) { return &t->module; }
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* t) { return t->type; }

// Export types.
wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  auto* t = new wasm_exporttype_t;
  take_name(&t->name, name);
  t->type = type;
  return t;
}
void wasm_exporttype_delete(wasm_exporttype_t* t) { delete t; }
wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* t) {
  auto* c = new wasm_exporttype_t;
  wasm_byte_vec_copy(&c->name, &t->name);
  c->type = t->type ? wasm_externtype_copy(t->type) : nullptr;
  return c;
}
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* t) { return t->type; }

}  // extern "C"
