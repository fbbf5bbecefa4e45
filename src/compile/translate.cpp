#include "compile/translate.h"

#include <llvm/IR/Intrinsics.h>
#include <cmath>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Operator.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include "compile/loop_versioning.h"
#include "compile/translator.h"

namespace akira::compile {

using llvm::BasicBlock;
using llvm::ConstantInt;
using llvm::Type;
using llvm::Value;
using H = aot::Helper;

std::string func_symbol(uint32_t i) { return "akira_func_" + std::to_string(i); }
std::string entry_symbol(uint32_t i) { return "akira_entry_" + std::to_string(i); }

// ---------------------------------------------------------------------------
// Module state

ModuleState::ModuleState(const Module& mm, llvm::Module& md, const TranslateOptions& o)
    : m(mm), mod(md), c(md.getContext()), opts(o), dl(md.getDataLayout()) {
  void_t = Type::getVoidTy(c);
  i8 = Type::getInt8Ty(c);
  i16 = Type::getInt16Ty(c);
  i32 = Type::getInt32Ty(c);
  i64 = Type::getInt64Ty(c);
  f32 = Type::getFloatTy(c);
  f64 = Type::getDoubleTy(c);
  v128 = llvm::FixedVectorType::get(i32, 4);
  ptr = llvm::PointerType::get(c, 0);
  intptr = dl.getIntPtrType(c);

  // clang/wasm-ld keep C's stack pointer in global 0 (defined, mutable i32), or import it
  // as env.__stack_pointer in position-independent modules.
  uint32_t gi = 0;
  for (const auto& imp : m.imports) {
    if (imp.kind != ExternKind::Global) continue;
    if (imp.name == "__stack_pointer" && imp.global.mut && imp.global.type == ValType::I32) sp_global = gi;
    ++gi;
  }
  if (!sp_global && m.num_imported_globals == 0 && !m.globals.empty() && m.globals[0].type.mut &&
      m.globals[0].type.type == ValType::I32)
    sp_global = 0;

#define HELPER(name, text, impl, attr, ret, params) \
  helper_types[static_cast<size_t>(H::name)] = helper_type(aot::abi::Sig<H::name>{});
#include "aot/helpers.def"
}

Type* ModuleState::type_of(ValType t) const {
  switch (t) {
    case ValType::I32: return i32;
    case ValType::I64: return i64;
    case ValType::F32: return f32;
    case ValType::F64: return f64;
    case ValType::V128: return v128;
    case ValType::FuncRef:
    case ValType::ExternRef: return ptr;
  }
  return i32;
}

Type* ModuleState::results_type(const FuncType& ft) const {
  if (ft.results.empty()) return void_t;
  if (ft.results.size() == 1) return type_of(ft.results[0]);
  std::vector<Type*> ts;
  for (ValType r : ft.results) ts.push_back(type_of(r));
  return llvm::StructType::get(c, ts);
}

llvm::FunctionType* ModuleState::wasm_func_type(const FuncType& ft) const {
  std::vector<Type*> ps{ptr};
  for (ValType p : ft.params) ps.push_back(type_of(p));
  return llvm::FunctionType::get(results_type(ft), ps, false);
}

// ---------------------------------------------------------------------------
// Function translator: setup

FunctionTranslator::FunctionTranslator(ModuleState& ms, uint32_t defined_index)
    : ms_(ms),
      m_(ms.m),
      f_(ms.m.functions[defined_index]),
      func_index_(ms.m.num_imported_funcs + defined_index),
      type_(ms.m.types[ms.m.functions[defined_index].type_index]),
      b_(ms.c),
      eb_(ms.c) {
  fn_ = ms.funcs[func_index_];
  has_memory_ = m_.total_memories() > 0;
}

std::vector<Value*> FunctionTranslator::pop_n(size_t n) {
  std::vector<Value*> v(stack_.end() - n, stack_.end());
  stack_.resize(stack_.size() - n);
  return v;
}

BasicBlock* FunctionTranslator::new_block(const char* name) { return BasicBlock::Create(ms_.c, name, fn_); }

llvm::AllocaInst* FunctionTranslator::entry_alloca(Type* t, const char* name, unsigned align) {
  auto* a = eb_.CreateAlloca(t, nullptr, name);
  if (align) a->setAlignment(llvm::Align(align));
  return a;
}

static void mark_invariant(llvm::LoadInst* l) {
  l->setMetadata(llvm::LLVMContext::MD_invariant_load, llvm::MDNode::get(l->getContext(), {}));
}

Value* FunctionTranslator::ctx_field(unsigned offset, bool as_pointer, bool invariant) {
  // Fields of the Context are loaded in the entry block: they are either constant for the
  // instance's lifetime or cached in slots that are reloaded when they may change.
  Value* p = eb_.CreateConstInBoundsGEP1_32(ms_.i8, ctx_, offset);
  llvm::LoadInst* l = eb_.CreateAlignedLoad(ms_.i64, p, llvm::Align(8));
  if (invariant) mark_invariant(l);
  return as_pointer ? eb_.CreateIntToPtr(l, ms_.ptr) : static_cast<Value*>(l);
}

Value* FunctionTranslator::array_elem_ptr(Value* base, uint32_t index) {
  Value* p = eb_.CreateConstInBoundsGEP1_32(ms_.ptr, base, index);
  llvm::LoadInst* l = eb_.CreateAlignedLoad(ms_.ptr, p, ms_.dl.getPointerABIAlignment(0));
  mark_invariant(l);
  return l;
}

Value* FunctionTranslator::helper(aot::Helper h) {
  if (!helpers_) helpers_ = ctx_field(offsetof(aot::Context, helpers), true, true);
  // Not cached per helper: a load next to the call is as cheap as a spilled register.
  Value* p = b_.CreateConstInBoundsGEP1_32(ms_.ptr, helpers_, static_cast<uint32_t>(h));
  llvm::LoadInst* l = b_.CreateAlignedLoad(ms_.ptr, p, ms_.dl.getPointerABIAlignment(0));
  mark_invariant(l);
  return l;
}

llvm::CallInst* FunctionTranslator::call_helper(aot::Helper h, std::vector<Value*> args) {
  args.insert(args.begin(), ctx_);
  llvm::FunctionType* ft = ms_.helper_types[static_cast<size_t>(h)];
  llvm::CallInst* call = b_.CreateCall(ft, helper(h), args);
  call->addFnAttr(llvm::Attribute::NoUnwind);
  if (info(h).attr == aot::HelperAttr::NoReturnCold) {
    call->addFnAttr(llvm::Attribute::NoReturn);
    call->addFnAttr(llvm::Attribute::Cold);
  }
  return call;
}

Value* FunctionTranslator::global_slot(uint32_t index) {
  auto it = global_slots_.find(index);
  if (it != global_slots_.end()) return it->second;
  if (!globals_) globals_ = ctx_field(offsetof(aot::Context, globals), true, true);
  Value* slot = array_elem_ptr(globals_, index);
  global_slots_[index] = slot;
  return slot;
}

void FunctionTranslator::reload_memory() {
  if (!has_memory_) return;
  Value* bp = b_.CreateConstInBoundsGEP1_32(ms_.i8, ctx_, offsetof(aot::Context, mem_base));
  Value* base = b_.CreateIntToPtr(b_.CreateAlignedLoad(ms_.i64, bp, llvm::Align(8)), ms_.ptr);
  Value* sp = b_.CreateConstInBoundsGEP1_32(ms_.i8, ctx_, offsetof(aot::Context, mem_size));
  Value* size = b_.CreateAlignedLoad(ms_.i64, sp, llvm::Align(8));
  b_.CreateStore(base, mem_base_slot_);
  b_.CreateStore(size, mem_size_slot_);
}

Value* FunctionTranslator::intrinsic(llvm::Intrinsic::ID id, llvm::ArrayRef<Type*> tys, llvm::ArrayRef<Value*> args) {
  llvm::Function* f = llvm::Intrinsic::getOrInsertDeclaration(&ms_.mod, id, tys);
  return b_.CreateCall(f, args);
}

// ---------------------------------------------------------------------------
// Traps

BasicBlock* FunctionTranslator::trap_block(TrapCode code) {
  auto& bb = trap_bbs_[static_cast<unsigned>(code)];
  if (bb) return bb;
  bb = new_block("trap");
  llvm::IRBuilder<>::InsertPointGuard guard(b_);
  b_.SetInsertPoint(bb);
  call_helper(H::Trap, {ConstantInt::get(ms_.i32, static_cast<unsigned>(code))});
  b_.CreateUnreachable();
  return bb;
}

void FunctionTranslator::trap_if(Value* cond, TrapCode code) {
  BasicBlock* cont = new_block("ok");
  llvm::MDBuilder md(ms_.c);
  b_.CreateCondBr(cond, trap_block(code), cont, md.createUnlikelyBranchWeights());
  b_.SetInsertPoint(cont);
}

void FunctionTranslator::emit_trap(TrapCode code) {
  b_.CreateBr(trap_block(code));
  set_unreachable();
}

void FunctionTranslator::emit_stack_check() {
  // The stack grows down on every target akirac supports: overflow when the current
  // stack pointer is below Context::stack_limit (which the runtime sets with headroom
  // for helpers and leaf frames).
  Value* sp = intrinsic(llvm::Intrinsic::stacksave, {ms_.ptr}, {});
  Value* spi = b_.CreatePtrToInt(sp, ms_.intptr);
  Value* limit = b_.CreateZExtOrTrunc(ctx_field(offsetof(aot::Context, stack_limit), false, true), ms_.intptr);
  BasicBlock* overflow = new_block("stack_overflow");
  BasicBlock* cont = new_block("body");
  llvm::MDBuilder md(ms_.c);
  b_.CreateCondBr(b_.CreateICmpULT(spi, limit), overflow, cont, md.createUnlikelyBranchWeights());
  b_.SetInsertPoint(overflow);
  call_helper(H::StackOverflow, {});
  b_.CreateUnreachable();
  b_.SetInsertPoint(cont);
}

void FunctionTranslator::emit_call_count() {
  // In the callee, not at call sites, so calls through tables, imports and the embedder
  // count too, and a function inlined into its caller keeps counting its entries.
  Value* counters = ctx_field(offsetof(aot::Context, perf_counters), true, true);
  Value* p = b_.CreateConstInBoundsGEP1_32(ms_.i64, counters, func_index_);
  llvm::LoadInst* n = b_.CreateAlignedLoad(ms_.i64, p, llvm::Align(8));
  llvm::StoreInst* st = b_.CreateAlignedStore(b_.CreateAdd(n, ConstantInt::get(ms_.i64, 1)), p, llvm::Align(8));
  // The service reads counters while the app runs. Where a 64-bit access is one
  // instruction, relaxed atomics cost nothing over plain ones and stop LLVM from keeping
  // an inlined function's count in a register for a whole loop.
  if (ms_.dl.getPointerSize() == 8) {
    n->setAtomic(llvm::AtomicOrdering::Monotonic);
    st->setAtomic(llvm::AtomicOrdering::Monotonic);
  }
}

void FunctionTranslator::emit_interrupt_check() {
  // One load of the store's interrupt flag and a branch the predictor learns: set by
  // the runtime to stop code that would otherwise never return (Store::native_interrupt).
  if (!interrupt_) interrupt_ = ctx_field(offsetof(aot::Context, interrupt), true, true);
  llvm::LoadInst* flag = b_.CreateAlignedLoad(ms_.i32, interrupt_, llvm::Align(4));
  flag->setAtomic(llvm::AtomicOrdering::Monotonic);
  trap_if(b_.CreateICmpNE(flag, ConstantInt::get(ms_.i32, 0)), TrapCode::Interrupted);
}

// ---------------------------------------------------------------------------
// Control

void FunctionTranslator::block_sig(const BlockType& bt, std::vector<Type*>& params, std::vector<Type*>& results) {
  params.clear();
  results.clear();
  BlockSignature sig = *m_.block_signature(bt);  // validated
  for (ValType p : sig.params) params.push_back(ms_.type_of(p));
  for (ValType r : sig.results) results.push_back(ms_.type_of(r));
}

std::vector<llvm::AllocaInst*> FunctionTranslator::make_slots(const std::vector<Type*>& types) {
  std::vector<llvm::AllocaInst*> s;
  for (Type* t : types) s.push_back(entry_alloca(t, "label"));
  return s;
}

BasicBlock* FunctionTranslator::label(uint32_t depth, std::vector<llvm::AllocaInst*>** slots) {
  Frame& fr = frames_[frames_.size() - 1 - depth];
  *slots = &fr.slots;
  return fr.kind == Op::Loop ? fr.header : fr.end_bb;
}

void FunctionTranslator::store_label_values(uint32_t depth) {
  std::vector<llvm::AllocaInst*>* slots;
  label(depth, &slots);
  size_t n = slots->size();
  for (size_t i = 0; i < n; ++i) b_.CreateStore(stack_[stack_.size() - n + i], (*slots)[i]);
}

void FunctionTranslator::emit_return() {
  size_t n = type_.results.size();
  if (n == 0) {
    b_.CreateRetVoid();
  } else if (n == 1) {
    b_.CreateRet(stack_.back());
  } else {
    Value* agg = llvm::UndefValue::get(ms_.results_type(type_));
    for (size_t i = 0; i < n; ++i)
      agg = b_.CreateInsertValue(agg, stack_[stack_.size() - n + i], {static_cast<unsigned>(i)});
    b_.CreateRet(agg);
  }
  set_unreachable();
}

void FunctionTranslator::end_frame() {
  Frame fr = std::move(frames_.back());
  frames_.pop_back();
  if (fr.kind == Op::Loop) {
    // The end of a loop is not a branch target: values flow straight on.
    if (!reachable_) stack_.resize(fr.height);
    return;
  }
  if (reachable_) {
    size_t n = fr.slots.size();
    for (size_t i = 0; i < n; ++i) b_.CreateStore(stack_[stack_.size() - n + i], fr.slots[i]);
    b_.CreateBr(fr.end_bb);
  }
  stack_.resize(fr.height);
  if (fr.kind == Op::If && !fr.has_else) {
    // The missing else passes the params through as results (same types by validation).
    b_.SetInsertPoint(fr.else_bb);
    for (size_t i = 0; i < fr.slots.size(); ++i) b_.CreateStore(fr.if_params[i], fr.slots[i]);
    b_.CreateBr(fr.end_bb);
  }
  if (llvm::pred_empty(fr.end_bb)) {
    fr.end_bb->eraseFromParent();
    reachable_ = false;
    return;
  }
  b_.SetInsertPoint(fr.end_bb);
  reachable_ = true;
  for (size_t i = 0; i < fr.slots.size(); ++i) push(b_.CreateLoad(fr.results[i], fr.slots[i]));
}

// ---------------------------------------------------------------------------
// Calls

void FunctionTranslator::call_through_argv(const FuncType& ft, const std::function<void(Value*)>& do_call) {
  size_t np = ft.params.size(), nr = ft.results.size();
  std::vector<Value*> args = pop_n(np);
  for (size_t i = 0; i < np; ++i)
    b_.CreateAlignedStore(args[i], b_.CreateConstInBoundsGEP1_32(ms_.i8, argv_, 16 * i), llvm::Align(8));
  do_call(argv_);
  for (size_t i = 0; i < nr; ++i)
    push(b_.CreateAlignedLoad(ms_.type_of(ft.results[i]), b_.CreateConstInBoundsGEP1_32(ms_.i8, argv_, 16 * i),
                              llvm::Align(8)));
}

void FunctionTranslator::emit_call(uint32_t fi) {
  const FuncType& ft = m_.func_type(fi);
  if (fi < m_.num_imported_funcs) {
    call_through_argv(ft, [&](Value* argv) { call_helper(H::CallImport, {ConstantInt::get(ms_.i32, fi), argv}); });
  } else {
    std::vector<Value*> args{ctx_};
    for (Value* v : pop_n(ft.params.size())) args.push_back(v);
    llvm::CallInst* call = b_.CreateCall(ms_.funcs[fi], args);
    // Never turn recursion into a loop: it would bypass the stack check, and runaway
    // recursion must trap ("call stack exhausted") rather than spin.
    call->setTailCallKind(llvm::CallInst::TCK_NoTail);
    if (ft.results.size() == 1) {
      push(call);
    } else {
      for (unsigned i = 0; i < ft.results.size(); ++i) push(b_.CreateExtractValue(call, {i}));
    }
  }
  reload_memory();
}

void FunctionTranslator::emit_call_indirect(uint32_t type_index, uint32_t table) {
  Value* index = pop();
  const FuncType& ft = m_.types[type_index];
  call_through_argv(ft, [&](Value* argv) {
    call_helper(H::CallIndirect,
                {ConstantInt::get(ms_.i32, table), index, ConstantInt::get(ms_.i32, type_index), argv});
  });
  reload_memory();
}

// ---------------------------------------------------------------------------
// Memory

Value* FunctionTranslator::mem_addr(Value* addr, uint32_t offset, unsigned size, bool store) {
  // Effective address in 64 bits: a 32-bit address plus a 32-bit offset cannot wrap.
  Value* ea = b_.CreateZExt(addr, ms_.i64);
  if (offset) ea = b_.CreateAdd(ea, ConstantInt::get(ms_.i64, offset), "ea", /*HasNUW=*/true, /*HasNSW=*/true);
  if (ms_.opts.bounds_checks || (store && ms_.opts.store_bounds_checks)) {
    Value* end = b_.CreateAdd(ea, ConstantInt::get(ms_.i64, size), "", true, true);
    Value* mem_size = b_.CreateLoad(ms_.i64, mem_size_slot_);
    trap_if(b_.CreateICmpUGT(end, mem_size), TrapCode::MemoryOutOfBounds);
  }
  Value* base = b_.CreateLoad(ms_.ptr, mem_base_slot_);
  return b_.CreateInBoundsGEP(ms_.i8, base, b_.CreateZExtOrTrunc(ea, ms_.intptr));
}

// Every access to linear memory goes through these two, so that one rule decides how a
// Wasm access may trap (docs/akirac.md, "Memory accesses and traps"):
//  - With explicit bounds checks, the check is a branch to a trap call, which LLVM keeps
//    in program order like any call with side effects; the access behind it cannot fault
//    and is an ordinary load or store that LLVM may optimise freely.
//  - Without them the access itself is the trap (a fault in the guard region). LLVM
//    treats ordinary loads as free of side effects: it deletes unused ones and moves them
//    across branches, including the branches to other traps. Volatile accesses are never
//    deleted, never duplicated, and stay in order with each other, with calls and with
//    every instruction that may write memory, in the optimiser and in code generation, so
//    each access faults exactly where the Wasm program performs it.
// The accesses carry kWasmMemoryAccessMD so that VersionLoopsInBounds can give loops
// proven in bounds a copy with ordinary accesses.
Value* FunctionTranslator::load_memory(Type* t, Value* addr, uint32_t offset) {
  Value* p = mem_addr(addr, offset, static_cast<unsigned>(ms_.dl.getTypeStoreSize(t)));
  llvm::LoadInst* l = b_.CreateAlignedLoad(t, p, llvm::Align(1), /*isVolatile=*/!ms_.opts.bounds_checks);
  l->setMetadata(kWasmMemoryAccessMD, llvm::MDNode::get(ms_.c, {}));
  return l;
}

void FunctionTranslator::store_memory(Value* v, Value* addr, uint32_t offset) {
  Value* p = mem_addr(addr, offset, static_cast<unsigned>(ms_.dl.getTypeStoreSize(v->getType())), /*store=*/true);
  llvm::StoreInst* s = b_.CreateAlignedStore(v, p, llvm::Align(1), /*isVolatile=*/!ms_.opts.bounds_checks);
  s->setMetadata(kWasmMemoryAccessMD, llvm::MDNode::get(ms_.c, {}));
}

void FunctionTranslator::emit_load(const Instr& in) {
  Value* addr = pop();
  auto load = [&](Type* t) { return load_memory(t, addr, in.imm.mem.mem.offset); };
  switch (in.op) {
    case Op::I32Load: push(load(ms_.i32)); break;
    case Op::I64Load: push(load(ms_.i64)); break;
    case Op::F32Load: push(load(ms_.f32)); break;
    case Op::F64Load: push(load(ms_.f64)); break;
    case Op::I32Load8S: push(b_.CreateSExt(load(ms_.i8), ms_.i32)); break;
    case Op::I32Load8U: push(b_.CreateZExt(load(ms_.i8), ms_.i32)); break;
    case Op::I32Load16S: push(b_.CreateSExt(load(ms_.i16), ms_.i32)); break;
    case Op::I32Load16U: push(b_.CreateZExt(load(ms_.i16), ms_.i32)); break;
    case Op::I64Load8S: push(b_.CreateSExt(load(ms_.i8), ms_.i64)); break;
    case Op::I64Load8U: push(b_.CreateZExt(load(ms_.i8), ms_.i64)); break;
    case Op::I64Load16S: push(b_.CreateSExt(load(ms_.i16), ms_.i64)); break;
    case Op::I64Load16U: push(b_.CreateZExt(load(ms_.i16), ms_.i64)); break;
    case Op::I64Load32S: push(b_.CreateSExt(load(ms_.i32), ms_.i64)); break;
    case Op::I64Load32U: push(b_.CreateZExt(load(ms_.i32), ms_.i64)); break;
    default: break;
  }
}

void FunctionTranslator::emit_store(const Instr& in) {
  Value* v = pop();
  Value* addr = pop();
  switch (in.op) {
    case Op::I32Store8:
    case Op::I64Store8: v = b_.CreateTrunc(v, ms_.i8); break;
    case Op::I32Store16:
    case Op::I64Store16: v = b_.CreateTrunc(v, ms_.i16); break;
    case Op::I64Store32: v = b_.CreateTrunc(v, ms_.i32); break;
    default: break;
  }
  store_memory(v, addr, in.imm.mem.mem.offset);
}

// ---------------------------------------------------------------------------
// Numeric helpers

Value* FunctionTranslator::trunc_trap(Value* x, Type* to, bool is_signed) {
  // NaN -> invalid conversion; outside the representable range -> integer overflow.
  trap_if(b_.CreateFCmpUNO(x, x), TrapCode::InvalidConversion);
  unsigned bits = to->getIntegerBitWidth();
  bool is_f64 = x->getType()->isDoubleTy();
  double lo, hi;
  bool lo_inclusive;
  if (is_signed) {
    hi = std::ldexp(1.0, bits - 1);
    // -2^(N-1) - 1 is exact in f64 only for N = 32.
    if (is_f64 && bits == 32) {
      lo = -hi - 1.0;
      lo_inclusive = false;
    } else {
      lo = -hi;
      lo_inclusive = true;
    }
  } else {
    hi = std::ldexp(1.0, bits);
    lo = -1.0;
    lo_inclusive = false;
  }
  Value* clo = llvm::ConstantFP::get(x->getType(), lo);
  Value* chi = llvm::ConstantFP::get(x->getType(), hi);
  Value* ok_lo = lo_inclusive ? b_.CreateFCmpOGE(x, clo) : b_.CreateFCmpOGT(x, clo);
  Value* ok = b_.CreateAnd(ok_lo, b_.CreateFCmpOLT(x, chi));
  trap_if(b_.CreateNot(ok), TrapCode::IntOverflow);
  return is_signed ? b_.CreateFPToSI(x, to) : b_.CreateFPToUI(x, to);
}

// Wasm's float arithmetic turns a signalling NaN operand into a quiet NaN. LLVM's own
// rules let an operation return a NaN operand unchanged: it folds x*1, x/1, x+(-0), x-0
// to x, x*-1, x/-1, -0-x to -x, and demote(promote(x)) to x, including where the constant
// appears only after inlining or constant propagation. So every such result goes through
// llvm.canonicalize (an identity for everything but NaNs, which it quiets): folds leave
// canonicalize(x) behind, and constants still fold. After optimisation,
// drop_redundant_canonicalize (quiet_nan.cpp) removes the canonicalize wherever the
// operation is still there to be emitted as an instruction, which quiets by itself.
Value* FunctionTranslator::quiet(Value* v) { return intrinsic(llvm::Intrinsic::canonicalize, {v->getType()}, {v}); }

Value* FunctionTranslator::fp_binop(llvm::Instruction::BinaryOps op, Value* l, Value* r) {
  return quiet(b_.CreateBinOp(op, l, r));
}

Value* FunctionTranslator::fp_demote(Value* x, Type* to) { return quiet(b_.CreateFPTrunc(x, to)); }

Value* FunctionTranslator::fminmax(Value* a, Value* b, bool is_min) {
  // Wasm min/max: a NaN operand gives NaN, and -0 < +0. Written with compares and selects
  // so that every back end (including soft-float ones) gets it right without libcalls.
  Type* ft = a->getType();
  if (llvm::Triple(ms_.mod.getTargetTriple()).isAArch64())
    return quiet(intrinsic(is_min ? llvm::Intrinsic::minimum : llvm::Intrinsic::maximum, {ft}, {a, b}));
  Type* it = ft->isVectorTy() ? static_cast<Type*>(llvm::VectorType::getInteger(llvm::cast<llvm::VectorType>(ft)))
                              : static_cast<Type*>(b_.getIntNTy(ft->getPrimitiveSizeInBits()));
  Value* ai = b_.CreateBitCast(a, it);
  Value* bi = b_.CreateBitCast(b, it);
  Value* both = b_.CreateBitCast(is_min ? b_.CreateOr(ai, bi) : b_.CreateAnd(ai, bi), ft);
  Value* pick = b_.CreateSelect(is_min ? b_.CreateFCmpOLT(a, b) : b_.CreateFCmpOGT(a, b), a, b);
  Value* r = b_.CreateSelect(b_.CreateFCmpOEQ(a, b), both, pick);
  return b_.CreateSelect(b_.CreateFCmpUNO(a, b), fp_binop(llvm::Instruction::FAdd, a, b), r);
}

// ---------------------------------------------------------------------------
// Numeric instructions
//
// Every scalar numeric instruction (class Pure or Trap in wasm/opcodes.def, prefix 0 or
// 0xFC) has one entry in namespace `lowering`, named after its Op: the shape of its LLVM
// code and the LLVM operation it uses. kNumeric, indexed by Op, is generated from
// opcodes.def and names lowering::<Op> for each of them, so an instruction added to
// opcodes.def without a lowering here does not compile. Result types come from the
// instruction's signature in opcodes.def.

namespace {
namespace lowering {

using P = llvm::CmpInst::Predicate;
using BO = llvm::Instruction::BinaryOps;
using CO = llvm::Instruction::CastOps;
namespace In = llvm::Intrinsic;

enum class K : uint8_t {
  None,      // not a scalar numeric instruction
  Eqz,       // x == 0
  ICmp,      // integer compare, predicate `op`, result i32
  FCmp,      // float compare, predicate `op`, result i32
  IntBin,    // integer binary operator `op`
  Shift,     // shift `op`, count taken modulo the width
  Rotate,    // funnel-shift intrinsic `op` (fshl, fshr) of (x, x, count)
  Div,       // division or remainder: traps on zero, and on overflow for signed division
  BitCount,  // intrinsic `op` (ctlz, cttz) of (x, false): defined for zero
  Unary,     // intrinsic `op` of x
  BinIntr,   // intrinsic `op` of (l, r)
  FpBin,     // float binary operator `op`, result quieted (see quiet())
  FMin,      // Wasm min/max (fminmax)
  FMax,
  FNeg,
  Cast,       // cast `op` to the result type
  TruncTrap,  // float -> integer of the result type; traps on NaN and overflow
  TruncSat,   // float -> integer of the result type, saturating
  Demote,     // f64 -> f32, result quieted
  SExtFrom,   // sign extension from the low `op` bits
};

struct Lowering {
  K kind = K::None;
  unsigned op = 0;         // predicate, operator, intrinsic or bit count, by kind
  bool is_signed = false;  // Div, TruncTrap, TruncSat
  bool is_rem = false;     // Div
};

constexpr Lowering eqz() { return {K::Eqz}; }
constexpr Lowering icmp(P p) { return {K::ICmp, static_cast<unsigned>(p)}; }
constexpr Lowering fcmp(P p) { return {K::FCmp, static_cast<unsigned>(p)}; }
constexpr Lowering int_bin(BO o) { return {K::IntBin, static_cast<unsigned>(o)}; }
constexpr Lowering shift(BO o) { return {K::Shift, static_cast<unsigned>(o)}; }
constexpr Lowering rotate(In::ID id) { return {K::Rotate, static_cast<unsigned>(id)}; }
constexpr Lowering div(bool is_signed, bool is_rem) { return {K::Div, 0, is_signed, is_rem}; }
constexpr Lowering bit_count(In::ID id) { return {K::BitCount, static_cast<unsigned>(id)}; }
constexpr Lowering unary(In::ID id) { return {K::Unary, static_cast<unsigned>(id)}; }
constexpr Lowering bin_intr(In::ID id) { return {K::BinIntr, static_cast<unsigned>(id)}; }
constexpr Lowering fp_bin(BO o) { return {K::FpBin, static_cast<unsigned>(o)}; }
constexpr Lowering fmin() { return {K::FMin}; }
constexpr Lowering fmax() { return {K::FMax}; }
constexpr Lowering fneg() { return {K::FNeg}; }
constexpr Lowering cast(CO o) { return {K::Cast, static_cast<unsigned>(o)}; }
constexpr Lowering trunc_trap(bool is_signed) { return {K::TruncTrap, 0, is_signed}; }
constexpr Lowering trunc_sat(bool is_signed) { return {K::TruncSat, 0, is_signed}; }
constexpr Lowering demote() { return {K::Demote}; }
constexpr Lowering sext_from(unsigned bits) { return {K::SExtFrom, bits}; }

// The same lowering for both widths.
#define INT(name, l) constexpr Lowering I32##name = l, I64##name = l;
#define FLOAT(name, l) constexpr Lowering F32##name = l, F64##name = l;

INT(Eqz, eqz())
INT(Eq, icmp(P::ICMP_EQ))
INT(Ne, icmp(P::ICMP_NE))
INT(LtS, icmp(P::ICMP_SLT))
INT(LtU, icmp(P::ICMP_ULT))
INT(GtS, icmp(P::ICMP_SGT))
INT(GtU, icmp(P::ICMP_UGT))
INT(LeS, icmp(P::ICMP_SLE))
INT(LeU, icmp(P::ICMP_ULE))
INT(GeS, icmp(P::ICMP_SGE))
INT(GeU, icmp(P::ICMP_UGE))
FLOAT(Eq, fcmp(P::FCMP_OEQ))
FLOAT(Ne, fcmp(P::FCMP_UNE))
FLOAT(Lt, fcmp(P::FCMP_OLT))
FLOAT(Gt, fcmp(P::FCMP_OGT))
FLOAT(Le, fcmp(P::FCMP_OLE))
FLOAT(Ge, fcmp(P::FCMP_OGE))

INT(Clz, bit_count(In::ctlz))
INT(Ctz, bit_count(In::cttz))
INT(Popcnt, unary(In::ctpop))
INT(Add, int_bin(BO::Add))
INT(Sub, int_bin(BO::Sub))
INT(Mul, int_bin(BO::Mul))
INT(DivS, div(true, false))
INT(DivU, div(false, false))
INT(RemS, div(true, true))
INT(RemU, div(false, true))
INT(And, int_bin(BO::And))
INT(Or, int_bin(BO::Or))
INT(Xor, int_bin(BO::Xor))
INT(Shl, shift(BO::Shl))
INT(ShrS, shift(BO::AShr))
INT(ShrU, shift(BO::LShr))
INT(Rotl, rotate(In::fshl))
INT(Rotr, rotate(In::fshr))

FLOAT(Abs, unary(In::fabs))
FLOAT(Neg, fneg())
FLOAT(Ceil, unary(In::ceil))
FLOAT(Floor, unary(In::floor))
FLOAT(Trunc, unary(In::trunc))
FLOAT(Nearest, unary(In::roundeven))
FLOAT(Sqrt, unary(In::sqrt))
FLOAT(Add, fp_bin(BO::FAdd))
FLOAT(Sub, fp_bin(BO::FSub))
FLOAT(Mul, fp_bin(BO::FMul))
FLOAT(Div, fp_bin(BO::FDiv))
FLOAT(Min, fmin())
FLOAT(Max, fmax())
FLOAT(Copysign, bin_intr(In::copysign))

#undef INT
#undef FLOAT

constexpr Lowering I32WrapI64 = cast(CO::Trunc);
constexpr Lowering I32TruncF32S = trunc_trap(true), I32TruncF64S = trunc_trap(true);
constexpr Lowering I32TruncF32U = trunc_trap(false), I32TruncF64U = trunc_trap(false);
constexpr Lowering I64TruncF32S = trunc_trap(true), I64TruncF64S = trunc_trap(true);
constexpr Lowering I64TruncF32U = trunc_trap(false), I64TruncF64U = trunc_trap(false);
constexpr Lowering I64ExtendI32S = cast(CO::SExt);
constexpr Lowering I64ExtendI32U = cast(CO::ZExt);
constexpr Lowering F32ConvertI32S = cast(CO::SIToFP), F32ConvertI64S = cast(CO::SIToFP);
constexpr Lowering F32ConvertI32U = cast(CO::UIToFP), F32ConvertI64U = cast(CO::UIToFP);
constexpr Lowering F64ConvertI32S = cast(CO::SIToFP), F64ConvertI64S = cast(CO::SIToFP);
constexpr Lowering F64ConvertI32U = cast(CO::UIToFP), F64ConvertI64U = cast(CO::UIToFP);
constexpr Lowering F32DemoteF64 = demote();
constexpr Lowering F64PromoteF32 = cast(CO::FPExt);
constexpr Lowering I32ReinterpretF32 = cast(CO::BitCast), I64ReinterpretF64 = cast(CO::BitCast);
constexpr Lowering F32ReinterpretI32 = cast(CO::BitCast), F64ReinterpretI64 = cast(CO::BitCast);
constexpr Lowering I32Extend8S = sext_from(8), I64Extend8S = sext_from(8);
constexpr Lowering I32Extend16S = sext_from(16), I64Extend16S = sext_from(16);
constexpr Lowering I64Extend32S = sext_from(32);

constexpr Lowering I32TruncSatF32S = trunc_sat(true), I32TruncSatF64S = trunc_sat(true);
constexpr Lowering I32TruncSatF32U = trunc_sat(false), I32TruncSatF64U = trunc_sat(false);
constexpr Lowering I64TruncSatF32S = trunc_sat(true), I64TruncSatF64S = trunc_sat(true);
constexpr Lowering I64TruncSatF32U = trunc_sat(false), I64TruncSatF64U = trunc_sat(false);

}  // namespace lowering

// Indexed by Op. Scalar Pure/Trap instructions name their lowering (a missing one is a
// compile error); SIMD ones are lowered by emit_simd; every other class is not numeric.
#define AKIRA_NUMERIC_0(name) lowering::name,
#define AKIRA_NUMERIC_0xFC(name) lowering::name,
#define AKIRA_NUMERIC_0xFD(name) lowering::Lowering{},
#define AKIRA_NUMERIC_Pure(prefix, name) AKIRA_NUMERIC_##prefix(name)
#define AKIRA_NUMERIC_Trap(prefix, name) AKIRA_NUMERIC_##prefix(name)
#define AKIRA_NUMERIC_Special(prefix, name) lowering::Lowering{},
#define AKIRA_NUMERIC_Load(prefix, name) lowering::Lowering{},
#define AKIRA_NUMERIC_Store(prefix, name) lowering::Lowering{},
#define AKIRA_NUMERIC_LoadLane(prefix, name) lowering::Lowering{},
#define AKIRA_NUMERIC_StoreLane(prefix, name) lowering::Lowering{},
constexpr lowering::Lowering kNumeric[] = {
#define OP(name, text, prefix, code, imm, cls, sig, bytes) AKIRA_NUMERIC_##cls(prefix, name)
#include "wasm/opcodes.def"
};
#undef AKIRA_NUMERIC_0
#undef AKIRA_NUMERIC_0xFC
#undef AKIRA_NUMERIC_0xFD
#undef AKIRA_NUMERIC_Pure
#undef AKIRA_NUMERIC_Trap
#undef AKIRA_NUMERIC_Special
#undef AKIRA_NUMERIC_Load
#undef AKIRA_NUMERIC_Store
#undef AKIRA_NUMERIC_LoadLane
#undef AKIRA_NUMERIC_StoreLane
static_assert(std::size(kNumeric) == kOpCount);

constexpr bool is_scalar_numeric(const OpInfo& oi) {
  return (oi.cls == OpClass::Pure || oi.cls == OpClass::Trap) && oi.prefix != 0xFD;
}
constexpr bool every_scalar_numeric_lowered() {
  for (unsigned i = 0; i < kOpCount; ++i)
    if (is_scalar_numeric(kOpInfo[i]) != (kNumeric[i].kind != lowering::K::None)) return false;
  return true;
}
static_assert(every_scalar_numeric_lowered(), "kNumeric does not match the Pure/Trap classes of opcodes.def");

// The (single) result type in an opcodes.def signature.
char result_code(const char* sig) {
  while (*sig && *sig != '>') ++sig;
  return *sig ? sig[1] : 0;
}

}  // namespace

Status FunctionTranslator::emit_numeric(const Instr& in) {
  using lowering::K;
  using P = llvm::CmpInst::Predicate;
  auto& b = b_;
  const lowering::Lowering& lw = kNumeric[static_cast<unsigned>(in.op)];
  auto un = [&](auto f) {
    Value* x = pop();
    push(f(x));
  };
  auto bin = [&](auto f) {
    Value* y = pop();
    Value* x = pop();
    push(f(x, y));
  };
  auto intr = [&]() { return static_cast<llvm::Intrinsic::ID>(lw.op); };
  auto result_type = [&]() -> Type* {
    switch (result_code(info(in.op).sig)) {
      case 'i': return ms_.i32;
      case 'I': return ms_.i64;
      case 'f': return ms_.f32;
      case 'F': return ms_.f64;
      default: return nullptr;
    }
  };

  switch (lw.kind) {
    case K::None:
      return make_error(ErrorKind::Unsupported, std::string("akirac cannot compile ") + info(in.op).text, in.offset,
                        func_index_);
    case K::Eqz: un([&](Value* x) { return to_i32(b.CreateICmpEQ(x, ConstantInt::get(x->getType(), 0))); }); break;
    case K::ICmp: bin([&](Value* x, Value* y) { return to_i32(b.CreateICmp(static_cast<P>(lw.op), x, y)); }); break;
    case K::FCmp: bin([&](Value* x, Value* y) { return to_i32(b.CreateFCmp(static_cast<P>(lw.op), x, y)); }); break;
    case K::IntBin:
      bin([&](Value* x, Value* y) { return b.CreateBinOp(static_cast<llvm::Instruction::BinaryOps>(lw.op), x, y); });
      break;
    case K::Shift:
      bin([&](Value* x, Value* y) {
        unsigned bits = x->getType()->getIntegerBitWidth();
        return b.CreateBinOp(static_cast<llvm::Instruction::BinaryOps>(lw.op), x,
                             b.CreateAnd(y, ConstantInt::get(x->getType(), bits - 1)));
      });
      break;
    case K::Rotate: bin([&](Value* x, Value* y) { return intrinsic(intr(), {x->getType()}, {x, x, y}); }); break;
    case K::Div:
      bin([&](Value* x, Value* y) -> Value* {
        Type* t = x->getType();
        trap_if(b.CreateICmpEQ(y, ConstantInt::get(t, 0)), TrapCode::IntDivByZero);
        if (!lw.is_signed) return lw.is_rem ? b.CreateURem(x, y) : b.CreateUDiv(x, y);
        Value* minus1 = b.CreateICmpEQ(y, ConstantInt::getAllOnesValue(t));
        if (lw.is_rem) {
          // x rem -1 = 0 for every x; divide by 1 instead to avoid INT_MIN / -1.
          return b.CreateSRem(x, b.CreateSelect(minus1, ConstantInt::get(t, 1), y));
        }
        Value* min = ConstantInt::get(t, llvm::APInt::getSignedMinValue(t->getIntegerBitWidth()));
        trap_if(b.CreateAnd(minus1, b.CreateICmpEQ(x, min)), TrapCode::IntOverflow);
        return b.CreateSDiv(x, y);
      });
      break;
    case K::BitCount: un([&](Value* x) { return intrinsic(intr(), {x->getType()}, {x, b.getFalse()}); }); break;
    case K::Unary:
      un([&](Value* x) {
        Value* r = intrinsic(intr(), {x->getType()}, {x});
        bool rounding = intr() == llvm::Intrinsic::ceil || intr() == llvm::Intrinsic::floor ||
                        intr() == llvm::Intrinsic::trunc || intr() == llvm::Intrinsic::roundeven;
        return rounding && ms_.opts.quiet_rounding ? quiet(r) : r;
      });
      break;
    case K::BinIntr: bin([&](Value* x, Value* y) { return intrinsic(intr(), {x->getType()}, {x, y}); }); break;
    case K::FpBin:
      bin([&](Value* x, Value* y) { return fp_binop(static_cast<llvm::Instruction::BinaryOps>(lw.op), x, y); });
      break;
    case K::FMin: bin([&](Value* x, Value* y) { return fminmax(x, y, true); }); break;
    case K::FMax: bin([&](Value* x, Value* y) { return fminmax(x, y, false); }); break;
    case K::FNeg: un([&](Value* x) { return b.CreateFNeg(x); }); break;
    case K::Cast:
      un([&](Value* x) { return b.CreateCast(static_cast<llvm::Instruction::CastOps>(lw.op), x, result_type()); });
      break;
    case K::TruncTrap: un([&](Value* x) { return trunc_trap(x, result_type(), lw.is_signed); }); break;
    case K::TruncSat:
      un([&](Value* x) {
        return intrinsic(lw.is_signed ? llvm::Intrinsic::fptosi_sat : llvm::Intrinsic::fptoui_sat,
                         {result_type(), x->getType()}, {x});
      });
      break;
    case K::Demote: un([&](Value* x) { return fp_demote(x, result_type()); }); break;
    case K::SExtFrom:
      un([&](Value* x) { return b.CreateSExt(b.CreateTrunc(x, b.getIntNTy(lw.op)), x->getType()); });
      break;
  }
  return {};
}

// ---------------------------------------------------------------------------
// Instructions

Status FunctionTranslator::emit(const Instr& in, size_t pc) {
  auto& b = b_;
  const OpInfo& oi = info(in.op);
  if (oi.prefix == 0xFD) return emit_simd(in);
  switch (oi.cls) {
    case OpClass::Load: emit_load(in); return {};
    case OpClass::Store: emit_store(in); return {};
    case OpClass::Pure:
    case OpClass::Trap: return emit_numeric(in);
    default: break;
  }
  switch (in.op) {
    case Op::Unreachable: emit_trap(TrapCode::Unreachable); break;
    case Op::Nop: break;
    case Op::Block:
    case Op::Loop:
    case Op::If: {
      Frame fr;
      fr.kind = in.op;
      block_sig(in.imm.block.type, fr.params, fr.results);
      Value* cond = in.op == Op::If ? pop() : nullptr;
      fr.height = stack_.size() - fr.params.size();
      if (in.op == Op::Loop) {
        fr.slots = make_slots(fr.params);
        fr.header = new_block("loop");
        std::vector<Value*> ps = pop_n(fr.params.size());
        for (size_t i = 0; i < ps.size(); ++i) b.CreateStore(ps[i], fr.slots[i]);
        b.CreateBr(fr.header);
        b.SetInsertPoint(fr.header);
        if (ms_.opts.loop_interrupt_checks) emit_interrupt_check();  // every iteration passes the header
        for (size_t i = 0; i < ps.size(); ++i) push(b.CreateLoad(fr.params[i], fr.slots[i]));
      } else {
        fr.slots = make_slots(fr.results);
        if (in.op == Op::If) {
          BasicBlock* then_bb = new_block("then");
          fr.else_bb = new_block("else");
          fr.if_params.assign(stack_.end() - fr.params.size(), stack_.end());
          b.CreateCondBr(is_true(cond), then_bb, fr.else_bb);
          b.SetInsertPoint(then_bb);
        }
        fr.end_bb = new_block(in.op == Op::If ? "endif" : "endblock");
      }
      frames_.push_back(std::move(fr));
      break;
    }
    case Op::Else: {
      Frame& fr = frames_.back();
      if (reachable_) {
        size_t n = fr.slots.size();
        for (size_t i = 0; i < n; ++i) b.CreateStore(stack_[stack_.size() - n + i], fr.slots[i]);
        b.CreateBr(fr.end_bb);
      }
      stack_.resize(fr.height);
      fr.has_else = true;
      b.SetInsertPoint(fr.else_bb);
      for (Value* v : fr.if_params) push(v);
      reachable_ = true;
      break;
    }
    case Op::End: end_frame(); break;
    case Op::Br: {
      std::vector<llvm::AllocaInst*>* slots;
      BasicBlock* target = label(in.imm.index, &slots);
      store_label_values(in.imm.index);
      b.CreateBr(target);
      set_unreachable();
      break;
    }
    case Op::BrIf: {
      Value* cond = is_true(pop());
      std::vector<llvm::AllocaInst*>* slots;
      BasicBlock* target = label(in.imm.index, &slots);
      store_label_values(in.imm.index);
      BasicBlock* cont = new_block("br_if.cont");
      b.CreateCondBr(cond, target, cont);
      b.SetInsertPoint(cont);
      break;
    }
    case Op::BrTable: {
      Value* index = pop();
      const uint32_t* labels = f_.br_labels.data() + in.imm.br_table.first;
      uint32_t count = in.imm.br_table.count;  // the last one is the default
      std::vector<bool> stored(frames_.size(), false);
      for (uint32_t i = 0; i < count; ++i) {
        if (stored[labels[i]]) continue;
        stored[labels[i]] = true;
        store_label_values(labels[i]);
      }
      std::vector<llvm::AllocaInst*>* slots;
      llvm::SwitchInst* sw = b.CreateSwitch(index, label(labels[count - 1], &slots), count - 1);
      for (uint32_t i = 0; i + 1 < count; ++i) sw->addCase(b.getInt32(i), label(labels[i], &slots));
      set_unreachable();
      break;
    }
    case Op::Return: emit_return(); break;
    case Op::Call: emit_call(in.imm.index); break;
    case Op::CallIndirect: emit_call_indirect(in.imm.index2.a, in.imm.index2.b); break;
    case Op::Drop: pop(); break;
    case Op::Select:
    case Op::SelectT: {
      Value* c = pop();
      Value* y = pop();
      Value* x = pop();
      push(b.CreateSelect(is_true(c), x, y));
      break;
    }
    case Op::LocalGet: push(b.CreateLoad(local_types_[in.imm.index], locals_[in.imm.index])); break;
    case Op::LocalSet: b.CreateStore(pop(), locals_[in.imm.index]); break;
    case Op::LocalTee: b.CreateStore(stack_.back(), locals_[in.imm.index]); break;
    case Op::GlobalGet: {
      uint32_t gi = in.imm.index;
      GlobalType gt = m_.global_type(gi);
      Type* t = ms_.type_of(gt.type);
      if (!gt.mut) {
        // Immutable: its value is fixed at instantiation, read once per call.
        auto it = const_globals_.find(gi);
        if (it == const_globals_.end()) {
          Value* slot = global_slot(gi);
          llvm::LoadInst* l = eb_.CreateAlignedLoad(t, slot, llvm::Align(8));
          mark_invariant(l);
          it = const_globals_.emplace(gi, l).first;
        }
        push(it->second);
      } else {
        push(b.CreateAlignedLoad(t, global_slot(gi), llvm::Align(8)));
      }
      break;
    }
    case Op::GlobalSet: {
      uint32_t gi = in.imm.index;
      Value* v = pop();
      if (ms_.opts.aux_stack_check && ms_.sp_global && *ms_.sp_global == gi) {
        // C's stack lives in linear memory and grows down to aux_stack_low.
        Value* low = ctx_field(offsetof(aot::Context, aux_stack_low), false, true);
        BasicBlock* overflow = new_block("aux_stack_overflow");
        BasicBlock* cont = new_block("aux_stack_ok");
        llvm::MDBuilder md(ms_.c);
        b.CreateCondBr(b.CreateICmpULT(b.CreateZExt(v, ms_.i64), low), overflow, cont,
                       md.createUnlikelyBranchWeights());
        b.SetInsertPoint(overflow);
        call_helper(H::StackOverflow, {});
        b.CreateUnreachable();
        b.SetInsertPoint(cont);
      }
      // LLVM may move an ordinary store above a volatile access; a global written after
      // a memory access that faults must keep its old value, so under guard pages the
      // store is volatile too (see load_memory).
      b.CreateAlignedStore(v, global_slot(gi), llvm::Align(8), /*isVolatile=*/!ms_.opts.bounds_checks);
      break;
    }
    case Op::TableGet: {
      Value* idx = pop();
      push(call_helper(H::TableGet, {ConstantInt::get(ms_.i32, in.imm.index), idx}));
      break;
    }
    case Op::TableSet: {
      Value* ref = pop();
      Value* idx = pop();
      call_helper(H::TableSet, {ConstantInt::get(ms_.i32, in.imm.index), idx, ref});
      break;
    }
    case Op::TableSize: push(call_helper(H::TableSize, {ConstantInt::get(ms_.i32, in.imm.index)})); break;
    case Op::TableGrow: {
      Value* delta = pop();
      Value* init = pop();
      push(call_helper(H::TableGrow, {ConstantInt::get(ms_.i32, in.imm.index), init, delta}));
      break;
    }
    case Op::TableFill: {
      Value* n = pop();
      Value* ref = pop();
      Value* dst = pop();
      call_helper(H::TableFill, {ConstantInt::get(ms_.i32, in.imm.index), dst, ref, n});
      break;
    }
    case Op::TableCopy: {
      Value* n = pop();
      Value* src = pop();
      Value* dst = pop();
      call_helper(H::TableCopy, {ConstantInt::get(ms_.i32, in.imm.index2.a), ConstantInt::get(ms_.i32, in.imm.index2.b),
                                 dst, src, n});
      break;
    }
    case Op::TableInit: {
      Value* n = pop();
      Value* src = pop();
      Value* dst = pop();
      call_helper(H::TableInit, {ConstantInt::get(ms_.i32, in.imm.index2.b), ConstantInt::get(ms_.i32, in.imm.index2.a),
                                 dst, src, n});
      break;
    }
    case Op::ElemDrop: call_helper(H::ElemDrop, {ConstantInt::get(ms_.i32, in.imm.index)}); break;
    case Op::DataDrop: call_helper(H::DataDrop, {ConstantInt::get(ms_.i32, in.imm.index)}); break;
    case Op::MemoryInit: {
      Value* n = pop();
      Value* src = pop();
      Value* dst = pop();
      call_helper(H::MemoryInit, {ConstantInt::get(ms_.i32, in.imm.index), dst, src, n});
      break;
    }
    case Op::MemoryCopy: {
      Value* n = pop();
      Value* src = pop();
      Value* dst = pop();
      call_helper(H::MemoryCopy, {dst, src, n});
      break;
    }
    case Op::MemoryFill: {
      Value* n = pop();
      Value* val = pop();
      Value* dst = pop();
      call_helper(H::MemoryFill, {dst, val, n});
      break;
    }
    case Op::MemorySize: {
      Value* size = b.CreateLoad(ms_.i64, mem_size_slot_);
      push(b.CreateTrunc(b.CreateLShr(size, 16), ms_.i32));
      break;
    }
    case Op::MemoryGrow: {
      Value* delta = pop();
      push(call_helper(H::MemoryGrow, {delta}));
      reload_memory();
      break;
    }
    case Op::I32Const: push(ConstantInt::get(ms_.i32, in.imm.i32)); break;
    case Op::I64Const: push(ConstantInt::get(ms_.i64, in.imm.i64)); break;
    case Op::F32Const:
      push(llvm::ConstantFP::get(ms_.c, llvm::APFloat(llvm::APFloat::IEEEsingle(), llvm::APInt(32, in.imm.f32_bits))));
      break;
    case Op::F64Const:
      push(llvm::ConstantFP::get(ms_.c, llvm::APFloat(llvm::APFloat::IEEEdouble(), llvm::APInt(64, in.imm.f64_bits))));
      break;
    case Op::RefNull: push(llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(ms_.ptr))); break;
    case Op::RefIsNull: push(to_i32(b.CreateIsNull(pop()))); break;
    case Op::RefFunc: {
      if (!funcs_) funcs_ = ctx_field(offsetof(aot::Context, funcs), true, true);
      push(array_elem_ptr(funcs_, in.imm.index));
      break;
    }
    default:
      return make_error(ErrorKind::Unsupported, std::string("akirac cannot compile ") + oi.text, in.offset,
                        func_index_);
  }
  (void)pc;
  return {};
}

// ---------------------------------------------------------------------------
// The function body

Status FunctionTranslator::run() {
  entry_ = BasicBlock::Create(ms_.c, "entry", fn_);
  eb_.SetInsertPoint(entry_);
  ctx_ = fn_->getArg(0);

  // Locals: params, then declared locals (zero), all as allocas that mem2reg promotes.
  for (size_t i = 0; i < type_.params.size(); ++i) {
    Type* t = ms_.type_of(type_.params[i]);
    llvm::AllocaInst* a = entry_alloca(t, "param");
    eb_.CreateStore(fn_->getArg(i + 1), a);
    locals_.push_back(a);
    local_types_.push_back(t);
  }
  for (const LocalGroup& g : f_.locals) {
    Type* t = ms_.type_of(g.type);
    for (uint32_t i = 0; i < g.count; ++i) {
      llvm::AllocaInst* a = entry_alloca(t, "local");
      eb_.CreateStore(llvm::Constant::getNullValue(t), a);
      locals_.push_back(a);
      local_types_.push_back(t);
    }
  }
  if (has_memory_) {
    mem_base_slot_ = entry_alloca(ms_.ptr, "mem_base");
    mem_size_slot_ = entry_alloca(ms_.i64, "mem_size");
    eb_.CreateStore(ctx_field(offsetof(aot::Context, mem_base), true, false), mem_base_slot_);
    eb_.CreateStore(ctx_field(offsetof(aot::Context, mem_size), false, false), mem_size_slot_);
  }
  // One argument buffer for all calls through the runtime (imports, call_indirect).
  size_t argv_slots = 0;
  bool has_calls = false;
  for (const Instr& in : f_.code) {
    if (in.op == Op::Call) {
      has_calls = true;
      if (in.imm.index < m_.num_imported_funcs) {
        const FuncType& ft = m_.func_type(in.imm.index);
        argv_slots = std::max({argv_slots, ft.params.size(), ft.results.size(), size_t{1}});
      }
    } else if (in.op == Op::CallIndirect) {
      has_calls = true;
      const FuncType& ft = m_.types[in.imm.index2.a];
      argv_slots = std::max({argv_slots, ft.params.size(), ft.results.size(), size_t{1}});
    }
  }
  if (argv_slots) argv_ = entry_alloca(llvm::ArrayType::get(ms_.i8, 16 * argv_slots), "argv", 16);

  BasicBlock* body = BasicBlock::Create(ms_.c, "start", fn_);
  b_.SetInsertPoint(body);
  // Leaf functions with small frames run within the headroom the runtime keeps below
  // stack_limit; everything else checks.
  if (ms_.opts.stack_check && (has_calls || locals_.size() > 64)) emit_stack_check();
  // A function without calls can only run long in a loop, whose header checks; leaf
  // functions (often inlined into hot loops) stay free of the check.
  if (has_calls) emit_interrupt_check();
  if (ms_.opts.perf_profiling) emit_call_count();

  Frame fr;
  fr.kind = Op::End;
  for (ValType r : type_.results) fr.results.push_back(ms_.type_of(r));
  fr.slots = make_slots(fr.results);
  fr.end_bb = BasicBlock::Create(ms_.c, "return", fn_);
  frames_.push_back(std::move(fr));

  int skip = 0;
  for (size_t pc = 0; pc < f_.code.size(); ++pc) {
    const Instr& in = f_.code[pc];
    if (!reachable_) {
      // Dead code up to the end (or else) of the current frame: nothing to emit, but
      // nested blocks must be counted.
      if (in.op == Op::Block || in.op == Op::Loop || in.op == Op::If) {
        ++skip;
        continue;
      }
      if (in.op == Op::End && skip > 0) {
        --skip;
        continue;
      }
      if (in.op != Op::Else && in.op != Op::End) continue;
      if (in.op == Op::Else && skip > 0) continue;
    }
    if (in.op == Op::End && frames_.size() == 1) {
      // The function's final end: fall into the return block.
      end_frame();
      if (reachable_) emit_return();
      break;
    }
    AKIRA_TRY(emit(in, pc));
  }
  eb_.CreateBr(body);
  return {};
}

// ---------------------------------------------------------------------------
// Module

bool module_uses_simd(const Module& m) {
  for (const FuncType& t : m.types) {
    for (ValType v : t.params)
      if (v == ValType::V128) return true;
    for (ValType v : t.results)
      if (v == ValType::V128) return true;
  }
  for (uint32_t i = 0; i < m.total_globals(); ++i)
    if (m.global_type(i).type == ValType::V128) return true;
  for (const Function& f : m.functions) {
    for (const LocalGroup& g : f.locals)
      if (g.type == ValType::V128) return true;
    for (const Instr& in : f.code)
      if (info(in.op).prefix == 0xFD) return true;
  }
  return false;
}

static void add_entry_wrapper(ModuleState& ms, uint32_t fi) {
  const FuncType& ft = ms.m.func_type(fi);
  auto* wt = llvm::FunctionType::get(ms.void_t, {ms.ptr, ms.ptr}, false);
  auto* w = llvm::Function::Create(wt, llvm::GlobalValue::ExternalLinkage, entry_symbol(fi), ms.mod);
  w->setVisibility(llvm::GlobalValue::HiddenVisibility);
  w->setDSOLocal(true);
  w->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> b(BasicBlock::Create(ms.c, "entry", w));
  Value* argv = w->getArg(1);
  std::vector<Value*> args{w->getArg(0)};
  for (size_t i = 0; i < ft.params.size(); ++i)
    args.push_back(b.CreateAlignedLoad(ms.type_of(ft.params[i]), b.CreateConstInBoundsGEP1_32(ms.i8, argv, 16 * i),
                                       llvm::Align(8)));
  llvm::CallInst* call = b.CreateCall(ms.funcs[fi], args);
  for (unsigned i = 0; i < ft.results.size(); ++i) {
    Value* r = ft.results.size() == 1 ? call : b.CreateExtractValue(call, {i});
    b.CreateAlignedStore(r, b.CreateConstInBoundsGEP1_32(ms.i8, argv, 16 * i), llvm::Align(8));
  }
  b.CreateRetVoid();
}

Result<std::unique_ptr<llvm::Module>> translate_module(const Module& m, llvm::LLVMContext& llctx,
                                                       const llvm::TargetMachine& tm, const TranslateOptions& opts,
                                                       uint32_t first, uint32_t last) {
  auto mod = std::make_unique<llvm::Module>("wasm", llctx);
  mod->setTargetTriple(tm.getTargetTriple());
  mod->setDataLayout(tm.createDataLayout());
  ModuleState ms(m, *mod, opts);

  ms.funcs.assign(m.total_funcs(), nullptr);
  for (uint32_t d = 0; d < m.functions.size(); ++d) {
    uint32_t fi = m.num_imported_funcs + d;
    auto* f = llvm::Function::Create(ms.wasm_func_type(m.types[m.functions[d].type_index]),
                                     llvm::GlobalValue::ExternalLinkage, func_symbol(fi), *mod);
    f->setVisibility(llvm::GlobalValue::HiddenVisibility);
    f->setDSOLocal(true);
    f->addFnAttr(llvm::Attribute::NoUnwind);
    f->addParamAttr(0, llvm::Attribute::NonNull);
    f->addParamAttr(0, llvm::Attribute::NoUndef);
    f->addDereferenceableParamAttr(0, sizeof(aot::Context));
    ms.funcs[fi] = f;
  }
  for (uint32_t d = first; d < last; ++d) {
    FunctionTranslator ft(ms, d);
    AKIRA_TRY(ft.run());
    add_entry_wrapper(ms, m.num_imported_funcs + d);
  }

  std::string err;
  llvm::raw_string_ostream os(err);
  if (llvm::verifyModule(*mod, &os))
    return make_error(ErrorKind::Unsupported, "internal compiler error: invalid LLVM IR: " + err.substr(0, 2000));
  return mod;
}

}  // namespace akira::compile
