// The late half of how akirac keeps Wasm's NaN rule (translate.cpp, FunctionTranslator::quiet).
#pragma once
#include <llvm/IR/PassManager.h>

namespace akira::compile {

// After the optimisation pipeline: removes llvm.canonicalize(I) where I is a float
// operation that code generation will emit as an instruction (or a soft-float routine),
// which quiets a signalling NaN by itself, and that gives the code generator no identity
// to fold (an operand that is, or may select, the constant ±0 or ±1; demote of a
// promote; min/max of a value with itself). Every other canonicalize stays: it is where
// an operation was folded away and the NaN must still be quieted.
struct DropRedundantCanonicalize : llvm::PassInfoMixin<DropRedundantCanonicalize> {
  llvm::PreservedAnalyses run(llvm::Function& f, llvm::FunctionAnalysisManager& am);
  static bool isRequired() { return true; }  // also at -O0
};

}  // namespace akira::compile
