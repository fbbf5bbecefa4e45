#include "cli/deploy.h"

#include <fstream>
#include <iterator>
#include <system_error>
#include <unistd.h>

#include "deploy/app.h"
#include "deploy/load.h"
#include "deploy/module_cache.h"
#include "deploy/pack.h"

namespace akira::cli {
namespace fs = std::filesystem;

namespace {

void say(std::FILE* f, const std::string& s) {
  std::fputs(s.c_str(), f);
  std::fflush(f);
}

bool read_all(const std::string& path, std::vector<uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// Modules loaded by this process, keyed by content hash (one `akira run` loads one, so
// -v shows a miss; an embedder running apps repeatedly sees hits).
deploy::ModuleCache& process_cache() {
  static deploy::ModuleCache cache;
  return cache;
}

}  // namespace

bool run_app(const RunOptions& o, int& status) {
  std::error_code ec;
  fs::path path(o.file);
  bool is_dir = fs::is_directory(path, ec);
  if (!is_dir && (!fs::is_regular_file(path, ec) || deploy::is_aot_file(path))) return false;
  auto choice = deploy::choose(path, o.allow_aot);
  if (!choice.ok()) {
    if (!is_dir) return false;  // run()'s own path reports problems with a single file
    say(o.err, "akira: " + choice.error().message + "\n");
    status = kExitUsage;
    return true;
  }
  const deploy::AppChoice& c = choice.value();
  if (o.verbose)
    for (const std::string& line : c.describe()) say(o.err, "akira: " + line + "\n");
  if (!is_dir && c.candidates.empty()) return false;

  deploy::ModuleCache& cache = process_cache();
  if (o.verbose)
    cache.set_log([&o](const std::string& s) { say(o.err, "akira: " + s + "\n"); });
  else
    cache.set_log(nullptr);
  auto loaded = deploy::load(c, &cache);
  if (!loaded.ok()) {
    say(o.err, "akira: " + o.file + ": " + loaded.error().describe() + "\n");
    status = kExitUsage;
    return true;
  }
  const deploy::LoadedModule& m = *loaded.value();
  if (m.aot_failed) say(o.err, "akira: " + m.fallback_reason + "; interpreting " + m.source + "\n");
  if (o.verbose) say(o.err, "akira: running " + m.source + (m.aot ? " (native code)\n" : " (interpreter)\n"));
  status = run_module(o, m.module, m.code);
  return true;
}

void add_pack_commands(CLI::App& app, PackOptions& p) {
  p.pack = app.add_subcommand("pack", "Write one .wasm carrying .aot files in akira.aot.<arch> custom sections");
  p.pack->add_option("-o", p.out, "Output .wasm")->required();
  p.pack->add_flag("--strip-foreign", p.strip_foreign, "Drop sections this machine cannot use");
  p.pack->add_flag("-v,--verbose", p.verbose, "Report each section kept or dropped");
  p.pack->add_option("inputs", p.inputs, "IN.wasm (possibly a pack) then .aot files")->required();
  p.strip = app.add_subcommand("strip", "Drop the packed .aot sections this machine cannot use");
  p.strip->add_option("-o", p.out, "Output .wasm")->required();
  p.strip->add_flag("-v,--verbose", p.verbose, "Report each section kept or dropped");
  p.strip->add_option("inputs", p.inputs, "IN.wasm")->required()->expected(1);
}

bool run_pack_commands(const PackOptions& p, int& status) {
  if (!(p.pack && p.pack->parsed()) && !(p.strip && p.strip->parsed())) return false;
  bool strip = p.strip_foreign || (p.strip && p.strip->parsed());
  status = kExitUsage;
  std::vector<uint8_t> wasm;
  if (!read_all(p.inputs[0], wasm)) {
    say(stderr, "akira: " + p.inputs[0] + ": cannot read\n");
    return true;
  }
  std::vector<deploy::PackInput> aots;
  for (size_t i = 1; i < p.inputs.size(); ++i) {
    deploy::PackInput in;
    in.label = p.inputs[i];
    if (!read_all(p.inputs[i], in.bytes)) {
      say(stderr, "akira: " + p.inputs[i] + ": cannot read\n");
      return true;
    }
    aots.push_back(std::move(in));
  }
  std::vector<std::string> log;
  auto out = deploy::pack(wasm, aots, strip, &log);
  if (!out.ok()) {
    say(stderr, "akira: " +
                    (out.error().kind == ErrorKind::Malformed && out.error().message.find(".aot") == std::string::npos
                         ? p.inputs[0] + ": "
                         : std::string()) +
                    out.error().message + "\n");
    return true;
  }
  if (p.verbose)
    for (const auto& l : log) say(stderr, "akira: " + l + "\n");
  // Write atomically: a temporary beside the output, then rename.
  std::string tmp = p.out + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(out.value().data()), static_cast<std::streamsize>(out.value().size()));
    if (!f) {
      say(stderr, "akira: " + p.out + ": cannot write\n");
      std::remove(tmp.c_str());
      status = kExitFailure;
      return true;
    }
  }
  if (std::rename(tmp.c_str(), p.out.c_str()) != 0) {
    say(stderr, "akira: " + p.out + ": cannot write\n");
    std::remove(tmp.c_str());
    status = kExitFailure;
    return true;
  }
  status = kExitOk;
  return true;
}

}  // namespace akira::cli
