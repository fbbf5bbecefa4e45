#include "validate/const_expr.h"

namespace akira::validate {

Status validate_const_expr(const Context& c, const ConstExpr& e, ValType expected) {
  const auto& code = e.code;
  const size_t n = code.empty() ? 0 : code.size() - 1;  // the final `end` is not an operand producer
  if (code.empty() || code.back().op != Op::End) return invalid("type mismatch");

  // The reference interpreter checks constness of every instruction before typing the
  // sequence, so "constant expression required" wins over "type mismatch".
  for (size_t i = 0; i < n; ++i) {
    const Instr& in = code[i];
    switch (in.op) {
      case Op::I32Const:
      case Op::I64Const:
      case Op::F32Const:
      case Op::F64Const:
      case Op::V128Const:
      case Op::RefNull:
      case Op::RefFunc: break;
      case Op::GlobalGet: {
        // Only imported globals are visible: defined globals are not yet initialised.
        if (in.imm.index >= c.num_imported_globals) return unknown("global", in.imm.index, in.offset);
        if (c.globals[in.imm.index].mut) return invalid("constant expression required", in.offset);
        break;
      }
      default: return invalid("constant expression required", in.offset);
    }
  }

  // No constant instruction consumes operands, so typing reduces to counting results.
  ValType top = ValType::I32;
  for (size_t i = 0; i < n; ++i) {
    const Instr& in = code[i];
    switch (in.op) {
      case Op::I32Const: top = ValType::I32; break;
      case Op::I64Const: top = ValType::I64; break;
      case Op::F32Const: top = ValType::F32; break;
      case Op::F64Const: top = ValType::F64; break;
      case Op::V128Const: top = ValType::V128; break;
      case Op::RefNull: top = in.imm.type; break;
      case Op::RefFunc:
        if (in.imm.index >= c.num_funcs()) return unknown("function", in.imm.index, in.offset);
        top = ValType::FuncRef;
        break;
      case Op::GlobalGet: top = c.globals[in.imm.index].type; break;
      default: break;
    }
  }
  if (n != 1 || top != expected) return invalid("type mismatch", code.back().offset);
  return {};
}

}  // namespace akira::validate
