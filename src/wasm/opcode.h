// Instruction metadata generated from opcodes.def.
#pragma once
#include <cstdint>

namespace akira {

enum class ImmKind : uint8_t {
  None,
  Block,      // block type
  Index,      // one u32 index (label, local, global, func, table, elem, data)
  Index2,     // two u32 indices (call_indirect: type,table; table.init: elem,table; table.copy: dst,src)
  IndexZero,  // memory.init: data index then a 0x00 byte
  Zero,       // a single reserved 0x00 byte (memory index)
  ZeroZero,   // two reserved 0x00 bytes (memory.copy)
  BrTable,    // vector of labels plus default
  SelectT,    // vector of value types (length 1 in Wasm 2.0)
  RefType,    // reference type byte
  Mem,        // memarg: align, offset
  MemLane,    // memarg then lane byte
  Lane,       // lane byte
  I32,
  I64,
  F32,
  F64,
  V128,     // 16 raw bytes
  Shuffle,  // 16 lane bytes
};

enum class OpClass : uint8_t { Special, Pure, Trap, Load, Store, LoadLane, StoreLane };

enum class Op : uint16_t {
#define OP(name, text, prefix, code, imm, cls, sig, bytes) name,
#include "wasm/opcodes.def"
  Count_
};

constexpr unsigned kOpCount = static_cast<unsigned>(Op::Count_);

struct OpInfo {
  const char* text;
  uint8_t prefix;  // 0, 0xFC or 0xFD
  uint32_t code;
  ImmKind imm;
  OpClass cls;
  const char* sig;  // see opcodes.def
  uint8_t bytes;
};

inline constexpr OpInfo kOpInfo[] = {
#define OP(name, text, prefix, code, imm, cls, sig, bytes) {text, prefix, code, ImmKind::imm, OpClass::cls, sig, bytes},
#include "wasm/opcodes.def"
};

inline const OpInfo& info(Op op) { return kOpInfo[static_cast<unsigned>(op)]; }

}  // namespace akira
