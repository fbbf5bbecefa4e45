// Exact WebAssembly 2.0 semantics of the 128-bit SIMD instructions (prefix 0xFD)
// of class Pure in opcodes.def; the SIMD loads and stores are in memory_access.h.
//
// Each function works on plain lane arrays copied in and out of V128 with
// memcpy, in simple loops a compiler can vectorise. Integer lanes are computed
// in unsigned arithmetic where they may wrap; float lanes reuse the scalar
// semantics of numeric.h (NaN propagation, -0/+0 ordering, rounding).
//   Pure:    V128 Name(V128 a, V128 b, ...)           operands in signature order
//            + uint8_t lane (Lane immediate) or const uint8_t* lanes (Shuffle)
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "common/trap.h"
#include "exec/numeric.h"
#include "wasm/types.h"

namespace akira::exec {

namespace simd {

template <class T> struct Lanes {
  static constexpr unsigned N = 16 / sizeof(T);
  T v[N];
  T& operator[](unsigned i) { return v[i]; }
  const T& operator[](unsigned i) const { return v[i]; }
};

template <class T> inline Lanes<T> get(const V128& x) {
  Lanes<T> r;
  std::memcpy(r.v, x.b, 16);
  return r;
}
template <class T> inline V128 put(const Lanes<T>& l) {
  V128 r;
  std::memcpy(r.b, l.v, 16);
  return r;
}

// r[i] = f(a[i])
template <class T, class R = T, class F> inline V128 map1(V128 a, F f) {
  static_assert(sizeof(T) == sizeof(R));
  Lanes<T> x = get<T>(a);
  Lanes<R> r;
  for (unsigned i = 0; i < Lanes<T>::N; ++i) r[i] = f(x[i]);
  return put(r);
}
// r[i] = f(a[i], b[i])
template <class T, class R = T, class F> inline V128 map2(V128 a, V128 b, F f) {
  static_assert(sizeof(T) == sizeof(R));
  Lanes<T> x = get<T>(a), y = get<T>(b);
  Lanes<R> r;
  for (unsigned i = 0; i < Lanes<T>::N; ++i) r[i] = f(x[i], y[i]);
  return put(r);
}

// Unsigned integer of the same width as T (for masks and wrapping arithmetic).
template <class T>
using U = std::make_unsigned_t<
    std::conditional_t<std::is_floating_point_v<T>, std::conditional_t<sizeof(T) == 4, int32_t, int64_t>, T>>;

// Lane-wise comparison producing all-ones / all-zeros masks.
template <class T, class F> inline V128 cmp(V128 a, V128 b, F f) {
  return map2<T, U<T>>(a, b, [f](T x, T y) { return f(x, y) ? U<T>(~U<T>(0)) : U<T>(0); });
}

template <class T> inline V128 splat(T x) {
  Lanes<T> r;
  for (unsigned i = 0; i < Lanes<T>::N; ++i) r[i] = x;
  return put(r);
}

// Saturate a wide value into the range of T.
template <class T, class W> inline T sat(W x) {
  using L = std::numeric_limits<T>;
  if (x < static_cast<W>(L::min())) return L::min();
  if (x > static_cast<W>(L::max())) return L::max();
  return static_cast<T>(x);
}

// Wrapping add/sub/mul/neg of T through its unsigned type.
template <class T> inline T wadd(T a, T b) { return static_cast<T>(U<T>(U<T>(a) + U<T>(b))); }
template <class T> inline T wsub(T a, T b) { return static_cast<T>(U<T>(U<T>(a) - U<T>(b))); }
template <class T> inline T wmul(T a, T b) {
  // promote narrow types to unsigned int so the product cannot overflow int
  using P = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, U<T>>;
  return static_cast<T>(U<T>(P(U<T>(a)) * P(U<T>(b))));
}
template <class T> inline T wneg(T a) { return static_cast<T>(U<T>(U<T>(0) - U<T>(a))); }
template <class T> inline T wabs(T a) { return a < 0 ? wneg(a) : a; }

// Shifts take the count modulo the lane width.
template <class T> inline V128 shl(V128 a, uint32_t n) {
  unsigned s = n & (sizeof(T) * 8 - 1);
  return map1<T>(a, [s](T x) { return static_cast<T>(static_cast<U<T>>(U<T>(x) << s)); });
}
template <class T> inline V128 shr(V128 a, uint32_t n) {  // arithmetic if T signed
  unsigned s = n & (sizeof(T) * 8 - 1);
  return map1<T>(a, [s](T x) { return static_cast<T>(x >> s); });
}

template <class T> inline uint32_t all_true(V128 a) {
  Lanes<T> x = get<T>(a);
  bool r = true;
  for (unsigned i = 0; i < Lanes<T>::N; ++i) r &= x[i] != 0;
  return r ? 1u : 0u;
}
template <class T> inline uint32_t bitmask(V128 a) {
  Lanes<T> x = get<T>(a);
  uint32_t r = 0;
  for (unsigned i = 0; i < Lanes<T>::N; ++i) r |= static_cast<uint32_t>(U<T>(x[i]) >> (sizeof(T) * 8 - 1)) << i;
  return r;
}

// narrow: signed lanes S of a then b, saturated into D.
template <class D, class S> inline V128 narrow(V128 a, V128 b) {
  Lanes<S> x = get<S>(a), y = get<S>(b);
  Lanes<D> r;
  constexpr unsigned n = Lanes<S>::N;
  for (unsigned i = 0; i < n; ++i) r[i] = sat<D>(x[i]);
  for (unsigned i = 0; i < n; ++i) r[n + i] = sat<D>(y[i]);
  return put(r);
}

// extend: lanes S from the low or high half, widened to D.
template <class D, class S, bool High> inline V128 extend(V128 a) {
  Lanes<S> x = get<S>(a);
  Lanes<D> r;
  constexpr unsigned n = Lanes<D>::N, off = High ? n : 0;
  for (unsigned i = 0; i < n; ++i) r[i] = static_cast<D>(x[off + i]);
  return put(r);
}

// extmul: widen the low or high halves of a and b, then multiply (wrapping in D).
template <class D, class S, bool High> inline V128 extmul(V128 a, V128 b) {
  Lanes<S> x = get<S>(a), y = get<S>(b);
  Lanes<D> r;
  constexpr unsigned n = Lanes<D>::N, off = High ? n : 0;
  for (unsigned i = 0; i < n; ++i) r[i] = wmul(static_cast<D>(x[off + i]), static_cast<D>(y[off + i]));
  return put(r);
}

// extadd_pairwise: r[i] = a[2i] + a[2i+1], widened to D (cannot overflow).
template <class D, class S> inline V128 extadd_pairwise(V128 a) {
  Lanes<S> x = get<S>(a);
  Lanes<D> r;
  for (unsigned i = 0; i < Lanes<D>::N; ++i)
    r[i] = static_cast<D>(static_cast<D>(x[2 * i]) + static_cast<D>(x[2 * i + 1]));
  return put(r);
}

template <class T> inline V128 avgr_u(V128 a, V128 b) {
  return map2<T>(a, b, [](T x, T y) { return static_cast<T>((uint32_t(x) + uint32_t(y) + 1) >> 1); });
}

template <class T> inline V128 add_sat(V128 a, V128 b) {
  return map2<T>(a, b, [](T x, T y) { return sat<T>(int32_t(x) + int32_t(y)); });
}
template <class T> inline V128 sub_sat(V128 a, V128 b) {
  return map2<T>(a, b, [](T x, T y) { return sat<T>(int32_t(x) - int32_t(y)); });
}

}  // namespace simd

// ---------------------------------------------------------------------------
// shuffle, swizzle, splat, lanes
inline V128 I8x16Shuffle(V128 a, V128 b, const uint8_t* lanes) {
  uint8_t both[32];
  std::memcpy(both, a.b, 16);
  std::memcpy(both + 16, b.b, 16);
  V128 r;
  for (unsigned i = 0; i < 16; ++i) r.b[i] = both[lanes[i] & 31];  // lanes < 32 by validation
  return r;
}
inline V128 I8x16Swizzle(V128 a, V128 s) {
  V128 r;
  for (unsigned i = 0; i < 16; ++i) r.b[i] = s.b[i] < 16 ? a.b[s.b[i] & 15] : 0;
  return r;
}
inline V128 I8x16Splat(uint32_t x) { return simd::splat<uint8_t>(static_cast<uint8_t>(x)); }
inline V128 I16x8Splat(uint32_t x) { return simd::splat<uint16_t>(static_cast<uint16_t>(x)); }
inline V128 I32x4Splat(uint32_t x) { return simd::splat<uint32_t>(x); }
inline V128 I64x2Splat(uint64_t x) { return simd::splat<uint64_t>(x); }
inline V128 F32x4Splat(float x) { return simd::splat<float>(x); }
inline V128 F64x2Splat(double x) { return simd::splat<double>(x); }

// Lane indices are below the lane count by validation; masked so that an
// invalid index cannot reach outside the vector.
inline uint32_t I8x16ExtractLaneS(V128 a, uint8_t lane) {
  return static_cast<uint32_t>(int32_t(a.lane<int8_t>(lane & 15)));
}
inline uint32_t I8x16ExtractLaneU(V128 a, uint8_t lane) { return a.lane<uint8_t>(lane & 15); }
inline V128 I8x16ReplaceLane(V128 a, uint32_t x, uint8_t lane) {
  a.set_lane<uint8_t>(lane & 15, static_cast<uint8_t>(x));
  return a;
}
inline uint32_t I16x8ExtractLaneS(V128 a, uint8_t lane) {
  return static_cast<uint32_t>(int32_t(a.lane<int16_t>(lane & 7)));
}
inline uint32_t I16x8ExtractLaneU(V128 a, uint8_t lane) { return a.lane<uint16_t>(lane & 7); }
inline V128 I16x8ReplaceLane(V128 a, uint32_t x, uint8_t lane) {
  a.set_lane<uint16_t>(lane & 7, static_cast<uint16_t>(x));
  return a;
}
inline uint32_t I32x4ExtractLane(V128 a, uint8_t lane) { return a.lane<uint32_t>(lane & 3); }
inline V128 I32x4ReplaceLane(V128 a, uint32_t x, uint8_t lane) {
  a.set_lane<uint32_t>(lane & 3, x);
  return a;
}
inline uint64_t I64x2ExtractLane(V128 a, uint8_t lane) { return a.lane<uint64_t>(lane & 1); }
inline V128 I64x2ReplaceLane(V128 a, uint64_t x, uint8_t lane) {
  a.set_lane<uint64_t>(lane & 1, x);
  return a;
}
inline float F32x4ExtractLane(V128 a, uint8_t lane) { return a.lane<float>(lane & 3); }
inline V128 F32x4ReplaceLane(V128 a, float x, uint8_t lane) {
  a.set_lane<float>(lane & 3, x);
  return a;
}
inline double F64x2ExtractLane(V128 a, uint8_t lane) { return a.lane<double>(lane & 1); }
inline V128 F64x2ReplaceLane(V128 a, double x, uint8_t lane) {
  a.set_lane<double>(lane & 1, x);
  return a;
}

// ---------------------------------------------------------------------------
// comparisons
#define AKIRA_SIMD_CMP(Name, T, expr)                         \
  inline V128 Name(V128 a, V128 b) {                          \
    return simd::cmp<T>(a, b, [](T x, T y) { return expr; }); \
  }
AKIRA_SIMD_CMP(I8x16Eq, uint8_t, x == y)
AKIRA_SIMD_CMP(I8x16Ne, uint8_t, x != y)
AKIRA_SIMD_CMP(I8x16LtS, int8_t, x < y)
AKIRA_SIMD_CMP(I8x16LtU, uint8_t, x < y)
AKIRA_SIMD_CMP(I8x16GtS, int8_t, x > y)
AKIRA_SIMD_CMP(I8x16GtU, uint8_t, x > y)
AKIRA_SIMD_CMP(I8x16LeS, int8_t, x <= y)
AKIRA_SIMD_CMP(I8x16LeU, uint8_t, x <= y)
AKIRA_SIMD_CMP(I8x16GeS, int8_t, x >= y)
AKIRA_SIMD_CMP(I8x16GeU, uint8_t, x >= y)
AKIRA_SIMD_CMP(I16x8Eq, uint16_t, x == y)
AKIRA_SIMD_CMP(I16x8Ne, uint16_t, x != y)
AKIRA_SIMD_CMP(I16x8LtS, int16_t, x < y)
AKIRA_SIMD_CMP(I16x8LtU, uint16_t, x < y)
AKIRA_SIMD_CMP(I16x8GtS, int16_t, x > y)
AKIRA_SIMD_CMP(I16x8GtU, uint16_t, x > y)
AKIRA_SIMD_CMP(I16x8LeS, int16_t, x <= y)
AKIRA_SIMD_CMP(I16x8LeU, uint16_t, x <= y)
AKIRA_SIMD_CMP(I16x8GeS, int16_t, x >= y)
AKIRA_SIMD_CMP(I16x8GeU, uint16_t, x >= y)
AKIRA_SIMD_CMP(I32x4Eq, uint32_t, x == y)
AKIRA_SIMD_CMP(I32x4Ne, uint32_t, x != y)
AKIRA_SIMD_CMP(I32x4LtS, int32_t, x < y)
AKIRA_SIMD_CMP(I32x4LtU, uint32_t, x < y)
AKIRA_SIMD_CMP(I32x4GtS, int32_t, x > y)
AKIRA_SIMD_CMP(I32x4GtU, uint32_t, x > y)
AKIRA_SIMD_CMP(I32x4LeS, int32_t, x <= y)
AKIRA_SIMD_CMP(I32x4LeU, uint32_t, x <= y)
AKIRA_SIMD_CMP(I32x4GeS, int32_t, x >= y)
AKIRA_SIMD_CMP(I32x4GeU, uint32_t, x >= y)
AKIRA_SIMD_CMP(I64x2Eq, uint64_t, x == y)
AKIRA_SIMD_CMP(I64x2Ne, uint64_t, x != y)
AKIRA_SIMD_CMP(I64x2LtS, int64_t, x < y)
AKIRA_SIMD_CMP(I64x2GtS, int64_t, x > y)
AKIRA_SIMD_CMP(I64x2LeS, int64_t, x <= y)
AKIRA_SIMD_CMP(I64x2GeS, int64_t, x >= y)
AKIRA_SIMD_CMP(F32x4Eq, float, x == y)
AKIRA_SIMD_CMP(F32x4Ne, float, x != y)
AKIRA_SIMD_CMP(F32x4Lt, float, x < y)
AKIRA_SIMD_CMP(F32x4Gt, float, x > y)
AKIRA_SIMD_CMP(F32x4Le, float, x <= y)
AKIRA_SIMD_CMP(F32x4Ge, float, x >= y)
AKIRA_SIMD_CMP(F64x2Eq, double, x == y)
AKIRA_SIMD_CMP(F64x2Ne, double, x != y)
AKIRA_SIMD_CMP(F64x2Lt, double, x < y)
AKIRA_SIMD_CMP(F64x2Gt, double, x > y)
AKIRA_SIMD_CMP(F64x2Le, double, x <= y)
AKIRA_SIMD_CMP(F64x2Ge, double, x >= y)
#undef AKIRA_SIMD_CMP

// ---------------------------------------------------------------------------
// bitwise
inline V128 V128Not(V128 a) {
  return simd::map1<uint64_t>(a, [](uint64_t x) { return ~x; });
}
inline V128 V128And(V128 a, V128 b) {
  return simd::map2<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x & y; });
}
inline V128 V128Andnot(V128 a, V128 b) {
  return simd::map2<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x & ~y; });
}
inline V128 V128Or(V128 a, V128 b) {
  return simd::map2<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x | y; });
}
inline V128 V128Xor(V128 a, V128 b) {
  return simd::map2<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x ^ y; });
}
inline V128 V128Bitselect(V128 a, V128 b, V128 c) {
  simd::Lanes<uint64_t> x = simd::get<uint64_t>(a), y = simd::get<uint64_t>(b), m = simd::get<uint64_t>(c);
  simd::Lanes<uint64_t> r;
  for (unsigned i = 0; i < 2; ++i) r[i] = (x[i] & m[i]) | (y[i] & ~m[i]);
  return simd::put(r);
}
inline uint32_t V128AnyTrue(V128 a) {
  simd::Lanes<uint64_t> x = simd::get<uint64_t>(a);
  return (x[0] | x[1]) != 0 ? 1u : 0u;
}

// ---------------------------------------------------------------------------
// i8x16
inline V128 I8x16Abs(V128 a) {
  return simd::map1<int8_t>(a, [](int8_t x) { return simd::wabs(x); });
}
inline V128 I8x16Neg(V128 a) {
  return simd::map1<int8_t>(a, [](int8_t x) { return simd::wneg(x); });
}
inline V128 I8x16Popcnt(V128 a) {
  return simd::map1<uint8_t>(a, [](uint8_t x) { return static_cast<uint8_t>(std::popcount(x)); });
}
inline uint32_t I8x16AllTrue(V128 a) { return simd::all_true<uint8_t>(a); }
inline uint32_t I8x16Bitmask(V128 a) { return simd::bitmask<uint8_t>(a); }
inline V128 I8x16NarrowI16x8S(V128 a, V128 b) { return simd::narrow<int8_t, int16_t>(a, b); }
inline V128 I8x16NarrowI16x8U(V128 a, V128 b) { return simd::narrow<uint8_t, int16_t>(a, b); }
inline V128 I8x16Shl(V128 a, uint32_t n) { return simd::shl<uint8_t>(a, n); }
inline V128 I8x16ShrS(V128 a, uint32_t n) { return simd::shr<int8_t>(a, n); }
inline V128 I8x16ShrU(V128 a, uint32_t n) { return simd::shr<uint8_t>(a, n); }
inline V128 I8x16Add(V128 a, V128 b) {
  return simd::map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return simd::wadd(x, y); });
}
inline V128 I8x16AddSatS(V128 a, V128 b) { return simd::add_sat<int8_t>(a, b); }
inline V128 I8x16AddSatU(V128 a, V128 b) { return simd::add_sat<uint8_t>(a, b); }
inline V128 I8x16Sub(V128 a, V128 b) {
  return simd::map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return simd::wsub(x, y); });
}
inline V128 I8x16SubSatS(V128 a, V128 b) { return simd::sub_sat<int8_t>(a, b); }
inline V128 I8x16SubSatU(V128 a, V128 b) { return simd::sub_sat<uint8_t>(a, b); }
inline V128 I8x16MinS(V128 a, V128 b) {
  return simd::map2<int8_t>(a, b, [](int8_t x, int8_t y) { return x < y ? x : y; });
}
inline V128 I8x16MinU(V128 a, V128 b) {
  return simd::map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x < y ? x : y; });
}
inline V128 I8x16MaxS(V128 a, V128 b) {
  return simd::map2<int8_t>(a, b, [](int8_t x, int8_t y) { return x > y ? x : y; });
}
inline V128 I8x16MaxU(V128 a, V128 b) {
  return simd::map2<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x > y ? x : y; });
}
inline V128 I8x16AvgrU(V128 a, V128 b) { return simd::avgr_u<uint8_t>(a, b); }

// ---------------------------------------------------------------------------
// i16x8
inline V128 I16x8ExtaddPairwiseI8x16S(V128 a) { return simd::extadd_pairwise<int16_t, int8_t>(a); }
inline V128 I16x8ExtaddPairwiseI8x16U(V128 a) { return simd::extadd_pairwise<uint16_t, uint8_t>(a); }
inline V128 I32x4ExtaddPairwiseI16x8S(V128 a) { return simd::extadd_pairwise<int32_t, int16_t>(a); }
inline V128 I32x4ExtaddPairwiseI16x8U(V128 a) { return simd::extadd_pairwise<uint32_t, uint16_t>(a); }
inline V128 I16x8Abs(V128 a) {
  return simd::map1<int16_t>(a, [](int16_t x) { return simd::wabs(x); });
}
inline V128 I16x8Neg(V128 a) {
  return simd::map1<int16_t>(a, [](int16_t x) { return simd::wneg(x); });
}
inline V128 I16x8Q15mulrSatS(V128 a, V128 b) {
  return simd::map2<int16_t>(a, b, [](int16_t x, int16_t y) {
    // |x*y| <= 2^30, so the rounding add stays within int32
    return simd::sat<int16_t>((int32_t(x) * int32_t(y) + 0x4000) >> 15);
  });
}
inline uint32_t I16x8AllTrue(V128 a) { return simd::all_true<uint16_t>(a); }
inline uint32_t I16x8Bitmask(V128 a) { return simd::bitmask<uint16_t>(a); }
inline V128 I16x8NarrowI32x4S(V128 a, V128 b) { return simd::narrow<int16_t, int32_t>(a, b); }
inline V128 I16x8NarrowI32x4U(V128 a, V128 b) { return simd::narrow<uint16_t, int32_t>(a, b); }
inline V128 I16x8ExtendLowI8x16S(V128 a) { return simd::extend<int16_t, int8_t, false>(a); }
inline V128 I16x8ExtendHighI8x16S(V128 a) { return simd::extend<int16_t, int8_t, true>(a); }
inline V128 I16x8ExtendLowI8x16U(V128 a) { return simd::extend<uint16_t, uint8_t, false>(a); }
inline V128 I16x8ExtendHighI8x16U(V128 a) { return simd::extend<uint16_t, uint8_t, true>(a); }
inline V128 I16x8Shl(V128 a, uint32_t n) { return simd::shl<uint16_t>(a, n); }
inline V128 I16x8ShrS(V128 a, uint32_t n) { return simd::shr<int16_t>(a, n); }
inline V128 I16x8ShrU(V128 a, uint32_t n) { return simd::shr<uint16_t>(a, n); }
inline V128 I16x8Add(V128 a, V128 b) {
  return simd::map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return simd::wadd(x, y); });
}
inline V128 I16x8AddSatS(V128 a, V128 b) { return simd::add_sat<int16_t>(a, b); }
inline V128 I16x8AddSatU(V128 a, V128 b) { return simd::add_sat<uint16_t>(a, b); }
inline V128 I16x8Sub(V128 a, V128 b) {
  return simd::map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return simd::wsub(x, y); });
}
inline V128 I16x8SubSatS(V128 a, V128 b) { return simd::sub_sat<int16_t>(a, b); }
inline V128 I16x8SubSatU(V128 a, V128 b) { return simd::sub_sat<uint16_t>(a, b); }
inline V128 I16x8Mul(V128 a, V128 b) {
  return simd::map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return simd::wmul(x, y); });
}
inline V128 I16x8MinS(V128 a, V128 b) {
  return simd::map2<int16_t>(a, b, [](int16_t x, int16_t y) { return x < y ? x : y; });
}
inline V128 I16x8MinU(V128 a, V128 b) {
  return simd::map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x < y ? x : y; });
}
inline V128 I16x8MaxS(V128 a, V128 b) {
  return simd::map2<int16_t>(a, b, [](int16_t x, int16_t y) { return x > y ? x : y; });
}
inline V128 I16x8MaxU(V128 a, V128 b) {
  return simd::map2<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x > y ? x : y; });
}
inline V128 I16x8AvgrU(V128 a, V128 b) { return simd::avgr_u<uint16_t>(a, b); }
inline V128 I16x8ExtmulLowI8x16S(V128 a, V128 b) { return simd::extmul<int16_t, int8_t, false>(a, b); }
inline V128 I16x8ExtmulHighI8x16S(V128 a, V128 b) { return simd::extmul<int16_t, int8_t, true>(a, b); }
inline V128 I16x8ExtmulLowI8x16U(V128 a, V128 b) { return simd::extmul<uint16_t, uint8_t, false>(a, b); }
inline V128 I16x8ExtmulHighI8x16U(V128 a, V128 b) { return simd::extmul<uint16_t, uint8_t, true>(a, b); }

// ---------------------------------------------------------------------------
// i32x4
inline V128 I32x4Abs(V128 a) {
  return simd::map1<int32_t>(a, [](int32_t x) { return simd::wabs(x); });
}
inline V128 I32x4Neg(V128 a) {
  return simd::map1<int32_t>(a, [](int32_t x) { return simd::wneg(x); });
}
inline uint32_t I32x4AllTrue(V128 a) { return simd::all_true<uint32_t>(a); }
inline uint32_t I32x4Bitmask(V128 a) { return simd::bitmask<uint32_t>(a); }
inline V128 I32x4ExtendLowI16x8S(V128 a) { return simd::extend<int32_t, int16_t, false>(a); }
inline V128 I32x4ExtendHighI16x8S(V128 a) { return simd::extend<int32_t, int16_t, true>(a); }
inline V128 I32x4ExtendLowI16x8U(V128 a) { return simd::extend<uint32_t, uint16_t, false>(a); }
inline V128 I32x4ExtendHighI16x8U(V128 a) { return simd::extend<uint32_t, uint16_t, true>(a); }
inline V128 I32x4Shl(V128 a, uint32_t n) { return simd::shl<uint32_t>(a, n); }
inline V128 I32x4ShrS(V128 a, uint32_t n) { return simd::shr<int32_t>(a, n); }
inline V128 I32x4ShrU(V128 a, uint32_t n) { return simd::shr<uint32_t>(a, n); }
inline V128 I32x4Add(V128 a, V128 b) {
  return simd::map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x + y; });
}
inline V128 I32x4Sub(V128 a, V128 b) {
  return simd::map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x - y; });
}
inline V128 I32x4Mul(V128 a, V128 b) {
  return simd::map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x * y; });
}
inline V128 I32x4MinS(V128 a, V128 b) {
  return simd::map2<int32_t>(a, b, [](int32_t x, int32_t y) { return x < y ? x : y; });
}
inline V128 I32x4MinU(V128 a, V128 b) {
  return simd::map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x < y ? x : y; });
}
inline V128 I32x4MaxS(V128 a, V128 b) {
  return simd::map2<int32_t>(a, b, [](int32_t x, int32_t y) { return x > y ? x : y; });
}
inline V128 I32x4MaxU(V128 a, V128 b) {
  return simd::map2<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x > y ? x : y; });
}
inline V128 I32x4DotI16x8S(V128 a, V128 b) {
  simd::Lanes<int16_t> x = simd::get<int16_t>(a), y = simd::get<int16_t>(b);
  simd::Lanes<uint32_t> r;
  for (unsigned i = 0; i < 4; ++i) {
    // each product fits in int32; their sum may wrap (only for -32768^2 * 2)
    uint32_t p0 = static_cast<uint32_t>(int32_t(x[2 * i]) * int32_t(y[2 * i]));
    uint32_t p1 = static_cast<uint32_t>(int32_t(x[2 * i + 1]) * int32_t(y[2 * i + 1]));
    r[i] = p0 + p1;
  }
  return simd::put(r);
}
inline V128 I32x4ExtmulLowI16x8S(V128 a, V128 b) { return simd::extmul<int32_t, int16_t, false>(a, b); }
inline V128 I32x4ExtmulHighI16x8S(V128 a, V128 b) { return simd::extmul<int32_t, int16_t, true>(a, b); }
inline V128 I32x4ExtmulLowI16x8U(V128 a, V128 b) { return simd::extmul<uint32_t, uint16_t, false>(a, b); }
inline V128 I32x4ExtmulHighI16x8U(V128 a, V128 b) { return simd::extmul<uint32_t, uint16_t, true>(a, b); }

// ---------------------------------------------------------------------------
// i64x2
inline V128 I64x2Abs(V128 a) {
  return simd::map1<int64_t>(a, [](int64_t x) { return simd::wabs(x); });
}
inline V128 I64x2Neg(V128 a) {
  return simd::map1<int64_t>(a, [](int64_t x) { return simd::wneg(x); });
}
inline uint32_t I64x2AllTrue(V128 a) { return simd::all_true<uint64_t>(a); }
inline uint32_t I64x2Bitmask(V128 a) { return simd::bitmask<uint64_t>(a); }
inline V128 I64x2ExtendLowI32x4S(V128 a) { return simd::extend<int64_t, int32_t, false>(a); }
inline V128 I64x2ExtendHighI32x4S(V128 a) { return simd::extend<int64_t, int32_t, true>(a); }
inline V128 I64x2ExtendLowI32x4U(V128 a) { return simd::extend<uint64_t, uint32_t, false>(a); }
inline V128 I64x2ExtendHighI32x4U(V128 a) { return simd::extend<uint64_t, uint32_t, true>(a); }
inline V128 I64x2Shl(V128 a, uint32_t n) { return simd::shl<uint64_t>(a, n); }
inline V128 I64x2ShrS(V128 a, uint32_t n) { return simd::shr<int64_t>(a, n); }
inline V128 I64x2ShrU(V128 a, uint32_t n) { return simd::shr<uint64_t>(a, n); }
inline V128 I64x2Add(V128 a, V128 b) {
  return simd::map2<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x + y; });
}
inline V128 I64x2Sub(V128 a, V128 b) {
  return simd::map2<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x - y; });
}
inline V128 I64x2Mul(V128 a, V128 b) {
  return simd::map2<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x * y; });
}
inline V128 I64x2ExtmulLowI32x4S(V128 a, V128 b) { return simd::extmul<int64_t, int32_t, false>(a, b); }
inline V128 I64x2ExtmulHighI32x4S(V128 a, V128 b) { return simd::extmul<int64_t, int32_t, true>(a, b); }
inline V128 I64x2ExtmulLowI32x4U(V128 a, V128 b) { return simd::extmul<uint64_t, uint32_t, false>(a, b); }
inline V128 I64x2ExtmulHighI32x4U(V128 a, V128 b) { return simd::extmul<uint64_t, uint32_t, true>(a, b); }

// ---------------------------------------------------------------------------
// f32x4
inline V128 F32x4Abs(V128 a) { return simd::map1<float>(a, F32Abs); }
inline V128 F32x4Neg(V128 a) { return simd::map1<float>(a, F32Neg); }
inline V128 F32x4Sqrt(V128 a) { return simd::map1<float>(a, F32Sqrt); }
inline V128 F32x4Ceil(V128 a) { return simd::map1<float>(a, F32Ceil); }
inline V128 F32x4Floor(V128 a) { return simd::map1<float>(a, F32Floor); }
inline V128 F32x4Trunc(V128 a) { return simd::map1<float>(a, F32Trunc); }
inline V128 F32x4Nearest(V128 a) { return simd::map1<float>(a, F32Nearest); }
inline V128 F32x4Add(V128 a, V128 b) { return simd::map2<float>(a, b, F32Add); }
inline V128 F32x4Sub(V128 a, V128 b) { return simd::map2<float>(a, b, F32Sub); }
inline V128 F32x4Mul(V128 a, V128 b) { return simd::map2<float>(a, b, F32Mul); }
inline V128 F32x4Div(V128 a, V128 b) { return simd::map2<float>(a, b, F32Div); }
inline V128 F32x4Min(V128 a, V128 b) { return simd::map2<float>(a, b, F32Min); }
inline V128 F32x4Max(V128 a, V128 b) { return simd::map2<float>(a, b, F32Max); }
inline V128 F32x4Pmin(V128 a, V128 b) {
  return simd::map2<float>(a, b, [](float x, float y) { return y < x ? y : x; });
}
inline V128 F32x4Pmax(V128 a, V128 b) {
  return simd::map2<float>(a, b, [](float x, float y) { return x < y ? y : x; });
}

// f64x2
inline V128 F64x2Abs(V128 a) { return simd::map1<double>(a, F64Abs); }
inline V128 F64x2Neg(V128 a) { return simd::map1<double>(a, F64Neg); }
inline V128 F64x2Sqrt(V128 a) { return simd::map1<double>(a, F64Sqrt); }
inline V128 F64x2Ceil(V128 a) { return simd::map1<double>(a, F64Ceil); }
inline V128 F64x2Floor(V128 a) { return simd::map1<double>(a, F64Floor); }
inline V128 F64x2Trunc(V128 a) { return simd::map1<double>(a, F64Trunc); }
inline V128 F64x2Nearest(V128 a) { return simd::map1<double>(a, F64Nearest); }
inline V128 F64x2Add(V128 a, V128 b) { return simd::map2<double>(a, b, F64Add); }
inline V128 F64x2Sub(V128 a, V128 b) { return simd::map2<double>(a, b, F64Sub); }
inline V128 F64x2Mul(V128 a, V128 b) { return simd::map2<double>(a, b, F64Mul); }
inline V128 F64x2Div(V128 a, V128 b) { return simd::map2<double>(a, b, F64Div); }
inline V128 F64x2Min(V128 a, V128 b) { return simd::map2<double>(a, b, F64Min); }
inline V128 F64x2Max(V128 a, V128 b) { return simd::map2<double>(a, b, F64Max); }
inline V128 F64x2Pmin(V128 a, V128 b) {
  return simd::map2<double>(a, b, [](double x, double y) { return y < x ? y : x; });
}
inline V128 F64x2Pmax(V128 a, V128 b) {
  return simd::map2<double>(a, b, [](double x, double y) { return x < y ? y : x; });
}

// ---------------------------------------------------------------------------
// conversions
inline V128 I32x4TruncSatF32x4S(V128 a) { return simd::map1<float, uint32_t>(a, I32TruncSatF32S); }
inline V128 I32x4TruncSatF32x4U(V128 a) { return simd::map1<float, uint32_t>(a, I32TruncSatF32U); }
inline V128 F32x4ConvertI32x4S(V128 a) { return simd::map1<uint32_t, float>(a, F32ConvertI32S); }
inline V128 F32x4ConvertI32x4U(V128 a) { return simd::map1<uint32_t, float>(a, F32ConvertI32U); }
inline V128 I32x4TruncSatF64x2SZero(V128 a) {
  simd::Lanes<double> x = simd::get<double>(a);
  simd::Lanes<uint32_t> r{{I32TruncSatF64S(x[0]), I32TruncSatF64S(x[1]), 0, 0}};
  return simd::put(r);
}
inline V128 I32x4TruncSatF64x2UZero(V128 a) {
  simd::Lanes<double> x = simd::get<double>(a);
  simd::Lanes<uint32_t> r{{I32TruncSatF64U(x[0]), I32TruncSatF64U(x[1]), 0, 0}};
  return simd::put(r);
}
inline V128 F64x2ConvertLowI32x4S(V128 a) {
  simd::Lanes<uint32_t> x = simd::get<uint32_t>(a);
  simd::Lanes<double> r{{F64ConvertI32S(x[0]), F64ConvertI32S(x[1])}};
  return simd::put(r);
}
inline V128 F64x2ConvertLowI32x4U(V128 a) {
  simd::Lanes<uint32_t> x = simd::get<uint32_t>(a);
  simd::Lanes<double> r{{F64ConvertI32U(x[0]), F64ConvertI32U(x[1])}};
  return simd::put(r);
}
inline V128 F32x4DemoteF64x2Zero(V128 a) {
  simd::Lanes<double> x = simd::get<double>(a);
  simd::Lanes<float> r{{F32DemoteF64(x[0]), F32DemoteF64(x[1]), 0.0f, 0.0f}};
  return simd::put(r);
}
inline V128 F64x2PromoteLowF32x4(V128 a) {
  simd::Lanes<float> x = simd::get<float>(a);
  simd::Lanes<double> r{{F64PromoteF32(x[0]), F64PromoteF32(x[1])}};
  return simd::put(r);
}

}  // namespace akira::exec
