// Helpers for writing test modules byte by byte.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "decode/decoder.h"

namespace akira::test {

using Bytes = std::vector<uint8_t>;

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline Bytes leb(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
  return out;
}

inline Bytes str(const std::string& s) {
  Bytes out = leb(s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

inline Bytes header() { return {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}; }

inline Bytes section(uint8_t id, const Bytes& body) { return cat({{id}, leb(body.size()), body}); }

// A vector: count then the entries.
inline Bytes vec(std::initializer_list<Bytes> items) {
  Bytes out = leb(items.size());
  for (const auto& i : items) out.insert(out.end(), i.begin(), i.end());
  return out;
}

inline Bytes module(std::initializer_list<Bytes> sections) {
  Bytes out = header();
  for (const auto& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

// Type section with the one type () -> ().
inline Bytes void_type_section() { return section(1, vec({{0x60, 0x00, 0x00}})); }

// A function body: its size, then local groups and code.
inline Bytes body(const Bytes& locals_and_code) { return cat({leb(locals_and_code.size()), locals_and_code}); }

// A module with one () -> () function whose body (locals then code) is given, plus
// a memory so memory instructions have one.
inline Bytes func_module(const Bytes& locals_and_code) {
  return module({void_type_section(), section(3, vec({{0x00}})), section(5, vec({{0x00, 0x01}})),
                 section(10, vec({body(locals_and_code)}))});
}

inline std::string decode_error(const Bytes& b) {
  auto r = decode_module(b);
  return r.ok() ? std::string("<ok>") : r.error().message;
}

}  // namespace akira::test
