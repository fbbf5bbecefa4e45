// Internal to src/aot: the per-instance context and native calls.
#pragma once
#include <cstddef>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "aot/abi.h"
#include "runtime/store.h"

namespace akira::aot {

struct Image;

// The Context and, right after it, where the helper trampolines record the compiled
// caller's frame pointer and return address on every helper call (for backtraces).
struct NativeFrame {
  Context ctx{};
  uint64_t caller_fp = 0;  // ctx + 104
  uint64_t caller_pc = 0;  // ctx + 112
};
static_assert(offsetof(NativeFrame, caller_fp) == 104 && offsetof(NativeFrame, caller_pc) == 112,
              "the helper trampolines in helpers.cpp store at these offsets");

// Start of a function's code in the image; entry wrappers are the bottom of a chain of
// compiled frames.
struct CodeRange {
  uint32_t offset = 0;
  uint32_t func = 0;  // function index
  bool wrapper = false;
};

// What native code keeps per store: the interrupt flag compiled code polls
// (Context::interrupt) and the thread running native code there, to signal it.
struct StoreState : EngineState {
  explicit StoreState(Store&) {}
  std::atomic<uint32_t> interrupt{0};
  std::mutex mu;
  uintptr_t thread = 0;  // platform::ThreadId of the thread in this store's native code; 0 when none
};

// Runtime state behind Context::runtime.
struct AotInstance : NativeFrame {
  Store* store = nullptr;
  StoreState* state = nullptr;
  Instance* inst = nullptr;
  MemoryInst* mem = nullptr;
  std::vector<Value*> globals;
  std::vector<uint32_t> type_ids;
  std::vector<void*> native_funcs;
  std::vector<uint64_t> perf_counters;  // per function index, when compiled with profiling
  std::shared_ptr<Image> image;         // keeps the code mapped
  uintptr_t code_begin = 0, code_end = 0;
  std::vector<CodeRange> ranges;  // sorted by offset
};

// The helper table, indexed by Helper.
const void* const* helper_table();

// Calls per function of an instance compiled with --enable-perf-profiling (Kind::None
// otherwise). Safe while its code runs on another thread (counts may lag by the calls
// in flight).
Profile counted_profile(const Instance& inst);

// Native code as an engine (runtime/engine.h).
const Engine& engine();

// FuncInst::call of every AOT function.
Status native_call(Store& store, Instance* caller, FuncInst* f, const Value* args, Value* results);

// Installs the handlers of guard-page faults and interrupts (once per process).
void install_fault_handler();

}  // namespace akira::aot
