// Unsigned LEB128 for code that walks or writes a module's section framing (packs, the
// .aot's reduced module copy) after or without full decoding. The decoder's own reader
// (decode/reader.h) applies the spec's checks and error wording.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace akira {

// Reads a u32 at `pos`, advancing it; false when truncated or out of range.
inline bool read_uleb32(std::span<const uint8_t> b, size_t& pos, uint32_t& out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (pos >= b.size()) return false;
    uint8_t byte = b[pos++];
    v |= uint64_t{byte & 0x7fu} << shift;
    if (!(byte & 0x80)) {
      if (v > UINT32_MAX) return false;
      out = static_cast<uint32_t>(v);
      return true;
    }
  }
  return false;
}

inline void write_uleb(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(v ? b | 0x80 : b);
  } while (v);
}

}  // namespace akira
