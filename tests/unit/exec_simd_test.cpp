// SIMD semantics (exec/simd.h) and the v128 memory accesses (exec/memory_access.h).
// Expected values come from the WebAssembly spec test suite (simd_*.wast):
// hand-picked cases below, then the generated table exec_simd_cases.inc.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "exec/ops.h"
#include "exec_spec_cases.h"

namespace {

using namespace akira::exec;
using akira::V128;

template <class T> V128 vec(std::initializer_list<T> lanes) {
  V128 v{};
  unsigned i = 0;
  for (T x : lanes) v.set_lane<T>(i++, x);
  return v;
}
V128 i8x16(std::initializer_list<int> l) {
  V128 v{};
  unsigned i = 0;
  for (int x : l) v.b[i++] = static_cast<uint8_t>(x);
  return v;
}
uint32_t fb(float x) { return std::bit_cast<uint32_t>(x); }

// ---- lanes, shuffle, swizzle (simd_lane.wast) ----
TEST(ExecSimd, ShuffleAndSwizzle) {
  V128 a = i8x16({0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73});
  V128 b = i8x16({0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff});
  const uint8_t rev[16] = {31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16};
  EXPECT_EQ(I8x16Shuffle(a, b, rev),
            i8x16({0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9, 0xf8, 0xf7, 0xf6, 0xf5, 0xf4, 0xf3, 0xf2, 0xf1, 0xf0}));
  const uint8_t mix[16] = {0, 0, 0, 0, 0, 0, 0, 0, 16, 16, 16, 16, 16, 16, 16, 16};
  EXPECT_EQ(I8x16Shuffle(a, b, mix),
            i8x16({0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0xf0, 0xf0, 0xf0, 0xf0, 0xf0, 0xf0, 0xf0, 0xf0}));
  // swizzle: out-of-range indices (>= 16, including negative bytes) select 0
  V128 idx = i8x16({9, 16, 10, 17, 11, 18, 12, 19, 13, 20, 14, 21, 15, 22, 16, 23});
  EXPECT_EQ(I8x16Swizzle(a, idx), i8x16({0x6d, 0, 0x6e, 0, 0x6f, 0, 0x70, 0, 0x71, 0, 0x72, 0, 0x73, 0, 0, 0}));
  V128 neg = i8x16({-8, -7, -6, -5, -4, -3, -2, -1, 16, 17, 18, 19, 20, 21, 22, 23});
  EXPECT_EQ(I8x16Swizzle(a, neg), V128{});
  V128 ident = i8x16({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  EXPECT_EQ(I8x16Swizzle(a, ident), a);
}

TEST(ExecSimd, SplatExtractReplace) {
  EXPECT_EQ(I8x16Splat(0xFFFFFF80u),
            i8x16({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80}));
  EXPECT_EQ(I16x8Splat(0x12345678u), vec<uint16_t>({0x5678, 0x5678, 0x5678, 0x5678, 0x5678, 0x5678, 0x5678, 0x5678}));
  EXPECT_EQ(I64x2Splat(0x8000000000000000ull), vec<uint64_t>({0x8000000000000000ull, 0x8000000000000000ull}));
  V128 nan = F32x4Splat(std::bit_cast<float>(0x7FA00001u));  // bits preserved
  EXPECT_EQ(nan.lane<uint32_t>(3), 0x7FA00001u);
  V128 v = i8x16({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80});
  EXPECT_EQ(I8x16ExtractLaneS(v, 15), 0xFFFFFF80u);
  EXPECT_EQ(I8x16ExtractLaneU(v, 15), 0x80u);
  V128 w = vec<uint16_t>({0, 0, 0, 0, 0, 0, 0, 0x8000});
  EXPECT_EQ(I16x8ExtractLaneS(w, 7), 0xFFFF8000u);
  EXPECT_EQ(I16x8ExtractLaneU(w, 7), 0x8000u);
  EXPECT_EQ(I8x16ReplaceLane(V128{}, 0x1FFu, 15).b[15], 0xFF);
  EXPECT_EQ(I16x8ReplaceLane(V128{}, 0x18000u, 0).lane<uint16_t>(0), 0x8000u);
  EXPECT_EQ(I32x4ReplaceLane(V128{}, 7u, 3).lane<uint32_t>(3), 7u);
  EXPECT_EQ(I64x2ExtractLane(I64x2ReplaceLane(V128{}, ~0ull, 1), 1), ~0ull);
  EXPECT_EQ(fb(F32x4ExtractLane(F32x4ReplaceLane(V128{}, -0.0f, 2), 2)), 0x80000000u);
  EXPECT_EQ(F64x2ExtractLane(F64x2ReplaceLane(V128{}, 1.5, 0), 0), 1.5);
}

// ---- a few semantics worth spelling out (simd_*_arith*, simd_boolean.wast) ----
TEST(ExecSimd, IntegerCornerCases) {
  // q15mulr_sat: only -1 * -1 (in Q15) saturates
  EXPECT_EQ(I16x8Q15mulrSatS(I16x8Splat(0x8000), I16x8Splat(0x8000)), I16x8Splat(0x7FFF));
  EXPECT_EQ(I16x8Q15mulrSatS(I16x8Splat(0x4000), I16x8Splat(0x4000)), I16x8Splat(0x2000));
  // dot: the sum of two -32768^2 products wraps
  EXPECT_EQ(I32x4DotI16x8S(I16x8Splat(0x8000), I16x8Splat(0x8000)), I32x4Splat(0x80000000u));
  // abs of the minimum value is itself
  EXPECT_EQ(I8x16Abs(I8x16Splat(0x80)), I8x16Splat(0x80));
  EXPECT_EQ(I64x2Abs(I64x2Splat(0x8000000000000000ull)), I64x2Splat(0x8000000000000000ull));
  // shifts take the count modulo the lane width
  EXPECT_EQ(I8x16Shl(I8x16Splat(1), 9), I8x16Splat(2));
  EXPECT_EQ(I8x16ShrS(I8x16Splat(0x80), 15), I8x16Splat(0xFF));
  EXPECT_EQ(I16x8ShrU(I16x8Splat(0x8000), 31), I16x8Splat(1));
  EXPECT_EQ(I64x2ShrS(I64x2Splat(0x8000000000000000ull), 127), I64x2Splat(~0ull));
  // saturating arithmetic, narrowing
  EXPECT_EQ(I8x16AddSatS(I8x16Splat(0x7F), I8x16Splat(1)), I8x16Splat(0x7F));
  EXPECT_EQ(I8x16SubSatU(I8x16Splat(1), I8x16Splat(2)), I8x16Splat(0));
  EXPECT_EQ(I16x8AddSatU(I16x8Splat(0xFFFF), I16x8Splat(1)), I16x8Splat(0xFFFF));
  EXPECT_EQ(I8x16NarrowI16x8U(I16x8Splat(0xFFFF), I16x8Splat(0x100)),
            i8x16({0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255}));
  EXPECT_EQ(I16x8NarrowI32x4S(I32x4Splat(0x80000000u), I32x4Splat(0x7FFFFFFFu)),
            vec<uint16_t>({0x8000, 0x8000, 0x8000, 0x8000, 0x7FFF, 0x7FFF, 0x7FFF, 0x7FFF}));
  EXPECT_EQ(I8x16AvgrU(I8x16Splat(255), I8x16Splat(254)), I8x16Splat(255));
  // boolean reductions
  EXPECT_EQ(I8x16Bitmask(i8x16({0x80, 0, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80})), 0x8005u);
  EXPECT_EQ(I64x2Bitmask(vec<uint64_t>({0, ~0ull})), 2u);
  EXPECT_EQ(I32x4AllTrue(vec<uint32_t>({1, 2, 3, 0})), 0u);
  EXPECT_EQ(I16x8AllTrue(I16x8Splat(0x100)), 1u);
  EXPECT_EQ(V128AnyTrue(vec<uint64_t>({0, 1ull << 63})), 1u);
  EXPECT_EQ(V128AnyTrue(V128{}), 0u);
  EXPECT_EQ(I8x16Popcnt(I8x16Splat(0xFF)), I8x16Splat(8));
}

TEST(ExecSimd, FloatCornerCases) {
  // pmin/pmax are b < a ? b : a and a < b ? b : a: NaN in b is ignored, -0/+0 not ordered
  float nan = std::bit_cast<float>(0x7FC00000u);
  V128 pm = F32x4Pmin(vec<float>({1.0f, nan, 0.0f, -0.0f}), vec<float>({nan, 1.0f, -0.0f, 0.0f}));
  EXPECT_EQ(pm.lane<float>(0), 1.0f);
  EXPECT_TRUE(std::isnan(pm.lane<float>(1)));
  EXPECT_EQ(pm.lane<uint32_t>(2), 0u);
  EXPECT_EQ(pm.lane<uint32_t>(3), 0x80000000u);
  // min/max follow the scalar rules
  V128 mn = F32x4Min(vec<float>({0.0f, -0.0f, nan, 1.0f}), vec<float>({-0.0f, 0.0f, 1.0f, nan}));
  EXPECT_EQ(mn.lane<uint32_t>(0), 0x80000000u);
  EXPECT_EQ(mn.lane<uint32_t>(1), 0x80000000u);
  EXPECT_EQ(mn.lane<uint32_t>(2) & 0x7FC00000u, 0x7FC00000u);
  EXPECT_EQ(mn.lane<uint32_t>(3) & 0x7FC00000u, 0x7FC00000u);
  // _zero variants clear the upper lanes
  V128 d = F32x4DemoteF64x2Zero(vec<double>({1.5, -0.0}));
  EXPECT_EQ(d, vec<float>({1.5f, -0.0f, 0.0f, 0.0f}));
  V128 t = I32x4TruncSatF64x2SZero(vec<double>({-3e9, 3e9}));
  EXPECT_EQ(t, vec<uint32_t>({0x80000000u, 0x7FFFFFFFu, 0, 0}));
  V128 tu = I32x4TruncSatF64x2UZero(vec<double>({-1.0, 4294967295.5}));
  EXPECT_EQ(tu, vec<uint32_t>({0, 0xFFFFFFFFu, 0, 0}));
  EXPECT_EQ(F64x2ConvertLowI32x4U(vec<uint32_t>({0xFFFFFFFFu, 1, 7, 7})), vec<double>({4294967295.0, 1.0}));
  EXPECT_EQ(F64x2ConvertLowI32x4S(vec<uint32_t>({0xFFFFFFFFu, 1, 7, 7})), vec<double>({-1.0, 1.0}));
  EXPECT_EQ(F64x2PromoteLowF32x4(vec<float>({0x1p-149f, -1.0f, 2.0f, 3.0f})), vec<double>({0x1p-149, -1.0}));
  V128 pn = F64x2PromoteLowF32x4(vec<uint32_t>({0x7FA00000u, 0, 0, 0}));  // sNaN -> quiet NaN
  EXPECT_EQ(pn.lane<uint64_t>(0) & 0x7FF8000000000000ull, 0x7FF8000000000000ull);
  EXPECT_EQ(F32x4ConvertI32x4U(I32x4Splat(0xFFFFFFFFu)), F32x4Splat(4294967296.0f));
  EXPECT_EQ(I32x4TruncSatF32x4S(F32x4Splat(nan)), V128{});
  EXPECT_EQ(F32x4Nearest(vec<float>({-0.5f, 2.5f, 3.5f, -4.5f})), vec<float>({-0.0f, 2.0f, 4.0f, -4.0f}));
  EXPECT_EQ(F64x2Nearest(vec<double>({-0.5, 0x1.fffffffffffffp-2})), vec<double>({-0.0, 0.0}));
  // neg/abs are bit operations on every lane, NaNs included
  EXPECT_EQ(F32x4Neg(vec<uint32_t>({0x7FA00000u, 0, 0x80000000u, 0xFFC00001u})),
            vec<uint32_t>({0xFFA00000u, 0x80000000u, 0, 0x7FC00001u}));
  EXPECT_EQ(F64x2Abs(vec<uint64_t>({0xFFF0000000000001ull, 0x8000000000000000ull})),
            vec<uint64_t>({0x7FF0000000000001ull, 0}));
}

// ---- v128 memory accesses (simd_load*.wast, simd_store*.wast) ----
TEST(ExecSimd, Loads) {
  const uint8_t data[26] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C,
                            0x0D, 0x0E, 0x0F, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89};
  EXPECT_EQ(V128Load(data + 1), i8x16({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x80}));
  EXPECT_EQ(V128Load8x8S(data + 10), vec<uint16_t>({0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F, 0xFF80, 0xFF81}));
  EXPECT_EQ(V128Load8x8U(data + 10), vec<uint16_t>({0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F, 0x0080, 0x0081}));
  EXPECT_EQ(V128Load16x4S(data + 10), vec<uint32_t>({0x00000B0A, 0x00000D0C, 0x00000F0E, 0xFFFF8180}));
  EXPECT_EQ(V128Load16x4U(data + 10), vec<uint32_t>({0x00000B0A, 0x00000D0C, 0x00000F0E, 0x00008180}));
  EXPECT_EQ(V128Load32x2S(data + 10), vec<uint64_t>({0x000000000D0C0B0Aull, 0xFFFFFFFF81800F0Eull}));
  EXPECT_EQ(V128Load32x2U(data + 10), vec<uint64_t>({0x000000000D0C0B0Aull, 0x0000000081800F0Eull}));
  EXPECT_EQ(V128Load8Splat(data + 16), I8x16Splat(0x80));
  EXPECT_EQ(V128Load16Splat(data + 1), I16x8Splat(0x0201));
  EXPECT_EQ(V128Load32Splat(data + 3), I32x4Splat(0x06050403));
  EXPECT_EQ(V128Load64Splat(data + 5), I64x2Splat(0x0C0B0A0908070605ull));
  EXPECT_EQ(V128Load32Zero(data + 1), vec<uint32_t>({0x04030201, 0, 0, 0}));
  EXPECT_EQ(V128Load64Zero(data + 16), vec<uint64_t>({0x8786858483828180ull, 0}));
  V128 z{};
  EXPECT_EQ(V128Load8Lane(data + 1, z, 1), i8x16({0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(V128Load16Lane(data + 2, z, 7), vec<uint16_t>({0, 0, 0, 0, 0, 0, 0, 0x0302}));
  EXPECT_EQ(V128Load32Lane(data + 16, I32x4Splat(9), 2), vec<uint32_t>({9, 9, 0x83828180u, 9}));
  EXPECT_EQ(V128Load64Lane(data + 8, z, 0), vec<uint64_t>({0x0F0E0D0C0B0A0908ull, 0}));
}

TEST(ExecSimd, Stores) {
  uint8_t mem[40] = {};
  V128 v = i8x16({0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F});
  V128Store(mem + 3, v);
  EXPECT_EQ(std::memcmp(mem + 3, v.b, 16), 0);
  EXPECT_EQ(mem[2], 0);
  EXPECT_EQ(mem[19], 0);
  uint8_t out[16] = {};
  V128Store16Lane(out + 1, vec<uint16_t>({0, 513, 0, 0, 0, 0, 0, 0}), 1);
  EXPECT_EQ(I64Load(out), 513ull << 8);  // only two bytes written
  V128Store8Lane(out + 8, v, 15);
  EXPECT_EQ(out[8], 0x1F);
  EXPECT_EQ(out[9], 0);
  V128Store32Lane(out + 10, v, 3);
  EXPECT_EQ(I32Load(out + 10), 0x1F1E1D1Cu);
  V128Store64Lane(out, v, 1);
  EXPECT_EQ(I64Load(out), 0x1F1E1D1C1B1A1918ull);
}

// ---- the spec-derived table ----
#define WAST ""
const exec_test::Case kCases[] = {
#include "exec_simd_cases.inc"
};

TEST(ExecSimd, SpecCases) { exec_test::run_cases(kCases); }

}  // namespace
