// The .aot container (docs/aot-format.md): constants shared by the writer (akirac) and
// the loader, the parsed view of a file, and which helpers a module needs.
// Header-only on the writer's side: the compiler includes it without linking the runtime.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "aot/abi.h"
#include "common/error.h"
#include "wasm/module.h"

namespace akira::aot {

constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x6F, 0x74};  // "\0aot"
constexpr size_t kHashSize = 32;                         // BLAKE2b-256
// Segments of the image start at multiples of this, so the loader can protect them
// separately on any host page size up to 64 KiB.
constexpr uint32_t kSegmentAlign = 65536;
// Upper bounds that keep a hostile file from asking for absurd allocations.
constexpr uint64_t kMaxImageSize = 1ull << 30;

enum class SectionId : uint32_t {
  Target = 1,      // target description and compile flags
  Module = 2,      // the original .wasm
  Image = 3,       // segment layout and bytes
  Relocs = 4,      // load-time relocations
  Functions = 5,   // per defined function: typed entry and argv entry offsets
  Helpers = 6,     // names of the runtime helpers the code calls
  Symbols = 7,     // names of runtime library functions (libcalls) the image refers to
  SourceHash = 8,  // BLAKE2b-256 of the .wasm
};

enum class RelocKind : uint8_t {
  AddBase32 = 1,  // u32 at offset += load address (must stay below 4 GiB)
  AddBase64 = 2,  // u64 at offset += load address
  Symbol32 = 3,   // u32 at offset += address of Symbols[symbol] (32-bit targets)
  Symbol64 = 4,   // u64 at offset += address of Symbols[symbol]
};

struct Reloc {
  uint32_t offset = 0;
  RelocKind kind = RelocKind::AddBase64;
  uint32_t symbol = 0;  // Symbol64 only
};

struct TargetDesc {
  std::string arch;  // "x86_64", "aarch64", "thumbv7em", "xtensa", "riscv32", ...
  std::string abi;
  std::string requested_cpu;  // as asked (e.g. esp32s3)
  std::string cpu;            // LLVM CPU used
  std::string features;       // LLVM feature string used
  std::string triple;
  uint8_t pointer_bytes = 8;
  bool little_endian = true;
  uint8_t opt_level = 3, size_level = 3;
  bool bounds_checks = false, stack_checks = true, aux_stack_check = true, simd = true;
  bool perf_profiling = false;  // compiled code counts calls in Context::perf_counters
};

struct FuncEntry {
  uint32_t typed = 0;  // (ctx, params...) -> results
  uint32_t entry = 0;  // void(ctx, argv): 16-byte slots, args in, results out
};

// Segment layout in the loaded image; stored bytes are code, rodata, data back to back.
struct ImageLayout {
  uint32_t code_size = 0;
  uint32_t rodata_offset = 0, rodata_size = 0;
  uint32_t data_offset = 0, data_size = 0;
  uint32_t bss_offset = 0, bss_size = 0;
  uint32_t total_size = 0;  // bytes to map
};

// A parsed, fully bounds-checked .aot file (spans point into the file's bytes).
struct AotFile {
  uint32_t version = 0;
  TargetDesc target;
  std::span<const uint8_t> wasm;
  ImageLayout layout;
  std::span<const uint8_t> image_bytes;  // code_size + rodata_size + data_size
  std::vector<Reloc> relocs;
  std::vector<FuncEntry> funcs;
  std::vector<std::string> helpers;
  std::vector<std::string> symbols;
  std::span<const uint8_t> source_hash;
};

// The name of a helper in the Helpers section (aot/helpers.def).
inline const char* helper_name(Helper h) { return h < Helper::Count ? info(h).name : "?"; }

// The helpers compiled code of `m` may call, derived from its instructions.
inline std::vector<Helper> helpers_used(const Module& m) {
  bool used[static_cast<size_t>(Helper::Count)] = {};
  auto use = [&](Helper h) { used[static_cast<size_t>(h)] = true; };
  use(Helper::Trap);
  use(Helper::StackOverflow);
  for (const Function& f : m.functions) {
    for (const Instr& in : f.code) {
      switch (in.op) {
        case Op::MemoryGrow: use(Helper::MemoryGrow); break;
        case Op::MemoryFill: use(Helper::MemoryFill); break;
        case Op::MemoryCopy: use(Helper::MemoryCopy); break;
        case Op::MemoryInit: use(Helper::MemoryInit); break;
        case Op::DataDrop: use(Helper::DataDrop); break;
        case Op::TableGet: use(Helper::TableGet); break;
        case Op::TableSet: use(Helper::TableSet); break;
        case Op::TableSize: use(Helper::TableSize); break;
        case Op::TableGrow: use(Helper::TableGrow); break;
        case Op::TableFill: use(Helper::TableFill); break;
        case Op::TableCopy: use(Helper::TableCopy); break;
        case Op::TableInit: use(Helper::TableInit); break;
        case Op::ElemDrop: use(Helper::ElemDrop); break;
        case Op::CallIndirect: use(Helper::CallIndirect); break;
        case Op::Call:
          if (in.imm.index < m.num_imported_funcs) use(Helper::CallImport);
          break;
        default: break;
      }
    }
  }
  std::vector<Helper> out;
  for (uint32_t i = 0; i < static_cast<uint32_t>(Helper::Count); ++i)
    if (used[i]) out.push_back(static_cast<Helper>(i));
  return out;
}

// Little-endian writer used by akirac.
struct Writer {
  std::vector<uint8_t> out;
  void u8(uint8_t v) { out.push_back(v); }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void bytes(std::span<const uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    out.insert(out.end(), s.begin(), s.end());
  }
  void section(SectionId id, const Writer& payload) {
    u32(static_cast<uint32_t>(id));
    u32(static_cast<uint32_t>(payload.out.size()));
    bytes(payload.out);
    while (out.size() % 4) out.push_back(0);
  }
};

// Runtime side (src/aot/format.cpp): checks the checksum, the version and every
// offset, length and index. Errors are Malformed with a specific message.
Result<AotFile> parse_aot(std::span<const uint8_t> bytes);

}  // namespace akira::aot
