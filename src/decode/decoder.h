// Binary format -> Module. Every byte is bounds-checked; errors carry the spec's
// wording ("unexpected end", "integer too large", "malformed section id", ...) and the
// byte offset.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "common/error.h"
#include "wasm/module.h"

namespace akira {

Result<std::shared_ptr<Module>> decode_module(std::vector<uint8_t> bytes);

}  // namespace akira
