// Operand/result types of every instruction with a fixed signature, parsed at compile
// time from the signature strings in opcodes.def, so ~380 instructions share one path.
#pragma once
#include <array>
#include <cstdint>

#include "wasm/opcode.h"
#include "wasm/types.h"

namespace akira::validate {

struct OpSig {
  uint8_t num_params = 0;
  uint8_t num_results = 0;
  bool valid = true;  // false if the signature string could not be parsed
  ValType params[3] = {};
  ValType results[1] = {};
};

constexpr bool sig_char(char ch, ValType& out) {
  switch (ch) {
    case 'i': out = ValType::I32; return true;
    case 'I': out = ValType::I64; return true;
    case 'f': out = ValType::F32; return true;
    case 'F': out = ValType::F64; return true;
    case 'v': out = ValType::V128; return true;
    default: return false;
  }
}

constexpr OpSig parse_sig(const char* s) {
  OpSig sig;
  bool results = false;
  for (; *s; ++s) {
    if (*s == '>') {
      if (results) sig.valid = false;
      results = true;
      continue;
    }
    ValType t{};
    if (!sig_char(*s, t)) {
      sig.valid = false;
      continue;
    }
    if (!results) {
      if (sig.num_params >= 3) {
        sig.valid = false;
        continue;
      }
      sig.params[sig.num_params++] = t;
    } else {
      if (sig.num_results >= 1) {
        sig.valid = false;
        continue;
      }
      sig.results[sig.num_results++] = t;
    }
  }
  return sig;
}

constexpr std::array<OpSig, kOpCount> make_sig_table() {
  std::array<OpSig, kOpCount> t{};
  for (unsigned i = 0; i < kOpCount; ++i) t[i] = parse_sig(kOpInfo[i].sig);
  return t;
}

inline constexpr std::array<OpSig, kOpCount> kOpSigs = make_sig_table();

// A malformed signature string in opcodes.def fails the build rather than validation.
constexpr bool all_sigs_valid() {
  for (const auto& s : kOpSigs)
    if (!s.valid) return false;
  return true;
}
static_assert(all_sigs_valid(), "opcodes.def: bad signature string");

inline const OpSig& sig(Op op) { return kOpSigs[static_cast<unsigned>(op)]; }

}  // namespace akira::validate
