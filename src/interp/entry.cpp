// Entry from the embedder: the per-store execution state and the boundary between
// Value arrays (16 bytes per value) and frame slots (8 bytes, 16 for v128).
#include "interp/frame.h"
#include "interp/interpreter.h"

#include <algorithm>

#include "common/native_stack.h"
#include "common/trap.h"

namespace akira::interp {

State& state_of(Store& store) {
  if (!store.exec_state) {
    const StoreLimits& lim = store.limits();
    auto* st = new State;
    size_t bytes = std::max<uint64_t>(lim.value_stack_bytes, 4096);
    st->stack_mem.reset(new uint8_t[bytes]);
    st->stack_begin = st->stack_mem.get();
    st->stack_end = st->stack_begin + bytes;
    st->top = st->stack_begin;
    // One frame per active wasm call plus one sentinel per entry from the embedder.
    size_t frames = size_t(lim.max_call_depth) + 1;
    st->frame_mem.reset(new Frame[frames]);
    st->frames_begin = st->frame_mem.get();
    st->frames_end = st->frames_begin + frames;
    st->frames_top = st->frames_begin;
    std::memcpy(st->exit_code, &handler_table()[H_Exit], sizeof(void*));
    store.exec_state = st;
    store.exec_state_deleter = [](void* p) { delete static_cast<State*>(p); };
  }
  return *static_cast<State*>(store.exec_state);
}

Status call(Store& store, FuncInst* f, const Value* args, Value* results) {
  State& st = state_of(store);
  const FuncCode* code = static_cast<const FuncCode*>(f->code);
  const FuncType& t = f->type;
  uint8_t* fp = st.top;
  if (native_stack_remaining() < kNativeStackReserve || fp + std::max(code->param_bytes, code->result_bytes) > st.stack_end)
    return make_error(ErrorKind::Exhaustion, trap_message(TrapCode::CallStackExhausted));
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

void interrupt(Store& store) {
  state_of(store).interrupt.store(true, std::memory_order_relaxed);
}

}  // namespace akira::interp
