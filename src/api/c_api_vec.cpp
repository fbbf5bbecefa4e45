// Vectors (byte, value and every vector of pointers) and values.
#include <algorithm>
#include <cstring>

#include "api/c_api_internal.h"

namespace {

template <class V> void vec_uninit(V* out, size_t n) {
  using T = std::remove_pointer_t<decltype(out->data)>;
  out->size = n;
  out->data = n ? new T[n]() : nullptr;
}

template <class V> void vec_free(V* v) {
  delete[] v->data;
  v->size = 0;
  v->data = nullptr;
}

}  // namespace

extern "C" {

// Byte vectors: plain bytes.
void wasm_byte_vec_new_empty(wasm_byte_vec_t* out) { out->size = 0, out->data = nullptr; }
void wasm_byte_vec_new_uninitialized(wasm_byte_vec_t* out, size_t n) { vec_uninit(out, n); }
void wasm_byte_vec_new(wasm_byte_vec_t* out, size_t n, const wasm_byte_t src[]) {
  vec_uninit(out, n);
  if (n) std::memcpy(out->data, src, n);
}
void wasm_byte_vec_copy(wasm_byte_vec_t* out, const wasm_byte_vec_t* src) {
  wasm_byte_vec_new(out, src->size, src->data);
}
void wasm_byte_vec_delete(wasm_byte_vec_t* v) {
  if (v) vec_free(v);
}

// Values: a reference value owns its wasm_ref_t.
void wasm_val_delete(wasm_val_t* v) {
  if (v && wasm_valkind_is_ref(v->kind) && v->of.ref) {
    wasm_ref_delete(v->of.ref);
    v->of.ref = nullptr;
  }
}
void wasm_val_copy(wasm_val_t* out, const wasm_val_t* src) {
  *out = *src;
  if (wasm_valkind_is_ref(src->kind) && src->of.ref) out->of.ref = wasm_ref_copy(src->of.ref);
}

void wasm_val_vec_new_empty(wasm_val_vec_t* out) { out->size = 0, out->data = nullptr; }
void wasm_val_vec_new_uninitialized(wasm_val_vec_t* out, size_t n) { vec_uninit(out, n); }
void wasm_val_vec_new(wasm_val_vec_t* out, size_t n, const wasm_val_t src[]) {
  vec_uninit(out, n);
  if (n) std::copy(src, src + n, out->data);  // takes over the references
}
void wasm_val_vec_copy(wasm_val_vec_t* out, const wasm_val_vec_t* src) {
  vec_uninit(out, src->size);
  for (size_t i = 0; i < src->size; ++i) wasm_val_copy(&out->data[i], &src->data[i]);
}
void wasm_val_vec_delete(wasm_val_vec_t* v) {
  if (!v) return;
  for (size_t i = 0; i < v->size; ++i) wasm_val_delete(&v->data[i]);
  vec_free(v);
}

// Vectors of own pointers: elements are copied with wasm_NAME_copy and released with
// wasm_NAME_delete (null elements are allowed).
#define AKIRA_CAPI_PTR_VEC(name)                                                                                     \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) { out->size = 0, out->data = nullptr; }                 \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t n) { vec_uninit(out, n); }               \
  void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t n, wasm_##name##_t* const src[]) {                     \
    vec_uninit(out, n);                                                                                              \
    if (n) std::copy(src, src + n, out->data);                                                                       \
  }                                                                                                                  \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t* out, const wasm_##name##_vec_t* src) {                            \
    vec_uninit(out, src->size);                                                                                      \
    for (size_t i = 0; i < src->size; ++i) out->data[i] = src->data[i] ? wasm_##name##_copy(src->data[i]) : nullptr; \
  }                                                                                                                  \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t* v) {                                                            \
    if (!v) return;                                                                                                  \
    for (size_t i = 0; i < v->size; ++i)                                                                             \
      if (v->data[i]) wasm_##name##_delete(v->data[i]);                                                              \
    vec_free(v);                                                                                                     \
  }

AKIRA_CAPI_PTR_VEC(valtype)
AKIRA_CAPI_PTR_VEC(functype)
AKIRA_CAPI_PTR_VEC(globaltype)
AKIRA_CAPI_PTR_VEC(tabletype)
AKIRA_CAPI_PTR_VEC(memorytype)
AKIRA_CAPI_PTR_VEC(externtype)
AKIRA_CAPI_PTR_VEC(importtype)
AKIRA_CAPI_PTR_VEC(exporttype)
AKIRA_CAPI_PTR_VEC(frame)
AKIRA_CAPI_PTR_VEC(extern)

}  // extern "C"

void akira::capi::name_from_string(wasm_name_t* out, const std::string& s) {
  wasm_byte_vec_new(out, s.size(), s.data());
}
