// One-file packages (docs/deployment.md): a .wasm carrying .aot files in custom sections
// named "akira.aot.<arch>". Any engine ignores the sections; Akira runs the one that
// matches its machine. Also the header reads every deployment check shares.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace akira::deploy {

constexpr std::string_view kAotSectionPrefix = "akira.aot.";

// BLAKE2b-256 (libsodium crypto_generichash) of `bytes`.
std::vector<uint8_t> content_hash(std::span<const uint8_t> bytes);
std::string hex(std::span<const uint8_t> bytes);

// A top-level section of a .wasm: [start, end) covers id, size and payload.
struct WasmSection {
  uint8_t id = 0;
  std::string name;  // custom sections only
  size_t start = 0, end = 0;
  size_t data = 0;  // custom sections: first byte after the name; else the payload start
};
// The sections of a .wasm (only the framing is checked: ids, sizes, custom names).
Result<std::vector<WasmSection>> wasm_sections(std::span<const uint8_t> wasm);

// The .aot files packed in `wasm`, in file order: section name and contents.
struct PackedAot {
  std::string section;
  std::span<const uint8_t> bytes;
};
Result<std::vector<PackedAot>> packed_aots(std::span<const uint8_t> wasm);
// `wasm` without its akira.aot.* sections: the module the packed .aot files were compiled from.
std::vector<uint8_t> without_packed_aots(std::span<const uint8_t> wasm);

// What a .aot says about itself, read without verifying its checksum (for naming and
// listing; the loader's check is what decides whether it runs).
struct AotHeader {
  uint32_t version = 0;
  std::string arch, requested_cpu;
  std::vector<uint8_t> source_hash;  // BLAKE2b-256 of the .wasm it was compiled from
};
Result<AotHeader> read_aot_header(std::span<const uint8_t> aot);

// Why this runtime cannot run `aot` ("" when it can): the loader's header check
// (format, checksum, architecture, CPU features, runtime services; nothing is mapped),
// then, when `source_hash` is not empty, that it was compiled from that module.
// Without the .aot loader: "this runtime was built without AOT support".
// `arch` receives the architecture read from inside, when readable.
std::string unusable_reason(std::span<const uint8_t> aot, const std::string& label,
                            std::span<const uint8_t> source_hash, std::string* arch = nullptr);

// Builds a pack: `wasm` (itself possibly a pack) plus one section per .aot. Every .aot
// must have been compiled from the module (its source hash is checked). With
// strip_foreign, sections this machine cannot use are dropped (old and new). `log`
// receives one line per section kept or dropped.
struct PackInput {
  std::string label;  // file name, for messages
  std::vector<uint8_t> bytes;
};
Result<std::vector<uint8_t>> pack(std::span<const uint8_t> wasm, const std::vector<PackInput>& aots, bool strip_foreign,
                                  std::vector<std::string>* log = nullptr);

}  // namespace akira::deploy
