// Execution state: one value stack and one frame stack per Store, allocated once and
// shared by nested (host -> wasm) calls, which simply continue above the outer ones.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>

#include "interp/code.h"
#include "runtime/engine.h"

namespace akira::interp {

// A suspended caller. The callee is implied by the next frame (or the running code).
struct Frame {
  const Unit* pc;  // where the caller resumes
  uint8_t* fp;
  const FuncCode* code;
};

struct State : EngineState {
  explicit State(Store& store);
  std::unique_ptr<uint8_t[]> stack_mem;
  uint8_t* stack_begin = nullptr;
  uint8_t* stack_end = nullptr;
  uint8_t* top = nullptr;  // first free byte for a new (nested) call

  std::unique_ptr<Frame[]> frame_mem;
  Frame* frames_begin = nullptr;
  Frame* frames_end = nullptr;
  Frame* frames_top = nullptr;

  // Entries from the embedder currently active (host -> wasm reentry nests natively).
  uint32_t nesting = 0;

  std::atomic<bool> interrupt{false};

  // Profiling (set_profiling): one slot per frame index, null when off. The dispatch
  // loop tests this pointer only when entering and leaving a function.
  struct ProfSlot {
    uint64_t start_ns, child_ns;
  };
  std::unique_ptr<ProfSlot[]> prof;
  Unit exit_code[2] = {0, 0};  // a one-instruction program returning to the embedder
};

// Profiling hooks: `ft` is the frame stack top after the push (enter) or before the
// pop (leave); the function concerned is at depth ft - frames_begin - 1.
void prof_enter(State& st, const Frame* ft, const FuncCode* code);
void prof_leave(State& st, const Frame* ft, const FuncCode* code);
// A trap abandons every frame above `fbase`; `cur` is the innermost function.
void prof_unwind(State& st, const Frame* ft, const Frame* fbase, const FuncCode* cur);

// The store's state, created on first use.
State& state_of(Store& store);

// Translates nothing yet: gives every defined function of `inst` its call entry and a
// Translate stub (the body is translated at its first call).
Status prepare(Store& store, Instance& inst);

// Profiling (interpreter.h's engine()): on or off for a store, and an instance's figures.
void set_profiling(Store& store, bool on);
Profile profile(const Instance& inst);

// Runs `entry` with its arguments already at `fp` (results are left there).
Status run(State& st, Store& store, const FuncCode* entry, uint8_t* fp);

}  // namespace akira::interp
