#include "deploy/app.h"

#include "common/host_arch.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <system_error>

#include "deploy/module_cache.h"
#include "deploy/pack.h"

namespace akira::deploy {
namespace fs = std::filesystem;

namespace {

Error io_error(std::string msg) { return make_error(ErrorKind::Io, std::move(msg)); }

bool has_ext(const fs::path& p, const char* ext) { return p.extension() == ext; }

// NAME_<suffix>.aot -> suffix, when the file belongs to NAME.
std::optional<std::string> suffix_of(const fs::path& aot, const std::string& name) {
  std::string stem = aot.stem().string();
  if (stem.size() <= name.size() + 1 || !stem.starts_with(name) || stem[name.size()] != '_') return std::nullopt;
  return stem.substr(name.size() + 1);
}

bool answers_to(const std::string& suffix) {
  const auto& s = host_suffixes();
  return std::find(s.begin(), s.end(), suffix) != s.end();
}

// The bytes of a candidate: its file, or its section of the pack.
Result<std::vector<uint8_t>> candidate_bytes(const Candidate& c) {
  auto b = read_module_file(c.path);
  if (!b.ok() || c.section.empty()) return b;
  auto packed = packed_aots(b.value());
  if (!packed.ok()) return packed.error();
  for (const PackedAot& p : packed.value())
    if (p.section == c.section) return std::vector<uint8_t>(p.bytes.begin(), p.bytes.end());
  return io_error(c.label() + ": section is gone");
}

}  // namespace

const char* runtime_arch() { return build_arch(); }

// The suffix table (docs/deployment.md).
const std::vector<std::string>& host_suffixes() {
  static const std::vector<std::string> s = {
#if defined(__x86_64__)
    "x86_64",
    "x86-64",
    "native",
#elif defined(__aarch64__)
    "aarch64",
    "arm64",
    "native",
#elif defined(__i386__)
    "i386",
    "x86",
    "native",
#elif defined(__riscv) && __riscv_xlen == 64
    "riscv64",
    "native",
#elif defined(__riscv)
    "riscv32",
    "esp32c3",
    "esp32c6",
    "native",
#elif defined(__XTENSA__)
    "esp32s3",
    "esp32",
    "xtensa",
    "native",
#elif defined(__arm__) && defined(__ARM_ARCH_7EM__)
    "stm32",
    "thumbv7",
    "thumbv7em",
    "cortex-m4",
    "native",
#elif defined(__arm__)
    "armhf",
    "armv7",
    "arm",
    "thumbv7",
    "native",
#else
    "native",
#endif
  };
  return s;
}

bool aot_supported() {
#if AKIRA_HAVE_AOT
  return true;
#else
  return false;
#endif
}

std::string Candidate::label() const {
  return section.empty() ? path.filename().string() : path.filename().string() + "[" + section + "]";
}

std::vector<std::string> AppChoice::describe() const {
  std::vector<std::string> out;
  std::string suffixes;
  for (const auto& s : host_suffixes()) suffixes += (suffixes.empty() ? "" : ", ") + s;
  out.push_back("app " + name + ": this runtime is " + runtime_arch() + " (answers to " + suffixes + ")" +
                (aot_supported() ? "" : ", built without AOT support"));
  if (candidates.empty()) out.push_back("no .aot candidates");
  for (const Candidate& c : candidates)
    out.push_back("candidate " + c.label() + (c.suffix_match ? " (name matches)" : "") + ": " +
                  (c.accepted ? "accepted: " : "rejected: ") + c.reason);
  if (use_aot)
    out.push_back("chose " + candidates[chosen].label() + " (native code)");
  else
    out.push_back("chose " + (wasm.empty() ? std::string("nothing") : wasm.filename().string()) +
                  " (interpreter): " + fallback_reason);
  return out;
}

Result<AppChoice> choose(const fs::path& app_or_file, bool allow_aot) {
  std::error_code ec;
  fs::file_status st = fs::status(app_or_file, ec);
  if (ec || !fs::exists(st)) return io_error(app_or_file.string() + ": cannot open: no such file or directory");
  AppChoice c;
  std::vector<fs::path> aot_files;
  fs::path dir;
  if (fs::is_directory(st)) {
    dir = app_or_file;
    std::vector<fs::path> wasms;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      if (!e.is_regular_file(ec)) continue;
      if (has_ext(e.path(), ".wasm")) wasms.push_back(e.path());
      if (has_ext(e.path(), ".aot")) aot_files.push_back(e.path());
    }
    if (ec) return io_error(dir.string() + ": cannot list: " + ec.message());
    std::sort(wasms.begin(), wasms.end());
    std::sort(aot_files.begin(), aot_files.end());
    if (wasms.size() > 1) {
      std::string list;
      for (const auto& w : wasms) list += " " + w.filename().string();
      return make_error(ErrorKind::Invalid, dir.string() + ": an app folder holds one .wasm, found" + list);
    }
    if (wasms.empty())
      return make_error(ErrorKind::Invalid,
                        dir.string() + ": cannot read: is a directory and not an app folder (no .wasm in it)");
    c.wasm = wasms[0];
    c.name = c.wasm.stem().string();
  } else {
    dir = app_or_file.parent_path();
    if (dir.empty()) dir = ".";
    if (has_ext(app_or_file, ".aot")) {
      // A .aot given directly: it alone is the candidate; NAME.wasm beside it (NAME_x.aot)
      // is the fallback.
      aot_files.push_back(app_or_file);
      std::string stem = app_or_file.stem().string();
      c.name = stem.substr(0, stem.rfind('_') == std::string::npos ? stem.size() : stem.rfind('_'));
      if (fs::path w = dir / (c.name + ".wasm"); fs::is_regular_file(w, ec)) c.wasm = w;
    } else {
      c.wasm = app_or_file;
      c.name = app_or_file.stem().string();
      for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file(ec) && has_ext(e.path(), ".aot") && suffix_of(e.path(), c.name))
          aot_files.push_back(e.path());
      std::sort(aot_files.begin(), aot_files.end());
    }
  }

  // Candidates: NAME_<suffix>.aot files, then the pack's sections; those whose name
  // matches this machine are examined first.
  std::vector<uint8_t> source_hash;
  for (const fs::path& p : aot_files) {
    Candidate k;
    k.path = p;
    auto sfx = suffix_of(p, c.name);
    k.suffix_match = sfx && answers_to(*sfx);
    c.candidates.push_back(std::move(k));
  }
  if (!c.wasm.empty()) {
    auto bytes = read_module_file(c.wasm);
    if (!bytes.ok()) return bytes.error();
    if (auto packed = packed_aots(bytes.value()); packed.ok()) {
      for (const PackedAot& p : packed.value()) {
        Candidate k;
        k.path = c.wasm;
        k.section = p.section;
        std::string arch = p.section.substr(kAotSectionPrefix.size());
        k.suffix_match = arch == runtime_arch() || answers_to(arch);
        c.candidates.push_back(std::move(k));
      }
      // Only a candidate is checked against the source's hash: a lone .wasm is not hashed.
      if (!c.candidates.empty() && allow_aot)
        source_hash = content_hash(packed.value().empty() ? bytes.value() : without_packed_aots(bytes.value()));
    }
  }
  {
    std::vector<Candidate> ordered;
    for (int pass = 0; pass < 2; ++pass)
      for (const Candidate& k : c.candidates)
        if (k.suffix_match == (pass == 0)) ordered.push_back(k);
    c.candidates = std::move(ordered);
  }

  bool found = false;
  for (size_t i = 0; i < c.candidates.size(); ++i) {
    Candidate& k = c.candidates[i];
    if (!allow_aot) {
      k.reason = "not examined: the interpreter was asked for";
      continue;
    }
    auto bytes = candidate_bytes(k);
    if (!bytes.ok()) {
      k.reason = bytes.error().message;
      continue;
    }
    std::string why = unusable_reason(bytes.value(), k.label(), source_hash, &k.arch);
    k.accepted = why.empty();
    k.reason = k.accepted ? "matches this machine (" + k.arch + ")" : why;
    if (k.accepted && !found) {
      found = true;
      c.use_aot = true;
      c.chosen = i;
    }
  }
  if (!c.use_aot) {
    if (!allow_aot)
      c.fallback_reason = "the interpreter was asked for";
    else if (!aot_supported() && !c.candidates.empty())
      c.fallback_reason = "this runtime was built without AOT support";
    else if (c.candidates.empty())
      c.fallback_reason = "no .aot candidates";
    else
      c.fallback_reason = std::string("no .aot matches this machine (") + runtime_arch() + ")";
    if (c.wasm.empty())
      return make_error(ErrorKind::Unsupported,
                        app_or_file.string() + ": no " + c.name + ".wasm to fall back on and " + c.fallback_reason);
  }
  return c;
}

Result<std::shared_ptr<LoadedModule>> load(const AppChoice& choice, ModuleCache* cache) {
  auto lm = std::make_shared<LoadedModule>();
  if (const Candidate* k = choice.chosen_candidate()) {
#if AKIRA_HAVE_AOT
    auto bytes = candidate_bytes(*k);
    Status st = bytes.ok() ? detail::load_aot(bytes.value(), k->label(), cache, true, *lm) : Status(bytes.error());
    if (st.ok()) {
      lm->path = k->path;
      lm->source = k->label();
      return lm;
    }
    if (choice.wasm.empty()) return make_error(ErrorKind::Unsupported, st.error().message);
    lm = std::make_shared<LoadedModule>();
    lm->aot_failed = true;
    lm->fallback_reason = k->label() + " did not load: " + st.error().message;
#else
    return make_error(ErrorKind::Unsupported, k->path.string() + ": this runtime was built without AOT support");
#endif
  } else {
    lm->fallback_reason = choice.fallback_reason;
  }
  auto t0 = std::chrono::steady_clock::now();
  auto bytes = read_module_file(choice.wasm);
  if (!bytes.ok()) return bytes.error();
  lm->times.read_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::vector<uint8_t> wasm = std::move(bytes.value());
  if (auto packed = packed_aots(wasm); packed.ok() && !packed.value().empty()) wasm = without_packed_aots(wasm);
  lm->path = choice.wasm;
  lm->source = choice.wasm.filename().string();
  if (Status st = detail::load_wasm(std::move(wasm), cache, true, *lm); !st.ok()) return st.error();
  return lm;
}

}  // namespace akira::deploy
