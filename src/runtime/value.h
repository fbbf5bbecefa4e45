// Run-time values. A reference is a pointer: funcref points at a FuncInst,
// externref is an opaque host word; both are null when zero.
#pragma once
#include <cstdint>
#include <cstring>

#include "wasm/types.h"

namespace akira {

using Ref = void*;

union Value {
  uint32_t i32;
  uint64_t i64;
  float f32;
  double f64;
  V128 v128;
  Ref ref;
  Value() { std::memset(this, 0, sizeof *this); }
  static Value from_i32(uint32_t x) {
    Value v;
    v.i32 = x;
    return v;
  }
  static Value from_i64(uint64_t x) {
    Value v;
    v.i64 = x;
    return v;
  }
  static Value from_f32(float x) {
    Value v;
    v.f32 = x;
    return v;
  }
  static Value from_f64(double x) {
    Value v;
    v.f64 = x;
    return v;
  }
  static Value from_v128(const V128& x) {
    Value v;
    v.v128 = x;
    return v;
  }
  static Value from_ref(Ref x) {
    Value v;
    v.ref = x;
    return v;
  }
};
static_assert(sizeof(Value) == 16);

}  // namespace akira
