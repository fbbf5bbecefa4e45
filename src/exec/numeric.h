// Exact WebAssembly 2.0 semantics of the scalar numeric instructions.
//
// One inline function per Pure/Trap instruction of opcodes.def, named like the
// table's first column. Operands are in signature order (leftmost = pushed first);
// value types map i->uint32_t, I->uint64_t, f->float, F->double. Trap functions
// take a trailing TrapCode& that is set (and 0 returned) only when they trap.
//
// Integers are carried as unsigned and reinterpreted where the operation is
// signed, so no operation has undefined behaviour. Float operations whose result
// is a NaN return a quiet NaN; bitwise operations (abs, neg, copysign,
// reinterpret) leave NaN payloads untouched.
#pragma once
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "common/trap.h"
#include "wasm/types.h"

static_assert(std::endian::native == std::endian::little, "akira assumes a little-endian host");
static_assert(std::numeric_limits<float>::is_iec559 && std::numeric_limits<double>::is_iec559,
              "akira assumes IEEE 754 floats");

namespace akira::exec {

// ---------------------------------------------------------------------------
// Helpers shared with simd.h.
namespace detail {

inline uint32_t f32_bits(float x) { return std::bit_cast<uint32_t>(x); }
inline uint64_t f64_bits(double x) { return std::bit_cast<uint64_t>(x); }
inline float f32_from(uint32_t b) { return std::bit_cast<float>(b); }
inline double f64_from(uint64_t b) { return std::bit_cast<double>(b); }

inline uint32_t b2i(bool b) { return b ? 1u : 0u; }

// fmin/fmax per the spec: any NaN operand gives a NaN (quieted, derived from an
// operand); -0 < +0.
template <class T> inline T fmin(T a, T b) {
  if (a != a || b != b) return a + b;  // quiet NaN, propagated from an operand
  if (a == b) {                        // equal, or +0 vs -0: prefer the negative one
    if constexpr (sizeof(T) == 4)
      return f32_from(f32_bits(a) | f32_bits(b));
    else
      return f64_from(f64_bits(a) | f64_bits(b));
  }
  return a < b ? a : b;
}
template <class T> inline T fmax(T a, T b) {
  if (a != a || b != b) return a + b;
  if (a == b) {  // prefer +0 over -0
    if constexpr (sizeof(T) == 4)
      return f32_from(f32_bits(a) & f32_bits(b));
    else
      return f64_from(f64_bits(a) & f64_bits(b));
  }
  return a > b ? a : b;
}

// Rounding to integral values. NaN inputs return a quiet NaN (x + x quiets a
// signalling NaN); infinities and zeros are returned unchanged with their sign.
template <class T> inline T fceil(T x) { return x != x ? x + x : std::ceil(x); }
template <class T> inline T ffloor(T x) { return x != x ? x + x : std::floor(x); }
template <class T> inline T ftrunc(T x) { return x != x ? x + x : std::trunc(x); }

// Round to nearest, ties to even. std::nearbyint honours the current rounding
// mode, which the runtime never changes from the default (to nearest); it keeps
// the sign of zero results (nearest(-0.5) = -0) and raises no exceptions.
template <class T> inline T fnearest(T x) { return x != x ? x + x : std::nearbyint(x); }

template <class T> inline T fsqrt(T x) { return std::sqrt(x); }

// NaN-preserving conversions between f32 and f64 (always yield a quiet NaN,
// keeping sign and the high payload bits, like the hardware does).
inline float demote(double x) {
  if (x != x) {
    uint64_t b = f64_bits(x);
    uint32_t sign = static_cast<uint32_t>(b >> 32) & 0x80000000u;
    uint32_t payload = static_cast<uint32_t>((b & 0x000FFFFFFFFFFFFFull) >> 29);
    return f32_from(sign | 0x7FC00000u | payload);
  }
  return static_cast<float>(x);
}
inline double promote(float x) {
  if (x != x) {
    uint32_t b = f32_bits(x);
    uint64_t sign = static_cast<uint64_t>(b & 0x80000000u) << 32;
    uint64_t payload = static_cast<uint64_t>(b & 0x007FFFFFu) << 29;
    return f64_from(sign | 0x7FF8000000000000ull | payload);
  }
  return static_cast<double>(x);
}

// 2^n as a float constant (exact for the n used here).
template <class F> constexpr F pow2(int n) {
  F r = 1;
  for (int i = 0; i < n; ++i) r *= 2;
  return r;
}

// Saturating truncation: NaN -> 0, out of range -> the nearest bound.
template <class R, class F> inline R trunc_sat(F x) {
  using L = std::numeric_limits<R>;
  if (x != x) return 0;
  if constexpr (L::is_signed) {
    // In range iff -2^(N-1) <= trunc(x) < 2^(N-1); both bounds are exact.
    constexpr F lo = -pow2<F>(L::digits);  // -2^(N-1)
    constexpr F hi = pow2<F>(L::digits);   //  2^(N-1)
    if (x >= hi) return L::max();
    F t = std::trunc(x);
    if (t < lo) return L::min();
    return static_cast<R>(t);
  } else {
    constexpr F hi = pow2<F>(L::digits);  // 2^N
    if (x >= hi) return L::max();
    if (x <= F(-1)) return 0;
    return static_cast<R>(x);  // x in (-1, 2^N): truncates into range
  }
}

// Trapping truncation: NaN -> invalid conversion, out of range -> overflow.
template <class R, class F> inline R trunc_trap(F x, TrapCode& trap) {
  using L = std::numeric_limits<R>;
  if (x != x) {
    trap = TrapCode::InvalidConversion;
    return 0;
  }
  if constexpr (L::is_signed) {
    constexpr F lo = -pow2<F>(L::digits);
    constexpr F hi = pow2<F>(L::digits);
    F t = std::trunc(x);
    if (!(x < hi) || t < lo) {
      trap = TrapCode::IntOverflow;
      return 0;
    }
    return static_cast<R>(t);
  } else {
    constexpr F hi = pow2<F>(L::digits);
    if (!(x < hi) || !(x > F(-1))) {
      trap = TrapCode::IntOverflow;
      return 0;
    }
    return static_cast<R>(x);
  }
}

}  // namespace detail

// ---------------------------------------------------------------------------
// i32 comparisons
inline uint32_t I32Eqz(uint32_t a) { return detail::b2i(a == 0); }
inline uint32_t I32Eq(uint32_t a, uint32_t b) { return detail::b2i(a == b); }
inline uint32_t I32Ne(uint32_t a, uint32_t b) { return detail::b2i(a != b); }
inline uint32_t I32LtS(uint32_t a, uint32_t b) { return detail::b2i(int32_t(a) < int32_t(b)); }
inline uint32_t I32LtU(uint32_t a, uint32_t b) { return detail::b2i(a < b); }
inline uint32_t I32GtS(uint32_t a, uint32_t b) { return detail::b2i(int32_t(a) > int32_t(b)); }
inline uint32_t I32GtU(uint32_t a, uint32_t b) { return detail::b2i(a > b); }
inline uint32_t I32LeS(uint32_t a, uint32_t b) { return detail::b2i(int32_t(a) <= int32_t(b)); }
inline uint32_t I32LeU(uint32_t a, uint32_t b) { return detail::b2i(a <= b); }
inline uint32_t I32GeS(uint32_t a, uint32_t b) { return detail::b2i(int32_t(a) >= int32_t(b)); }
inline uint32_t I32GeU(uint32_t a, uint32_t b) { return detail::b2i(a >= b); }

// i64 comparisons
inline uint32_t I64Eqz(uint64_t a) { return detail::b2i(a == 0); }
inline uint32_t I64Eq(uint64_t a, uint64_t b) { return detail::b2i(a == b); }
inline uint32_t I64Ne(uint64_t a, uint64_t b) { return detail::b2i(a != b); }
inline uint32_t I64LtS(uint64_t a, uint64_t b) { return detail::b2i(int64_t(a) < int64_t(b)); }
inline uint32_t I64LtU(uint64_t a, uint64_t b) { return detail::b2i(a < b); }
inline uint32_t I64GtS(uint64_t a, uint64_t b) { return detail::b2i(int64_t(a) > int64_t(b)); }
inline uint32_t I64GtU(uint64_t a, uint64_t b) { return detail::b2i(a > b); }
inline uint32_t I64LeS(uint64_t a, uint64_t b) { return detail::b2i(int64_t(a) <= int64_t(b)); }
inline uint32_t I64LeU(uint64_t a, uint64_t b) { return detail::b2i(a <= b); }
inline uint32_t I64GeS(uint64_t a, uint64_t b) { return detail::b2i(int64_t(a) >= int64_t(b)); }
inline uint32_t I64GeU(uint64_t a, uint64_t b) { return detail::b2i(a >= b); }

// float comparisons (any comparison with NaN is false, except ne)
inline uint32_t F32Eq(float a, float b) { return detail::b2i(a == b); }
inline uint32_t F32Ne(float a, float b) { return detail::b2i(a != b); }
inline uint32_t F32Lt(float a, float b) { return detail::b2i(a < b); }
inline uint32_t F32Gt(float a, float b) { return detail::b2i(a > b); }
inline uint32_t F32Le(float a, float b) { return detail::b2i(a <= b); }
inline uint32_t F32Ge(float a, float b) { return detail::b2i(a >= b); }
inline uint32_t F64Eq(double a, double b) { return detail::b2i(a == b); }
inline uint32_t F64Ne(double a, double b) { return detail::b2i(a != b); }
inline uint32_t F64Lt(double a, double b) { return detail::b2i(a < b); }
inline uint32_t F64Gt(double a, double b) { return detail::b2i(a > b); }
inline uint32_t F64Le(double a, double b) { return detail::b2i(a <= b); }
inline uint32_t F64Ge(double a, double b) { return detail::b2i(a >= b); }

// ---------------------------------------------------------------------------
// i32 arithmetic
inline uint32_t I32Clz(uint32_t a) { return static_cast<uint32_t>(std::countl_zero(a)); }
inline uint32_t I32Ctz(uint32_t a) { return static_cast<uint32_t>(std::countr_zero(a)); }
inline uint32_t I32Popcnt(uint32_t a) { return static_cast<uint32_t>(std::popcount(a)); }
inline uint32_t I32Add(uint32_t a, uint32_t b) { return a + b; }
inline uint32_t I32Sub(uint32_t a, uint32_t b) { return a - b; }
inline uint32_t I32Mul(uint32_t a, uint32_t b) { return a * b; }
inline uint32_t I32DivS(uint32_t a, uint32_t b, TrapCode& trap) {
  if (b == 0) {
    trap = TrapCode::IntDivByZero;
    return 0;
  }
  if (a == 0x80000000u && b == 0xFFFFFFFFu) {
    trap = TrapCode::IntOverflow;
    return 0;
  }
  return static_cast<uint32_t>(int32_t(a) / int32_t(b));
}
inline uint32_t I32DivU(uint32_t a, uint32_t b, TrapCode& trap) {
  if (b == 0) {
    trap = TrapCode::IntDivByZero;
    return 0;
  }
  return a / b;
}
inline uint32_t I32RemS(uint32_t a, uint32_t b, TrapCode& trap) {
  if (b == 0) {
    trap = TrapCode::IntDivByZero;
    return 0;
  }
  if (b == 0xFFFFFFFFu) return 0;  // x % -1 == 0, and INT_MIN % -1 would be UB
  return static_cast<uint32_t>(int32_t(a) % int32_t(b));
}
inline uint32_t I32RemU(uint32_t a, uint32_t b, TrapCode& trap) {
  if (b == 0) {
    trap = TrapCode::IntDivByZero;
    return 0;
  }
  return a % b;
}
inline uint32_t I32And(uint32_t a, uint32_t b) { return a & b; }
inline uint32_t I32Or(uint32_t a, uint32_t b) { return a | b; }
inline uint32_t I32Xor(uint32_t a, uint32_t b) { return a ^ b; }
inline uint32_t I32Shl(uint32_t a, uint32_t b) { return a << (b & 31); }
inline uint32_t I32ShrS(uint32_t a, uint32_t b) { return static_cast<uint32_t>(int32_t(a) >> (b & 31)); }
inline uint32_t I32ShrU(uint32_t a, uint32_t b) { return a >> (b & 31); }
inline uint32_t I32Rotl(uint32_t a, uint32_t b) { return std::rotl(a, static_cast<int>(b & 31)); }
inline uint32_t I32Rotr(uint32_t a, uint32_t b) { return std::rotr(a, static_cast<int>(b & 31)); }

// i64 arithmetic
inline uint64_t I64Clz(uint64_t a) { return static_cast<uint64_t>(std::countl_zero(a)); }
inline uint64_t I64Ctz(uint64_t a) { return static_cast<uint64_t>(std::countr_zero(a)); }
inline uint64_t I64Popcnt(uint64_t a) { return static_cast<uint64_t>(std::popcount(a)); }
inline uint64_t I64Add(uint64_t a, uint64_t b) { return a + b; }
inline uint64_t I64Sub(uint64_t a, uint64_t b) { return a - b; }
inline uint64_t I64Mul(uint64_t a, uint64_t b) { return a * b; }
inline uint64_t I64DivS(uint64_t a, uint64_t b, TrapCode& trap) {
  if (b == 0) {
    trap = TrapCode::IntDivByZero;
    return 0;
  }
  if (a == 0x8000000000000000ull && b == ~0ull) {
    trap = TrapCode::IntOverflow;
    return 0;
  }
  return static_cast<uint64_t>(int64_t(a) / int64_t(b));
}
inline uint64_t I64DivU(uint64_t a, uint64_t b, TrapCode& trap) {
  if (b == 0) {
    trap = TrapCode::IntDivByZero;
    return 0;
  }
  return a / b;
}
inline uint64_t I64RemS(uint64_t a, uint64_t b, TrapCode& trap) {
  if (b == 0) {
    trap = TrapCode::IntDivByZero;
    return 0;
  }
  if (b == ~0ull) return 0;
  return static_cast<uint64_t>(int64_t(a) % int64_t(b));
}
inline uint64_t I64RemU(uint64_t a, uint64_t b, TrapCode& trap) {
  if (b == 0) {
    trap = TrapCode::IntDivByZero;
    return 0;
  }
  return a % b;
}
inline uint64_t I64And(uint64_t a, uint64_t b) { return a & b; }
inline uint64_t I64Or(uint64_t a, uint64_t b) { return a | b; }
inline uint64_t I64Xor(uint64_t a, uint64_t b) { return a ^ b; }
inline uint64_t I64Shl(uint64_t a, uint64_t b) { return a << (b & 63); }
inline uint64_t I64ShrS(uint64_t a, uint64_t b) { return static_cast<uint64_t>(int64_t(a) >> (b & 63)); }
inline uint64_t I64ShrU(uint64_t a, uint64_t b) { return a >> (b & 63); }
inline uint64_t I64Rotl(uint64_t a, uint64_t b) { return std::rotl(a, static_cast<int>(b & 63)); }
inline uint64_t I64Rotr(uint64_t a, uint64_t b) { return std::rotr(a, static_cast<int>(b & 63)); }

// ---------------------------------------------------------------------------
// f32 arithmetic
inline float F32Abs(float a) { return detail::f32_from(detail::f32_bits(a) & 0x7FFFFFFFu); }
inline float F32Neg(float a) { return detail::f32_from(detail::f32_bits(a) ^ 0x80000000u); }
inline float F32Ceil(float a) { return detail::fceil(a); }
inline float F32Floor(float a) { return detail::ffloor(a); }
inline float F32Trunc(float a) { return detail::ftrunc(a); }
inline float F32Nearest(float a) { return detail::fnearest(a); }
inline float F32Sqrt(float a) { return detail::fsqrt(a); }
inline float F32Add(float a, float b) { return a + b; }
inline float F32Sub(float a, float b) { return a - b; }
inline float F32Mul(float a, float b) { return a * b; }
inline float F32Div(float a, float b) { return a / b; }
inline float F32Min(float a, float b) { return detail::fmin(a, b); }
inline float F32Max(float a, float b) { return detail::fmax(a, b); }
inline float F32Copysign(float a, float b) {
  return detail::f32_from((detail::f32_bits(a) & 0x7FFFFFFFu) | (detail::f32_bits(b) & 0x80000000u));
}

// f64 arithmetic
inline double F64Abs(double a) { return detail::f64_from(detail::f64_bits(a) & 0x7FFFFFFFFFFFFFFFull); }
inline double F64Neg(double a) { return detail::f64_from(detail::f64_bits(a) ^ 0x8000000000000000ull); }
inline double F64Ceil(double a) { return detail::fceil(a); }
inline double F64Floor(double a) { return detail::ffloor(a); }
inline double F64Trunc(double a) { return detail::ftrunc(a); }
inline double F64Nearest(double a) { return detail::fnearest(a); }
inline double F64Sqrt(double a) { return detail::fsqrt(a); }
inline double F64Add(double a, double b) { return a + b; }
inline double F64Sub(double a, double b) { return a - b; }
inline double F64Mul(double a, double b) { return a * b; }
inline double F64Div(double a, double b) { return a / b; }
inline double F64Min(double a, double b) { return detail::fmin(a, b); }
inline double F64Max(double a, double b) { return detail::fmax(a, b); }
inline double F64Copysign(double a, double b) {
  return detail::f64_from((detail::f64_bits(a) & 0x7FFFFFFFFFFFFFFFull) |
                          (detail::f64_bits(b) & 0x8000000000000000ull));
}

// ---------------------------------------------------------------------------
// conversions
inline uint32_t I32WrapI64(uint64_t a) { return static_cast<uint32_t>(a); }
inline uint32_t I32TruncF32S(float a, TrapCode& trap) {
  return static_cast<uint32_t>(detail::trunc_trap<int32_t>(a, trap));
}
inline uint32_t I32TruncF32U(float a, TrapCode& trap) { return detail::trunc_trap<uint32_t>(a, trap); }
inline uint32_t I32TruncF64S(double a, TrapCode& trap) {
  return static_cast<uint32_t>(detail::trunc_trap<int32_t>(a, trap));
}
inline uint32_t I32TruncF64U(double a, TrapCode& trap) { return detail::trunc_trap<uint32_t>(a, trap); }
inline uint64_t I64ExtendI32S(uint32_t a) { return static_cast<uint64_t>(int64_t(int32_t(a))); }
inline uint64_t I64ExtendI32U(uint32_t a) { return a; }
inline uint64_t I64TruncF32S(float a, TrapCode& trap) {
  return static_cast<uint64_t>(detail::trunc_trap<int64_t>(a, trap));
}
inline uint64_t I64TruncF32U(float a, TrapCode& trap) { return detail::trunc_trap<uint64_t>(a, trap); }
inline uint64_t I64TruncF64S(double a, TrapCode& trap) {
  return static_cast<uint64_t>(detail::trunc_trap<int64_t>(a, trap));
}
inline uint64_t I64TruncF64U(double a, TrapCode& trap) { return detail::trunc_trap<uint64_t>(a, trap); }
// Integer -> float conversions round to nearest-even in a single step (the
// compiler's int->float conversions are correctly rounded, including u64).
inline float F32ConvertI32S(uint32_t a) { return static_cast<float>(int32_t(a)); }
inline float F32ConvertI32U(uint32_t a) { return static_cast<float>(a); }
inline float F32ConvertI64S(uint64_t a) { return static_cast<float>(int64_t(a)); }
inline float F32ConvertI64U(uint64_t a) { return static_cast<float>(a); }
inline float F32DemoteF64(double a) { return detail::demote(a); }
inline double F64ConvertI32S(uint32_t a) { return static_cast<double>(int32_t(a)); }
inline double F64ConvertI32U(uint32_t a) { return static_cast<double>(a); }
inline double F64ConvertI64S(uint64_t a) { return static_cast<double>(int64_t(a)); }
inline double F64ConvertI64U(uint64_t a) { return static_cast<double>(a); }
inline double F64PromoteF32(float a) { return detail::promote(a); }
inline uint32_t I32ReinterpretF32(float a) { return detail::f32_bits(a); }
inline uint64_t I64ReinterpretF64(double a) { return detail::f64_bits(a); }
inline float F32ReinterpretI32(uint32_t a) { return detail::f32_from(a); }
inline double F64ReinterpretI64(uint64_t a) { return detail::f64_from(a); }
inline uint32_t I32Extend8S(uint32_t a) { return static_cast<uint32_t>(int32_t(int8_t(uint8_t(a)))); }
inline uint32_t I32Extend16S(uint32_t a) { return static_cast<uint32_t>(int32_t(int16_t(uint16_t(a)))); }
inline uint64_t I64Extend8S(uint64_t a) { return static_cast<uint64_t>(int64_t(int8_t(uint8_t(a)))); }
inline uint64_t I64Extend16S(uint64_t a) { return static_cast<uint64_t>(int64_t(int16_t(uint16_t(a)))); }
inline uint64_t I64Extend32S(uint64_t a) { return static_cast<uint64_t>(int64_t(int32_t(uint32_t(a)))); }

// saturating truncation (0xFC 0..7)
inline uint32_t I32TruncSatF32S(float a) { return static_cast<uint32_t>(detail::trunc_sat<int32_t>(a)); }
inline uint32_t I32TruncSatF32U(float a) { return detail::trunc_sat<uint32_t>(a); }
inline uint32_t I32TruncSatF64S(double a) { return static_cast<uint32_t>(detail::trunc_sat<int32_t>(a)); }
inline uint32_t I32TruncSatF64U(double a) { return detail::trunc_sat<uint32_t>(a); }
inline uint64_t I64TruncSatF32S(float a) { return static_cast<uint64_t>(detail::trunc_sat<int64_t>(a)); }
inline uint64_t I64TruncSatF32U(float a) { return detail::trunc_sat<uint64_t>(a); }
inline uint64_t I64TruncSatF64S(double a) { return static_cast<uint64_t>(detail::trunc_sat<int64_t>(a)); }
inline uint64_t I64TruncSatF64U(double a) { return detail::trunc_sat<uint64_t>(a); }

}  // namespace akira::exec
