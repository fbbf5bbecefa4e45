// The compile cache of akirac: a compiled result is reused when the same .wasm bytes were
// compiled before for the same target and options by the same akirac. The key is the
// BLAKE2b-256 (libsodium crypto_generichash) of the .wasm bytes, the normalised options
// (the resolved target and code-generation settings, so spellings and aliases of the same
// target share entries) and the akirac version. Entries are files KEY.out in the cache
// folder, written atomically (temporary file, then rename); reading one refreshes its
// time, and the oldest entries are removed once the folder is over its size bound.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"
#include "compile/options.h"

namespace akira::compile {

// $XDG_CACHE_HOME/akira, else $HOME/.cache/akira ("" when neither is set).
std::filesystem::path default_cache_dir();

// What akirac folds into every key besides the module and the options.
std::string compiler_version();

// The options as they affect the output, after target and settings resolution; "" when
// they do not resolve (then nothing is cached).
std::string normalized_options(const Options& opts, OutputFormat format);

class CompileCache {
 public:
  static constexpr uint64_t kDefaultMaxBytes = 256ull << 20;
  // An empty `dir` disables the cache.
  explicit CompileCache(std::filesystem::path dir, uint64_t max_bytes = kDefaultMaxBytes)
      : dir_(std::move(dir)), max_bytes_(max_bytes) {}

  bool enabled() const { return !dir_.empty(); }
  const std::filesystem::path& dir() const { return dir_; }

  // Hex key for compiling `wasm` with `opts` to `format` ("" when the options do not resolve).
  static std::string key(std::span<const uint8_t> wasm, const Options& opts, OutputFormat format);

  // The stored output for `key`, or nothing.
  std::optional<std::vector<uint8_t>> get(const std::string& key) const;
  // Stores the output for `key` atomically, then evicts the oldest entries beyond the bound.
  Status put(const std::string& key, std::span<const uint8_t> bytes) const;

 private:
  void evict() const;
  std::filesystem::path dir_;
  uint64_t max_bytes_;
};

}  // namespace akira::compile
