// What the runtime knows of the engines that run code: the interpreter (src/interp) and
// native code loaded from .aot files (src/aot) both implement this interface, and the
// runtime, the deploy layer and the service reach them only through it.
//
//   - prepare: ModuleCode::bind gives every defined function of a new instance its call
//     entry (FuncInst::call) before segments are initialised and the start function runs;
//   - call: FuncInst::call, the same for every function whoever compiled it;
//   - interrupt: Store::interrupt() asks each engine that has state on the store to stop;
//   - profile: Engine::profile of an instance the engine runs;
//   - backtrace: a trap comes back as an Error with its frames, innermost first.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"

namespace akira {

class Store;
struct Instance;

// Where the time went in one instance, as far as its engine can tell.
struct FunctionProfile {
  uint32_t index = 0;  // function index space
  std::string name;
  uint64_t calls = 0;
  uint64_t self_ns = 0, total_ns = 0;  // Timed only
};

struct Profile {
  enum class Kind : uint8_t {
    None,     // no per-function figures: profiling off, or native code compiled without
              // --enable-perf-profiling
    Timed,    // calls and times per function, most self time first (the interpreter)
    Counted,  // calls per function, most calls first (native code)
  };
  Kind kind = Kind::None;
  std::vector<FunctionProfile> funcs;  // functions called at least once
};

// State an engine keeps per store (the interpreter's stacks, native code's interrupt
// flag), created by the engine on first use and owned by the store.
struct EngineState {
  virtual ~EngineState() = default;
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual const char* name() const = 0;  // "interpreter", "native code"

  // Asks code of this engine running on `store` to stop: the running call traps with
  // TrapCode::Interrupted. Safe from any thread; consumed by the trap it raises.
  virtual void interrupt(Store& store) const = 0;

  // Per-function profiling of the code this engine runs on `store` (off by default).
  // Switch it on before running code, from the thread that runs it. Engines that count
  // calls only when the code was compiled to (native code) ignore it.
  virtual void set_profiling(Store& store, bool on) const {}

  // The profile of `inst` (an instance this engine runs) so far. Safe to call while its
  // code runs on another thread.
  virtual Profile profile(const Instance& inst) const { return {}; }

  // A small number unique to each engine in the process: its slot in a store's table
  // of engine states.
  uint32_t slot() const { return slot_; }

 protected:
  Engine();

 private:
  uint32_t slot_;
};

// One module's code in the form an engine runs it (the interpreter translates at bind
// time; an .aot file holds native code already), bound to each new instance.
class ModuleCode {
 public:
  virtual ~ModuleCode() = default;
  virtual const Engine& engine() const = 0;
  // Sets FuncInst::call (and the engine's per-function data) of every defined function
  // of `inst`, and Instance::engine/code. Called by instantiate() once the instance's
  // functions, tables, memories and globals exist.
  virtual Status bind(Store& store, Instance& inst) const = 0;
};

}  // namespace akira
