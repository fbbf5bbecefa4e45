// Entry from the embedder: the per-store execution state and the boundary between
// Value arrays (16 bytes per value) and frame slots (8 bytes, 16 for v128).
#include "interp/frame.h"
#include "interp/interpreter.h"

#include <algorithm>

#include "common/trap.h"
#include "platform/native_stack.h"

namespace akira::interp {

State::State(Store& store) {
  const StoreLimits& lim = store.limits();
  size_t bytes = std::max<uint64_t>(lim.value_stack_bytes, 4096);
  stack_mem.reset(new uint8_t[bytes]);
  stack_begin = stack_mem.get();
  stack_end = stack_begin + bytes;
  top = stack_begin;
  // One frame per active wasm call plus one sentinel per entry from the embedder.
  size_t frames = size_t(lim.max_call_depth) + 1;
  frame_mem.reset(new Frame[frames]);
  frames_begin = frame_mem.get();
  frames_end = frames_begin + frames;
  frames_top = frames_begin;
  std::memcpy(exit_code, &handler_table()[H_Exit], sizeof(void*));
}

namespace {

class Interpreter final : public Engine {
 public:
  const char* name() const override { return "interpreter"; }
  void interrupt(Store& store) const override { state_of(store).interrupt.store(true, std::memory_order_relaxed); }
  void set_profiling(Store& store, bool on) const override { interp::set_profiling(store, on); }
  Profile profile(const Instance& inst) const override { return interp::profile(inst); }
};

// Every module's code: translated per instance (lazily, function by function).
class Translation final : public ModuleCode {
 public:
  const Engine& engine() const override { return interp::engine(); }
  Status bind(Store& store, Instance& inst) const override { return prepare(store, inst); }
};

}  // namespace

const Engine& engine() {
  static const Interpreter e;
  return e;
}

const ModuleCode& code() {
  static const Translation c;
  return c;
}

State& state_of(Store& store) { return store.engine_state<State>(engine()); }

Status call(Store& store, Instance*, FuncInst* f, const Value* args, Value* results) {
  State& st = state_of(store);
  const FuncCode* code = static_cast<const FuncCode*>(f->code);
  const FuncType& t = f->type;
  uint8_t* fp = st.top;
  if (platform::native_stack_remaining() < platform::kNativeStackReserve ||
      fp + std::max(code->param_bytes, code->result_bytes) > st.stack_end)
    return make_trap(TrapCode::CallStackExhausted);
  uint8_t* p = fp;
  for (size_t k = 0; k < t.params.size(); ++k) {
    size_t n = t.params[k] == ValType::V128 ? 16 : 8;
    std::memcpy(p, &args[k], n);
    p += n;
  }
  uint8_t* saved_top = st.top;
  Frame* saved_frames = st.frames_top;
  ++st.nesting;
  Status s = run(st, store, code, fp);
  --st.nesting;
  st.top = saved_top;
  st.frames_top = saved_frames;
  if (!s.ok()) return s;
  p = fp;
  for (size_t k = 0; k < t.results.size(); ++k) {
    ValType r = t.results[k];
    results[k] = Value();
    size_t n = r == ValType::V128 ? 16 : (r == ValType::I32 || r == ValType::F32) ? 4 : 8;
    std::memcpy(&results[k], p, n);
    p += r == ValType::V128 ? 16 : 8;
  }
  return {};
}

}  // namespace akira::interp
