// Exact semantics of the memory-access instructions (Load, Store, LoadLane,
// StoreLane classes of opcodes.def), scalar and SIMD.
//
// The caller performs the bounds check and passes the effective address as a
// host pointer; these functions only move `bytes` bytes (unaligned,
// little-endian) and extend, splat or zero-fill them to the result type.
//   Load:      R    Name(const uint8_t* p)
//   Store:     void Name(uint8_t* p, T value)          -- writes the low bytes
//   LoadLane:  V128 Name(const uint8_t* p, V128 v, uint8_t lane)
//   StoreLane: void Name(uint8_t* p, V128 v, uint8_t lane)
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>

#include "common/trap.h"
#include "wasm/types.h"

static_assert(std::endian::native == std::endian::little, "akira assumes a little-endian host");

namespace akira::exec {

namespace detail {
template <class T> inline T load_raw(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}
template <class T> inline void store_raw(uint8_t* p, T v) { std::memcpy(p, &v, sizeof(T)); }

// Loads N lanes of S from p and widens each to the lane type D (N * sizeof(D) == 16).
template <class D, class S> inline V128 load_extend(const uint8_t* p) {
  constexpr unsigned n = 16 / sizeof(D);
  S in[n];
  std::memcpy(in, p, sizeof(in));
  D out[n];
  for (unsigned i = 0; i < n; ++i) out[i] = static_cast<D>(in[i]);
  V128 r;
  std::memcpy(r.b, out, 16);
  return r;
}
template <class T> inline V128 load_splat(const uint8_t* p) {
  constexpr unsigned n = 16 / sizeof(T);
  T x = load_raw<T>(p);
  T out[n];
  for (unsigned i = 0; i < n; ++i) out[i] = x;
  V128 r;
  std::memcpy(r.b, out, 16);
  return r;
}
template <class T> inline V128 load_zero(const uint8_t* p) {
  V128 r{};
  std::memcpy(r.b, p, sizeof(T));
  return r;
}
template <class T> inline V128 load_lane(const uint8_t* p, V128 v, uint8_t lane) {
  std::memcpy(v.b + (lane & (16 / sizeof(T) - 1)) * sizeof(T), p, sizeof(T));
  return v;
}
template <class T> inline void store_lane(uint8_t* p, V128 v, uint8_t lane) {
  std::memcpy(p, v.b + (lane & (16 / sizeof(T) - 1)) * sizeof(T), sizeof(T));
}
}  // namespace detail

// ---- scalar loads ----
inline uint32_t I32Load(const uint8_t* p) { return detail::load_raw<uint32_t>(p); }
inline uint64_t I64Load(const uint8_t* p) { return detail::load_raw<uint64_t>(p); }
inline float F32Load(const uint8_t* p) { return detail::load_raw<float>(p); }
inline double F64Load(const uint8_t* p) { return detail::load_raw<double>(p); }
inline uint32_t I32Load8S(const uint8_t* p) { return static_cast<uint32_t>(int32_t(detail::load_raw<int8_t>(p))); }
inline uint32_t I32Load8U(const uint8_t* p) { return detail::load_raw<uint8_t>(p); }
inline uint32_t I32Load16S(const uint8_t* p) { return static_cast<uint32_t>(int32_t(detail::load_raw<int16_t>(p))); }
inline uint32_t I32Load16U(const uint8_t* p) { return detail::load_raw<uint16_t>(p); }
inline uint64_t I64Load8S(const uint8_t* p) { return static_cast<uint64_t>(int64_t(detail::load_raw<int8_t>(p))); }
inline uint64_t I64Load8U(const uint8_t* p) { return detail::load_raw<uint8_t>(p); }
inline uint64_t I64Load16S(const uint8_t* p) { return static_cast<uint64_t>(int64_t(detail::load_raw<int16_t>(p))); }
inline uint64_t I64Load16U(const uint8_t* p) { return detail::load_raw<uint16_t>(p); }
inline uint64_t I64Load32S(const uint8_t* p) { return static_cast<uint64_t>(int64_t(detail::load_raw<int32_t>(p))); }
inline uint64_t I64Load32U(const uint8_t* p) { return detail::load_raw<uint32_t>(p); }

// ---- scalar stores ----
inline void I32Store(uint8_t* p, uint32_t v) { detail::store_raw(p, v); }
inline void I64Store(uint8_t* p, uint64_t v) { detail::store_raw(p, v); }
inline void F32Store(uint8_t* p, float v) { detail::store_raw(p, v); }  // bits as-is (NaN payloads kept)
inline void F64Store(uint8_t* p, double v) { detail::store_raw(p, v); }
inline void I32Store8(uint8_t* p, uint32_t v) { detail::store_raw(p, static_cast<uint8_t>(v)); }
inline void I32Store16(uint8_t* p, uint32_t v) { detail::store_raw(p, static_cast<uint16_t>(v)); }
inline void I64Store8(uint8_t* p, uint64_t v) { detail::store_raw(p, static_cast<uint8_t>(v)); }
inline void I64Store16(uint8_t* p, uint64_t v) { detail::store_raw(p, static_cast<uint16_t>(v)); }
inline void I64Store32(uint8_t* p, uint64_t v) { detail::store_raw(p, static_cast<uint32_t>(v)); }

// ---- v128 loads and stores ----
inline V128 V128Load(const uint8_t* p) {
  V128 r;
  std::memcpy(r.b, p, 16);
  return r;
}
inline V128 V128Load8x8S(const uint8_t* p) { return detail::load_extend<int16_t, int8_t>(p); }
inline V128 V128Load8x8U(const uint8_t* p) { return detail::load_extend<uint16_t, uint8_t>(p); }
inline V128 V128Load16x4S(const uint8_t* p) { return detail::load_extend<int32_t, int16_t>(p); }
inline V128 V128Load16x4U(const uint8_t* p) { return detail::load_extend<uint32_t, uint16_t>(p); }
inline V128 V128Load32x2S(const uint8_t* p) { return detail::load_extend<int64_t, int32_t>(p); }
inline V128 V128Load32x2U(const uint8_t* p) { return detail::load_extend<uint64_t, uint32_t>(p); }
inline V128 V128Load8Splat(const uint8_t* p) { return detail::load_splat<uint8_t>(p); }
inline V128 V128Load16Splat(const uint8_t* p) { return detail::load_splat<uint16_t>(p); }
inline V128 V128Load32Splat(const uint8_t* p) { return detail::load_splat<uint32_t>(p); }
inline V128 V128Load64Splat(const uint8_t* p) { return detail::load_splat<uint64_t>(p); }
inline V128 V128Load32Zero(const uint8_t* p) { return detail::load_zero<uint32_t>(p); }
inline V128 V128Load64Zero(const uint8_t* p) { return detail::load_zero<uint64_t>(p); }
inline void V128Store(uint8_t* p, V128 v) { std::memcpy(p, v.b, 16); }

// ---- v128 lane loads and stores (lane < 16 / bytes, checked by validation;
//      masked here so an invalid lane cannot reach outside the vector) ----
inline V128 V128Load8Lane(const uint8_t* p, V128 v, uint8_t lane) { return detail::load_lane<uint8_t>(p, v, lane); }
inline V128 V128Load16Lane(const uint8_t* p, V128 v, uint8_t lane) { return detail::load_lane<uint16_t>(p, v, lane); }
inline V128 V128Load32Lane(const uint8_t* p, V128 v, uint8_t lane) { return detail::load_lane<uint32_t>(p, v, lane); }
inline V128 V128Load64Lane(const uint8_t* p, V128 v, uint8_t lane) { return detail::load_lane<uint64_t>(p, v, lane); }
inline void V128Store8Lane(uint8_t* p, V128 v, uint8_t lane) { detail::store_lane<uint8_t>(p, v, lane); }
inline void V128Store16Lane(uint8_t* p, V128 v, uint8_t lane) { detail::store_lane<uint16_t>(p, v, lane); }
inline void V128Store32Lane(uint8_t* p, V128 v, uint8_t lane) { detail::store_lane<uint32_t>(p, v, lane); }
inline void V128Store64Lane(uint8_t* p, V128 v, uint8_t lane) { detail::store_lane<uint64_t>(p, v, lane); }

}  // namespace akira::exec
