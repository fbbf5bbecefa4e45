// Loading one module file: the single path from a file (or its bytes) to a module ready
// for instantiate(). Every front end loads through it: `akira run`, the device service
// (through deploy::load in app.h, which adds the choice between a .wasm and its .aot
// files) and the spec runner. The steps: read the file, look at the magic, then either
// load the .aot (check it against this machine, map its native code) or decode and
// validate the .wasm.
//
// Compiles with and without the .aot loader (AKIRA_HAVE_AOT): without it a .aot is
// refused with "this runtime was built without AOT support".
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"
#include "runtime/instantiate.h"
#include "wasm/module.h"

namespace akira::deploy {

class ModuleCache;

// What loading took, in milliseconds (0 for a step that did not run, e.g. on a cache hit).
struct LoadTimes {
  double read_ms = 0;      // reading the file
  double decode_ms = 0;    // decoding a .wasm
  double validate_ms = 0;  // validating a .wasm
  double aot_ms = 0;       // loading a .aot: checks, decoding its module, mapping its code
};

// The interpreter as a ModuleCode (interp::code()), held like a loaded .aot.
std::shared_ptr<const ModuleCode> interpreter_code();

// A module ready to instantiate: pass `*code` to instantiate()/Linker::instantiate.
struct LoadedModule {
  std::shared_ptr<const Module> module;  // decoded and validated
  // What runs it: the .aot's native code (an aot::AotModule, which also keeps the code
  // mapped) or the interpreter.
  std::shared_ptr<const ModuleCode> code = interpreter_code();
  bool aot = false;            // native code from a .aot
  std::filesystem::path path;  // the file it came from (empty for bytes in memory)
  std::string source;          // what was loaded, for people: "app_x86_64.aot", "app.wasm", ...
  // Why the .wasm is interpreted (deploy::load): the choice's reason ("no .aot
  // candidates", none matches this machine, the interpreter was asked for), or why the
  // chosen .aot did not load (then aot_failed is set). Empty for native code and for a
  // module loaded on its own (load_module).
  std::string fallback_reason;
  bool aot_failed = false;            // the chosen .aot did not load; fallback_reason says why
  bool cache_hit = false;             // served from the ModuleCache
  std::vector<uint8_t> content_hash;  // BLAKE2b-256 of the bytes loaded (only with a cache, or from deploy::load)
  LoadTimes times;
};

struct LoadOptions {
  // Names the module in errors ("LABEL: message"); .aot errors always name it.
  std::string label;
  // Only a WebAssembly binary, judged by the decoder alone: .aot bytes are not special and
  // a bad magic is the decoder's error, in the spec's words (the spec runner).
  bool wasm_only = false;
  // Modules with the same bytes are loaded once (see module_cache.h).
  ModuleCache* cache = nullptr;
};

// The bytes of a module file. Errors (Io): "PATH: cannot open: REASON", "PATH: cannot
// read: REASON" ("is a directory" for a folder), "PATH: file too large" (over 4 GiB, more
// than the binary format can describe).
Result<std::vector<uint8_t>> read_module_file(const std::filesystem::path& path);

// True when the file starts with the .aot magic ("\0aot").
bool is_aot_file(const std::filesystem::path& path);

// Loads module bytes: "\0aot" through the .aot loader, "\0asm" decoded and validated,
// anything else Malformed "not a WebAssembly module (bad magic)". Errors: Malformed,
// Invalid, Unsupported (a .aot for another machine, or no .aot support), Io.
Result<std::shared_ptr<LoadedModule>> load_module(std::vector<uint8_t> bytes, const LoadOptions& opts = {});

// read_module_file() then load_module() (whose errors name `path` only through opts.label;
// the reading errors always do).
Result<std::shared_ptr<LoadedModule>> load_module_file(const std::filesystem::path& path, const LoadOptions& opts = {});

namespace detail {
// The two halves of load_module(), for deploy::load, which picks the file itself. They
// fill `into`; errors are not prefixed with a label (the .aot loader's name `label`).
// `hash`: set into->content_hash (always done with a cache).
Status load_aot(std::span<const uint8_t> bytes, const std::string& label, ModuleCache* cache, bool hash,
                LoadedModule& into);
Status load_wasm(std::vector<uint8_t> bytes, ModuleCache* cache, bool hash, LoadedModule& into);
}  // namespace detail

}  // namespace akira::deploy
