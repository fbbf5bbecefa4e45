// Hybrid deployment (docs/deployment.md): an app is a folder with one NAME.wasm and any
// number of NAME_<suffix>.aot, or a single NAME.wasm with .aot files in `akira.aot.<arch>`
// custom sections (a pack). choose() looks at every candidate, checks the target
// information inside each (never trusting a file or section name), and picks the first
// that really matches this machine; otherwise the .wasm is interpreted. load() turns the
// choice into a module ready for instantiate() (a LoadedModule, load.h).
//
// Compiles with and without the .aot loader (AKIRA_HAVE_AOT): without it every .aot
// candidate is rejected with "this runtime was built without AOT support".
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "deploy/load.h"

namespace akira::deploy {

class ModuleCache;

// The architecture .aot files must be compiled for on this machine ("x86_64", ...), and
// the file-name suffixes looked at first (x86-64 Linux: x86_64, x86-64, native).
const char* runtime_arch();
const std::vector<std::string>& host_suffixes();
// True when this runtime was built with the .aot loader.
bool aot_supported();

// One .aot candidate: a file NAME_<suffix>.aot, or a custom section of a pack.
struct Candidate {
  std::filesystem::path path;  // the .aot file, or the pack holding the section
  std::string section;         // "akira.aot.<arch>" for a pack section, else empty
  bool suffix_match = false;   // its name suggests this machine (looked at first)
  bool accepted = false;       // its target information matches this machine
  std::string arch;            // architecture read from inside it ("" when unreadable)
  std::string reason;          // why it was rejected (or "matches <arch>")
  std::string label() const;   // "app_x86_64.aot" or "app.wasm[akira.aot.x86_64]"
};

struct AppChoice {
  std::string name;                   // NAME
  std::filesystem::path wasm;         // NAME.wasm (or the pack)
  bool use_aot = false;               // true: the candidate at `chosen` is loaded
  size_t chosen = 0;                  // index into candidates when use_aot
  std::vector<Candidate> candidates;  // in the order they were examined
  std::string fallback_reason;        // why the .wasm is interpreted (empty when use_aot)

  const Candidate* chosen_candidate() const { return use_aot ? &candidates[chosen] : nullptr; }
  // Lines for `akira run -v`: every candidate, accepted or rejected and why, then the choice.
  std::vector<std::string> describe() const;
};

// `app_or_file` is an app folder or a NAME.wasm (NAME_*.aot beside it are candidates;
// so are its akira.aot.* sections). A NAME.aot given directly is a single candidate
// whose fallback is NAME.wasm beside it when present. With allow_aot = false the
// interpreter is forced (candidates are not listed). Errors: no NAME.wasm and no usable
// .aot, a folder with zero or several .wasm files, unreadable paths.
Result<AppChoice> choose(const std::filesystem::path& app_or_file, bool allow_aot = true);

// Loads the choice (through load.h): the chosen .aot (falling back to the .wasm, with
// aot_failed and fallback_reason, if it fails to load) or the .wasm, decoded and
// validated (fallback_reason: the choice's). With a cache, a module whose content hash is
// already there is reused (see module_cache.h).
Result<std::shared_ptr<LoadedModule>> load(const AppChoice& choice, ModuleCache* cache = nullptr);

}  // namespace akira::deploy
