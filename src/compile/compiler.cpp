#include "compile/compiler.h"

#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Passes/PassBuilder.h>
#include <mutex>
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#endif
#endif

#include <llvm/IR/IRBuilder.h>
#include <llvm/Support/CrashRecoveryContext.h>
#include <llvm/IR/InstIterator.h>
#include <llvm/Transforms/Scalar/ADCE.h>
#include <llvm/Transforms/Scalar/Scalarizer.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Transforms/Utils/Mem2Reg.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "compile/loop_versioning.h"
#include "compile/quiet_nan.h"
#include "compile/target.h"
#include "compile/translate.h"

namespace akira::compile {

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Partition {
  uint32_t first = 0, last = 0;  // defined-function range
  std::vector<uint8_t> object;
  std::string ir;
  std::set<std::string> undefined;
  double translate = 0, optimize = 0, codegen = 0;
  std::optional<Error> error;
};

}  // namespace

namespace {
// The scalarizer leaves `bitcast <N x i1> to iN` (all_true, bitmask) as vector code;
// spell it as lane extracts or-ed into place so nothing vector-typed remains.
void expand_mask_bitcasts(llvm::Module& mod) {
  std::vector<llvm::BitCastInst*> casts;
  for (llvm::Function& f : mod)
    for (llvm::Instruction& inst : llvm::instructions(f))
      if (auto* bc = llvm::dyn_cast<llvm::BitCastInst>(&inst))
        if (auto* vt = llvm::dyn_cast<llvm::FixedVectorType>(bc->getSrcTy()))
          if (vt->getElementType()->isIntegerTy(1) && bc->getDestTy()->isIntegerTy()) casts.push_back(bc);
  for (llvm::BitCastInst* bc : casts) {
    llvm::IRBuilder<> b(bc);
    auto* vt = llvm::cast<llvm::FixedVectorType>(bc->getSrcTy());
    llvm::Type* it = bc->getDestTy();
    llvm::Value* acc = llvm::ConstantInt::get(it, 0);
    for (unsigned i = 0; i < vt->getNumElements(); ++i) {
      llvm::Value* bit = b.CreateZExt(b.CreateExtractElement(bc->getOperand(0), uint64_t{i}), it);
      acc = b.CreateOr(acc, b.CreateShl(bit, i));
    }
    bc->replaceAllUsesWith(acc);
    bc->eraseFromParent();
  }
}
}  // namespace

void optimize_module(llvm::Module& mod, llvm::TargetMachine& tm, unsigned opt_level, bool scalarize) {
  if (scalarize) expand_mask_bitcasts(mod);
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm;
  if (opt_level == 0) {
    // Even unoptimised code gets its locals and label values out of memory.
    llvm::FunctionPassManager fpm;
    fpm.addPass(llvm::PromotePass());
    mpm.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(fpm)));
    mpm.addPass(pb.buildO0DefaultPipeline(llvm::OptimizationLevel::O0));
  } else {
    llvm::OptimizationLevel level = opt_level == 1   ? llvm::OptimizationLevel::O1
                                    : opt_level == 2 ? llvm::OptimizationLevel::O2
                                                     : llvm::OptimizationLevel::O3;
    pb.registerVectorizerStartEPCallback(
        [](llvm::FunctionPassManager& fpm, llvm::OptimizationLevel) { fpm.addPass(VersionLoopsInBounds()); });
    mpm = pb.buildPerModuleDefaultPipeline(level);
  }
  {
    llvm::FunctionPassManager fpm;
    if (opt_level > 0) {
      fpm.addPass(DropUnvectorizedVersions());
      fpm.addPass(llvm::ADCEPass());
      fpm.addPass(llvm::SimplifyCFGPass());
    }
    fpm.addPass(DropRedundantCanonicalize());
    mpm.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(fpm)));
  }
  if (scalarize) {
    // Targets without a vector unit (Xtensa's back end cannot select 128-bit vector
    // code) get SIMD as the equivalent scalar code, lane by lane.
    llvm::ScalarizerPassOptions so;
    so.ScalarizeLoadStore = true;
    so.ScalarizeVariableInsertExtract = true;
    llvm::FunctionPassManager fpm;
    fpm.addPass(llvm::ScalarizerPass(so));
    mpm.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(fpm)));
  }
  mpm.run(mod, mam);
}

namespace {

void compile_partition_once(const Module& m, const TargetInfo& target, const CodegenSettings& s, OutputFormat format,
                            Partition& p) {
  auto tm_r = create_target_machine(target, s.opt_level, s.size_level);
  if (!tm_r.ok()) {
    p.error = tm_r.error();
    return;
  }
  std::unique_ptr<llvm::TargetMachine> tm = std::move(tm_r.value());
  llvm::LLVMContext llctx;

  auto t0 = Clock::now();
  TranslateOptions to;
  to.bounds_checks = s.bounds_checks;
  to.stack_check = s.stack_bounds_checks;
  to.aux_stack_check = s.aux_stack_check;
  to.simd = s.simd;
  to.perf_profiling = s.perf_profiling;
  to.loop_interrupt_checks = target.arch != "x86_64" && target.arch != "aarch64";
  to.quiet_rounding = target.arch.rfind("riscv", 0) == 0;
  to.store_bounds_checks = target.arch.rfind("riscv", 0) == 0;
  auto mod_r = translate_module(m, llctx, *tm, to, p.first, p.last);
  if (!mod_r.ok()) {
    p.error = mod_r.error();
    return;
  }
  std::unique_ptr<llvm::Module> mod = std::move(mod_r.value());
  for (llvm::Function& f : *mod) f.addFnAttr("frame-pointer", "all");  // the runtime's trap backtraces walk them
  p.translate = since(t0);

  if (format == OutputFormat::LlvmIrUnopt) {
    llvm::raw_string_ostream os(p.ir);
    mod->print(os, nullptr);
    return;
  }
  t0 = Clock::now();
  optimize_module(*mod, *tm, s.opt_level, target.arch == "xtensa");
  p.optimize = since(t0);
  if (format == OutputFormat::LlvmIrOpt) {
    llvm::raw_string_ostream os(p.ir);
    mod->print(os, nullptr);
    return;
  }

  t0 = Clock::now();
  llvm::SmallVector<char, 0> buf;
  {
    llvm::raw_svector_ostream os(buf);
    llvm::legacy::PassManager pm;
    if (tm->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::ObjectFile)) {
      p.error = make_error(ErrorKind::Unsupported, "LLVM cannot emit object code for " + target.triple);
      return;
    }
    pm.run(*mod);
  }
  p.codegen = since(t0);
  p.object.assign(buf.begin(), buf.end());

  // Libcalls (soft float, 64-bit division on 32-bit targets, ...) the loader must resolve.
  auto obj = llvm::object::ObjectFile::createObjectFile(
      llvm::MemoryBufferRef(llvm::StringRef(buf.data(), buf.size()), "wasm"));
  if (!obj) {
    llvm::consumeError(obj.takeError());
    return;
  }
  for (const llvm::object::SymbolRef& sym : (*obj)->symbols()) {
    auto flags = sym.getFlags();
    if (!flags || !(*flags & llvm::object::SymbolRef::SF_Undefined)) {
      if (!flags) llvm::consumeError(flags.takeError());
      continue;
    }
    auto name = sym.getName();
    if (!name) {
      llvm::consumeError(name.takeError());
      continue;
    }
    if (!name->empty()) p.undefined.insert(name->str());
  }
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AKIRA_LSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define AKIRA_LSAN 1
#endif
#ifdef AKIRA_LSAN
struct LeakCheckPause {
  LeakCheckPause() { __lsan_disable(); }
  ~LeakCheckPause() { __lsan_enable(); }
};
#else
struct LeakCheckPause {};
#endif

// LLVM 22's Xtensa back end still aborts on a few optimised functions (register
// scavenging without an emergency spill slot). Such a partition is compiled again
// unoptimised, which it handles, instead of taking the whole compiler down.
void compile_partition(const Module& m, const TargetInfo& target, const CodegenSettings& s, OutputFormat format,
                       Partition& p) {
  if (target.arch != "xtensa" || s.opt_level == 0) return compile_partition_once(m, target, s, format, p);
  static std::once_flag enable;
  std::call_once(enable, [] { llvm::CrashRecoveryContext::Enable(); });
  llvm::CrashRecoveryContext crc;
  {
    // What an aborted attempt allocated is abandoned on purpose; leak checkers
    // (sanitizer builds) must not count it.
    [[maybe_unused]] LeakCheckPause pause;
    if (crc.RunSafely([&] { compile_partition_once(m, target, s, format, p); })) return;
  }
  Partition retry;
  retry.first = p.first;
  retry.last = p.last;
  CodegenSettings unoptimised = s;
  unoptimised.opt_level = 0;
  compile_partition_once(m, target, unoptimised, format, retry);
  p = std::move(retry);
}

}  // namespace

Result<CodegenSettings> resolve_settings(const Options& opts, const TargetInfo& target) {
  CodegenSettings s;
  s.opt_level = opts.opt_level;
  s.size_level = opts.size_level;
  // LLVM 22's Xtensa back end aborts on some 128-bit vector code (i1 spills, register
  // scavenging), so SIMD is off there and cannot be turned on.
  bool simd_ok = true;
  if (opts.simd.value_or(false) && !simd_ok)
    return make_error(ErrorKind::Unsupported, "SIMD is not supported by akirac for " + target.arch);
  s.simd = opts.simd.value_or(simd_ok);
  s.bounds_checks = opts.bounds_checks.value_or(!target.is_64bit);
  s.stack_bounds_checks = opts.stack_bounds_checks;
  s.aux_stack_check = opts.aux_stack_check;
  s.perf_profiling = opts.perf_profiling;
  if (!s.bounds_checks && !target.is_64bit)
    return make_error(ErrorKind::Unsupported,
                      "--bounds-checks=0 needs a 64-bit target (" + target.arch + " has no guard region)");
  return s;
}

Result<CompiledModule> compile_module(const Module& m, const Options& opts, OutputFormat format) {
  auto target_r = resolve_target(opts);
  if (!target_r.ok()) return target_r.error();
  CompiledModule cm;
  cm.target = std::move(target_r.value());

  auto settings_r = resolve_settings(opts, cm.target);
  if (!settings_r.ok()) return settings_r.error();
  cm.settings = settings_r.value();
  const CodegenSettings& s = cm.settings;
  if (!s.simd && module_uses_simd(m))
    return make_error(ErrorKind::Unsupported,
                      s.simd == opts.simd.value_or(true)
                          ? "the module uses SIMD (v128) but SIMD is disabled (--disable-simd)"
                          : "the module uses SIMD (v128), which akirac does not support for " + cm.target.arch);

  for (uint32_t d = 0; d < m.functions.size(); ++d) {
    uint32_t fi = m.num_imported_funcs + d;
    cm.functions.push_back({fi, func_symbol(fi), entry_symbol(fi)});
  }

  // Partitions: one for objects and IR; for the .aot container, large modules are split by
  // function and compiled on several threads (each partition has its own LLVMContext).
  uint32_t nfuncs = static_cast<uint32_t>(m.functions.size());
  unsigned parts = 1;
  if (format == OutputFormat::Aot) {
    unsigned threads = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
    size_t code = 0;
    for (const Function& f : m.functions) code += f.code.size();
    parts = static_cast<unsigned>(std::clamp<size_t>(code / 20000, 1, threads));
    if (opts.partitions) parts = opts.partitions;
    parts = std::min<unsigned>(parts, std::max<uint32_t>(1, nfuncs));
  }
  std::vector<Partition> ps(parts);
  {
    // Balance partitions by instruction count.
    size_t total = 0;
    for (const Function& f : m.functions) total += f.code.size();
    size_t acc = 0;
    uint32_t d = 0;
    for (unsigned i = 0; i < parts; ++i) {
      ps[i].first = d;
      size_t goal = total * (i + 1) / parts;
      while (d < nfuncs && (acc < goal || i + 1 == parts)) acc += m.functions[d++].code.size();
      ps[i].last = d;
    }
  }
  if (parts == 1) {
    compile_partition(m, cm.target, s, format, ps[0]);
  } else {
    std::vector<std::thread> workers;
    for (Partition& p : ps) workers.emplace_back([&] { compile_partition(m, cm.target, s, format, p); });
    for (auto& w : workers) w.join();
  }

  std::set<std::string> undefined;
  for (Partition& p : ps) {
    if (p.error) return *p.error;
    cm.translate_seconds = std::max(cm.translate_seconds, p.translate);
    cm.optimize_seconds = std::max(cm.optimize_seconds, p.optimize);
    cm.codegen_seconds = std::max(cm.codegen_seconds, p.codegen);
    if (!p.object.empty()) cm.objects.push_back(std::move(p.object));
    cm.llvm_ir += p.ir;
    undefined.insert(p.undefined.begin(), p.undefined.end());
  }
  // Functions of other partitions are not libcalls.
  for (const CompiledFunction& f : cm.functions) undefined.erase(f.symbol);
  cm.undefined_symbols.assign(undefined.begin(), undefined.end());
  return cm;
}

}  // namespace akira::compile
