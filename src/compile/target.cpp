#include "compile/target.h"

#include <llvm/ADT/StringMap.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/CodeGen.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/TargetParser/Host.h>
#include <llvm/TargetParser/Triple.h>

#include <algorithm>
#include <mutex>
#include <sstream>

// The only back ends akirac uses; initialised one by one so a static LLVM build links
// just these.
#define AKIRA_LLVM_TARGETS(X) X(X86) X(AArch64) X(ARM) X(RISCV) X(Xtensa)
#define AKIRA_DECLARE(T)                           \
  extern "C" void LLVMInitialize##T##TargetInfo(); \
  extern "C" void LLVMInitialize##T##Target();     \
  extern "C" void LLVMInitialize##T##TargetMC();   \
  extern "C" void LLVMInitialize##T##AsmPrinter();
AKIRA_LLVM_TARGETS(AKIRA_DECLARE)
#undef AKIRA_DECLARE

namespace akira::compile {

namespace {

void init_llvm_targets();

// Every feature enabled for the target's CPU and feature string, as "+a,+b,...", or the
// feature string unchanged when LLVM does not know the CPU (create_target_machine reports it).
std::string implied_features(const TargetInfo& t) {
  init_llvm_targets();
  std::string err;
  llvm::Triple triple(t.triple);
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!target) return t.features;
  std::unique_ptr<llvm::MCSubtargetInfo> sti(target->createMCSubtargetInfo(triple, t.cpu, t.features));
  if (!sti || !sti->isCPUStringValid(t.cpu)) return t.features;
  std::string out;
  for (const llvm::SubtargetFeatureKV& kv : sti->getAllProcessorFeatures())
    if (sti->getFeatureBits().test(kv.Value)) out += (out.empty() ? "+" : ",+") + std::string(kv.Key);
  return out;
}

void init_llvm_targets() {
  static std::once_flag once;
  std::call_once(once, [] {
#define AKIRA_INIT(T)              \
  LLVMInitialize##T##TargetInfo(); \
  LLVMInitialize##T##Target();     \
  LLVMInitialize##T##TargetMC();   \
  LLVMInitialize##T##AsmPrinter();
    AKIRA_LLVM_TARGETS(AKIRA_INIT)
#undef AKIRA_INIT
  });
}

bool has_name(const char* list, const std::string& name) {
  std::stringstream ss(list);
  std::string item;
  while (std::getline(ss, item, ','))
    if (item == name) return true;
  return false;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

Error usage(std::string msg) { return make_error(ErrorKind::Unsupported, std::move(msg)); }

}  // namespace

const std::vector<TargetDesc>& targets() {
  // Baselines are deliberately conservative: code must run on every member of the family
  // (never the build host's CPU unless --cpu=native).
  static const std::vector<TargetDesc> list = {
      {"x86_64", "x86-64,amd64", "x86_64-unknown-linux-gnu", "x86-64", "", "", true,
       "64-bit x86 (baseline x86-64: SSE2)"},
      {"i386", "i686,x86,x86_32", "i686-unknown-linux-gnu", "pentium4", "+sse2", "", false,
       "32-bit x86 (baseline pentium4: SSE2 for exact float arithmetic)"},
      {"aarch64", "arm64,aarch64v8", "aarch64-unknown-linux-gnu", "generic", "+neon", "", true, "64-bit Arm (Armv8-A)"},
      {"armv7", "armv7a,arm", "armv7-unknown-linux-gnueabihf", "generic", "+vfp3d16", "", false,
       "32-bit Arm, Armv7-A, hard-float ABI (--target-abi=gnueabi|eabi|eabihf)"},
      {"thumbv7", "thumb,thumbv7a", "thumbv7-unknown-linux-gnueabihf", "generic", "+vfp3d16", "", false,
       "Thumb-2, Armv7-A"},
      {"thumbv7m", "cortex-m3", "thumbv7m-none-eabi", "cortex-m3", "", "", false,
       "Thumb-2, Armv7-M (Cortex-M3), soft float"},
      {"thumbv7em", "cortex-m4", "thumbv7em-none-eabi", "cortex-m4", "", "", false,
       "Thumb-2, Armv7E-M (Cortex-M4, single-precision FPU)"},
      {"xtensa", "esp32,esp32s3", "xtensa-unknown-none-elf", "esp32", "", "", false,
       "Xtensa LX6/LX7 (cpu esp32; esp32s3 maps to esp32)"},
      {"riscv32", "rv32,riscv32imc", "riscv32-unknown-unknown-elf", "generic-rv32", "+m,+c", "ilp32", false,
       "32-bit RISC-V, baseline RV32IMC, soft float (ilp32)"},
      // Misaligned scalar accesses: Linux guarantees them to user code (in hardware or
      // emulated by the kernel); Wasm accesses carry no trustworthy alignment, and without
      // this LLVM splits every load and store into single bytes.
      {"riscv64", "rv64,riscv64gc", "riscv64-unknown-linux-gnu", "generic-rv64", "+m,+a,+f,+d,+c,+unaligned-scalar-mem",
       "lp64d", true, "64-bit RISC-V, baseline RV64GC (lp64d)"},
  };
  return list;
}

Result<TargetInfo> resolve_target(const Options& opts) {
  std::string name = lower(opts.target);
  const TargetDesc* desc = nullptr;
  for (const auto& t : targets())
    if (name == t.name || has_name(t.aliases, name)) desc = &t;
  if (!desc) return usage("unknown target '" + opts.target + "' (see --target=help)");

  TargetInfo info;
  info.arch = desc->name;
  info.triple = desc->triple;
  info.cpu = desc->cpu;
  info.features = desc->features;
  info.abi = desc->abi;
  info.is_64bit = desc->is_64bit;

  std::string cpu = lower(opts.cpu);
  // Target names that are really CPU names select that CPU.
  if (cpu.empty() && (name == "esp32s3" || name == "esp32" || name == "cortex-m4" || name == "cortex-m3")) cpu = name;
  info.requested_cpu = cpu.empty() ? info.cpu : cpu;
  if (cpu == "native") {
    llvm::Triple host(llvm::sys::getDefaultTargetTriple());
    llvm::Triple want(info.triple);
    if (host.getArch() != want.getArch())
      return usage("--cpu=native needs the build host's architecture (" + host.getArchName().str() + ")");
    info.cpu = llvm::sys::getHostCPUName().str();
    info.features.clear();
    for (const auto& [feat, on] : llvm::sys::getHostCPUFeatures())
      info.features += (info.features.empty() ? "" : ",") + std::string(on ? "+" : "-") + feat.str();
  } else if (!cpu.empty()) {
    if (info.arch == "xtensa" && (cpu == "esp32s3" || cpu == "esp32-s3" || cpu == "esp32s2" || cpu == "esp32-s2"))
      info.cpu = "esp32";  // LLVM's Xtensa back end knows esp32; the S2/S3 cores run its code
    else
      info.cpu = cpu;
    // A Cortex-M CPU named on a generic Thumb target selects the matching M-profile triple.
    if (info.arch == "thumbv7" || info.arch == "armv7") {
      if (cpu == "cortex-m4" || cpu == "cortex-m7") {
        info.arch = "thumbv7em";
        info.triple = "thumbv7em-none-eabi";
        info.features.clear();
      } else if (cpu == "cortex-m3") {
        info.arch = "thumbv7m";
        info.triple = "thumbv7m-none-eabi";
        info.features.clear();
      }
    }
  }
  if (!opts.cpu_features.empty()) info.features += (info.features.empty() ? "" : ",") + opts.cpu_features;
  // A named CPU implies features (haswell: AVX2, BMI2, FMA, ...). Record all of them, so
  // the loader can refuse a machine that lacks one (it compares features, not CPU names).
  if (!cpu.empty() && cpu != "native" && cpu != "help") info.features = implied_features(info);

  // --target-abi: an ABI name for RISC-V, the triple's environment for Arm and others.
  if (!opts.target_abi.empty()) {
    std::string abi = lower(opts.target_abi);
    llvm::Triple tt(info.triple);
    if (tt.isRISCV()) {
      bool ok = tt.isRISCV32() ? (abi == "ilp32" || abi == "ilp32f" || abi == "ilp32d" || abi == "ilp32e")
                               : (abi == "lp64" || abi == "lp64f" || abi == "lp64d" || abi == "lp64e");
      if (!ok) return usage("target ABI '" + opts.target_abi + "' does not fit " + info.arch);
      info.abi = abi;
    } else {
      llvm::Triple::EnvironmentType env = llvm::Triple("arm-unknown-unknown-" + abi).getEnvironment();
      if (env == llvm::Triple::UnknownEnvironment) return usage("unknown target ABI '" + opts.target_abi + "'");
      if (!tt.isARM() && !tt.isThumb() && abi != "gnu")
        return usage("target ABI '" + opts.target_abi + "' does not fit " + info.arch);
      tt.setEnvironment(env);
      info.triple = tt.str();
      info.abi = abi;
    }
  }

  // Code models each back end accepts with position-independent code.
  static const char* kModels[] = {"large", "medium", "kernel", "small"};
  if (opts.size_level > 3) return usage("--size-level must be 0..3");
  if (opts.opt_level > 3) return usage("--opt-level must be 0..3");
  bool model_ok = opts.size_level == 3 || (info.arch == "x86_64") ||
                  (opts.size_level == 1 && (info.arch == "riscv32" || info.arch == "riscv64")) ||
                  (opts.size_level == 0 && info.arch == "riscv64");
  if (!model_ok)
    return usage("--size-level=" + std::to_string(opts.size_level) + " (" + kModels[opts.size_level] +
                 " code model) is not supported for " + info.arch);

  info.function_sections = info.arch == "xtensa";  // its object writer needs them
  info.pic = info.arch != "xtensa";                // its back end has no PIC: absolute l32r literals
  return info;
}

std::string describe_cpus(const TargetInfo& t) {
  init_llvm_targets();
  std::string err;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(llvm::Triple(t.triple), err);
  if (!target) return err;
  std::unique_ptr<llvm::MCSubtargetInfo> sti(target->createMCSubtargetInfo(llvm::Triple(t.triple), "", ""));
  std::string out = "CPUs for " + t.arch + " (default " + t.cpu + "):\n";
  if (sti)
    for (const auto& kv : sti->getAllProcessorDescriptions()) out += "  " + std::string(kv.Key) + "\n";
  return out;
}

Result<std::unique_ptr<llvm::TargetMachine>> create_target_machine(const TargetInfo& t, unsigned opt_level,
                                                                   unsigned size_level) {
  init_llvm_targets();
  std::string err;
  llvm::Triple triple(t.triple);
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!target) return make_error(ErrorKind::Unsupported, "no LLVM back end for " + t.triple + ": " + err);

  // Reject CPU names LLVM does not know instead of letting it warn and carry on.
  std::unique_ptr<llvm::MCSubtargetInfo> sti(target->createMCSubtargetInfo(triple, "", ""));
  if (sti && !sti->isCPUStringValid(t.cpu))
    return make_error(ErrorKind::Unsupported, "unknown CPU '" + t.cpu + "' for " + t.arch + " (see --cpu=help)");

  llvm::TargetOptions to;
  to.FunctionSections = t.function_sections;
  to.MCOptions.ABIName = triple.isRISCV() ? t.abi : "";
  if (triple.isARM() || triple.isThumb()) {
    to.FloatABIType =
        (triple.getEnvironment() == llvm::Triple::GNUEABIHF || triple.getEnvironment() == llvm::Triple::EABIHF)
            ? llvm::FloatABI::Hard
            : llvm::FloatABI::Soft;
  }
  llvm::CodeModel::Model cm = llvm::CodeModel::Small;
  switch (size_level) {
    case 0: cm = llvm::CodeModel::Large; break;
    case 1: cm = llvm::CodeModel::Medium; break;
    case 2: cm = llvm::CodeModel::Kernel; break;
    default: cm = llvm::CodeModel::Small; break;
  }
  llvm::CodeGenOptLevel ol = opt_level == 0   ? llvm::CodeGenOptLevel::None
                             : opt_level == 1 ? llvm::CodeGenOptLevel::Less
                             : opt_level == 2 ? llvm::CodeGenOptLevel::Default
                                              : llvm::CodeGenOptLevel::Aggressive;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, t.cpu, t.features, to, t.pic ? llvm::Reloc::PIC_ : llvm::Reloc::Static, cm, ol));
  if (!tm) return make_error(ErrorKind::Unsupported, "LLVM cannot create a target machine for " + t.triple);
  return tm;
}

}  // namespace akira::compile
