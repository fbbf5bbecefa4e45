#include <gtest/gtest.h>

#include "decode/reader.h"
#include "decode/utf8.h"

namespace akira::decode {
namespace {

using Bytes = std::vector<uint8_t>;

struct U {
  uint64_t value;
  std::string error;
  size_t consumed;
};
U unsigned_of(const Bytes& b, int bits) {
  Reader r(b.data(), 0, b.size());
  uint64_t v = r.unsigned_leb(bits);
  return {v, r.ok() ? "" : r.error().message, r.pos()};
}
struct S {
  int64_t value;
  std::string error;
};
S signed_of(const Bytes& b, int bits) {
  Reader r(b.data(), 0, b.size());
  int64_t v = r.signed_leb(bits);
  return {v, r.ok() ? "" : r.error().message};
}

TEST(DecodeLeb, U32Values) {
  EXPECT_EQ(unsigned_of({0x00}, 32).value, 0u);
  EXPECT_EQ(unsigned_of({0x7F}, 32).value, 127u);
  EXPECT_EQ(unsigned_of({0x80, 0x01}, 32).value, 128u);
  EXPECT_EQ(unsigned_of({0xE5, 0x8E, 0x26}, 32).value, 624485u);
  EXPECT_EQ(unsigned_of({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, 32).value, 0xFFFFFFFFu);
  // Padded encodings are fine while within five bytes.
  auto p = unsigned_of({0x80, 0x80, 0x80, 0x80, 0x00}, 32);
  EXPECT_EQ(p.value, 0u);
  EXPECT_EQ(p.error, "");
  EXPECT_EQ(p.consumed, 5u);
}

TEST(DecodeLeb, U32TooLongAndTooLarge) {
  EXPECT_EQ(unsigned_of({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 32).error, "integer representation too long");
  EXPECT_EQ(unsigned_of({0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, 32).error, "integer too large");
  EXPECT_EQ(unsigned_of({0x80, 0x80, 0x80, 0x80, 0x10}, 32).error, "integer too large");
  EXPECT_EQ(unsigned_of({0x80, 0x80, 0x80, 0x80, 0x70}, 32).error, "integer too large");
  EXPECT_EQ(unsigned_of({0x80}, 32).error, "unexpected end of section or function");
  EXPECT_EQ(unsigned_of({}, 32).error, "unexpected end of section or function");
}

TEST(DecodeLeb, U1Flags) {
  EXPECT_EQ(unsigned_of({0x01}, 1).value, 1u);
  EXPECT_EQ(unsigned_of({0x02}, 1).error, "integer too large");
  EXPECT_EQ(unsigned_of({0x81, 0x00}, 1).error, "integer representation too long");
}

TEST(DecodeLeb, S32) {
  EXPECT_EQ(signed_of({0x7F}, 32).value, -1);
  EXPECT_EQ(signed_of({0x3F}, 32).value, 63);
  EXPECT_EQ(signed_of({0x40}, 32).value, -64);
  EXPECT_EQ(signed_of({0xC0, 0xBB, 0x78}, 32).value, -123456);
  EXPECT_EQ(signed_of({0xFF, 0xFF, 0xFF, 0xFF, 0x07}, 32).value, INT32_MAX);
  EXPECT_EQ(signed_of({0x80, 0x80, 0x80, 0x80, 0x78}, 32).value, INT32_MIN);
  EXPECT_EQ(signed_of({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, 32).value, -1);
  // Unused bits must copy the sign bit.
  EXPECT_EQ(signed_of({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, 32).error, "integer too large");
  EXPECT_EQ(signed_of({0x80, 0x80, 0x80, 0x80, 0x70}, 32).error, "integer too large");
  EXPECT_EQ(signed_of({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, 32).error, "integer representation too long");
}

TEST(DecodeLeb, S33) {
  EXPECT_EQ(signed_of({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, 33).value, 0xFFFFFFFFll);
  EXPECT_EQ(signed_of({0x80, 0x80, 0x80, 0x80, 0x70}, 33).value, -(1ll << 32));
  EXPECT_EQ(signed_of({0x80, 0x80, 0x80, 0x80, 0x10}, 33).error, "integer too large");
  EXPECT_EQ(signed_of({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 33).error, "integer representation too long");
}

TEST(DecodeLeb, S64) {
  Bytes max = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
  EXPECT_EQ(signed_of(max, 64).value, INT64_MAX);
  Bytes min = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
  EXPECT_EQ(signed_of(min, 64).value, INT64_MIN);
  Bytes minus1 = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
  EXPECT_EQ(signed_of(minus1, 64).value, -1);
  Bytes bad = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41};
  EXPECT_EQ(signed_of(bad, 64).error, "integer too large");
  Bytes bad2 = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
  EXPECT_EQ(signed_of(bad2, 64).error, "integer too large");
  Bytes too_long = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  EXPECT_EQ(signed_of(too_long, 64).error, "integer representation too long");
}

TEST(DecodeLeb, ErrorOffsetNamesTheByte) {
  Bytes b = {0x80, 0x80, 0x80, 0x80, 0x1F};
  Reader r(b.data(), 0, b.size());
  r.u32();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().offset, 4);
}

TEST(DecodeReader, FirstErrorWinsAndReadsStop) {
  Bytes b = {0x01};
  Reader r(b.data(), 0, b.size());
  EXPECT_EQ(r.u8(), 1);
  EXPECT_EQ(r.u8(), 0);
  r.fail("later", 0);
  EXPECT_EQ(r.error().message, "unexpected end of section or function");
  EXPECT_EQ(r.u32(), 0u);
  EXPECT_FALSE(r.peek().has_value());
}

TEST(DecodeReader, LengthOutOfBounds) {
  Bytes b = {0x05, 0x01, 0x02};
  Reader r(b.data(), 0, b.size());
  r.len32();
  EXPECT_EQ(r.error().message, "length out of bounds");
  Bytes huge = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  Reader h(huge.data(), 0, huge.size());
  h.len32();
  EXPECT_EQ(h.error().message, "length out of bounds");
}

TEST(DecodeReader, Fixed) {
  Bytes b = {0x78, 0x56, 0x34, 0x12, 1, 2, 3, 4, 5, 6, 7, 8};
  Reader r(b.data(), 0, b.size());
  EXPECT_EQ(r.fixed_u32(), 0x12345678u);
  EXPECT_EQ(r.fixed_u64(), 0x0807060504030201ull);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.fixed_u32(), 0u);
  EXPECT_FALSE(r.ok());
}

bool utf8(const std::string& s) { return valid_utf8(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }

TEST(DecodeUtf8, Valid) {
  EXPECT_TRUE(utf8(""));
  EXPECT_TRUE(utf8("hello"));
  EXPECT_TRUE(utf8("\xC2\x80"));
  EXPECT_TRUE(utf8("\xDF\xBF"));
  EXPECT_TRUE(utf8("\xE0\xA0\x80"));
  EXPECT_TRUE(utf8("\xED\x9F\xBF"));  // U+D7FF
  EXPECT_TRUE(utf8("\xEE\x80\x80"));  // U+E000
  EXPECT_TRUE(utf8("\xF0\x90\x80\x80"));
  EXPECT_TRUE(utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(utf8(std::string("\0", 1)));
}

TEST(DecodeUtf8, Invalid) {
  EXPECT_FALSE(utf8("\x80"));              // lone continuation
  EXPECT_FALSE(utf8("\xC0\x80"));          // overlong
  EXPECT_FALSE(utf8("\xC1\xBF"));          // overlong
  EXPECT_FALSE(utf8("\xE0\x9F\xBF"));      // overlong
  EXPECT_FALSE(utf8("\xF0\x8F\xBF\xBF"));  // overlong
  EXPECT_FALSE(utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(utf8("\xED\xBF\xBF"));      // surrogate
  EXPECT_FALSE(utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(utf8("\xF8\x88\x80\x80\x80"));
  EXPECT_FALSE(utf8("\xFF"));
  EXPECT_FALSE(utf8("\xC2"));  // truncated
  EXPECT_FALSE(utf8("\xE0\xA0"));
  EXPECT_FALSE(utf8("\xC2\x41"));  // bad continuation
}

}  // namespace
}  // namespace akira::decode
