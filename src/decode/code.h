// Instruction sequences: function bodies and constant expressions.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "decode/reader.h"
#include "wasm/module.h"

namespace akira::decode {

struct ExprState {
  // memory.init or data.drop seen: the module then needs a data count section.
  bool uses_data_index = false;
  // An error the validator would report ("invalid result arity" for a typed select
  // with other than one type). The IR cannot hold such an instruction, so the decoder
  // reports it, but only if the binary is otherwise well-formed, because a malformed
  // binary must be reported as malformed.
  std::optional<Error> deferred;
};

// Reads instructions up to and including the `end` that closes the sequence, with
// block/loop/if linked to their else/end. Errors go to the reader.
void decode_expr(Reader& r, std::vector<Instr>& code, std::vector<uint32_t>& br_labels, ExprState& state);

// A value type byte (numeric, vector or reference type).
ValType read_value_type(Reader& r);
// A reference type byte (funcref or externref).
ValType read_ref_type(Reader& r);

}  // namespace akira::decode
