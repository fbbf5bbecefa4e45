// Bounds-checked cursor over the module bytes with the spec's LEB128 rules.
//
// The reader keeps the first error and from then on returns zeros without moving,
// so callers can read a whole group of fields and check ok() once, before any
// decision that depends on them (a count, a branch on a kind byte). It never reads
// at or past end().
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "common/error.h"

namespace akira::decode {

class Reader {
 public:
  Reader(const uint8_t* data, size_t begin, size_t end) : data_(data), pos_(begin), end_(end) {}

  size_t pos() const { return pos_; }
  size_t end() const { return end_; }
  size_t remaining() const { return pos_ < end_ ? end_ - pos_ : 0; }
  bool at_end() const { return pos_ >= end_; }
  const uint8_t* data() const { return data_; }

  bool ok() const { return !failed_; }
  const Error& error() const { return error_; }
  Error& error() { return error_; }
  // Records an error unless one is already recorded: the first one is the one to report.
  void fail(std::string message, size_t offset, ErrorKind kind = ErrorKind::Malformed);

  // The wording for running out of bytes. The spec suite says "unexpected end" for
  // a truncated header and "unexpected end of section or function" inside a section;
  // the second starts with the first, so a prefix match accepts either.
  void set_eof_message(const char* msg) { eof_message_ = msg; }

  std::optional<uint8_t> peek() const {
    if (failed_ || pos_ >= end_) return std::nullopt;
    return data_[pos_];
  }
  uint8_t u8() {
    if (!need(1)) return 0;
    return data_[pos_++];
  }
  uint32_t fixed_u32();
  uint64_t fixed_u64();
  void bytes(uint8_t* out, size_t n);
  // Moves past n bytes; an error if fewer remain.
  void skip(size_t n) {
    if (need(n)) pos_ += n;
  }

  // LEB128 as the spec defines it: at most ceil(bits/7) bytes, and the unused bits of
  // the last byte must be zero (unsigned) or copies of the sign bit (signed).
  // Most LEB128s are one byte (indices, small constants, alignments): decoded inline.
  uint64_t unsigned_leb(int bits) {
    if (!failed_ && pos_ < end_ && data_[pos_] < 0x80 && (bits >= 7 || data_[pos_] < (1u << bits)))
      return data_[pos_++];
    return unsigned_leb_bytes(bits);
  }
  int64_t signed_leb(int bits) {
    if (!failed_ && pos_ < end_ && data_[pos_] < 0x80 && bits >= 7) {
      uint8_t b = data_[pos_++];
      return (b & 0x40) ? static_cast<int64_t>(b) - 0x80 : b;
    }
    return signed_leb_bytes(bits);
  }
  uint32_t u32() { return static_cast<uint32_t>(unsigned_leb(32)); }
  int32_t s32() { return static_cast<int32_t>(signed_leb(32)); }
  int64_t s33() { return signed_leb(33); }
  int64_t s64() { return signed_leb(64); }
  bool flag() { return unsigned_leb(1) != 0; }  // a vu1, as in limits

  // A vector count or byte length. The spec checks it against what is left of the
  // module, counting from the length field itself; besides giving the spec's
  // "length out of bounds", it bounds any allocation sized by it.
  uint32_t len32();
  // A length-prefixed UTF-8 name.
  std::string name();

 private:
  bool need(size_t n) {
    if (failed_) return false;
    if (n > end_ - pos_) [[unlikely]] {
      fail_eof();
      return false;
    }
    return true;
  }
  [[gnu::noinline, gnu::cold]] void fail_eof();
  uint64_t unsigned_leb_bytes(int bits);
  int64_t signed_leb_bytes(int bits);

  const uint8_t* data_;
  size_t pos_;
  size_t end_;
  bool failed_ = false;
  Error error_;
  const char* eof_message_ = "unexpected end of section or function";
};

}  // namespace akira::decode
