// Parsing of the .aot container: every offset, length and index is checked here, so
// the loader can trust what it gets.
#include <sodium.h>

#include <cstring>

#include "aot/format.h"

namespace akira::aot {

namespace {

Error bad(std::string msg) { return make_error(ErrorKind::Malformed, "malformed .aot file: " + std::move(msg)); }

struct Reader {
  std::span<const uint8_t> b;
  size_t pos = 0;
  bool failed = false;
  // 64-bit counts: a size computed from file fields (count * width) must not wrap on a
  // 32-bit host and pass the check.
  bool has(uint64_t n) const { return !failed && n <= b.size() - pos; }
  uint8_t u8() {
    if (!has(1)) {
      failed = true;
      return 0;
    }
    return b[pos++];
  }
  uint32_t u32() {
    if (!has(4)) {
      failed = true;
      return 0;
    }
    uint32_t v = b[pos] | (b[pos + 1] << 8) | (b[pos + 2] << 16) | (static_cast<uint32_t>(b[pos + 3]) << 24);
    pos += 4;
    return v;
  }
  std::span<const uint8_t> take(uint64_t n) {
    if (!has(n)) {
      failed = true;
      return {};
    }
    auto s = b.subspan(pos, static_cast<size_t>(n));
    pos += static_cast<size_t>(n);
    return s;
  }
  std::string str() {
    uint32_t n = u32();
    auto s = take(n);
    return std::string(s.begin(), s.end());
  }
  bool done() const { return !failed && pos == b.size(); }
};

}  // namespace

Result<AotFile> parse_aot(std::span<const uint8_t> bytes) {
  if (bytes.size() < 4 || std::memcmp(bytes.data(), kMagic, 4) != 0) return bad("bad magic");
  if (bytes.size() < 8 + kHashSize) return bad("truncated");
  if (sodium_init() < 0) return make_error(ErrorKind::Io, "cannot initialise libsodium");
  size_t body = bytes.size() - kHashSize;
  uint8_t sum[kHashSize];
  crypto_generichash(sum, sizeof sum, bytes.data(), body, nullptr, 0);
  if (sodium_memcmp(sum, bytes.data() + body, kHashSize) != 0) return bad("checksum mismatch (corrupted or truncated)");

  AotFile f;
  Reader r{bytes.first(body), 4};
  f.version = r.u32();
  if (f.version != kAotAbiVersion)
    return make_error(ErrorKind::Unsupported, "the .aot file has format version " + std::to_string(f.version) +
                                                  "; this runtime reads version " + std::to_string(kAotAbiVersion) +
                                                  ": recompile it with a matching akirac");
  uint32_t seen = 0;
  while (!r.failed && r.pos < r.b.size()) {
    uint32_t id = r.u32();
    uint32_t size = r.u32();
    auto payload = r.take(size);
    if (r.failed) return bad("section " + std::to_string(id) + " runs past the end");
    while (r.pos % 4 && r.pos < r.b.size()) {
      if (r.u8() != 0) return bad("nonzero section padding");
    }
    if (id >= 1 && id <= 8) {
      if (seen & (1u << id)) return bad("duplicate section " + std::to_string(id));
      seen |= 1u << id;
    }
    Reader s{payload};
    switch (static_cast<SectionId>(id)) {
      case SectionId::Target: {
        TargetDesc& t = f.target;
        t.arch = s.str();
        t.abi = s.str();
        t.requested_cpu = s.str();
        t.cpu = s.str();
        t.features = s.str();
        t.triple = s.str();
        t.pointer_bytes = s.u8();
        t.little_endian = s.u8();
        t.opt_level = s.u8();
        t.size_level = s.u8();
        t.bounds_checks = s.u8();
        t.stack_checks = s.u8();
        t.aux_stack_check = s.u8();
        t.simd = s.u8();
        t.perf_profiling = s.u8();
        if (!s.done()) return bad("bad target section");
        if (t.pointer_bytes != 4 && t.pointer_bytes != 8) return bad("bad pointer width");
        break;
      }
      case SectionId::Module: f.wasm = payload; break;
      case SectionId::Image: {
        ImageLayout& l = f.layout;
        uint32_t* fields[] = {&l.code_size, &l.rodata_offset, &l.rodata_size, &l.data_offset,
                              &l.data_size, &l.bss_offset,    &l.bss_size,    &l.total_size};
        for (uint32_t* p : fields) *p = s.u32();
        if (s.failed) return bad("bad image section");
        uint64_t stored = uint64_t{l.code_size} + l.rodata_size + l.data_size;
        f.image_bytes = s.take(stored);
        if (!s.done()) return bad("image size does not match its layout");
        auto aligned = [](uint64_t v) { return v % kSegmentAlign == 0; };
        if (!aligned(l.rodata_offset) || !aligned(l.data_offset) || !aligned(l.total_size) ||
            l.code_size > l.rodata_offset || uint64_t{l.rodata_offset} + l.rodata_size > l.data_offset ||
            uint64_t{l.data_offset} + l.data_size != l.bss_offset ||
            uint64_t{l.bss_offset} + l.bss_size > l.total_size || l.total_size > kMaxImageSize)
          return bad("inconsistent image layout");
        break;
      }
      case SectionId::Relocs: {
        uint32_t n = s.u32();
        if (!s.has(uint64_t{n} * 8)) return bad("bad relocation section");
        f.relocs.reserve(n);
        for (uint32_t i = 0; i < n; ++i) {
          Reloc rel;
          rel.offset = s.u32();
          uint32_t k = s.u32();
          rel.kind = static_cast<RelocKind>(k & 0xFF);
          rel.symbol = k >> 8;
          if (k == 0 || (k & 0xFF) > 4) return bad("unknown relocation kind " + std::to_string(k & 0xFF));
          f.relocs.push_back(rel);
        }
        if (!s.done()) return bad("bad relocation section");
        break;
      }
      case SectionId::Functions: {
        uint32_t n = s.u32();
        if (!s.has(uint64_t{n} * 8)) return bad("bad function section");
        for (uint32_t i = 0; i < n; ++i) {
          FuncEntry e;
          e.typed = s.u32();
          e.entry = s.u32();
          f.funcs.push_back(e);
        }
        if (!s.done()) return bad("bad function section");
        break;
      }
      case SectionId::Helpers:
      case SectionId::Symbols: {
        auto& list = static_cast<SectionId>(id) == SectionId::Helpers ? f.helpers : f.symbols;
        uint32_t n = s.u32();
        if (!s.has(uint64_t{n} * 4)) return bad("bad name list");
        for (uint32_t i = 0; i < n && !s.failed; ++i) list.push_back(s.str());
        if (!s.done()) return bad("bad name list");
        break;
      }
      case SectionId::SourceHash:
        f.source_hash = s.take(kHashSize);
        if (!s.done()) return bad("bad source hash section");
        break;
      default: break;  // unknown sections are skipped
    }
  }
  if (r.failed) return bad("truncated section header");
  for (uint32_t id = 1; id <= 8; ++id)
    if (!(seen & (1u << id))) return bad("missing section " + std::to_string(id));

  // Cross-section checks.
  const ImageLayout& l = f.layout;
  auto in_stored = [&](uint64_t off, uint64_t width) {
    return (off + width <= l.code_size) ||
           (off >= l.rodata_offset && off + width <= uint64_t{l.rodata_offset} + l.rodata_size) ||
           (off >= l.data_offset && off + width <= uint64_t{l.data_offset} + l.data_size);
  };
  for (const Reloc& rel : f.relocs) {
    uint64_t width = rel.kind == RelocKind::AddBase64 || rel.kind == RelocKind::Symbol64 ? 8 : 4;
    if (!in_stored(rel.offset, width)) return bad("relocation outside the image");
    bool sym = rel.kind == RelocKind::Symbol32 || rel.kind == RelocKind::Symbol64;
    if (sym && rel.symbol >= f.symbols.size()) return bad("relocation symbol index out of range");
    if (!sym && rel.symbol != 0) return bad("bad relocation");
  }
  for (const FuncEntry& e : f.funcs)
    if ((e.typed & ~1u) >= l.code_size || (e.entry & ~1u) >= l.code_size) return bad("function entry outside the code");
  return f;
}

}  // namespace akira::aot
