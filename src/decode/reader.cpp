#include "decode/reader.h"

#include <cstring>

#include "decode/utf8.h"

namespace akira::decode {

void Reader::fail(std::string message, size_t offset, ErrorKind kind) {
  if (failed_) return;
  failed_ = true;
  error_ = make_error(kind, std::move(message), static_cast<int64_t>(offset));
}

void Reader::fail_eof() { fail(eof_message_, end_); }

uint32_t Reader::fixed_u32() {
  uint8_t b[4] = {};
  bytes(b, 4);
  return uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
}

uint64_t Reader::fixed_u64() {
  uint64_t lo = fixed_u32();
  uint64_t hi = fixed_u32();
  return lo | hi << 32;
}

void Reader::bytes(uint8_t* out, size_t n) {
  if (!need(n)) return;
  std::memcpy(out, data_ + pos_, n);
  pos_ += n;
}

// `left` counts the value bits still allowed; the checks happen byte by byte so the
// error names the byte at fault, as the spec's reference decoder does.
uint64_t Reader::unsigned_leb_bytes(int bits) {
  uint64_t result = 0;
  int shift = 0;
  for (int left = bits;; left -= 7, shift += 7) {
    if (left <= 0) {
      fail("integer representation too long", pos_);
      return 0;
    }
    size_t at = pos_;
    uint8_t b = u8();
    if (failed_) return 0;
    if (left < 7 && (b & 0x7F) >= (1u << left)) {
      fail("integer too large", at);
      return 0;
    }
    result |= uint64_t(b & 0x7F) << shift;
    if (!(b & 0x80)) return result;
  }
}

int64_t Reader::signed_leb_bytes(int bits) {
  uint64_t result = 0;
  int shift = 0;
  for (int left = bits;; left -= 7) {
    if (left <= 0) {
      fail("integer representation too long", pos_);
      return 0;
    }
    size_t at = pos_;
    uint8_t b = u8();
    if (failed_) return 0;
    if (left < 7) {
      // The last byte's bits beyond the value's width must all equal its sign bit.
      uint8_t mask = static_cast<uint8_t>((~0u << (left - 1)) & 0x7F);
      if ((b & mask) != 0 && (b & mask) != mask) {
        fail("integer too large", at);
        return 0;
      }
    }
    result |= uint64_t(b & 0x7F) << shift;
    shift += 7;
    if (!(b & 0x80)) {
      if ((b & 0x40) && shift < 64) result |= ~uint64_t(0) << shift;
      return static_cast<int64_t>(result);
    }
  }
}

uint32_t Reader::len32() {
  size_t at = pos_;
  uint32_t n = u32();
  if (failed_) return 0;
  if (n > end_ - at) {
    fail("length out of bounds", at);
    return 0;
  }
  return n;
}

std::string Reader::name() {
  size_t at = pos_;
  uint32_t n = len32();
  if (!need(n)) return {};
  const uint8_t* s = data_ + pos_;
  if (!valid_utf8(s, n)) {
    fail("malformed UTF-8 encoding", at);
    return {};
  }
  pos_ += n;
  return std::string(reinterpret_cast<const char*>(s), n);
}

}  // namespace akira::decode
