// Trap codes raised by execution, with the spec's messages.
#pragma once
#include <cstdint>

namespace akira {

enum class TrapCode : uint8_t {
  None,
  Unreachable,
  IntDivByZero,
  IntOverflow,
  InvalidConversion,
  MemoryOutOfBounds,
  TableOutOfBounds,
  UndefinedElement,
  UninitializedElement,
  IndirectCallTypeMismatch,
  CallStackExhausted,
  Interrupted,
  Host,  // raised by a host function, with its own message
};

inline const char* trap_message(TrapCode c) {
  switch (c) {
    case TrapCode::None: return "no trap";
    case TrapCode::Unreachable: return "unreachable";
    case TrapCode::IntDivByZero: return "integer divide by zero";
    case TrapCode::IntOverflow: return "integer overflow";
    case TrapCode::InvalidConversion: return "invalid conversion to integer";
    case TrapCode::MemoryOutOfBounds: return "out of bounds memory access";
    case TrapCode::TableOutOfBounds: return "out of bounds table access";
    case TrapCode::UndefinedElement: return "undefined element";
    case TrapCode::UninitializedElement: return "uninitialized element";
    case TrapCode::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapCode::CallStackExhausted: return "call stack exhausted";
    case TrapCode::Interrupted: return "interrupted";
    case TrapCode::Host: return "host function trapped";
  }
  return "trap";
}

}  // namespace akira
