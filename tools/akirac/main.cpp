// akirac: compiles a WebAssembly module ahead of time to native code.
//   akirac [options] -o OUT IN.wasm
// Option spellings follow WAMR's wamrc.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

#include "compile/cache.h"
#include "compile/compiler.h"
#include "compile/target.h"
#include "decode/decoder.h"
#include "validate/validator.h"

using namespace akira;

namespace {

int fail(const std::string& msg, int code = 1) {
  std::fprintf(stderr, "akirac: error: %s\n", msg.c_str());
  return code;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

bool write_file(const std::string& path, const void* data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  return static_cast<bool>(out);
}

std::string targets_help() {
  std::string s = "Targets (--target=NAME):\n";
  for (const auto& t : compile::targets()) {
    char line[256];
    std::snprintf(line, sizeof line, "  %-10s %-28s %s\n", t.name, t.triple, t.description);
    s += line;
    if (*t.aliases) s += std::string("             aliases: ") + t.aliases + "\n";
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"akirac: WebAssembly ahead-of-time compiler (Wasm 2.0 -> LLVM -> native code)", "akirac"};
  compile::Options opts;
  std::string out_path, in_path, format = "aot";
  int bounds = -1, stack_bounds = 1, opt_level = 3, size_level = 3;
  bool enable_simd = false, disable_simd = false, no_aux = false, version = false;
  unsigned threads = 0;

  app.add_option("-o", out_path, "Output file");
  app.add_option("input", in_path, "Input .wasm file");
  app.add_option("--target", opts.target, "Target (--target=help lists them; default x86_64)");
  app.add_option("--target-abi", opts.target_abi, "Target ABI: gnueabihf, eabi, ... (Arm); ilp32, lp64d, ... (RISC-V)");
  app.add_option("--cpu", opts.cpu,
                 "Target CPU (--cpu=help lists them; default: a portable baseline; native = this host)");
  app.add_option("--cpu-features", opts.cpu_features, "Extra LLVM CPU features, e.g. +avx2,-sse4.2");
  app.add_option("--opt-level", opt_level, "Optimisation level 0..3 (default 3)")->check(CLI::Range(0, 3));
  app.add_option("--size-level", size_level, "Code model: 0 large, 1 medium, 2 kernel, 3 small (default 3)")
      ->check(CLI::Range(0, 3));
  auto* en = app.add_flag("--enable-simd", enable_simd, "Enable 128-bit SIMD (the default)");
  auto* dis = app.add_flag("--disable-simd", disable_simd, "Disable 128-bit SIMD; SIMD modules are rejected");
  en->excludes(dis);
  app.add_option("--bounds-checks", bounds,
                 "Explicit memory bounds checks: 1 on, 0 off (default: off on 64-bit targets)")
      ->check(CLI::Range(0, 1));
  app.add_option("--stack-bounds-checks", stack_bounds, "Native stack overflow checks: 1 on (default), 0 off")
      ->check(CLI::Range(0, 1));
  app.add_flag("--disable-aux-stack-check", no_aux, "Do not check the auxiliary (C) stack pointer");
  app.add_flag("--enable-perf-profiling", opts.perf_profiling,
               "Count calls per function (shown by the device shell's akira_perf and akira run --profile)");
  app.add_option("--format", format, "Output format: aot (default), object, llvmir-unopt, llvmir-opt")
      ->check(CLI::IsMember({"aot", "object", "llvmir-unopt", "llvmir-opt"}));
  app.add_option("--threads", threads, "Code generation threads for --format=aot (default: one per core)");
  unsigned partitions = 0;
  app.add_option("--partitions", partitions,
                 "Split --format=aot output into N partitions whatever the module's size (for testing)")
      ->check(CLI::Range(1u, 1024u));
  app.add_flag("-v,--verbose", opts.verbose, "Print the target and compile times");
  app.add_flag("--version", version, "Print the version");
  std::string cache_dir = compile::default_cache_dir().string();
  bool no_cache = false;
  app.add_option("--cache-dir", cache_dir, "Compile cache folder (default $XDG_CACHE_HOME/akira or ~/.cache/akira)");
  app.add_flag("--no-cache", no_cache, "Neither reuse nor store compiled results");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& e) { return fail(first_line(e.what()), 2); }
  if (version) {
    std::printf("akirac %s\n", AKIRA_VERSION);
    return 0;
  }
  if (opts.target == "help") {
    std::cout << targets_help();
    return 0;
  }
  opts.opt_level = static_cast<unsigned>(opt_level);
  opts.size_level = static_cast<unsigned>(size_level);
  if (enable_simd) opts.simd = true;
  if (disable_simd) opts.simd = false;
  if (bounds >= 0) opts.bounds_checks = bounds == 1;
  opts.stack_bounds_checks = stack_bounds == 1;
  opts.aux_stack_check = !no_aux;
  opts.threads = threads;
  opts.partitions = partitions;
  if (opts.cpu == "help") {
    compile::Options o = opts;
    o.cpu.clear();
    auto t = compile::resolve_target(o);
    if (!t.ok()) return fail(t.error().message, 2);
    std::cout << compile::describe_cpus(t.value());
    return 0;
  }
  compile::OutputFormat fmt = format == "object"         ? compile::OutputFormat::Object
                              : format == "llvmir-unopt" ? compile::OutputFormat::LlvmIrUnopt
                              : format == "llvmir-opt"   ? compile::OutputFormat::LlvmIrOpt
                                                         : compile::OutputFormat::Aot;
  if (in_path.empty()) return fail("no input file (usage: akirac [options] -o OUT IN.wasm)", 2);
  if (out_path.empty()) return fail("no output file (-o OUT)", 2);
  {
    // Settle target errors before reading the input.
    auto t = compile::resolve_target(opts);
    if (!t.ok()) return fail(t.error().message, 2);
    auto s = compile::resolve_settings(opts, t.value());
    if (!s.ok()) return fail(s.error().message, 2);
  }

  auto t0 = std::chrono::steady_clock::now();
  std::ifstream in(in_path, std::ios::binary);
  if (!in) return fail("cannot read " + in_path);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t wasm_size = bytes.size();
  // Reuse the result of an earlier compilation of the same bytes, target and options.
  compile::CompileCache cache(no_cache || fmt != compile::OutputFormat::Aot ? "" : cache_dir);
  std::string cache_key = cache.enabled() ? compile::CompileCache::key(bytes, opts, fmt) : "";
  if (auto hit = cache.get(cache_key)) {
    if (!write_file(out_path, hit->data(), hit->size())) return fail("cannot write " + out_path);
    if (opts.verbose) std::fprintf(stderr, "cache hit %s (%s)\n", cache_key.c_str(), cache.dir().c_str());
    return 0;
  }
  if (opts.verbose && cache.enabled())
    std::fprintf(stderr, "cache miss %s (%s)\n", cache_key.c_str(), cache.dir().c_str());
  auto mod = decode_module(std::move(bytes));
  if (!mod.ok()) return fail(in_path + ": " + mod.error().describe());
  if (auto st = validate_module(*mod.value()); !st.ok()) return fail(in_path + ": " + st.error().describe());

  auto cm = compile::compile_module(*mod.value(), opts, fmt);
  if (!cm.ok()) return fail(in_path + ": " + cm.error().describe());

  std::vector<uint8_t> out;
  switch (fmt) {
    case compile::OutputFormat::Object: out = cm->objects.at(0); break;
    case compile::OutputFormat::LlvmIrUnopt:
    case compile::OutputFormat::LlvmIrOpt: out.assign(cm->llvm_ir.begin(), cm->llvm_ir.end()); break;
    case compile::OutputFormat::Aot: {
      auto aot = compile::write_aot(*mod.value(), cm.value());
      if (!aot.ok()) return fail(aot.error().message);
      out = std::move(aot.value());
      break;
    }
  }
  if (!write_file(out_path, out.data(), out.size())) return fail("cannot write " + out_path);
  if (auto st = cache.put(cache_key, out); !st.ok() && opts.verbose)
    std::fprintf(stderr, "akirac: warning: %s\n", st.error().message.c_str());

  if (opts.verbose) {
    double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto& t = cm->target;
    std::fprintf(stderr, "target: %s (triple %s, cpu %s%s%s, features '%s'%s%s)\n", t.arch.c_str(), t.triple.c_str(),
                 t.cpu.c_str(), t.requested_cpu != t.cpu ? ", requested " : "",
                 t.requested_cpu != t.cpu ? t.requested_cpu.c_str() : "", t.features.c_str(),
                 t.abi.empty() ? "" : ", abi ", t.abi.c_str());
    std::fprintf(stderr, "settings: opt-level %u, size-level %u, bounds checks %s, stack checks %s, simd %s%s\n",
                 cm->settings.opt_level, cm->settings.size_level, cm->settings.bounds_checks ? "on" : "off",
                 cm->settings.stack_bounds_checks ? "on" : "off", cm->settings.simd ? "on" : "off",
                 cm->settings.perf_profiling ? ", perf profiling" : "");
    std::fprintf(stderr, "functions: %zu in %zu partition(s); wasm %zu bytes -> output %zu bytes\n",
                 cm->functions.size(), std::max<size_t>(1, cm->objects.size()), wasm_size, out.size());
    if (!cm->undefined_symbols.empty()) {
      std::string list;
      for (const auto& s : cm->undefined_symbols) list += " " + s;
      std::fprintf(stderr, "runtime must provide:%s\n", list.c_str());
    }
    std::fprintf(stderr, "compile time: %.3f s (translate %.3f, optimise %.3f, codegen %.3f)\n", total,
                 cm->translate_seconds, cm->optimize_seconds, cm->codegen_seconds);
  }
  return 0;
}
