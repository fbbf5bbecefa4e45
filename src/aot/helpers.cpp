// Runtime helpers called by compiled code (Context::helpers), native calls with trap
// recovery (platform/unwind.h), and the handlers of guard-page faults and interrupts
// (platform/interrupt.h).
#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>

#include "aot/native.h"
#include "common/trap.h"
#include "platform/interrupt.h"
#include "platform/native_stack.h"
#include "platform/thread.h"
#include "platform/unwind.h"

namespace akira::aot {

namespace {

// One per native call in progress on this thread, innermost on top. Traps jump back
// to the innermost; compiled code has no destructors to skip.
// Where a chain of compiled frames continues after a nested same-instance call
// (call_func): the compiled caller of the helper that made it.
struct Resume {
  uintptr_t pc = 0, fp = 0;
  Resume* prev = nullptr;
};

struct Activation {
  platform::JumpBuffer jb;
  Activation* prev = nullptr;
  AotInstance* ai = nullptr;
  uint32_t trap = 0;
  std::optional<Error> error;
  Resume* resume = nullptr;
  uintptr_t stack_lo = 0;  // compiled frames lie between these
  uintptr_t stack_hi = 0;
};

thread_local Activation* t_top = nullptr;

// ---- backtraces ----
// Compiled code keeps frame pointers: at a trap, the chain from the trapping function's
// frame is walked (each frame record holds the caller's fp, then the return address)
// while return addresses stay inside the instance's code, and each is mapped to its
// function with the function table. Indices are collected into a per-thread buffer (no allocation: the
// fault handler collects too) and turned into names once the trap has unwound.
constexpr size_t kMaxFrames = 1u << 16;
thread_local std::unique_ptr<uint32_t[]> t_frames;
thread_local size_t t_nframes = 0;

// The frame record {caller's fp, return address} of frame pointer `fp`: at fp on x86-64,
// AArch64 and Arm (r7 in Thumb code), just below it on RISC-V (s0 is the frame's top).
uintptr_t frame_record(uintptr_t fp) {
#if defined(__riscv)
  return fp - 2 * sizeof(uintptr_t);
#else
  return fp;
#endif
}

const CodeRange* code_range(const AotInstance* ai, uintptr_t pc) {
  if (pc < ai->code_begin || pc >= ai->code_end || ai->ranges.empty()) return nullptr;
  uint32_t off = static_cast<uint32_t>(pc - ai->code_begin);
  auto it = std::upper_bound(ai->ranges.begin(), ai->ranges.end(), off,
                             [](uint32_t o, const CodeRange& r) { return o < r.offset; });
  return it == ai->ranges.begin() ? nullptr : &*(it - 1);
}

// Appends the functions of the compiled frames starting at `pc` (exact: a faulting
// instruction; else a return address) with frame pointer `fp`, then those of the
// chains interrupted by nested same-instance calls.
void collect(const Activation* a, uintptr_t pc, uintptr_t fp, bool exact) {
  if (!t_frames) return;
  const AotInstance* ai = a->ai;
  const Resume* next = a->resume;
  uintptr_t lo = a->stack_lo;
  for (;;) {
#if defined(__arm__)
    pc &= ~uintptr_t{1};  // a Thumb return address has bit 0 set: lr - 1 would be the next instruction
#endif
    const CodeRange* r = code_range(ai, exact ? pc : pc - 1);
    bool chain_ends = !r;
    if (r) {
      if ((!r->wrapper || t_nframes == 0 || t_frames[t_nframes - 1] != r->func) && t_nframes < kMaxFrames)
        t_frames[t_nframes++] = r->func;
      // An entry wrapper is called by the runtime: the chain ends there.
      uintptr_t rec = frame_record(fp);
      chain_ends = r->wrapper || rec % sizeof(uintptr_t) || rec < lo || rec > a->stack_hi - 2 * sizeof(uintptr_t);
    }
    if (chain_ends) {
      if (!next) return;
      pc = next->pc;
      fp = next->fp;
      next = next->prev;
      exact = false;
      continue;
    }
    const uintptr_t* frame = reinterpret_cast<const uintptr_t*>(frame_record(fp));
    lo = frame_record(fp) + 2 * sizeof(uintptr_t);  // frames only go up the stack
    pc = frame[1];
    fp = frame[0];
    exact = false;
  }
}

// Names of the collected frames; `entry` (the function the native call started at) ends
// the list if the walk did not reach it (inlined wrapper, code without frame pointers).
void append_names(std::vector<std::string>& out, const AotInstance* ai, uint32_t entry) {
  const Module& m = *ai->inst->module;
  for (size_t i = 0; i < t_nframes; ++i) out.push_back(m.func_name(t_frames[i]));
  if (t_nframes == 0 || t_frames[t_nframes - 1] != entry) out.push_back(m.func_name(entry));
  t_nframes = 0;
}

AotInstance* of(Context* ctx) { return reinterpret_cast<AotInstance*>(static_cast<uintptr_t>(ctx->runtime)); }

void refresh_memory(AotInstance* ai) {
  if (!ai->mem) return;
  ai->ctx.mem_base = reinterpret_cast<uintptr_t>(ai->mem->data);
  ai->ctx.mem_size = ai->mem->size;
}

[[noreturn]] void unwind() { platform::jump_to(t_top->jb); }

[[noreturn]] void trap(TrapCode c) {
  Activation* a = t_top;
  a->trap = static_cast<uint32_t>(c);
  t_nframes = 0;
  collect(a, a->ai->caller_pc, a->ai->caller_fp, false);
  unwind();
}

// ---- helpers ----

[[noreturn]] void h_trap(Context* ctx, uint32_t code) {
  // Like the interpreter, an interrupt is consumed by the trap it raises.
  if (code == static_cast<uint32_t>(TrapCode::Interrupted))
    of(ctx)->state->interrupt.store(0, std::memory_order_relaxed);
  if (code == 0 || code > static_cast<uint32_t>(TrapCode::Interrupted))
    code = static_cast<uint32_t>(TrapCode::Unreachable);
  trap(static_cast<TrapCode>(code));
}

[[noreturn]] void h_stack_overflow(Context*) { trap(TrapCode::CallStackExhausted); }

uint32_t h_memory_grow(Context* ctx, uint32_t delta) {
  AotInstance* ai = of(ctx);
  int64_t r = ai->mem ? ai->mem->grow(delta) : -1;
  refresh_memory(ai);
  return static_cast<uint32_t>(r);
}

// Traps unless `c` is None.
void check(TrapCode c) {
  if (c != TrapCode::None) trap(c);
}

void h_memory_fill(Context* ctx, uint32_t dst, uint32_t value, uint32_t n) {
  check(of(ctx)->mem->fill(dst, static_cast<uint8_t>(value), n));
}

void h_memory_copy(Context* ctx, uint32_t dst, uint32_t src, uint32_t n) { check(of(ctx)->mem->copy(dst, src, n)); }

void h_memory_init(Context* ctx, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n) {
  AotInstance* ai = of(ctx);
  check(ai->mem->init(dst, ai->inst->data_segment(seg), src, n));
}

void h_data_drop(Context* ctx, uint32_t seg) { of(ctx)->inst->drop_data(seg); }

void* h_table_get(Context* ctx, uint32_t table, uint32_t i) {
  Ref r = nullptr;
  check(of(ctx)->inst->tables[table]->get(i, r));
  return r;
}

void h_table_set(Context* ctx, uint32_t table, uint32_t i, void* ref) {
  check(of(ctx)->inst->tables[table]->set(i, ref));
}

uint32_t h_table_size(Context* ctx, uint32_t table) {
  return static_cast<uint32_t>(of(ctx)->inst->tables[table]->elems.size());
}

__attribute__((noinline)) uint32_t table_grow(TableInst* t, void* init, uint32_t delta) {
  return static_cast<uint32_t>(t->grow(delta, init));
}

uint32_t h_table_grow(Context* ctx, uint32_t table, void* init, uint32_t delta) {
  return table_grow(of(ctx)->inst->tables[table], init, delta);
}

void h_table_fill(Context* ctx, uint32_t table, uint32_t dst, void* ref, uint32_t n) {
  check(of(ctx)->inst->tables[table]->fill(dst, ref, n));
}

void h_table_copy(Context* ctx, uint32_t dt, uint32_t st, uint32_t dst, uint32_t src, uint32_t n) {
  Instance* inst = of(ctx)->inst;
  check(inst->tables[dt]->copy(dst, *inst->tables[st], src, n));
}

void h_table_init(Context* ctx, uint32_t table, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n) {
  Instance* inst = of(ctx)->inst;
  check(inst->tables[table]->init(dst, inst->elems[seg].refs, src, n));
}

__attribute__((noinline)) void elem_drop(Instance* inst, uint32_t seg) { inst->drop_elem(seg); }

void h_elem_drop(Context* ctx, uint32_t seg) { elem_drop(of(ctx)->inst, seg); }

// Calls a function that is not native code of this instance; the error (if any) is
// left in the innermost activation.
__attribute__((noinline)) bool call_other(AotInstance* ai, FuncInst* f, Value* argv) {
  size_t np = f->type.params.size(), nr = f->type.results.size();
  std::vector<Value> args(argv, argv + np), results(nr);
  Status s = f->call(*ai->store, ai->inst, f, args.data(), results.data());
  if (!s.ok()) {
    t_top->error = std::move(s.error());
    return false;
  }
  std::copy(results.begin(), results.end(), argv);
  return true;
}

void call_func(AotInstance* ai, FuncInst* f, Value* argv) {
  // The compiled caller, recorded by the helper's trampoline (a nested call may
  // overwrite the instance's copy).
  Resume here{static_cast<uintptr_t>(ai->caller_pc), static_cast<uintptr_t>(ai->caller_fp), t_top->resume};
  if (f->code_ctx == &ai->ctx) {
    // Same instance: straight into its entry; a trap unwinds to our activation and its
    // backtrace continues at `here`.
    t_top->resume = &here;
    reinterpret_cast<void (*)(Context*, Value*)>(f->code)(&ai->ctx, argv);
    t_top->resume = here.prev;
    return;
  }
  if (!call_other(ai, f, argv)) {
    // The callee's frames are in the error already; add ours, innermost first.
    Activation* a = t_top;
    t_nframes = 0;
    collect(a, here.pc, here.fp, false);
    const Module& m = *ai->inst->module;
    for (size_t i = 0; i < t_nframes; ++i) a->error->backtrace.push_back(m.func_name(t_frames[i]));
    t_nframes = 0;
    a->trap = 0;
    unwind();
  }
  refresh_memory(ai);
}

void h_call_indirect(Context* ctx, uint32_t table, uint32_t index, uint32_t type_index, Value* argv) {
  AotInstance* ai = of(ctx);
  FuncInst* f = nullptr;
  check(ai->inst->tables[table]->callee(index, ai->type_ids[type_index], f));
  call_func(ai, f, argv);
}

void h_call_import(Context* ctx, uint32_t func_index, Value* argv) {
  AotInstance* ai = of(ctx);
  call_func(ai, ai->inst->funcs[func_index], argv);
}

}  // namespace

// The helpers themselves (aot/helpers.def, in Helper order); compiled code reaches them
// through the trampolines below.
#define HELPER(name, text, impl, attr, ret, params)   \
  static_assert(abi::implements<Helper::name>(&impl), \
                "helpers.def: " #impl " does not have the signature of Helper::" #name);
#include "aot/helpers.def"

extern "C" __attribute__((visibility("hidden"), used)) const void* const akira_aot_helper_impls[] = {
#define HELPER(name, text, impl, attr, ret, params) reinterpret_cast<const void*>(&impl),
#include "aot/helpers.def"
};
static_assert(sizeof(akira_aot_helper_impls) / sizeof(akira_aot_helper_impls[0]) == static_cast<size_t>(Helper::Count));

// Trampoline `name` records the compiled caller's frame pointer and return address next to
// its Context (NativeFrame::caller_fp/caller_pc; the Context is the first argument) and
// jumps to helper `name` (its slot of akira_aot_helper_impls), arguments and
// stack untouched. The assembler numbers the helpers: akira_aot_helper_index counts up
// one per trampoline, in helpers.def order.
// Laid out by hand: assembly text, one instruction per line.
// clang-format off
#if defined(__x86_64__)
#define AKIRA_TRAMPOLINE(name)                                \
  ".globl akira_aot_tramp_" #name "\n"                        \
  ".hidden akira_aot_tramp_" #name "\n"                       \
  ".type akira_aot_tramp_" #name ",@function\n"               \
  ".p2align 4\n"                                              \
  "akira_aot_tramp_" #name ":\n"                              \
  "  endbr64\n"                                               \
  "  movq %rbp, 104(%rdi)\n"                                  \
  "  movq (%rsp), %r11\n"                                     \
  "  movq %r11, 112(%rdi)\n"                                  \
  "  jmpq *(akira_aot_helper_impls + 8 * akira_aot_helper_index)(%rip)\n" \
  ".size akira_aot_tramp_" #name ", . - akira_aot_tramp_" #name "\n" \
  ".set akira_aot_helper_index, akira_aot_helper_index + 1\n"
#elif defined(__aarch64__)
#define AKIRA_TRAMPOLINE(name)                                                          \
  ".globl akira_aot_tramp_" #name "\n"                                                  \
  ".hidden akira_aot_tramp_" #name "\n"                                                 \
  ".type akira_aot_tramp_" #name ",%function\n"                                         \
  ".p2align 4\n"                                                                        \
  "akira_aot_tramp_" #name ":\n"                                                        \
  "  str x29, [x0, #104]\n"                                                             \
  "  str x30, [x0, #112]\n"                                                             \
  "  adrp x16, akira_aot_helper_impls + 8 * akira_aot_helper_index\n"                   \
  "  ldr x16, [x16, :lo12:akira_aot_helper_impls + 8 * akira_aot_helper_index]\n"       \
  "  br x16\n"                                                                          \
  ".size akira_aot_tramp_" #name ", . - akira_aot_tramp_" #name "\n"                    \
  ".set akira_aot_helper_index, akira_aot_helper_index + 1\n"
#elif defined(__arm__) && defined(__thumb2__)
// Thumb code keeps its frame pointer in r7; the slot's address is PC-relative (position-
// independent runtime): pc reads as the add's address + 4.
#define AKIRA_TRAMPOLINE(name)                                                          \
  ".globl akira_aot_tramp_" #name "\n"                                                  \
  ".hidden akira_aot_tramp_" #name "\n"                                                 \
  ".type akira_aot_tramp_" #name ",%function\n"                                         \
  ".p2align 2\n"                                                                        \
  ".thumb_func\n"                                                                       \
  "akira_aot_tramp_" #name ":\n"                                                        \
  "  str r7, [r0, #104]\n"                                                              \
  "  str lr, [r0, #112]\n"                                                              \
  "  ldr r12, 1f\n"                                                                     \
  "2: add r12, pc\n"                                                                    \
  "  ldr r12, [r12]\n"                                                                  \
  "  bx r12\n"                                                                          \
  "  .p2align 2\n"                                                                      \
  "1: .word akira_aot_helper_impls + 4 * akira_aot_helper_index - (2b + 4)\n"          \
  ".size akira_aot_tramp_" #name ", . - akira_aot_tramp_" #name "\n"                    \
  ".set akira_aot_helper_index, akira_aot_helper_index + 1\n"
#elif defined(__riscv) && __riscv_xlen == 64
#define AKIRA_TRAMPOLINE(name)                                                          \
  ".globl akira_aot_tramp_" #name "\n"                                                  \
  ".hidden akira_aot_tramp_" #name "\n"                                                 \
  ".type akira_aot_tramp_" #name ",%function\n"                                         \
  ".p2align 2\n"                                                                        \
  "akira_aot_tramp_" #name ":\n"                                                        \
  "  sd s0, 104(a0)\n"                                                                  \
  "  sd ra, 112(a0)\n"                                                                  \
  "1: auipc t0, %pcrel_hi(akira_aot_helper_impls + 8 * akira_aot_helper_index)\n"       \
  "  ld t0, %pcrel_lo(1b)(t0)\n"                                                        \
  "  jr t0\n"                                                                           \
  ".size akira_aot_tramp_" #name ", . - akira_aot_tramp_" #name "\n"                    \
  ".set akira_aot_helper_index, akira_aot_helper_index + 1\n"
#endif

#ifdef AKIRA_TRAMPOLINE
asm(".text\n"
    ".set akira_aot_helper_index, 0\n"
#define HELPER(name, text, impl, attr, ret, params) AKIRA_TRAMPOLINE(name)
#include "aot/helpers.def"
);
extern "C" {
#define HELPER(name, text, impl, attr, ret, params) void akira_aot_tramp_##name();
#include "aot/helpers.def"
}
#endif
// clang-format on

namespace {

#ifdef AKIRA_TRAMPOLINE
const void* const kHelpers[] = {
#define HELPER(name, text, impl, attr, ret, params) reinterpret_cast<const void*>(&akira_aot_tramp_##name),
#include "aot/helpers.def"
};
static_assert(sizeof(kHelpers) / sizeof(kHelpers[0]) == static_cast<size_t>(Helper::Count));
#else
// Other hosts: no trampolines; backtraces name the called function only.
const void* const* const kHelpers = akira_aot_helper_impls;
#endif

// ---- faults ----

bool g_kick = false;  // interrupts stop running code (platform::install_interrupt_handler)

// A memory fault: a guard-page access of native code becomes the spec's trap; anything
// else is declined (the platform hands it to the previous disposition).
void on_fault(const platform::MachineState& ms) {
  Activation* a = t_top;
  if (!a || !a->ai->mem || !a->ai->mem->guarded) return;
  uintptr_t lo = reinterpret_cast<uintptr_t>(a->ai->mem->data);
  bool in_code = ms.pc == 0 || (ms.pc >= a->ai->code_begin && ms.pc < a->ai->code_end);
  if (ms.addr >= lo && ms.addr - lo < a->ai->mem->reserved && in_code) {
    a->trap = static_cast<uint32_t>(TrapCode::MemoryOutOfBounds);
    t_nframes = 0;
    collect(a, ms.pc, ms.fp, true);
    platform::jump_to(a->jb);
  }
}

// The interrupt sent by the engine's interrupt(): compiled code stops where it is (it
// holds no runtime state between instructions, as at a guard-page fault); anywhere else
// (a helper, a host function) the flag is seen at the next poll.
void on_interrupt(const platform::MachineState& ms) {
  Activation* a = t_top;
  if (!a || !a->ai->state->interrupt.load(std::memory_order_relaxed)) return;
  if (ms.pc < a->ai->code_begin || ms.pc >= a->ai->code_end) return;
  a->ai->state->interrupt.store(0, std::memory_order_relaxed);
  a->trap = static_cast<uint32_t>(TrapCode::Interrupted);
  t_nframes = 0;
  collect(a, ms.pc, ms.fp, true);
  platform::jump_to(a->jb);
}

}  // namespace

const void* const* helper_table() { return kHelpers; }

void install_fault_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    platform::install_fault_handler(on_fault);
    g_kick = platform::install_interrupt_handler(on_interrupt);
  });
}

namespace {

class NativeCode final : public Engine {
 public:
  const char* name() const override { return "native code"; }
  // Compiled code polls the flag at the entry of functions that call and (for targets
  // without the signal) at loop headers; the thread running it is also signalled, which
  // stops code inside a loop at once.
  void interrupt(Store& store) const override {
    StoreState& s = store.engine_state<StoreState>(*this);
    s.interrupt.store(1, std::memory_order_relaxed);
    std::lock_guard lk(s.mu);
    if (s.thread && g_kick) platform::interrupt_thread(s.thread);
  }
  Profile profile(const Instance& inst) const override { return counted_profile(inst); }
};

}  // namespace

const Engine& engine() {
  static const NativeCode e;
  return e;
}

Status native_call(Store& store, Instance*, FuncInst* f, const Value* args, Value* results) {
  if (platform::native_stack_remaining() < platform::kNativeStackReserve)
    return make_trap(TrapCode::CallStackExhausted);
  auto* ctx = static_cast<Context*>(f->code_ctx);
  AotInstance* ai = of(ctx);
  size_t np = f->type.params.size(), nr = f->type.results.size();
  size_t n = std::max(np, nr);
  Value inline_buf[8];
  std::vector<Value> heap;
  if (n > 8) heap.resize(n);
  Value* argv = n > 8 ? heap.data() : inline_buf;
  std::copy(args, args + np, argv);
  platform::prepare_thread_for_native_code();
  refresh_memory(ai);
  ctx->stack_limit = platform::native_stack_limit(platform::kNativeStackReserve + (64u << 10));

  if (!t_frames) t_frames.reset(new uint32_t[kMaxFrames]);
  Activation act;
  act.prev = t_top;
  act.ai = ai;
  act.stack_lo = platform::native_stack_limit(0);
  act.stack_hi = reinterpret_cast<uintptr_t>(&act);
  bool outermost = act.prev == nullptr;
  if (outermost) {
    std::lock_guard lk(ai->state->mu);
    ai->state->thread = platform::current_thread();
  }
  t_top = &act;
  if (AKIRA_SAVE_CONTEXT(act.jb) == 0) reinterpret_cast<void (*)(Context*, Value*)>(f->code)(ctx, argv);
  t_top = act.prev;
  if (outermost) {
    std::lock_guard lk(ai->state->mu);
    ai->state->thread = 0;
  }
  if (act.error) return std::move(*act.error);
  if (act.trap) {
    auto code = static_cast<TrapCode>(act.trap);
    Error e = make_trap(code);
    append_names(e.backtrace, ai, f->index);
    return e;
  }
  std::copy(argv, argv + nr, results);
  return {};
}

}  // namespace akira::aot
