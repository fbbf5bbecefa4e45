// Options of the ahead-of-time compiler and the description of the target it resolved.
// Spellings follow WAMR's wamrc so that build scripts can switch compilers easily.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace akira::compile {

enum class OutputFormat : uint8_t {
  Aot,          // the .aot container (object code + module metadata) for the loader
  Object,       // a relocatable ELF object
  LlvmIrUnopt,  // textual LLVM IR straight from translation
  LlvmIrOpt,    // textual LLVM IR after the optimisation pipeline
};

struct Options {
  std::string target = "x86_64";      // a name from target_names() or an alias
  std::string target_abi;             // eabi, gnueabihf, ilp32, lp64d, ... ("" = the target's default)
  std::string cpu;                    // "" = the target's portable baseline; "native" = the host
  std::string cpu_features;           // "+a,-b" appended to the target's default features
  unsigned opt_level = 3;             // 0..3
  unsigned size_level = 3;            // LLVM code model: 0 large, 1 medium, 2 kernel, 3 small
  std::optional<bool> simd;           // default: enabled
  std::optional<bool> bounds_checks;  // default: off on 64-bit targets (guard region), on elsewhere
  bool stack_bounds_checks = true;    // native stack check against Context::stack_limit
  bool aux_stack_check = true;        // check global.set of __stack_pointer against aux_stack_low
  bool perf_profiling = false;        // count calls per function (Context::perf_counters)
  unsigned threads = 0;               // code generation threads (0 = one per core)
  unsigned partitions = 0;            // split into this many partitions whatever the size (testing; 0 = by size)
  bool verbose = false;
};

// What resolve_target() made of Options: everything code generation needs.
struct TargetInfo {
  std::string arch;           // canonical target name ("x86_64", "thumbv7em", "xtensa", ...)
  std::string triple;         // LLVM triple
  std::string cpu;            // LLVM cpu name actually used
  std::string requested_cpu;  // as given on the command line (e.g. "esp32s3"), or cpu
  std::string features;       // LLVM feature string actually used
  std::string abi;            // ABI name (riscv) or triple environment (arm), may be empty
  bool is_64bit = false;
  bool function_sections = false;
  bool pic = true;  // position-independent code (all but Xtensa, whose back end cannot)
};

// What the code generator settled on, recorded for the .aot container.
struct CodegenSettings {
  bool simd = true;
  bool bounds_checks = false;
  bool stack_bounds_checks = true;
  bool aux_stack_check = true;
  bool perf_profiling = false;
  unsigned opt_level = 3;
  unsigned size_level = 3;
};

}  // namespace akira::compile
