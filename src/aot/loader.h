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

// A loaded .aot file: the decoded, validated module and its mapped native code, which
// instantiate() binds to each instance (ModuleCode).
struct AotModule final : ModuleCode {
  std::shared_ptr<const Module> module;
  TargetDesc target;
  std::shared_ptr<Image> image;
  std::vector<FuncEntry> funcs;
  std::vector<uint8_t> source_hash;

  const Engine& engine() const override;
  Status bind(Store& store, Instance& inst) const override;
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

// From now on, every bound instance appends its functions to /tmp/perf-PID.map, the
// file Linux perf reads to name code it finds no symbols for (`perf record` then
// `perf report` shows wasm function names).
void enable_perf_map();

}  // namespace akira::aot
