// The `spectest` module of the WebAssembly reference interpreter, which the spec suite's
// modules import: print functions that do nothing, four globals, a table and a memory.
// Used by akira-wast's engines and by the differential fuzz target.
#pragma once
#include "common/error.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"

namespace akira::wast {

Status define_spectest(Store& store, Linker& linker);

}  // namespace akira::wast
