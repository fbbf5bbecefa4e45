// Internal to src/compile: the per-function translator shared by translate.cpp
// (control flow, scalar instructions, calls, memory, tables) and translate_simd.cpp.
#pragma once
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "aot/abi.h"
#include "common/error.h"
#include "common/trap.h"
#include "compile/translate.h"
#include "wasm/module.h"

namespace akira::compile {

// Module-wide state: LLVM types, the function declarations, options.
struct ModuleState {
  const Module& m;
  llvm::Module& mod;
  llvm::LLVMContext& c;
  const TranslateOptions& opts;
  const llvm::DataLayout& dl;
  llvm::Type *void_t, *i8, *i16, *i32, *i64, *f32, *f64, *v128, *ptr;
  llvm::IntegerType* intptr;
  std::vector<llvm::Function*> funcs;  // function index space; nullptr for imports
  std::optional<uint32_t> sp_global;   // clang's __stack_pointer, when recognisable
  // The native type of each runtime helper, from aot/helpers.def.
  std::array<llvm::FunctionType*, static_cast<size_t>(aot::Helper::Count)> helper_types{};

  ModuleState(const Module& m, llvm::Module& mod, const TranslateOptions& o);
  llvm::Type* type_of(ValType t) const;
  llvm::Type* results_type(const FuncType& ft) const;
  llvm::FunctionType* wasm_func_type(const FuncType& ft) const;

 private:
  llvm::Type* abi_type(aot::abi::Void) const { return void_t; }
  llvm::Type* abi_type(aot::abi::I32) const { return i32; }
  llvm::Type* abi_type(aot::abi::Ptr) const { return ptr; }
  llvm::Type* abi_type(aot::abi::Ctx) const { return ptr; }
  template <class R, class... Ps> llvm::FunctionType* helper_type(aot::abi::Signature<R, Ps...>) const {
    return llvm::FunctionType::get(abi_type(R{}), {abi_type(Ps{})...}, false);
  }
};

class FunctionTranslator {
 public:
  FunctionTranslator(ModuleState& ms, uint32_t defined_index);
  Status run();

 private:
  struct Frame {
    Op kind;  // Block, Loop, If, or End for the function body
    std::vector<llvm::Type*> params, results;
    size_t height = 0;                     // value stack height below the params
    llvm::BasicBlock* end_bb = nullptr;    // continuation (Block, If, function)
    llvm::BasicBlock* header = nullptr;    // Loop
    llvm::BasicBlock* else_bb = nullptr;   // If
    std::vector<llvm::AllocaInst*> slots;  // label values: loop params, else results
    std::vector<llvm::Value*> if_params;
    bool has_else = false;
    bool reachable_at_entry = true;
  };

  // ---- value stack ----
  llvm::Value* pop() {
    llvm::Value* v = stack_.back();
    stack_.pop_back();
    return v;
  }
  void push(llvm::Value* v) { stack_.push_back(v); }
  std::vector<llvm::Value*> pop_n(size_t n);

  // ---- entry-block helpers ----
  llvm::AllocaInst* entry_alloca(llvm::Type* t, const char* name = "", unsigned align = 0);
  llvm::Value* ctx_field(unsigned offset, bool as_pointer, bool invariant);
  llvm::Value* array_elem_ptr(llvm::Value* base, uint32_t index);  // base[index] of pointers, invariant
  llvm::Value* helper(aot::Helper h);
  // Calls helper h with the caller's Context and `args` (the rest of its parameters).
  llvm::CallInst* call_helper(aot::Helper h, std::vector<llvm::Value*> args);
  llvm::Value* global_slot(uint32_t index);
  void reload_memory();

  // ---- traps and checks ----
  llvm::BasicBlock* trap_block(TrapCode code);
  void trap_if(llvm::Value* cond, TrapCode code);
  void emit_trap(TrapCode code);
  void emit_stack_check();
  void emit_interrupt_check();
  void emit_call_count();

  // ---- control ----
  void block_sig(const BlockType& bt, std::vector<llvm::Type*>& params, std::vector<llvm::Type*>& results);
  std::vector<llvm::AllocaInst*> make_slots(const std::vector<llvm::Type*>& types);
  llvm::BasicBlock* label(uint32_t depth, std::vector<llvm::AllocaInst*>** slots);
  void store_label_values(uint32_t depth);
  void emit_return();
  void end_frame();
  void set_unreachable() { reachable_ = false; }
  llvm::BasicBlock* new_block(const char* name);

  // ---- instructions ----
  Status emit(const Instr& in, size_t pc);
  Status emit_numeric(const Instr& in);
  Status emit_simd(const Instr& in);
  void emit_call(uint32_t func_index);
  void emit_call_indirect(uint32_t type_index, uint32_t table);
  void call_through_argv(const FuncType& ft, const std::function<void(llvm::Value* argv)>& do_call);
  llvm::Value* mem_addr(llvm::Value* addr, uint32_t offset, unsigned size, bool store = false);
  llvm::Value* load_memory(llvm::Type* t, llvm::Value* addr, uint32_t offset);
  void store_memory(llvm::Value* v, llvm::Value* addr, uint32_t offset);
  void emit_load(const Instr& in);
  void emit_store(const Instr& in);
  llvm::Value* trunc_trap(llvm::Value* x, llvm::Type* to, bool is_signed);
  llvm::Value* quiet(llvm::Value* v);
  llvm::Value* fp_binop(llvm::Instruction::BinaryOps op, llvm::Value* l, llvm::Value* r);
  llvm::Value* fp_demote(llvm::Value* x, llvm::Type* to);
  llvm::Value* fminmax(llvm::Value* a, llvm::Value* b, bool is_min);
  llvm::Value* to_i32(llvm::Value* cond) { return b_.CreateZExt(cond, ms_.i32); }
  llvm::Value* is_true(llvm::Value* v) { return b_.CreateICmpNE(v, llvm::ConstantInt::get(v->getType(), 0)); }
  llvm::Value* intrinsic(llvm::Intrinsic::ID id, llvm::ArrayRef<llvm::Type*> tys, llvm::ArrayRef<llvm::Value*> args);

  // ---- SIMD (translate_simd.cpp) ----
  llvm::Value* as_vec(llvm::Value* v, llvm::Type* elem, unsigned lanes);
  llvm::Value* to_v128(llvm::Value* v) { return b_.CreateBitCast(v, ms_.v128); }

  ModuleState& ms_;
  const Module& m_;
  const Function& f_;
  uint32_t func_index_;
  const FuncType& type_;
  llvm::IRBuilder<> b_;
  llvm::Function* fn_ = nullptr;
  llvm::Value* ctx_ = nullptr;
  llvm::BasicBlock* entry_ = nullptr;
  llvm::IRBuilder<> eb_;  // inserts at the end of the entry block (no terminator until done)
  std::vector<llvm::AllocaInst*> locals_;
  std::vector<llvm::Type*> local_types_;
  llvm::AllocaInst* mem_base_slot_ = nullptr;
  llvm::AllocaInst* mem_size_slot_ = nullptr;
  llvm::AllocaInst* argv_ = nullptr;
  llvm::Value* helpers_ = nullptr;
  llvm::Value* globals_ = nullptr;
  llvm::Value* funcs_ = nullptr;
  llvm::Value* interrupt_ = nullptr;
  std::map<uint32_t, llvm::Value*> global_slots_;
  std::map<uint32_t, llvm::Value*> const_globals_;
  std::array<llvm::BasicBlock*, 16> trap_bbs_{};
  std::vector<llvm::Value*> stack_;
  std::vector<Frame> frames_;
  bool reachable_ = true;
  bool has_memory_ = false;
};

}  // namespace akira::compile
