// 128-bit SIMD instructions as LLVM vector operations.
#include "compile/translator.h"

namespace akira::compile {

using llvm::Type;
using llvm::Value;

Value* FunctionTranslator::as_vec(Value* v, Type* elem, unsigned lanes) {
  return b_.CreateBitCast(v, llvm::FixedVectorType::get(elem, lanes));
}

Status FunctionTranslator::emit_simd(const Instr& in) {
  return make_error(ErrorKind::Unsupported, "SIMD is not supported by akirac yet", in.offset, func_index_);
}

}  // namespace akira::compile
