// Scalar numeric and memory-access semantics (exec/numeric.h, exec/memory_access.h).
// Expected values come from the WebAssembly spec test suite: hand-picked
// boundary cases below (with the .wast they come from), then the generated
// table exec_numeric_cases.inc.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>

#include "exec/ops.h"
#include "exec_spec_cases.h"

namespace {

using namespace akira::exec;
using akira::TrapCode;

uint32_t fb(float x) { return std::bit_cast<uint32_t>(x); }
uint64_t db(double x) { return std::bit_cast<uint64_t>(x); }
float f32(uint32_t b) { return std::bit_cast<float>(b); }
double f64(uint64_t b) { return std::bit_cast<double>(b); }

bool is_canonical_nan32(float x) { return (fb(x) & 0x7FFFFFFFu) == 0x7FC00000u; }
bool is_arith_nan32(float x) { return (fb(x) & 0x7FC00000u) == 0x7FC00000u; }
bool is_canonical_nan64(double x) { return (db(x) & 0x7FFFFFFFFFFFFFFFull) == 0x7FF8000000000000ull; }
bool is_arith_nan64(double x) { return (db(x) & 0x7FF8000000000000ull) == 0x7FF8000000000000ull; }

template <class F, class... A> TrapCode trap_of(F f, A... a) {
  TrapCode t = TrapCode::None;
  f(a..., t);
  return t;
}

// ---- integers (i32.wast, i64.wast) ----
TEST(ExecNumeric, IntegerDivision) {
  TrapCode t = TrapCode::None;
  EXPECT_EQ(trap_of(I32DivS, 1u, 0u), TrapCode::IntDivByZero);
  EXPECT_EQ(trap_of(I32DivS, 0x80000000u, 0xFFFFFFFFu), TrapCode::IntOverflow);
  EXPECT_EQ(trap_of(I32DivS, 0x80000000u, 0u), TrapCode::IntDivByZero);
  EXPECT_EQ(I32DivS(0x80000001u, 1000u, t), 0xffdf3b65u);
  EXPECT_EQ(I32DivS(uint32_t(-7), 3u, t), uint32_t(-2));
  EXPECT_EQ(I32RemS(0x80000000u, 0xFFFFFFFFu, t), 0u);
  EXPECT_EQ(I32RemS(0x80000001u, 1000u, t), uint32_t(-647));
  EXPECT_EQ(I32RemS(uint32_t(-7), uint32_t(-3), t), uint32_t(-1));
  EXPECT_EQ(I32DivU(0x80000000u, 2u, t), 0x40000000u);
  EXPECT_EQ(I32RemU(0x8ff00ff0u, 0x10001u, t), 0x8001u);
  EXPECT_EQ(trap_of(I32RemU, 1u, 0u), TrapCode::IntDivByZero);
  EXPECT_EQ(trap_of(I64DivS, 0x8000000000000000ull, ~0ull), TrapCode::IntOverflow);
  EXPECT_EQ(I64RemS(0x8000000000000000ull, ~0ull, t), 0u);
  EXPECT_EQ(I64DivS(0x8000000000000001ull, 1000ull, t), 0xffdf3b645a1cac09ull);
  EXPECT_EQ(I64DivU(0x8ff00ff00ff00ff0ull, 0x100000001ull, t), 0x8ff00fefull);
  EXPECT_EQ(trap_of(I64RemU, 1ull, 0ull), TrapCode::IntDivByZero);
  EXPECT_EQ(t, TrapCode::None);  // never set by a non-trapping call
}

TEST(ExecNumeric, ShiftsRotatesBitCounts) {
  EXPECT_EQ(I32Shl(1u, 32u), 1u);
  EXPECT_EQ(I32Shl(1u, 0xFFFFFFFFu), 0x80000000u);
  EXPECT_EQ(I32ShrS(0x80000000u, 31u), 0xFFFFFFFFu);
  EXPECT_EQ(I32ShrS(1u, 33u), 0u);
  EXPECT_EQ(I32ShrU(uint32_t(-1), 33u), 0x7FFFFFFFu);
  EXPECT_EQ(I32Rotl(0xabcd9876u, 1u), 0x579b30edu);
  EXPECT_EQ(I32Rotl(0x00008000u, 37u), 0x00100000u);
  EXPECT_EQ(I32Rotr(0xb0c1d2e3u, 0x0005u), 0x1d860e97u);
  EXPECT_EQ(I32Rotr(0xb0c1d2e3u, 0xff05u), 0x1d860e97u);
  EXPECT_EQ(I64Shl(1ull, 64ull), 1ull);
  EXPECT_EQ(I64ShrS(0x8000000000000000ull, 63ull), ~0ull);
  EXPECT_EQ(I64Rotl(0xabd1234ef567809cull, 63ull), 0x55e891a77ab3c04eull);
  EXPECT_EQ(I64Rotr(0xabd1234ef567809cull, 63ull), 0x57a2469deacf0139ull);
  EXPECT_EQ(I32Clz(0u), 32u);
  EXPECT_EQ(I32Ctz(0u), 32u);
  EXPECT_EQ(I32Clz(0x00008000u), 16u);
  EXPECT_EQ(I32Ctz(0x80000000u), 31u);
  EXPECT_EQ(I32Popcnt(0xAAAAAAAAu), 16u);
  EXPECT_EQ(I64Clz(0ull), 64ull);
  EXPECT_EQ(I64Ctz(0ull), 64ull);
  EXPECT_EQ(I64Popcnt(0xDAAAAAAAAAAAAAAAull), 33ull);
  EXPECT_EQ(I32Extend8S(0x80u), 0xFFFFFF80u);
  EXPECT_EQ(I32Extend16S(0x12347FFFu), 0x7FFFu);
  EXPECT_EQ(I64Extend32S(0x80000000ull), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(I64ExtendI32S(0x80000000u), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(I64ExtendI32U(0x80000000u), 0x80000000ull);
  EXPECT_EQ(I32WrapI64(0xFFFFFFFF00000001ull), 1u);
  EXPECT_EQ(I32LtS(0x80000000u, 0u), 1u);
  EXPECT_EQ(I32LtU(0x80000000u, 0u), 0u);
  EXPECT_EQ(I64GeS(0x8000000000000000ull, 0x7FFFFFFFFFFFFFFFull), 0u);
  EXPECT_EQ(I64GeU(0x8000000000000000ull, 0x7FFFFFFFFFFFFFFFull), 1u);
}

// ---- floats (f32.wast, f64.wast, float_misc.wast) ----
TEST(ExecNumeric, MinMaxSignedZeroAndNaN) {
  EXPECT_EQ(fb(F32Min(-0.0f, 0.0f)), 0x80000000u);
  EXPECT_EQ(fb(F32Min(0.0f, -0.0f)), 0x80000000u);
  EXPECT_EQ(fb(F32Max(-0.0f, 0.0f)), 0u);
  EXPECT_EQ(fb(F32Max(0.0f, -0.0f)), 0u);
  EXPECT_EQ(db(F64Min(-0.0, 0.0)), 0x8000000000000000ull);
  EXPECT_EQ(db(F64Max(-0.0, 0.0)), 0u);
  EXPECT_TRUE(is_canonical_nan32(F32Min(f32(0x7FC00000u), 1.0f)));
  EXPECT_TRUE(is_canonical_nan32(F32Max(-INFINITY, f32(0xFFC00000u))));
  EXPECT_TRUE(is_arith_nan32(F32Min(f32(0x7FA00000u), 0.0f)));  // signalling in, quiet out
  EXPECT_TRUE(is_arith_nan32(F32Max(0.0f, f32(0x7F800001u))));
  EXPECT_TRUE(is_arith_nan64(F64Min(f64(0x7FF4000000000000ull), 0.0)));
  EXPECT_EQ(F32Min(-INFINITY, INFINITY), -INFINITY);
  EXPECT_EQ(F64Max(-INFINITY, INFINITY), INFINITY);
}

TEST(ExecNumeric, Rounding) {
  // nearest: ties to even, keeps the sign of zero
  EXPECT_EQ(fb(F32Nearest(-0.5f)), 0x80000000u);
  EXPECT_EQ(fb(F32Nearest(0.5f)), 0u);
  EXPECT_EQ(F32Nearest(4.5f), 4.0f);
  EXPECT_EQ(F32Nearest(-3.5f), -4.0f);
  EXPECT_EQ(F32Nearest(f32(0x4B000001u)), f32(0x4B000001u));  // 0x1.000002p+23
  EXPECT_EQ(F32Nearest(f32(0x3EFFFFFFu)), 0.0f);              // 0x1.fffffep-2
  EXPECT_EQ(F32Nearest(f32(0xCAFFFFFFu)), -0x1p+23f);         // -0x1.fffffep+22
  EXPECT_EQ(F64Nearest(0x1.0000000000001p+52), 0x1.0000000000001p+52);
  EXPECT_EQ(F64Nearest(0x1.fffffffffffffp-2), 0.0);
  EXPECT_EQ(F64Nearest(-4.5), -4.0);
  // ceil/floor/trunc keep the sign of zero results
  EXPECT_EQ(fb(F32Ceil(-0.5f)), 0x80000000u);
  EXPECT_EQ(fb(F32Trunc(-0.9f)), 0x80000000u);
  EXPECT_EQ(F32Floor(-0.5f), -1.0f);
  EXPECT_EQ(F64Ceil(0x1.fffffffffffffp-1), 1.0);
  EXPECT_EQ(F64Floor(-0x1p-1074), -1.0);
  EXPECT_EQ(db(F64Ceil(-0x1p-1074)), 0x8000000000000000ull);
  EXPECT_TRUE(is_arith_nan32(F32Ceil(f32(0x7FA00000u))));
  EXPECT_TRUE(is_arith_nan32(F32Nearest(f32(0xFF800001u))));
  EXPECT_TRUE(is_arith_nan64(F64Trunc(f64(0x7FF0000000000001ull))));
  EXPECT_TRUE(is_canonical_nan64(F64Floor(f64(0x7FF8000000000000ull))));
}

TEST(ExecNumeric, BitwiseFloatOpsKeepNaNPayloads) {
  EXPECT_EQ(fb(F32Abs(f32(0xFFA00000u))), 0x7FA00000u);  // signalling NaN stays signalling
  EXPECT_EQ(fb(F32Neg(f32(0x7FA00000u))), 0xFFA00000u);
  EXPECT_EQ(fb(F32Copysign(f32(0x7FA00001u), -0.0f)), 0xFFA00001u);
  EXPECT_EQ(fb(F32Copysign(1.0f, f32(0xFFC00000u))), fb(-1.0f));
  EXPECT_EQ(db(F64Abs(f64(0xFFF4000000000000ull))), 0x7FF4000000000000ull);
  EXPECT_EQ(db(F64Neg(f64(0x7FF0000000000001ull))), 0xFFF0000000000001ull);
  EXPECT_EQ(db(F64Copysign(f64(0x7FF0000000000001ull), -1.0)), 0xFFF0000000000001ull);
  EXPECT_EQ(I32ReinterpretF32(F32ReinterpretI32(0x7FA00000u)), 0x7FA00000u);
  EXPECT_EQ(I64ReinterpretF64(F64ReinterpretI64(0xFFF0000000000001ull)), 0xFFF0000000000001ull);
}

// ---- conversions (conversions.wast) ----
TEST(ExecNumeric, TruncBoundaries) {
  TrapCode t = TrapCode::None;
  EXPECT_EQ(I32TruncF32S(2147483520.0f, t), 2147483520u);
  EXPECT_EQ(I32TruncF32S(-2147483648.0f, t), 0x80000000u);
  EXPECT_EQ(I32TruncF32S(f32(0x80000001u), t), 0u);  // -0x1p-149
  EXPECT_EQ(trap_of(I32TruncF32S, 2147483648.0f), TrapCode::IntOverflow);
  EXPECT_EQ(trap_of(I32TruncF32S, -2147483904.0f), TrapCode::IntOverflow);
  EXPECT_EQ(trap_of(I32TruncF32S, -INFINITY), TrapCode::IntOverflow);
  EXPECT_EQ(trap_of(I32TruncF32S, f32(0xFFA00000u)), TrapCode::InvalidConversion);
  EXPECT_EQ(I32TruncF32U(-0x1.ccccccp-1f, t), 0u);
  EXPECT_EQ(I32TruncF32U(4294967040.0f, t), 4294967040u);
  EXPECT_EQ(trap_of(I32TruncF32U, 4294967296.0f), TrapCode::IntOverflow);
  EXPECT_EQ(trap_of(I32TruncF32U, -1.0f), TrapCode::IntOverflow);
  EXPECT_EQ(I32TruncF64S(-2147483648.9, t), 0x80000000u);
  EXPECT_EQ(I32TruncF64S(2147483647.9, t), 0x7FFFFFFFu);
  EXPECT_EQ(trap_of(I32TruncF64S, -2147483649.0), TrapCode::IntOverflow);
  EXPECT_EQ(trap_of(I32TruncF64S, 2147483648.0), TrapCode::IntOverflow);
  EXPECT_EQ(I32TruncF64U(4294967295.9, t), 0xFFFFFFFFu);
  EXPECT_EQ(I32TruncF64U(-0.9, t), 0u);
  EXPECT_EQ(trap_of(I32TruncF64U, 4294967296.0), TrapCode::IntOverflow);
  EXPECT_EQ(trap_of(I32TruncF64U, -1.0), TrapCode::IntOverflow);
  EXPECT_EQ(I64TruncF32S(-9223372036854775808.0f, t), 0x8000000000000000ull);
  EXPECT_EQ(trap_of(I64TruncF32S, 9223372036854775808.0f), TrapCode::IntOverflow);
  EXPECT_EQ(trap_of(I64TruncF32S, -9223373136366403584.0f), TrapCode::IntOverflow);
  EXPECT_EQ(I64TruncF32U(18446742974197923840.0f, t), 0xFFFFFF0000000000ull);
  EXPECT_EQ(trap_of(I64TruncF32U, 18446744073709551616.0f), TrapCode::IntOverflow);
  EXPECT_EQ(I64TruncF64S(9223372036854774784.0, t), 9223372036854774784ull);
  EXPECT_EQ(I64TruncF64S(-9223372036854775808.0, t), 0x8000000000000000ull);
  EXPECT_EQ(trap_of(I64TruncF64S, 9223372036854775808.0), TrapCode::IntOverflow);
  EXPECT_EQ(trap_of(I64TruncF64S, -9223372036854777856.0), TrapCode::IntOverflow);
  EXPECT_EQ(I64TruncF64U(18446744073709549568.0, t), 18446744073709549568ull);
  EXPECT_EQ(I64TruncF64U(9223372036854775808.0, t), 0x8000000000000000ull);
  EXPECT_EQ(trap_of(I64TruncF64U, 18446744073709551616.0), TrapCode::IntOverflow);
  EXPECT_EQ(trap_of(I64TruncF64U, f64(0x7FF4000000000000ull)), TrapCode::InvalidConversion);
  EXPECT_EQ(t, TrapCode::None);
}

TEST(ExecNumeric, TruncSat) {
  EXPECT_EQ(I32TruncSatF32S(2147483648.0f), 0x7FFFFFFFu);
  EXPECT_EQ(I32TruncSatF32S(-2147483904.0f), 0x80000000u);
  EXPECT_EQ(I32TruncSatF32S(f32(0x7FC00000u)), 0u);
  EXPECT_EQ(I32TruncSatF32S(f32(0xFFA00000u)), 0u);
  EXPECT_EQ(I32TruncSatF32U(4294967296.0f), 0xFFFFFFFFu);
  EXPECT_EQ(I32TruncSatF32U(-1.0f), 0u);
  EXPECT_EQ(I32TruncSatF32U(-INFINITY), 0u);
  EXPECT_EQ(I32TruncSatF64S(-2147483649.0), 0x80000000u);
  EXPECT_EQ(I32TruncSatF64S(2147483647.9), 0x7FFFFFFFu);
  EXPECT_EQ(I32TruncSatF64U(4294967295.9), 0xFFFFFFFFu);
  EXPECT_EQ(I32TruncSatF64U(1e16), 0xFFFFFFFFu);
  EXPECT_EQ(I64TruncSatF32S(9223372036854775808.0f), 0x7FFFFFFFFFFFFFFFull);
  EXPECT_EQ(I64TruncSatF32S(-9223373136366403584.0f), 0x8000000000000000ull);
  EXPECT_EQ(I64TruncSatF32U(18446744073709551616.0f), ~0ull);
  EXPECT_EQ(I64TruncSatF64S(-INFINITY), 0x8000000000000000ull);
  EXPECT_EQ(I64TruncSatF64S(9223372036854774784.0), 9223372036854774784ull);
  EXPECT_EQ(I64TruncSatF64U(18446744073709549568.0), 18446744073709549568ull);
  EXPECT_EQ(I64TruncSatF64U(f64(0xFFF8000000000000ull)), 0ull);
  EXPECT_EQ(I64TruncSatF64U(-0.9), 0ull);
}

TEST(ExecNumeric, IntToFloatRounding) {
  EXPECT_EQ(F32ConvertI64U(0x8000008000000001ull), 0x1.000002p+63f);  // no double rounding
  EXPECT_EQ(F32ConvertI64U(0x0020000020000001ull), 0x1.000002p+53f);
  EXPECT_EQ(F32ConvertI64U(0xFFFFFFFFFFFFFFFFull), 18446744073709551616.0f);
  EXPECT_EQ(F32ConvertI64S(0x0020000020000001ull), 0x1.000002p+53f);
  EXPECT_EQ(F32ConvertI64S(0xFFDFFFFFDFFFFFFFull), -0x1.000002p+53f);
  EXPECT_EQ(F32ConvertI32S(0x80000000u), -2147483648.0f);
  EXPECT_EQ(F32ConvertI32S(16777217u), 16777216.0f);
  EXPECT_EQ(F32ConvertI32S(16777219u), 16777220.0f);
  EXPECT_EQ(F32ConvertI32U(0xFFFFFFFFu), 4294967296.0f);
  EXPECT_EQ(F32ConvertI32U(0x80000080u), 2147483648.0f);
  EXPECT_EQ(F32ConvertI32U(0x80000081u), 2147483904.0f);
  EXPECT_EQ(F64ConvertI64U(0xFFFFFFFFFFFFFFFFull), 18446744073709551616.0);
  EXPECT_EQ(F64ConvertI64U(0x8000000000000401ull), 9223372036854777856.0);
  EXPECT_EQ(F64ConvertI64S(9007199254740993ull), 9007199254740992.0);
  EXPECT_EQ(F64ConvertI64S(uint64_t(-9007199254740993ll)), -9007199254740992.0);
  EXPECT_EQ(F64ConvertI32U(0xFFFFFFFFu), 4294967295.0);
  EXPECT_EQ(F64ConvertI32S(0x80000000u), -2147483648.0);
}

TEST(ExecNumeric, DemotePromote) {
  EXPECT_EQ(F32DemoteF64(0x1.fffffe0000000p-127), 0x1p-126f);
  EXPECT_EQ(F32DemoteF64(0x1.fffffefffffffp+127), 0x1.fffffep+127f);
  EXPECT_EQ(F32DemoteF64(0x1.ffffffp+127), INFINITY);
  EXPECT_EQ(F32DemoteF64(0x1p-150), 0.0f);  // ties to even: 0
  EXPECT_EQ(F32DemoteF64(0x1.0000000000001p-150), 0x1p-149f);
  EXPECT_EQ(fb(F32DemoteF64(-0x1p-1074)), 0x80000000u);
  EXPECT_EQ(F64PromoteF32(0x1p-149f), 0x1p-149);
  EXPECT_EQ(F64PromoteF32(-0x1.fffffep+127f), -0x1.fffffep+127);
  // NaNs: canonical stays canonical, any NaN (even signalling) becomes quiet
  EXPECT_TRUE(is_canonical_nan32(F32DemoteF64(f64(0x7FF8000000000000ull))));
  EXPECT_TRUE(is_canonical_nan32(F32DemoteF64(f64(0xFFF8000000000000ull))));
  EXPECT_TRUE(is_arith_nan32(F32DemoteF64(f64(0x7FF4000000000000ull))));
  EXPECT_TRUE(is_arith_nan32(F32DemoteF64(f64(0x7FF0000000000001ull))));
  EXPECT_TRUE(is_canonical_nan64(F64PromoteF32(f32(0x7FC00000u))));
  EXPECT_TRUE(is_canonical_nan64(F64PromoteF32(f32(0xFFC00000u))));
  EXPECT_TRUE(is_arith_nan64(F64PromoteF32(f32(0x7FA00000u))));
  EXPECT_TRUE(is_arith_nan64(F64PromoteF32(f32(0x7F800001u))));
  EXPECT_EQ(db(F64PromoteF32(f32(0xFFA00000u))) >> 63, 1u);  // sign kept
}

// ---- memory access (load.wast, store.wast, endianness.wast semantics) ----
TEST(ExecNumeric, ScalarLoadsAndStores) {
  alignas(8) uint8_t mem[24] = {};
  uint8_t* p = mem + 1;  // deliberately unaligned
  I64Store(p, 0x0102030405060708ull);
  EXPECT_EQ(p[0], 0x08);  // little-endian
  EXPECT_EQ(p[7], 0x01);
  EXPECT_EQ(I64Load(p), 0x0102030405060708ull);
  EXPECT_EQ(I32Load(p), 0x05060708u);
  I32Store8(p, 0xFFFFFF80u);
  EXPECT_EQ(I32Load8S(p), 0xFFFFFF80u);
  EXPECT_EQ(I32Load8U(p), 0x80u);
  EXPECT_EQ(I64Load8S(p), 0xFFFFFFFFFFFFFF80ull);
  EXPECT_EQ(I64Load8U(p), 0x80ull);
  EXPECT_EQ(p[1], 0x07);  // store8 wrote one byte only
  I32Store16(p, 0x12348000u);
  EXPECT_EQ(I32Load16S(p), 0xFFFF8000u);
  EXPECT_EQ(I32Load16U(p), 0x8000u);
  EXPECT_EQ(I64Load16S(p), 0xFFFFFFFFFFFF8000ull);
  EXPECT_EQ(I64Load16U(p), 0x8000ull);
  EXPECT_EQ(p[2], 0x06);
  I64Store32(p, 0xAAAAAAAA80000001ull);
  EXPECT_EQ(I64Load32S(p), 0xFFFFFFFF80000001ull);
  EXPECT_EQ(I64Load32U(p), 0x80000001ull);
  EXPECT_EQ(p[4], 0x04);
  I64Store8(p, 0x1FFull);
  I64Store16(p + 8, 0x12345ull);
  EXPECT_EQ(p[0], 0xFF);
  EXPECT_EQ(I32Load(p + 8), 0x2345u);
  I32Store(p, 0xDEADBEEFu);
  EXPECT_EQ(I32Load(p), 0xDEADBEEFu);
  F32Store(p, f32(0x7FA00001u));  // signalling NaN bits survive store/load
  EXPECT_EQ(fb(F32Load(p)), 0x7FA00001u);
  F64Store(p + 4, f64(0xFFF0000000000001ull));
  EXPECT_EQ(db(F64Load(p + 4)), 0xFFF0000000000001ull);
}

// ---- the spec-derived table ----
#define WAST ""
const exec_test::Case kCases[] = {
#include "exec_numeric_cases.inc"
};

TEST(ExecNumeric, SpecCases) { exec_test::run_cases(kCases); }

}  // namespace
