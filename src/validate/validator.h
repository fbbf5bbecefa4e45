// Module validation per the WebAssembly 2.0 spec. Errors carry the spec's wording
// ("type mismatch", "unknown local", ...), the function index and byte offset.
#pragma once
#include "common/error.h"
#include "wasm/module.h"

namespace akira {

Status validate_module(const Module& m);

}  // namespace akira
