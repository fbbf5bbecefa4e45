// Internal to src/aot: the per-instance context and native calls.
#pragma once
#include <memory>
#include <vector>

#include "aot/abi.h"
#include "runtime/store.h"

namespace akira::aot {

struct Image;

// Runtime state behind Context::runtime.
struct AotInstance {
  Context ctx{};
  Store* store = nullptr;
  Instance* inst = nullptr;
  MemoryInst* mem = nullptr;
  std::vector<Value*> globals;
  std::vector<uint32_t> type_ids;
  std::vector<void*> native_funcs;
  std::shared_ptr<Image> image;  // keeps the code mapped
  uintptr_t code_begin = 0, code_end = 0;
};

// The helper table, indexed by Helper.
const void* const* helper_table();

// FuncInst::native_call of every AOT function.
Status native_call(Store& store, FuncInst* f, const Value* args, Value* results);

// Installs the fault handler for guard-page bounds checks (once per process).
void install_fault_handler();

}  // namespace akira::aot
