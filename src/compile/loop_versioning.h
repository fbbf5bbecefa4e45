// Loops whose memory accesses are all in bounds get a copy with ordinary accesses.
#pragma once
#include <llvm/IR/PassManager.h>

namespace akira::compile {

// The metadata kind that marks a linear-memory access (load_memory / store_memory).
inline constexpr const char* kWasmMemoryAccessMD = "akira.mem";
// ... and the branch that picks the in-bounds copy of a loop.
inline constexpr const char* kInBoundsCheckMD = "akira.inbounds";

// Under guard pages every linear-memory access is volatile, so that it traps exactly
// where the program performs it (docs/akirac.md). Volatile accesses cannot be vectorised,
// hoisted or combined. For an innermost single-block loop that calls nothing and whose
// accesses have affine addresses, this pass computes, before the loop, the lowest and the
// highest byte every access touches over all iterations; when they are all inside the
// memory (ctx->mem_size, which cannot change in a loop that calls nothing) the loop runs
// as a copy whose accesses are ordinary, since none of them can trap. Otherwise the
// original loop runs, and traps where it must. Runs before the loop vectoriser.
struct VersionLoopsInBounds : llvm::PassInfoMixin<VersionLoopsInBounds> {
  llvm::PreservedAnalyses run(llvm::Function& f, llvm::FunctionAnalysisManager& am);
};

// After the vectoriser: an in-bounds copy that it did not widen buys little (its checks
// cost every time the loop starts, and the scalar copy doubles the loop's code), so the
// check branch goes straight to the original loop and the copy is deleted. The checks
// left without a use are removed by the dead code elimination that follows.
struct DropUnvectorizedVersions : llvm::PassInfoMixin<DropUnvectorizedVersions> {
  llvm::PreservedAnalyses run(llvm::Function& f, llvm::FunctionAnalysisManager& am);
};

}  // namespace akira::compile
