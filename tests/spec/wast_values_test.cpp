// The spec runner's value parsing and result matching.
#include <gtest/gtest.h>

#include <cstring>

#include "values.h"

using namespace akira;
using namespace akira::wast;

namespace {

Value f32_bits(uint32_t b) {
  Value v;
  std::memcpy(&v.f32, &b, 4);
  return v;
}

Value f64_bits(uint64_t b) {
  Value v;
  std::memcpy(&v.f64, &b, 8);
  return v;
}

json exp(const char* type, const char* value) { return json{{"type", type}, {"value", value}}; }

}  // namespace

TEST(WastValues, IntegersCompareBits) {
  EXPECT_TRUE(matches(exp("i32", "4294967295"), ValType::I32, Value::from_i32(0xffffffffu)));
  EXPECT_FALSE(matches(exp("i32", "1"), ValType::I32, Value::from_i32(2)));
  EXPECT_TRUE(matches(exp("i64", "18446744073709551615"), ValType::I64, Value::from_i64(~0ull)));
  EXPECT_FALSE(matches(exp("i64", "1"), ValType::I32, Value::from_i32(1)));  // type differs
}

TEST(WastValues, FloatsCompareBits) {
  EXPECT_TRUE(matches(exp("f32", "2147483648"), ValType::F32, f32_bits(0x80000000u)));
  EXPECT_FALSE(matches(exp("f32", "0"), ValType::F32, f32_bits(0x80000000u)));  // -0 is not +0
  EXPECT_TRUE(matches(exp("f64", "4607182418800017408"), ValType::F64, Value::from_f64(1.0)));
}

TEST(WastValues, CanonicalNan) {
  json c = exp("f32", "nan:canonical");
  EXPECT_TRUE(matches(c, ValType::F32, f32_bits(0x7fc00000u)));
  EXPECT_TRUE(matches(c, ValType::F32, f32_bits(0xffc00000u)));
  EXPECT_FALSE(matches(c, ValType::F32, f32_bits(0x7fc00001u)));
  EXPECT_FALSE(matches(c, ValType::F32, f32_bits(0x7fa00000u)));
  json d = exp("f64", "nan:canonical");
  EXPECT_TRUE(matches(d, ValType::F64, f64_bits(0xfff8000000000000ull)));
  EXPECT_FALSE(matches(d, ValType::F64, f64_bits(0x7ff8000000000001ull)));
}

TEST(WastValues, ArithmeticNan) {
  json a = exp("f32", "nan:arithmetic");
  EXPECT_TRUE(matches(a, ValType::F32, f32_bits(0x7fc00001u)));
  EXPECT_TRUE(matches(a, ValType::F32, f32_bits(0xffffffffu)));
  EXPECT_FALSE(matches(a, ValType::F32, f32_bits(0x7fa00000u)));  // signalling
  EXPECT_FALSE(matches(a, ValType::F32, f32_bits(0x7f800000u)));  // infinity
  json b = exp("f64", "nan:arithmetic");
  EXPECT_TRUE(matches(b, ValType::F64, f64_bits(0x7ffc000000000000ull)));
  EXPECT_FALSE(matches(b, ValType::F64, f64_bits(0x7ff4000000000000ull)));
}

TEST(WastValues, V128Lanes) {
  json arg = {{"type", "v128"}, {"lane_type", "i16"}, {"value", {"1", "2", "3", "65535", "5", "6", "7", "8"}}};
  TypedValues tv;
  parse_arg(arg, tv);
  ASSERT_EQ(tv.types.size(), 1u);
  EXPECT_EQ(tv.types[0], ValType::V128);
  EXPECT_EQ(tv.values[0].v128.lane<uint16_t>(3), 0xffff);
  EXPECT_TRUE(matches(arg, ValType::V128, tv.values[0]));
  json other = arg;
  other["value"][7] = "9";
  EXPECT_FALSE(matches(other, ValType::V128, tv.values[0]));

  V128 x{};
  x.set_lane<uint32_t>(0, 0x7fc00000u);
  x.set_lane<uint32_t>(1, 0xffc12345u);
  x.set_lane<uint32_t>(2, 0x3f800000u);
  x.set_lane<uint32_t>(3, 0);
  json f = {{"type", "v128"}, {"lane_type", "f32"}, {"value", {"nan:canonical", "nan:arithmetic", "1065353216", "0"}}};
  EXPECT_TRUE(matches(f, ValType::V128, Value::from_v128(x)));
  x.set_lane<uint32_t>(0, 0x7fc00001u);
  EXPECT_FALSE(matches(f, ValType::V128, Value::from_v128(x)));
}

TEST(WastValues, References) {
  TypedValues tv;
  parse_arg(exp("externref", "0"), tv);
  parse_arg(exp("externref", "null"), tv);
  parse_arg(exp("funcref", "null"), tv);
  EXPECT_NE(tv.values[0].ref, nullptr);  // externref 0 is not null
  EXPECT_EQ(tv.values[1].ref, nullptr);
  EXPECT_EQ(tv.values[2].ref, nullptr);
  EXPECT_TRUE(matches(exp("externref", "0"), ValType::ExternRef, tv.values[0]));
  EXPECT_FALSE(matches(exp("externref", "1"), ValType::ExternRef, tv.values[0]));
  EXPECT_FALSE(matches(exp("externref", "null"), ValType::ExternRef, tv.values[0]));
  EXPECT_TRUE(matches(exp("funcref", "null"), ValType::FuncRef, tv.values[2]));
  EXPECT_FALSE(matches(exp("funcref", "null"), ValType::ExternRef, tv.values[1]));
  EXPECT_EQ(format_value(ValType::ExternRef, tv.values[0]), "externref:0");
}

TEST(WastValues, TypeOnlyExpectation) {
  json t = {{"type", "f32"}};
  EXPECT_TRUE(matches(t, ValType::F32, f32_bits(123)));
  EXPECT_FALSE(matches(t, ValType::I32, Value::from_i32(1)));
}

TEST(WastValues, RawFormatKeepsEveryBit) {
  EXPECT_EQ(format_raw(ValType::I32, Value::from_i32(42)), "i32:0x0000002a");
  EXPECT_EQ(format_raw(ValType::I64, Value::from_i64(~0ull)), "i64:0xffffffffffffffff");
  EXPECT_EQ(format_raw(ValType::F32, f32_bits(0x7fa00001u)), "f32:0x7fa00001");  // signalling NaN payload
  EXPECT_EQ(format_raw(ValType::F64, f64_bits(0xfff8000000000001ull)), "f64:0xfff8000000000001");
  Value v;
  for (int i = 0; i < 16; i++) v.v128.b[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(format_raw(ValType::V128, v), "v128:0x0f0e0d0c0b0a09080706050403020100");
  Value null;
  null.ref = nullptr;
  EXPECT_EQ(format_raw(ValType::FuncRef, null), "funcref:null");
  Value ext;
  ext.ref = externref_for(7);
  EXPECT_EQ(format_raw(ValType::ExternRef, ext), "externref:7");
}
