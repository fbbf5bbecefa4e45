// Runtime helpers called by compiled code (Context::helpers), native calls with trap
// recovery (sigsetjmp/siglongjmp), and the guard-page fault handler.
#include <setjmp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>

#include "aot/native.h"
#include "common/native_stack.h"
#include "common/trap.h"
#include "interp/interpreter.h"

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
  sigjmp_buf jb;
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
// frame is walked (return address at fp[1], caller's fp at fp[0]) while return
// addresses stay inside the instance's code, and each is mapped to its function with the
// function table. Indices are collected into a per-thread buffer (no allocation: the
// fault handler collects too) and turned into names once the trap has unwound.
constexpr size_t kMaxFrames = 1u << 16;
thread_local std::unique_ptr<uint32_t[]> t_frames;
thread_local size_t t_nframes = 0;

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
    const CodeRange* r = code_range(ai, exact ? pc : pc - 1);
    bool chain_ends = !r;
    if (r) {
      if ((!r->wrapper || t_nframes == 0 || t_frames[t_nframes - 1] != r->func) && t_nframes < kMaxFrames)
        t_frames[t_nframes++] = r->func;
      // An entry wrapper is called by the runtime: the chain ends there.
      chain_ends = r->wrapper || fp % sizeof(uintptr_t) || fp < lo || fp > a->stack_hi - 2 * sizeof(uintptr_t);
    }
    if (chain_ends) {
      if (!next) return;
      pc = next->pc;
      fp = next->fp;
      next = next->prev;
      exact = false;
      continue;
    }
    const uintptr_t* frame = reinterpret_cast<const uintptr_t*>(fp);
    lo = fp + 2 * sizeof(uintptr_t);  // frames only go up the stack
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

[[noreturn]] void unwind() { siglongjmp(t_top->jb, 1); }

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
    of(ctx)->store->native_interrupt.store(0, std::memory_order_relaxed);
  if (code == 0 || code > static_cast<uint32_t>(TrapCode::Interrupted)) code = static_cast<uint32_t>(TrapCode::Unreachable);
  trap(static_cast<TrapCode>(code));
}

[[noreturn]] void h_stack_overflow(Context*) { trap(TrapCode::CallStackExhausted); }

uint32_t h_memory_grow(Context* ctx, uint32_t delta) {
  AotInstance* ai = of(ctx);
  int64_t r = ai->mem ? ai->mem->grow(delta) : -1;
  refresh_memory(ai);
  return static_cast<uint32_t>(r);
}

void h_memory_fill(Context* ctx, uint32_t dst, uint32_t value, uint32_t n) {
  MemoryInst* m = of(ctx)->mem;
  if (uint64_t{dst} + n > m->size) trap(TrapCode::MemoryOutOfBounds);
  std::memset(m->data + dst, static_cast<int>(value & 0xFF), n);
}

void h_memory_copy(Context* ctx, uint32_t dst, uint32_t src, uint32_t n) {
  MemoryInst* m = of(ctx)->mem;
  if (uint64_t{dst} + n > m->size || uint64_t{src} + n > m->size) trap(TrapCode::MemoryOutOfBounds);
  std::memmove(m->data + dst, m->data + src, n);
}

void h_memory_init(Context* ctx, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n) {
  AotInstance* ai = of(ctx);
  const Module& mod = *ai->inst->module;
  const DataSegment& d = mod.datas[seg];
  uint64_t len = ai->inst->data_dropped[seg] ? 0 : d.data_size;
  if (uint64_t{src} + n > len || uint64_t{dst} + n > ai->mem->size) trap(TrapCode::MemoryOutOfBounds);
  if (n) std::memcpy(ai->mem->data + dst, mod.bytes.data() + d.data_offset + src, n);
}

void h_data_drop(Context* ctx, uint32_t seg) { of(ctx)->inst->data_dropped[seg] = 1; }

void* h_table_get(Context* ctx, uint32_t table, uint32_t i) {
  TableInst* t = of(ctx)->inst->tables[table];
  if (i >= t->elems.size()) trap(TrapCode::TableOutOfBounds);
  return t->elems[i];
}

void h_table_set(Context* ctx, uint32_t table, uint32_t i, void* ref) {
  TableInst* t = of(ctx)->inst->tables[table];
  if (i >= t->elems.size()) trap(TrapCode::TableOutOfBounds);
  t->elems[i] = ref;
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
  TableInst* t = of(ctx)->inst->tables[table];
  if (uint64_t{dst} + n > t->elems.size()) trap(TrapCode::TableOutOfBounds);
  std::fill_n(t->elems.begin() + dst, n, ref);
}

void h_table_copy(Context* ctx, uint32_t dt, uint32_t st, uint32_t dst, uint32_t src, uint32_t n) {
  TableInst* d = of(ctx)->inst->tables[dt];
  TableInst* s = of(ctx)->inst->tables[st];
  if (uint64_t{dst} + n > d->elems.size() || uint64_t{src} + n > s->elems.size()) trap(TrapCode::TableOutOfBounds);
  if (n) std::memmove(d->elems.data() + dst, s->elems.data() + src, n * sizeof(Ref));
}

void h_table_init(Context* ctx, uint32_t table, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n) {
  AotInstance* ai = of(ctx);
  TableInst* t = ai->inst->tables[table];
  const auto& refs = ai->inst->elems[seg].refs;
  if (uint64_t{src} + n > refs.size() || uint64_t{dst} + n > t->elems.size()) trap(TrapCode::TableOutOfBounds);
  if (n) std::memmove(t->elems.data() + dst, refs.data() + src, n * sizeof(Ref));
}

__attribute__((noinline)) void elem_drop(Instance* inst, uint32_t seg) {
  std::vector<Ref>().swap(inst->elems[seg].refs);
}

void h_elem_drop(Context* ctx, uint32_t seg) { elem_drop(of(ctx)->inst, seg); }

// Calls a function that is not native code of this instance; the error (if any) is
// left in the innermost activation.
__attribute__((noinline)) bool call_other(AotInstance* ai, FuncInst* f, Value* argv) {
  size_t np = f->type.params.size(), nr = f->type.results.size();
  std::vector<Value> args(argv, argv + np), results(nr);
  Status s;
  if (f->native_call) {
    s = f->native_call(*ai->store, f, args.data(), results.data());
  } else if (f->is_host()) {
    HostCall hc{*ai->store, ai->inst, ai->mem, f->host_user};
    s = f->host(hc, args.data(), results.data());
  } else {
    s = interp::call(*ai->store, f, args.data(), results.data());
  }
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
  Resume here{ai->caller_pc, ai->caller_fp, t_top->resume};
  if (f->native_ctx == &ai->ctx) {
    // Same instance: straight into its entry; a trap unwinds to our activation and its
    // backtrace continues at `here`.
    t_top->resume = &here;
    reinterpret_cast<void (*)(Context*, Value*)>(f->native_entry)(&ai->ctx, argv);
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
  TableInst* t = ai->inst->tables[table];
  if (index >= t->elems.size()) trap(TrapCode::UndefinedElement);
  FuncInst* f = static_cast<FuncInst*>(t->elems[index]);
  if (!f) trap(TrapCode::UninitializedElement);
  if (f->type_id != ai->type_ids[type_index]) trap(TrapCode::IndirectCallTypeMismatch);
  call_func(ai, f, argv);
}

void h_call_import(Context* ctx, uint32_t func_index, Value* argv) {
  AotInstance* ai = of(ctx);
  call_func(ai, ai->inst->funcs[func_index], argv);
}

}  // namespace

// The helpers themselves (aot/helpers.def, in Helper order); compiled code reaches them
// through the trampolines below.
#define HELPER(name, text, impl, attr, ret, params)                          \
  static_assert(abi::implements<Helper::name>(&impl),                         \
                "helpers.def: " #impl " does not have the signature of Helper::" #name);
#include "aot/helpers.def"

extern "C" __attribute__((visibility("hidden"), used)) const void* const akira_aot_helper_impls[] = {
#define HELPER(name, text, impl, attr, ret, params) reinterpret_cast<const void*>(&impl),
#include "aot/helpers.def"
};
static_assert(sizeof(akira_aot_helper_impls) / sizeof(akira_aot_helper_impls[0]) == static_cast<size_t>(Helper::Count));

// Trampoline `name` records the compiled caller's frame pointer and return address next to
// its Context (NativeFrame::caller_fp/caller_pc; the Context is the first argument) and
// jumps to helper `name` (its slot akira_aot_helper_impls + 8 * index), arguments and
// stack untouched. The assembler numbers the helpers: akira_aot_helper_index counts up
// one per trampoline, in helpers.def order.
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

struct sigaction g_old_segv, g_old_bus;

uintptr_t fault_pc(void* uc) {
  auto* u = static_cast<ucontext_t*>(uc);
#if defined(__x86_64__)
  return static_cast<uintptr_t>(u->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return static_cast<uintptr_t>(u->uc_mcontext.pc);
#else
  (void)u;
  return 0;
#endif
}

uintptr_t fault_fp(void* uc) {
  auto* u = static_cast<ucontext_t*>(uc);
#if defined(__x86_64__)
  return static_cast<uintptr_t>(u->uc_mcontext.gregs[REG_RBP]);
#elif defined(__aarch64__)
  return static_cast<uintptr_t>(u->uc_mcontext.regs[29]);
#else
  (void)u;
  return 0;
#endif
}

void on_fault(int sig, siginfo_t* si, void* uc) {
  Activation* a = t_top;
  if (a && a->ai->mem) {
    uintptr_t addr = reinterpret_cast<uintptr_t>(si->si_addr);
    uintptr_t lo = reinterpret_cast<uintptr_t>(a->ai->mem->data);
    uintptr_t pc = fault_pc(uc);
    bool in_code = pc == 0 || (pc >= a->ai->code_begin && pc < a->ai->code_end);
    if (addr >= lo && addr - lo < a->ai->mem->reserved && in_code) {
      a->trap = static_cast<uint32_t>(TrapCode::MemoryOutOfBounds);
      t_nframes = 0;
      collect(a, pc, fault_fp(uc), true);
      siglongjmp(a->jb, 1);
    }
  }
  // Not a guard-page access of native code: the previous disposition decides.
  const struct sigaction& old = sig == SIGSEGV ? g_old_segv : g_old_bus;
  if ((old.sa_flags & SA_SIGINFO) && old.sa_sigaction) {
    old.sa_sigaction(sig, si, uc);
    return;
  }
  if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN && old.sa_handler) {
    old.sa_handler(sig);
    return;
  }
  signal(sig, SIG_DFL);  // returning re-executes the access, which now kills the process
}

// SIGURG from Store::interrupt_native(): compiled code stops where it is (it holds no
// runtime state between instructions, as at a guard-page fault); anywhere else (a helper,
// a host function) the flag is seen at the next poll.
void on_interrupt(int, siginfo_t*, void* uc) {
  Activation* a = t_top;
  if (!a || !a->ai->store->native_interrupt.load(std::memory_order_relaxed)) return;
  uintptr_t pc = fault_pc(uc);
  if (pc < a->ai->code_begin || pc >= a->ai->code_end) return;
  a->ai->store->native_interrupt.store(0, std::memory_order_relaxed);
  a->trap = static_cast<uint32_t>(TrapCode::Interrupted);
  t_nframes = 0;
  collect(a, pc, fault_fp(uc), true);
  siglongjmp(a->jb, 1);
}

void ensure_altstack() {
  thread_local bool done = false;
  if (done) return;
  done = true;
  stack_t cur;
  if (sigaltstack(nullptr, &cur) == 0 && !(cur.ss_flags & SS_DISABLE)) return;
  size_t size = 64 * 1024;
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return;
  stack_t ss{};
  ss.ss_sp = p;
  ss.ss_size = size;
  sigaltstack(&ss, nullptr);  // per thread, kept for the thread's life
}

}  // namespace

const void* const* helper_table() { return kHelpers; }

void install_fault_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa {};
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &g_old_segv);
    sigaction(SIGBUS, &sa, &g_old_bus);
#if defined(__x86_64__) || defined(__aarch64__)  // hosts where the handler reads the pc
    struct sigaction si {};
    si.sa_sigaction = on_interrupt;
    // SA_NODEFER as for the faults: the handler leaves by siglongjmp to a sigsetjmp that
    // does not save the mask (a syscall per call otherwise), so a deferred SIGURG would
    // stay blocked in this thread and the next interrupt would never arrive.
    si.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER;
    sigemptyset(&si.sa_mask);
    sigaction(SIGURG, &si, nullptr);
    Store::native_kick = [](uintptr_t thread) { pthread_kill(static_cast<pthread_t>(thread), SIGURG); };
#endif
  });
}

Status native_call(Store& store, FuncInst* f, const Value* args, Value* results) {
  if (native_stack_remaining() < kNativeStackReserve)
    return make_error(ErrorKind::Exhaustion, trap_message(TrapCode::CallStackExhausted));
  auto* ctx = static_cast<Context*>(f->native_ctx);
  AotInstance* ai = of(ctx);
  size_t np = f->type.params.size(), nr = f->type.results.size();
  size_t n = std::max(np, nr);
  Value inline_buf[8];
  std::vector<Value> heap;
  if (n > 8) heap.resize(n);
  Value* argv = n > 8 ? heap.data() : inline_buf;
  std::copy(args, args + np, argv);
  ensure_altstack();
  refresh_memory(ai);
  ctx->stack_limit = native_stack_limit(kNativeStackReserve + (64u << 10));

  if (!t_frames) t_frames.reset(new uint32_t[kMaxFrames]);
  Activation act;
  act.prev = t_top;
  act.ai = ai;
  act.stack_lo = native_stack_limit(0);
  act.stack_hi = reinterpret_cast<uintptr_t>(&act);
  bool outermost = act.prev == nullptr;
  if (outermost) {
    std::lock_guard lk(store.native_mu);
    store.native_thread = static_cast<uintptr_t>(pthread_self());
  }
  t_top = &act;
  if (sigsetjmp(act.jb, 0) == 0)
    reinterpret_cast<void (*)(Context*, Value*)>(f->native_entry)(ctx, argv);
  t_top = act.prev;
  if (outermost) {
    std::lock_guard lk(store.native_mu);
    store.native_thread = 0;
  }
  if (act.error) return std::move(*act.error);
  if (act.trap) {
    auto code = static_cast<TrapCode>(act.trap);
    Error e = make_error(code == TrapCode::CallStackExhausted ? ErrorKind::Exhaustion : ErrorKind::Trap,
                         trap_message(code));
    append_names(e.backtrace, ai, f->index);
    return e;
  }
  std::copy(argv, argv + nr, results);
  return {};
}

}  // namespace akira::aot
