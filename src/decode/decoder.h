// Binary format -> Module. Every byte is bounds-checked; errors carry the spec's
// wording ("unexpected end", "integer too large", "malformed section id", ...) and the
// byte offset. Messages follow the spec's reference decoder; the spec suite compares
// them by prefix ("unexpected end" accepts "unexpected end of section or function").
//
// One error is not Malformed: a typed `select` with other than one type decodes in
// the spec but fails validation ("invalid result arity"), and the IR holds only one
// type, so the decoder returns that ErrorKind::Invalid error itself, and only when
// the rest of the binary is well-formed.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "common/error.h"
#include "wasm/module.h"

namespace akira {

Result<std::shared_ptr<Module>> decode_module(std::vector<uint8_t> bytes);

}  // namespace akira
