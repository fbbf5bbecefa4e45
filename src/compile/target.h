// Target selection for akirac: names (with wamrc's spellings and aliases), triples,
// portable default CPUs and features, and the LLVM TargetMachine built from them.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "compile/options.h"

namespace llvm {
class TargetMachine;
}

namespace akira::compile {

struct TargetDesc {
  const char* name;     // canonical name
  const char* aliases;  // comma-separated
  const char* triple;
  const char* cpu;       // portable baseline
  const char* features;  // default features
  const char* abi;       // default ABI name (riscv) or "" (arm: triple environment)
  bool is_64bit;
  const char* description;
};

// Every supported target, in the order --target=help lists them.
const std::vector<TargetDesc>& targets();

// Validates the target/cpu/abi/size-level combination and fills in the defaults.
Result<TargetInfo> resolve_target(const Options& opts);

// Lists the CPUs (or features) LLVM knows for a target, for --cpu=help.
std::string describe_cpus(const TargetInfo& t);

// Builds the TargetMachine (PIC, code model from size_level). Initialises LLVM's
// targets on first use; thread-safe.
Result<std::unique_ptr<llvm::TargetMachine>> create_target_machine(const TargetInfo& t, unsigned opt_level,
                                                                   unsigned size_level);

}  // namespace akira::compile
