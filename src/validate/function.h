// Function bodies: the operand-stack / control-stack algorithm of the spec's
// validation appendix, over the decoder's flat instruction array.
#pragma once
#include <cstdint>
#include <vector>

#include "common/error.h"
#include "validate/context.h"
#include "wasm/module.h"

namespace akira::validate {

class FunctionValidator {
 public:
  explicit FunctionValidator(const Context& c) : c_(c) {}

  // `func_index` is the index in the function index space (imports included), used in errors.
  Status validate(uint32_t func_index, const Function& f, const FuncType& type);

 private:
  // Never a real value type: marks an operand of the polymorphic stack after
  // unreachable code, which matches any expected type.
  static constexpr ValType kUnknown = static_cast<ValType>(0);

  struct Frame {
    Op op;  // Block, Loop, If, Else, or End for the function itself
    bool unreachable;
    uint32_t height;         // operand stack height at entry (after the parameters were popped)
    const ValType* params;   // block types point into FuncType vectors or a static table,
    const ValType* results;  // so frames never own memory
    uint32_t num_params;
    uint32_t num_results;
    const ValType* label() const { return op == Op::Loop ? params : results; }
    uint32_t label_arity() const { return op == Op::Loop ? num_params : num_results; }
  };

  bool step(const Instr& in);
  bool step_generic(const Instr& in);

  bool pop(ValType expect);
  bool pop_any(ValType& out);
  bool pop_n(const ValType* types, uint32_t n);
  void push(ValType t) { vals_.push_back(t); }
  void push_n(const ValType* types, uint32_t n) {
    // Usually 0-2 values: push_back beats a range insert.
    for (uint32_t i = 0; i < n; ++i) vals_.push_back(types[i]);
  }
  // Checks the top of the stack against `types` without popping: br_table applies it
  // to every target, and popping and re-pushing would be wasted work.
  bool peek_n(const ValType* types, uint32_t n);
  void set_unreachable();

  bool push_ctrl(Op op, const ValType* params, uint32_t np, const ValType* results, uint32_t nr);
  bool pop_ctrl(Frame& out);

  bool local_type(uint32_t index, ValType& out);
  bool need_memory();
  bool need_table(uint32_t index);
  bool mem_align(const Instr& in, uint8_t bytes);

  bool fail(const char* msg);
  bool fail_unknown(const char* what, uint32_t index);

  const Context& c_;
  const Function* f_ = nullptr;
  const FuncType* type_ = nullptr;

  // Reused across functions so that validation does not allocate per instruction.
  std::vector<ValType> vals_;
  std::vector<Frame> ctrls_;
  std::vector<uint64_t> local_ends_;  // cumulative end index of each local group, params first
  std::vector<ValType> local_types_;
  std::vector<ValType> flat_locals_;  // one entry per local, when there are few

  const char* err_ = nullptr;
  const char* err_what_ = nullptr;  // set for "unknown <what> <index>"
  uint32_t err_index_ = 0;
};

}  // namespace akira::validate
