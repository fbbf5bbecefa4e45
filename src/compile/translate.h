// WebAssembly -> LLVM IR. One LLVM function per defined wasm function
//   akira_func_<N>(ptr ctx, params...) -> void | result | {results...}
// and one entry wrapper per defined function
//   void akira_entry_<N>(ptr ctx, ptr argv)   (16-byte argument slots, results written back)
// where N is the function's index in the function index space (imports first) and ctx
// is the aot::Context of aot/abi.h.
#pragma once
#include <memory>
#include <string>

#include "common/error.h"
#include "compile/options.h"
#include "wasm/module.h"

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
}  // namespace llvm

namespace akira::compile {

struct TranslateOptions {
  bool bounds_checks = false;
  bool stack_check = true;
  bool aux_stack_check = true;
  bool simd = true;
  bool perf_profiling = false;  // count every function entry in Context::perf_counters
  // Poll Context::interrupt at every loop header. Off where the runtime stops native code
  // with a signal instead (x86-64, AArch64 hosts): a poll in a hot loop adds an exit that
  // keeps LLVM from unrolling and vectorising it (crypto ran 20% slower with them).
  bool loop_interrupt_checks = true;
  // Quiet the results of ceil, floor, trunc and nearest: on RISC-V, LLVM rounds through an
  // integer conversion only when |x| < 2^mantissa and returns x itself otherwise, so a
  // signalling NaN would come back signalling (Wasm requires a quiet one).
  bool quiet_rounding = false;
  // With guard pages (bounds_checks off), still check stores explicitly: where a store that
  // runs past the end of memory may write its first bytes before the fault (RISC-V splits
  // or emulates misaligned stores byte by byte), and Wasm forbids a partial write.
  bool store_bounds_checks = false;
};

std::string func_symbol(uint32_t func_index);
std::string entry_symbol(uint32_t func_index);

// Translates the defined functions [first, last) of `m` (indices into m.functions);
// the others are declared where called. The module gets tm's triple and data layout.
Result<std::unique_ptr<llvm::Module>> translate_module(const Module& m, llvm::LLVMContext& llctx,
                                                       const llvm::TargetMachine& tm, const TranslateOptions& opts,
                                                       uint32_t first, uint32_t last);

// Runs the new-PassBuilder pipeline for opt_level 0..3 (at 0 still promotes allocas).
void optimize_module(llvm::Module& mod, llvm::TargetMachine& tm, unsigned opt_level, bool scalarize = false);

// True when the module uses any 128-bit SIMD instruction or v128 value.
bool module_uses_simd(const Module& m);

}  // namespace akira::compile
