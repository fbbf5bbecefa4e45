// The interpreter: translates validated function bodies once into threaded code with
// precomputed branch targets, then executes it.
#pragma once
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

}  // namespace akira::interp
