// The .aot loader: checks a file made by akirac against this host, maps its image
// (write-xor-execute) and instantiates it through the runtime's instantiate(), binding
// every defined function to its native code.
#pragma once
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "aot/format.h"
#include "runtime/instantiate.h"

namespace akira::aot {

struct Image;

// A loaded .aot file: the decoded, validated module and its mapped native code.
struct AotModule {
  std::shared_ptr<const Module> module;
  TargetDesc target;
  std::shared_ptr<Image> image;
  std::vector<FuncEntry> funcs;
  std::vector<uint8_t> source_hash;
};

// True when `bytes` starts with the .aot magic.
bool is_aot(std::span<const uint8_t> bytes);

// The architecture name akirac uses for this host ("x86_64", "aarch64", ...).
const char* host_arch();

// The checks load() makes before decoding or mapping anything: format, checksum,
// version, architecture, pointer width, CPU features, helpers and library functions.
// Same errors as load(); on success the parsed file (spans point into `bytes`).
Result<AotFile> check(std::span<const uint8_t> bytes, const std::string& file);

// Loads a .aot file. `file` names it in messages. Errors: Malformed (corrupt file),
// Unsupported (other target, missing CPU features, missing helpers, other version),
// Invalid (the embedded module does not validate).
Result<std::shared_ptr<AotModule>> load(std::span<const uint8_t> bytes, const std::string& file);

// The instantiate() hook binding `m`'s native code (see runtime/instantiate.h).
PrepareCode bind(std::shared_ptr<AotModule> m);

// Calls per function of an AOT instance whose code was compiled with
// --enable-perf-profiling: the defined functions called at least once, most calls first.
// nullopt when `inst` is not such an instance. Safe to call while its code runs on
// another thread (counts may lag by the calls in flight).
struct CallCount {
  uint32_t index = 0;  // function index space
  std::string name;
  uint64_t calls = 0;
};
std::optional<std::vector<CallCount>> call_counts(const Instance& inst);

// From now on, every bound instance appends its functions to /tmp/perf-PID.map, the
// file Linux perf reads to name code it finds no symbols for (`perf record` then
// `perf report` shows wasm function names).
void enable_perf_map();

// instantiate() for a loaded .aot module.
Result<Instance*> instantiate(Store& store, const std::shared_ptr<AotModule>& m, const std::vector<Extern>& imports,
                              std::string name = {});

}  // namespace akira::aot
