// The compiler driver: a validated Module in, object code (or LLVM IR) out.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/error.h"
#include "compile/options.h"
#include "wasm/module.h"

namespace akira::compile {

// Symbols of one compiled function (N = index in the function index space).
struct CompiledFunction {
  uint32_t func_index = 0;
  std::string symbol;        // akira_func_N: typed entry, (ctx, params...) -> results
  std::string entry_symbol;  // akira_entry_N: void(ctx, argv) with 16-byte slots
};

// Everything a container writer (the .aot format) needs besides the Module itself.
struct CompiledModule {
  TargetInfo target;
  CodegenSettings settings;
  std::vector<std::vector<uint8_t>> objects;   // relocatable ELF objects, one per partition
  std::string llvm_ir;                         // for the llvmir-* formats
  std::vector<CompiledFunction> functions;     // defined functions, in order
  std::vector<std::string> undefined_symbols;  // libcalls the loader must provide (e.g. fmodf, __aeabi_ldivmod)
  double translate_seconds = 0, optimize_seconds = 0, codegen_seconds = 0;
};

// Settles the defaults that depend on the target and rejects impossible combinations.
Result<CodegenSettings> resolve_settings(const Options& opts, const TargetInfo& target);

// Compiles a validated module. For OutputFormat::Object and the IR formats the result
// has exactly one object / IR text; OutputFormat::Aot may use several partitions
// compiled in parallel.
Result<CompiledModule> compile_module(const Module& m, const Options& opts, OutputFormat format);

// Writes the .aot container. Until it exists, returns an Unsupported error.
Result<std::vector<uint8_t>> write_aot(const Module& m, const CompiledModule& cm);
// The .wasm as stored in the .aot: function bodies reduced to `unreachable`, custom
// sections other than "name" and ".akira.*" dropped (docs/aot-format.md).
std::vector<uint8_t> reduced_module(const std::vector<uint8_t>& wasm);

}  // namespace akira::compile
