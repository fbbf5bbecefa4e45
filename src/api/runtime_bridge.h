// The C API's only door into the runtime: every call it makes into the store, the
// instantiator, the decoder, the validator, the .aot loader, the hybrid loader, WASI and
// the profilers goes through these few functions.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"

namespace akira {
class WasiContext;
struct WasiOptions;
}  // namespace akira

namespace akira::capi {

// A module ready to instantiate, whichever engine runs it.
struct LoadedModule {
  std::shared_ptr<const Module> module;
  std::shared_ptr<const ModuleCode> code;  // what runs it: native code or the interpreter
  bool aot = false;
  std::vector<uint8_t> aot_bytes;  // the .aot file, when the module came from one
};

// A store (an interrupt may come from another thread at any time, even before code runs).
std::unique_ptr<Store> new_store(const StoreLimits& limits);

// Decodes and validates a .wasm, or loads a .aot (magic bytes decide).
Result<LoadedModule> load_module(std::span<const uint8_t> bytes);

struct HybridInfo {
  bool aot = false;
  std::string source, reason;
  std::vector<std::string> lines;
};
// The hybrid choice of `akira run` for an app folder, NAME.wasm (pack) or NAME.aot.
Result<LoadedModule> load_app(const std::string& path, bool allow_aot, HybridInfo& info);

// Instantiates with imports in import order, running the start function.
Result<Instance*> instantiate(Store& store, const LoadedModule& m, const std::vector<Extern>& imports);

// Calls any function.
Result<std::vector<Value>> call(Store& store, FuncInst* f, const std::vector<Value>& args);

FuncInst* new_host_func(Store& store, FuncType type, HostFn fn, std::string name);
Result<MemoryInst*> new_memory(Store& store, const MemoryType& type);
TableInst* new_table(Store& store, const TableType& type, Ref init);
GlobalInst* new_global(Store& store, const GlobalType& type, Value v);

// Stops the code running on `store`, whichever engine runs it.
void interrupt(Store& store);

// Interpreter profiling for code run on the store from now on (native code counts calls
// when compiled to).
void set_profiling(Store& store, bool on);
struct ProfileEntry {
  uint32_t index = 0;
  std::string name;
  uint64_t calls = 0, self_ns = 0, total_ns = 0;
};
// 0: no figures, 1: timed (interpreter), 2: counted (native)
int profile(const Instance& inst, std::vector<ProfileEntry>& out);

// WASI: creates the context, and returns for each import of `m` the WASI function it
// names (a null Extern for imports of other modules).
Result<std::unique_ptr<WasiContext>> wasi_create(WasiOptions opts);
std::vector<Extern> wasi_imports(WasiContext& ctx, Store& store, const Module& m);

}  // namespace akira::capi
