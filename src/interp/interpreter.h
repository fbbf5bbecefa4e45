// The interpreter: translates validated function bodies (lazily, at each function's first
// call) into threaded code with precomputed branch targets, then executes it. It plugs
// into the runtime as an Engine (runtime/engine.h).
#pragma once
#include "runtime/engine.h"
#include "runtime/store.h"

namespace akira::interp {

// The interpreter as an engine: interrupt (the innermost call traps at its next loop
// back-edge or call), per-function profiling (calls, self and total time; when off the
// only cost is a test of one pointer per call and return) and its profile.
const Engine& engine();

// Any module's code for the interpreter: instantiate(store, module, imports, name,
// interp::code()) runs the instance's functions in the interpreter.
const ModuleCode& code();

// FuncInst::call of every interpreted function.
Status call(Store& store, Instance* caller, FuncInst* f, const Value* args, Value* results);

}  // namespace akira::interp
