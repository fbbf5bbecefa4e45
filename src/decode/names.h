// The "name" custom section. Only function names are kept (for backtraces). Like
// other engines, a malformed name section is ignored rather than rejected: custom
// sections never make a module malformed.
#pragma once
#include <cstddef>

#include "wasm/module.h"

namespace akira::decode {

// Parses m.bytes[begin, end) (the section payload after its name) into
// m.func_names. Call once the function index space is known.
void read_name_section(Module& m, size_t begin, size_t end);

}  // namespace akira::decode
