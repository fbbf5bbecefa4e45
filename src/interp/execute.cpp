// The dispatch loop: direct-threaded code (each instruction starts with its handler's
// label address; `goto *` jumps straight to the next handler). Calls between interpreted
// functions push a Frame record instead of recursing natively, so deep wasm recursion
// ends in a "call stack exhausted" trap, never a host stack overflow.
//
// Handlers of the generated instruction classes are stamped out from opcodes.def; each
// is a few lines calling the semantic function exec::<Name> through small templates
// that read operands according to the signature string.
#include <algorithm>

#include "exec/ops.h"
#include "interp/code.h"
#include "interp/frame.h"
#include "interp/interpreter.h"

#define AK_INLINE __attribute__((always_inline)) inline

namespace akira::interp {
namespace {

template <class T> AK_INLINE T rd(const uint8_t* fp, Unit off) {
  T v;
  std::memcpy(&v, fp + off, sizeof v);
  return v;
}
template <class T> AK_INLINE void wr(uint8_t* fp, Unit off, T v) { std::memcpy(fp + off, &v, sizeof v); }

template <char C> struct VT { using T = uint32_t; };
template <> struct VT<'I'> { using T = uint64_t; };
template <> struct VT<'f'> { using T = float; };
template <> struct VT<'F'> { using T = double; };
template <> struct VT<'v'> { using T = V128; };

constexpr char sig_at(const char* s, int i) {
  for (int k = 0; k < i; ++k)
    if (!s[k]) return 0;
  return s[i];
}

template <char C0, char C1, char C2, char C3, char C4> struct Sig {
  static constexpr int nargs = C0 == '>' ? 0 : C1 == '>' ? 1 : C2 == '>' ? 2 : 3;
  static constexpr char at(int i) {
    const char c[5] = {C0, C1, C2, C3, C4};
    return c[i];
  }
  using A0 = typename VT<at(0)>::T;
  using A1 = typename VT<at(1)>::T;
  using A2 = typename VT<at(2)>::T;
  using R = typename VT<at(nargs + 1)>::T;
};
#define AKIRA_SIG(s) Sig<sig_at(s, 0), sig_at(s, 1), sig_at(s, 2), sig_at(s, 3), sig_at(s, 4)>

// Pure and Trap: [h][args...][dst][lane | 16 shuffle bytes]. Returns the next pc.
template <ImmKind K, class S, class F> AK_INLINE const Unit* pure(const Unit* pc, uint8_t* fp, F f) {
  using R = typename S::R;
  constexpr int n = S::nargs;
  const Unit* o = pc + 2;
  R r;
  if constexpr (K == ImmKind::Shuffle) {
    r = f(rd<typename S::A0>(fp, o[0]), rd<typename S::A1>(fp, o[1]), reinterpret_cast<const uint8_t*>(o + 3));
  } else if constexpr (K == ImmKind::Lane) {
    if constexpr (n == 1)
      r = f(rd<typename S::A0>(fp, o[0]), static_cast<uint8_t>(o[2]));
    else
      r = f(rd<typename S::A0>(fp, o[0]), rd<typename S::A1>(fp, o[1]), static_cast<uint8_t>(o[3]));
  } else if constexpr (n == 1) {
    r = f(rd<typename S::A0>(fp, o[0]));
  } else if constexpr (n == 2) {
    r = f(rd<typename S::A0>(fp, o[0]), rd<typename S::A1>(fp, o[1]));
  } else {
    r = f(rd<typename S::A0>(fp, o[0]), rd<typename S::A1>(fp, o[1]), rd<typename S::A2>(fp, o[2]));
  }
  wr<R>(fp, o[n], r);
  return pc + 2 + n + 1 + (K == ImmKind::Lane ? 1 : 0) + (K == ImmKind::Shuffle ? 4 : 0);
}

// The effective address is computed in 64 bits, so address + offset + width cannot wrap.
AK_INLINE bool in_bounds(uint64_t ea, uint64_t n, uint64_t size) { return ea + n <= size; }

// Load: [h][addr][dst][offset]
template <class S, unsigned N, class F>
AK_INLINE bool load_op(const Unit* pc, uint8_t* fp, uint8_t* mb, uint64_t ms, F f) {
  uint64_t ea = uint64_t(rd<uint32_t>(fp, pc[2])) + pc[4];
  if (!in_bounds(ea, N, ms)) return false;
  wr<typename S::R>(fp, pc[3], f(mb + ea));
  return true;
}
// Store: [h][addr][value][offset]
template <class S, unsigned N, class F>
AK_INLINE bool store_op(const Unit* pc, uint8_t* fp, uint8_t* mb, uint64_t ms, F f) {
  uint64_t ea = uint64_t(rd<uint32_t>(fp, pc[2])) + pc[4];
  if (!in_bounds(ea, N, ms)) return false;
  f(mb + ea, rd<typename S::A1>(fp, pc[3]));
  return true;
}
// Folded address: [h][a][b][dst | value][offset], address = (a + b) mod 2^32.
template <class S, unsigned N, class F>
AK_INLINE bool load_add(const Unit* pc, uint8_t* fp, uint8_t* mb, uint64_t ms, F f) {
  uint64_t ea = uint64_t(rd<uint32_t>(fp, pc[2]) + rd<uint32_t>(fp, pc[3])) + pc[5];
  if (!in_bounds(ea, N, ms)) return false;
  wr<typename S::R>(fp, pc[4], f(mb + ea));
  return true;
}
template <class S, unsigned N, class F>
AK_INLINE bool store_add(const Unit* pc, uint8_t* fp, uint8_t* mb, uint64_t ms, F f) {
  uint64_t ea = uint64_t(rd<uint32_t>(fp, pc[2]) + rd<uint32_t>(fp, pc[3])) + pc[5];
  if (!in_bounds(ea, N, ms)) return false;
  f(mb + ea, rd<typename S::A1>(fp, pc[4]));
  return true;
}
// LoadLane: [h][addr][v][dst][offset][lane]
template <unsigned N, class F> AK_INLINE bool load_lane(const Unit* pc, uint8_t* fp, uint8_t* mb, uint64_t ms, F f) {
  uint64_t ea = uint64_t(rd<uint32_t>(fp, pc[2])) + pc[5];
  if (!in_bounds(ea, N, ms)) return false;
  wr<V128>(fp, pc[4], f(mb + ea, rd<V128>(fp, pc[3]), static_cast<uint8_t>(pc[6])));
  return true;
}
// StoreLane: [h][addr][v][offset][lane]
template <unsigned N, class F> AK_INLINE bool store_lane(const Unit* pc, uint8_t* fp, uint8_t* mb, uint64_t ms, F f) {
  uint64_t ea = uint64_t(rd<uint32_t>(fp, pc[2])) + pc[4];
  if (!in_bounds(ea, N, ms)) return false;
  f(mb + ea, rd<V128>(fp, pc[3]), static_cast<uint8_t>(pc[5]));
  return true;
}

// Zeroed locals and the constant pool. Usually a few slots: a plain loop beats a
// call to memcpy.
AK_INLINE void init_frame(uint8_t* fp, const FuncCode* c) {
  uint32_t n = c->init_bytes;
  if (n > 256) {
    std::memcpy(fp + c->init_off, c->init.data(), n);
    return;
  }
  uint8_t* d = fp + c->init_off;
  const uint8_t* s = c->init.data();
  for (uint32_t i = 0; i < n; i += 8) wr<uint64_t>(d, i, rd<uint64_t>(s, i));
}

size_t value_bytes(ValType t) {
  switch (t) {
    case ValType::I32:
    case ValType::F32: return 4;
    case ValType::V128: return 16;
    default: return 8;
  }
}

// Calls a function the interpreter does not run (a host function, native code) through
// its call entry. Kept out of the dispatch loop: such calls are rare compared to
// everything else.
__attribute__((noinline)) bool call_other(State& st, Store& store, FuncInst* f, const FuncCode* caller, uint8_t* fp,
                                          uint8_t* args, Error& err) {
  const FuncType& t = f->type;
  Value inline_args[8], inline_results[8];
  std::vector<Value> heap_args, heap_results;
  Value* a = inline_args;
  Value* r = inline_results;
  if (t.params.size() > 8) {
    heap_args.resize(t.params.size());
    a = heap_args.data();
  }
  if (t.results.size() > 8) {
    heap_results.resize(t.results.size());
    r = heap_results.data();
  }
  uint8_t* p = args;
  for (size_t k = 0; k < t.params.size(); ++k) {
    std::memcpy(&a[k], p, value_bytes(t.params[k]));
    p += t.params[k] == ValType::V128 ? 16 : 8;
  }
  st.top = fp + caller->frame_bytes;
  Status s = f->call(store, caller->inst, f, a, r);
  if (!s.ok()) {
    err = s.error();
    return false;
  }
  p = args;
  for (size_t k = 0; k < t.results.size(); ++k) {
    std::memcpy(p, &r[k], t.results[k] == ValType::V128 ? 16 : 8);
    p += t.results[k] == ValType::V128 ? 16 : 8;
  }
  return true;
}

std::string func_name(const FuncCode* c) { return c->inst->module->func_name(c->func->index); }

// Active frames innermost first: the running function, then the suspended callers down
// to (not including) the entry sentinel.
__attribute__((noinline)) void add_backtrace(Error& e, const FuncCode* cur, const Frame* ft, const Frame* fbase) {
  e.backtrace.push_back(func_name(cur));
  for (const Frame* f = ft - 1; f > fbase; --f) e.backtrace.push_back(func_name(f->code));
}

__attribute__((noinline)) Error trap_error(TrapCode tc) { return make_trap(tc); }

Status loop(State* stp, Store* storep, const FuncCode* entry, uint8_t* fp, const void* const** table_out) {
  static const void* const labels[] = {
#define AKIRA_LBL_Special(n) &&L_Bad
#define AKIRA_LBL_Pure(n) &&L_op_##n
#define AKIRA_LBL_Trap(n) &&L_op_##n
#define AKIRA_LBL_Load(n) &&L_op_##n
#define AKIRA_LBL_Store(n) &&L_op_##n
#define AKIRA_LBL_LoadLane(n) &&L_op_##n
#define AKIRA_LBL_StoreLane(n) &&L_op_##n
#define OP(name, text, prefix, code, imm, cls, sig, bytes) AKIRA_LBL_##cls(name),
#include "wasm/opcodes.def"
#define X(n) &&L_##n,
      AKIRA_INTERP_INTERNAL(X)
#undef X
#define OP(name, text, prefix, code, imm, cls, sig, bytes) AKIRA_ADD_##cls(name)
#undef AKIRA_ADD_Load
#undef AKIRA_ADD_Store
#define AKIRA_ADD_Load(n) &&L_add_##n,
#define AKIRA_ADD_Store(n) &&L_add_##n,
#include "wasm/opcodes.def"
  };
  static_assert(sizeof labels / sizeof labels[0] == H_Count);
  if (table_out) {
    *table_out = labels;
    return {};
  }

  State& st = *stp;
  Store& store = *storep;
  Frame* ft = st.frames_top;
  Frame* const fbase = ft;
  const FuncCode* cur = entry;
  const Unit* pc;
  uint8_t* mb;
  uint64_t ms;
  TrapCode tc = TrapCode::None;
  Error host_err;
  const FuncCode* callee;
  FuncInst* fi;
  Unit argoff;

  // Every handler ends in its own indirect jump: the distinct (empty) asm keeps the
  // compiler from merging the dispatch tails into one shared, badly predicted jump.
#define AKIRA_STR2(x) #x
#define AKIRA_STR(x) AKIRA_STR2(x)
#define NEXT()                                          \
  do {                                                  \
    asm volatile("# dispatch " AKIRA_STR(__COUNTER__)); \
    goto* load_ptr(pc);                                 \
  } while (0)
#define RELOAD_MEM()                 \
  do {                               \
    if (MemoryInst* m_ = cur->mem) { \
      mb = m_->data;                 \
      ms = m_->size;                 \
    } else {                         \
      mb = nullptr;                  \
      ms = 0;                        \
    }                                \
  } while (0)
#define TRAP(code)       \
  do {                   \
    tc = TrapCode::code; \
    goto trap;           \
  } while (0)
  // Taken branch through the displacement in unit k; backward ones poll the interrupt.
  // k may be unsigned (br_table's 4 + index), so it is widened before the signed
  // displacement is added: in 32-bit unsigned arithmetic a backward jump would wrap.
#define JUMP(k)                                                                    \
  do {                                                                             \
    int32_t d_ = static_cast<int32_t>(pc[k]);                                      \
    pc += static_cast<ptrdiff_t>(k) + d_;                                          \
    if (d_ < 0 && st.interrupt.load(std::memory_order_relaxed)) TRAP(Interrupted); \
    NEXT();                                                                        \
  } while (0)

  if (ft == st.frames_end || fp + entry->frame_bytes > st.stack_end) TRAP(CallStackExhausted);
  *ft++ = Frame{st.exit_code, fp, entry};
  if (__builtin_expect(st.prof != nullptr, 0)) prof_enter(st, ft, entry);
  init_frame(fp, entry);
  pc = entry->code.data();
  RELOAD_MEM();
  NEXT();

  // ---- generated instruction classes ----
#define AKIRA_DEF_Special(name, imm, sig, bytes)
#define AKIRA_DEF_Pure(name, imm, sig, bytes)                                                                \
  L_op_##name : pc = pure<ImmKind::imm, AKIRA_SIG(sig)>(pc, fp, [](auto... a) { return exec::name(a...); }); \
  NEXT();
#define AKIRA_DEF_Trap(name, imm, sig, bytes)                                                                        \
  L_op_##name : {                                                                                                    \
    TrapCode t_ = TrapCode::None;                                                                                    \
    const Unit* np_ = pure<ImmKind::imm, AKIRA_SIG(sig)>(pc, fp, [&t_](auto... a) { return exec::name(a..., t_); }); \
    if (t_ != TrapCode::None) {                                                                                      \
      tc = t_;                                                                                                       \
      goto trap;                                                                                                     \
    }                                                                                                                \
    pc = np_;                                                                                                        \
    NEXT();                                                                                                          \
  }
#define AKIRA_DEF_Load(name, imm, sig, bytes)                                                                          \
  L_op_##name : if (!load_op<AKIRA_SIG(sig), bytes>(pc, fp, mb, ms, [](const uint8_t* p) { return exec::name(p); }))   \
                    TRAP(MemoryOutOfBounds);                                                                           \
  pc += 5;                                                                                                             \
  NEXT();                                                                                                              \
  L_add_##name : if (!load_add<AKIRA_SIG(sig), bytes>(pc, fp, mb, ms, [](const uint8_t* p) { return exec::name(p); })) \
                     TRAP(MemoryOutOfBounds);                                                                          \
  pc += 6;                                                                                                             \
  NEXT();
#define AKIRA_DEF_Store(name, imm, sig, bytes)                                                                        \
  L_op_##name : if (!store_op<AKIRA_SIG(sig), bytes>(pc, fp, mb, ms, [](uint8_t* p, auto v) { exec::name(p, v); }))   \
                    TRAP(MemoryOutOfBounds);                                                                          \
  pc += 5;                                                                                                            \
  NEXT();                                                                                                             \
  L_add_##name : if (!store_add<AKIRA_SIG(sig), bytes>(pc, fp, mb, ms, [](uint8_t* p, auto v) { exec::name(p, v); })) \
                     TRAP(MemoryOutOfBounds);                                                                         \
  pc += 6;                                                                                                            \
  NEXT();
#define AKIRA_DEF_LoadLane(name, imm, sig, bytes)                                               \
  L_op_##name : if (!load_lane<bytes>(pc, fp, mb, ms, [](const uint8_t* p, V128 v, uint8_t l) { \
                      return exec::name(p, v, l);                                               \
                    })) TRAP(MemoryOutOfBounds);                                                \
  pc += 7;                                                                                      \
  NEXT();
#define AKIRA_DEF_StoreLane(name, imm, sig, bytes)                                                                  \
  L_op_##name : if (!store_lane<bytes>(pc, fp, mb, ms, [](uint8_t* p, V128 v, uint8_t l) { exec::name(p, v, l); })) \
                    TRAP(MemoryOutOfBounds);                                                                        \
  pc += 6;                                                                                                          \
  NEXT();
#define OP(name, text, prefix, code, imm, cls, sig, bytes) AKIRA_DEF_##cls(name, imm, sig, bytes)
#include "wasm/opcodes.def"

  // ---- internal handlers ----
L_Bad:
L_Unreachable:
  TRAP(Unreachable);
L_Exit:
  st.frames_top = fbase;
  return {};
L_Copy8:
  wr<uint64_t>(fp, pc[3], rd<uint64_t>(fp, pc[2]));
  pc += 4;
  NEXT();
L_Copy16:
  std::memmove(fp + pc[3], fp + pc[2], 16);
  pc += 4;
  NEXT();
L_Const8:
  std::memcpy(fp + pc[2], pc + 3, 8);
  pc += 5;
  NEXT();
L_Const16:
  std::memcpy(fp + pc[2], pc + 3, 16);
  pc += 7;
  NEXT();
L_Br:
  JUMP(2);
L_BrIf:
  if (rd<uint32_t>(fp, pc[2])) JUMP(3);
  pc += 4;
  NEXT();
L_BrUnless:
  if (!rd<uint32_t>(fp, pc[2])) JUMP(3);
  pc += 4;
  NEXT();
#define AKIRA_BRCMP(name, T, op)                                    \
  L_BrIf##name : if (rd<T>(fp, pc[2]) op rd<T>(fp, pc[3])) JUMP(4); \
  pc += 5;                                                          \
  NEXT();
  AKIRA_BRCMP(I32Eq, uint32_t, ==)
  AKIRA_BRCMP(I32Ne, uint32_t, !=)
  AKIRA_BRCMP(I32LtS, int32_t, <)
  AKIRA_BRCMP(I32LtU, uint32_t, <)
  AKIRA_BRCMP(I32GtS, int32_t, >)
  AKIRA_BRCMP(I32GtU, uint32_t, >)
  AKIRA_BRCMP(I32LeS, int32_t, <=)
  AKIRA_BRCMP(I32LeU, uint32_t, <=)
  AKIRA_BRCMP(I32GeS, int32_t, >=)
  AKIRA_BRCMP(I32GeU, uint32_t, >=)
  AKIRA_BRCMP(I64Eq, uint64_t, ==)
  AKIRA_BRCMP(I64Ne, uint64_t, !=)
  AKIRA_BRCMP(I64LtS, int64_t, <)
  AKIRA_BRCMP(I64LtU, uint64_t, <)
  AKIRA_BRCMP(I64GtS, int64_t, >)
  AKIRA_BRCMP(I64GtU, uint64_t, >)
  AKIRA_BRCMP(I64LeS, int64_t, <=)
  AKIRA_BRCMP(I64LeU, uint64_t, <=)
  AKIRA_BRCMP(I64GeS, int64_t, >=)
  AKIRA_BRCMP(I64GeU, uint64_t, >=)
  AKIRA_BRCMP(F32Eq, float, ==)
  AKIRA_BRCMP(F32Ne, float, !=)
  AKIRA_BRCMP(F32Lt, float, <)
  AKIRA_BRCMP(F32Gt, float, >)
  AKIRA_BRCMP(F32Le, float, <=)
  AKIRA_BRCMP(F32Ge, float, >=)
  AKIRA_BRCMP(F64Eq, double, ==)
  AKIRA_BRCMP(F64Ne, double, !=)
  AKIRA_BRCMP(F64Lt, double, <)
  AKIRA_BRCMP(F64Gt, double, >)
  AKIRA_BRCMP(F64Le, double, <=)
  AKIRA_BRCMP(F64Ge, double, >=)
#undef AKIRA_BRCMP
  // Float compares are not negated by swapping the operator (NaN compares false
  // both ways), so "branch unless" has its own handlers.
#define AKIRA_BRNCMP(name, T, op)                                          \
  L_BrUnless##name : if (!(rd<T>(fp, pc[2]) op rd<T>(fp, pc[3]))) JUMP(4); \
  pc += 5;                                                                 \
  NEXT();
  AKIRA_BRNCMP(F32Eq, float, ==)
  AKIRA_BRNCMP(F32Ne, float, !=)
  AKIRA_BRNCMP(F32Lt, float, <)
  AKIRA_BRNCMP(F32Gt, float, >)
  AKIRA_BRNCMP(F32Le, float, <=)
  AKIRA_BRNCMP(F32Ge, float, >=)
  AKIRA_BRNCMP(F64Eq, double, ==)
  AKIRA_BRNCMP(F64Ne, double, !=)
  AKIRA_BRNCMP(F64Lt, double, <)
  AKIRA_BRNCMP(F64Gt, double, >)
  AKIRA_BRNCMP(F64Le, double, <=)
  AKIRA_BRNCMP(F64Ge, double, >=)
#undef AKIRA_BRNCMP
L_BrIfI64Eqz:
  if (!rd<uint64_t>(fp, pc[2])) JUMP(3);
  pc += 4;
  NEXT();
L_BrIfI64Nez:
  if (rd<uint64_t>(fp, pc[2])) JUMP(3);
  pc += 4;
  NEXT();
L_BrTable : {
  uint32_t i = rd<uint32_t>(fp, pc[2]);
  uint32_t n = pc[3];
  if (i > n) i = n;
  JUMP(4 + i);
}
L_Translate : {
  // First call of `cur`: its code was this stub. Translate, then enter it as a call of
  // translated code would have: frame size check, locals and constants.
  FuncCode* c = const_cast<FuncCode*>(cur);
  if (Status s = translate(*c); !s.ok()) {
    host_err = s.error();
    goto host_error;
  }
  if (fp + c->frame_bytes > st.stack_end) TRAP(CallStackExhausted);
  init_frame(fp, c);
  pc = c->code.data();
  NEXT();
}
L_Ret:
  if (__builtin_expect(st.prof != nullptr, 0)) prof_leave(st, ft, cur);
  --ft;
  pc = ft->pc;
  fp = ft->fp;
  cur = ft->code;
  RELOAD_MEM();
  NEXT();

  // ---- calls ----
L_Call:  // [h][FuncCode*][argoff]: a function of the same instance
  callee = static_cast<const FuncCode*>(load_ptr(pc + 2));
  argoff = pc[4];
  pc += 5;
  goto enter;
L_CallFunc:  // [h][FuncInst*][argoff]: an import
  fi = static_cast<FuncInst*>(load_ptr(pc + 2));
  argoff = pc[4];
  pc += 5;
  goto call_inst;
L_CallIndirect : {  // [h][TableInst*][type id][index][argoff]
  TableInst* t = static_cast<TableInst*>(load_ptr(pc + 2));
  uint32_t type_id = pc[4];
  uint32_t i = rd<uint32_t>(fp, pc[5]);
  argoff = pc[6];
  pc += 7;
  if (TrapCode c = t->callee(i, type_id, fi); c != TrapCode::None) {
    tc = c;
    goto trap;
  }
  goto call_inst;
}
call_inst:
  if (fi->call != &call) goto other;
  callee = static_cast<const FuncCode*>(fi->code);
enter : {
  uint8_t* nfp = fp + argoff;
  if (ft == st.frames_end || nfp + callee->frame_bytes > st.stack_end) TRAP(CallStackExhausted);
  if (st.interrupt.load(std::memory_order_relaxed)) TRAP(Interrupted);
  *ft++ = Frame{pc, fp, cur};
  if (__builtin_expect(st.prof != nullptr, 0)) prof_enter(st, ft, callee);
  bool same_mem = callee->mem == cur->mem;
  fp = nfp;
  cur = callee;
  init_frame(fp, callee);
  pc = callee->code.data();
  if (!same_mem) RELOAD_MEM();
  NEXT();
}
other:
  st.frames_top = ft;
  if (!call_other(st, store, fi, cur, fp, fp + argoff, host_err)) goto host_error;
  RELOAD_MEM();
  NEXT();

  // ---- parametric, variables ----
L_Select8:  // [h][a][b][cond][dst]
  wr<uint64_t>(fp, pc[5], rd<uint32_t>(fp, pc[4]) ? rd<uint64_t>(fp, pc[2]) : rd<uint64_t>(fp, pc[3]));
  pc += 6;
  NEXT();
L_Select16:
  wr<V128>(fp, pc[5], rd<uint32_t>(fp, pc[4]) ? rd<V128>(fp, pc[2]) : rd<V128>(fp, pc[3]));
  pc += 6;
  NEXT();
L_GlobalGet8:  // [h][GlobalInst*][dst]
  std::memcpy(fp + pc[4], &static_cast<GlobalInst*>(load_ptr(pc + 2))->value, 8);
  pc += 5;
  NEXT();
L_GlobalGet16:
  std::memcpy(fp + pc[4], &static_cast<GlobalInst*>(load_ptr(pc + 2))->value, 16);
  pc += 5;
  NEXT();
L_GlobalSet4:  // [h][GlobalInst*][src]
  std::memcpy(&static_cast<GlobalInst*>(load_ptr(pc + 2))->value, fp + pc[4], 4);
  pc += 5;
  NEXT();
L_GlobalSet8:
  std::memcpy(&static_cast<GlobalInst*>(load_ptr(pc + 2))->value, fp + pc[4], 8);
  pc += 5;
  NEXT();
L_GlobalSet16:
  std::memcpy(&static_cast<GlobalInst*>(load_ptr(pc + 2))->value, fp + pc[4], 16);
  pc += 5;
  NEXT();
L_RefIsNull:  // [h][a][dst]
  wr<uint32_t>(fp, pc[3], rd<Ref>(fp, pc[2]) == nullptr);
  pc += 4;
  NEXT();

  // ---- tables ----
L_TableGet : {  // [h][T*][i][dst]
  TableInst* t = static_cast<TableInst*>(load_ptr(pc + 2));
  Ref r;
  if (t->get(rd<uint32_t>(fp, pc[4]), r) != TrapCode::None) TRAP(TableOutOfBounds);
  wr<Ref>(fp, pc[5], r);
  pc += 6;
  NEXT();
}
L_TableSet : {  // [h][T*][i][v]
  TableInst* t = static_cast<TableInst*>(load_ptr(pc + 2));
  if (t->set(rd<uint32_t>(fp, pc[4]), rd<Ref>(fp, pc[5])) != TrapCode::None) TRAP(TableOutOfBounds);
  pc += 6;
  NEXT();
}
L_TableSize:  // [h][T*][dst]
  wr<uint32_t>(fp, pc[4], static_cast<uint32_t>(static_cast<TableInst*>(load_ptr(pc + 2))->elems.size()));
  pc += 5;
  NEXT();
L_TableGrow : {  // [h][T*][init][n][dst]
  TableInst* t = static_cast<TableInst*>(load_ptr(pc + 2));
  int64_t r = t->grow(rd<uint32_t>(fp, pc[5]), rd<Ref>(fp, pc[4]));
  wr<uint32_t>(fp, pc[6], static_cast<uint32_t>(r));
  pc += 7;
  NEXT();
}
L_TableFill : {  // [h][T*][i][v][n]
  TableInst* t = static_cast<TableInst*>(load_ptr(pc + 2));
  if (t->fill(rd<uint32_t>(fp, pc[4]), rd<Ref>(fp, pc[5]), rd<uint32_t>(fp, pc[6])) != TrapCode::None)
    TRAP(TableOutOfBounds);
  pc += 7;
  NEXT();
}
L_TableCopy : {  // [h][Tdst*][Tsrc*][d][s][n]
  TableInst* td = static_cast<TableInst*>(load_ptr(pc + 2));
  TableInst* ts = static_cast<TableInst*>(load_ptr(pc + 4));
  if (td->copy(rd<uint32_t>(fp, pc[6]), *ts, rd<uint32_t>(fp, pc[7]), rd<uint32_t>(fp, pc[8])) != TrapCode::None)
    TRAP(TableOutOfBounds);
  pc += 9;
  NEXT();
}
L_TableInit : {  // [h][T*][elem][d][s][n]
  TableInst* t = static_cast<TableInst*>(load_ptr(pc + 2));
  const ElemInst& e = cur->inst->elems[pc[4]];
  if (t->init(rd<uint32_t>(fp, pc[5]), e.refs, rd<uint32_t>(fp, pc[6]), rd<uint32_t>(fp, pc[7])) != TrapCode::None)
    TRAP(TableOutOfBounds);
  pc += 8;
  NEXT();
}
L_ElemDrop:  // [h][elem]
  cur->inst->drop_elem(pc[2]);
  pc += 3;
  NEXT();

  // ---- memory management ----
L_MemorySize:  // [h][dst]
  wr<uint32_t>(fp, pc[2], static_cast<uint32_t>(ms / kPageSize));
  pc += 3;
  NEXT();
L_MemoryGrow : {  // [h][delta][dst]
  int64_t r = cur->mem->grow(rd<uint32_t>(fp, pc[2]));
  wr<uint32_t>(fp, pc[3], static_cast<uint32_t>(r));
  RELOAD_MEM();
  pc += 4;
  NEXT();
}
L_MemoryInit : {  // [h][d][s][n][data]
  if (cur->mem->init(rd<uint32_t>(fp, pc[2]), cur->inst->data_segment(pc[5]), rd<uint32_t>(fp, pc[3]),
                     rd<uint32_t>(fp, pc[4])) != TrapCode::None)
    TRAP(MemoryOutOfBounds);
  pc += 6;
  NEXT();
}
L_DataDrop:  // [h][data]
  cur->inst->drop_data(pc[2]);
  pc += 3;
  NEXT();
L_MemoryCopy : {  // [h][d][s][n]
  if (cur->mem->copy(rd<uint32_t>(fp, pc[2]), rd<uint32_t>(fp, pc[3]), rd<uint32_t>(fp, pc[4])) != TrapCode::None)
    TRAP(MemoryOutOfBounds);
  pc += 5;
  NEXT();
}
L_MemoryFill : {  // [h][d][value][n]
  if (cur->mem->fill(rd<uint32_t>(fp, pc[2]), static_cast<uint8_t>(rd<uint32_t>(fp, pc[3])), rd<uint32_t>(fp, pc[4])) !=
      TrapCode::None)
    TRAP(MemoryOutOfBounds);
  pc += 5;
  NEXT();
}

trap : {
  if (tc == TrapCode::Interrupted) st.interrupt.store(false);
  Error e = trap_error(tc);
  add_backtrace(e, cur, ft, fbase);
  if (st.prof) prof_unwind(st, ft, fbase, cur);
  st.frames_top = fbase;
  return e;
}
host_error:
  add_backtrace(host_err, cur, ft, fbase);
  if (st.prof) prof_unwind(st, ft, fbase, cur);
  st.frames_top = fbase;
  return host_err;

#undef NEXT
#undef RELOAD_MEM
#undef TRAP
#undef JUMP
}

}  // namespace

const void* const* handler_table() {
  static const void* const* table = [] {
    const void* const* t = nullptr;
    (void)loop(nullptr, nullptr, nullptr, nullptr, &t);
    return t;
  }();
  return table;
}

Status run(State& st, Store& store, const FuncCode* entry, uint8_t* fp) {
  return loop(&st, &store, entry, fp, nullptr);
}

}  // namespace akira::interp
