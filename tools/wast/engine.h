// The seam between the spec-script runner and a way of executing modules.
// The interpreter engine runs modules with the runtime's interpreter; an AOT engine
// will compile each module with akirac and load the result into the same Store, so
// both hand back runtime Instances and the script logic does not care which it is.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "deploy/load.h"
#include "runtime/store.h"
#include "runtime/value.h"
#include "wasm/module.h"

namespace akira::wast {

// A module that decoded and validated (and, for AOT, compiled and loaded): deploy's
// loaded module, as `akira run` and the device service have.
using LoadedModule = deploy::LoadedModule;

// Results of a call together with their types, so they can be checked and printed.
struct TypedValues {
  std::vector<ValType> types;
  std::vector<Value> values;
};

class Engine {
 public:
  virtual ~Engine() = default;

  // Reads, decodes and validates the binary module at `wasm_path`.
  // Errors: Malformed (decode), Invalid (validation), Io, Unsupported.
  virtual Result<LoadedModule> load(const std::string& wasm_path) = 0;

  // Resolves imports against `spectest` and the registered instances, then instantiates.
  // Errors: Unlinkable (imports), Trap / Exhaustion (element/data init, start function).
  virtual Result<Instance*> instantiate(const LoadedModule& m, const std::string& name) = 0;

  // Makes every export of `inst` importable under module name `as`.
  virtual void register_instance(const std::string& as, const Instance& inst) = 0;

  // Calls export `field` of `inst`. Errors: Trap, Exhaustion, or a lookup/argument error.
  // The argument types must match the function's parameters.
  virtual Result<TypedValues> invoke(Instance& inst, std::string_view field, const TypedValues& args) = 0;

  // Reads exported global `field` of `inst`.
  virtual Result<TypedValues> get(Instance& inst, std::string_view field) = 0;
};

struct EngineOptions {
  std::string mode = "interp";  // "interp" or "aot"
  std::string akirac_flags;     // extra flags for akirac (AOT mode)
};

// Creates the engine for `opts.mode`; Error{Unsupported} when this build lacks it.
// One engine (and so one Store) per script.
Result<std::unique_ptr<Engine>> make_engine(const EngineOptions& opts);

// Reads, decodes and validates a module file (deploy::load_module_file, the decoder
// judging its header in the spec's words): the first step of every engine's load().
Result<LoadedModule> read_checked_module(const std::string& wasm_path);

}  // namespace akira::wast
