// The interpreter: translates validated function bodies once into threaded code with
// precomputed branch targets, then executes it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/store.h"

namespace akira::interp {

// Translates every defined function of `inst` (called by instantiate, before the
// start function). Sets FuncInst::code for each defined function.
Status prepare(Store& store, Instance& inst);

// Executes interpreted function `f` (f->code set): args in, results out.
// Host functions it calls are invoked through FuncInst::host.
Status call(Store& store, FuncInst* f, const Value* args, Value* results);

// Asks running code on this store to stop: the innermost call traps with "interrupted"
// at its next loop back-edge or call. Safe to call from another thread once the store
// has prepared an instance.
void interrupt(Store& store);

// Per-function profile: when on, every call counts and the time between entering and
// leaving a function is added to it (total) and, minus its callees, to its self time.
// Off by default; when off the only cost is a test of one pointer per call and return.
// Switch it on before running code on the store (from the thread that runs it).
void set_profiling(Store& store, bool on);

struct FuncProfile {
  uint32_t index = 0;  // function index space
  std::string name;
  uint64_t calls = 0;
  uint64_t self_ns = 0, total_ns = 0;  // total counts each activation (recursion adds up)
};
// The profile of the defined functions of interpreted instance `inst` that were
// called, most self time first. Safe to call from another thread while it runs.
std::vector<FuncProfile> profile(const Instance& inst);

}  // namespace akira::interp
