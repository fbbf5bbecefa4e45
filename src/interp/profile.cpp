// Optional per-function profile: call counts and self/total time (interpreter.h).
#include <algorithm>
#include <atomic>

#include "interp/frame.h"
#include "interp/interpreter.h"
#include "platform/clock.h"

namespace akira::interp {
namespace {

uint64_t now_ns() { return platform::monotonic_ns(); }

// Single writer (the running thread); readers on other threads use load().
void add(uint64_t& field, uint64_t v) {
  std::atomic_ref<uint64_t> r(field);
  r.store(r.load(std::memory_order_relaxed) + v, std::memory_order_relaxed);
}
uint64_t load(uint64_t& field) { return std::atomic_ref<uint64_t>(field).load(std::memory_order_relaxed); }

void leave_at(State& st, size_t depth, const FuncCode* code, uint64_t t) {
  State::ProfSlot& s = st.prof[depth];
  uint64_t total = t - s.start_ns;
  add(code->prof_total_ns, total);
  add(code->prof_self_ns, total > s.child_ns ? total - s.child_ns : 0);
  if (depth > 0) st.prof[depth - 1].child_ns += total;
}

}  // namespace

void prof_enter(State& st, const Frame* ft, const FuncCode* code) {
  State::ProfSlot& s = st.prof[size_t(ft - st.frames_begin) - 1];
  s.start_ns = now_ns();
  s.child_ns = 0;
  add(code->prof_calls, 1);
}

void prof_leave(State& st, const Frame* ft, const FuncCode* code) {
  leave_at(st, size_t(ft - st.frames_begin) - 1, code, now_ns());
}

void prof_unwind(State& st, const Frame* ft, const Frame* fbase, const FuncCode* cur) {
  uint64_t t = now_ns();
  size_t top = size_t(ft - st.frames_begin), base = size_t(fbase - st.frames_begin);
  if (top <= base) return;
  leave_at(st, top - 1, cur, t);
  for (size_t d = top - 1; d-- > base;) leave_at(st, d, st.frames_begin[d + 1].code, t);
}

void set_profiling(Store& store, bool on) {
  State& st = state_of(store);
  if (on && !st.prof) {
    size_t n = size_t(st.frames_end - st.frames_begin);
    st.prof.reset(new State::ProfSlot[n]());
  } else if (!on) {
    st.prof.reset();
  }
}

Profile profile(const Instance& inst) {
  Profile out;
  if (!inst.code || inst.engine != &engine()) return out;
  const auto* mc = static_cast<const InstanceCode*>(inst.code.get());
  for (const FuncCode& c : mc->funcs) {
    uint64_t calls = load(c.prof_calls);
    if (!calls || !c.func) continue;
    FunctionProfile p;
    p.index = c.func->index;
    p.name = inst.module->func_name(c.func->index);
    p.calls = calls;
    p.self_ns = load(c.prof_self_ns);
    p.total_ns = load(c.prof_total_ns);
    out.funcs.push_back(std::move(p));
  }
  if (out.funcs.empty()) return out;  // not profiled (or nothing called yet)
  out.kind = Profile::Kind::Timed;
  std::sort(out.funcs.begin(), out.funcs.end(), [](const FunctionProfile& a, const FunctionProfile& b) {
    return a.self_ns != b.self_ns ? a.self_ns > b.self_ns : a.calls > b.calls;
  });
  return out;
}

}  // namespace akira::interp
