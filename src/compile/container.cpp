// The .aot container (docs/aot-format.md): pre-linked native code plus the module.
#include <sodium.h>

#include "aot/format.h"
#include "compile/compiler.h"
#include "compile/prelink.h"
#include "wasm/leb128.h"

namespace akira::compile {

// The module as stored in the .aot: every section as in the .wasm except that each
// function body becomes the smallest valid one (no locals, `unreachable`, `end`; the
// loader runs native code for every defined function) and custom sections other than
// "name" (backtraces) and ".akira.*" are dropped. The result decodes and validates as is.
std::vector<uint8_t> reduced_module(const std::vector<uint8_t>& wasm) {
  if (wasm.size() < 8) return wasm;
  std::vector<uint8_t> out(wasm.begin(), wasm.begin() + 8);
  size_t pos = 8;
  while (pos < wasm.size()) {
    uint8_t id = wasm[pos++];
    uint32_t size;
    if (!read_uleb32(wasm, pos, size) || size > wasm.size() - pos) return wasm;  // validated already
    size_t start = pos, end = pos + size;
    pos = end;
    if (id == 0) {
      size_t p = start;
      uint32_t n;
      if (!read_uleb32(wasm, p, n) || n > end - p) return wasm;
      std::string name(wasm.begin() + static_cast<ptrdiff_t>(p), wasm.begin() + static_cast<ptrdiff_t>(p + n));
      if (name != "name" && name.rfind(".akira.", 0) != 0) continue;
    } else if (id == 10) {
      size_t p = start;
      uint32_t count;
      if (!read_uleb32(wasm, p, count)) return wasm;
      std::vector<uint8_t> payload;
      write_uleb(payload, count);
      for (uint32_t i = 0; i < count; ++i) payload.insert(payload.end(), {0x03, 0x00, 0x00, 0x0b});
      out.push_back(id);
      write_uleb(out, static_cast<uint32_t>(payload.size()));
      out.insert(out.end(), payload.begin(), payload.end());
      continue;
    }
    out.push_back(id);
    write_uleb(out, size);
    out.insert(out.end(), wasm.begin() + static_cast<ptrdiff_t>(start), wasm.begin() + static_cast<ptrdiff_t>(end));
  }
  return out;
}

Result<std::vector<uint8_t>> write_aot(const Module& m, const CompiledModule& cm) {
  if (sodium_init() < 0) return make_error(ErrorKind::Io, "cannot initialise libsodium");
  std::vector<std::string> fsyms, esyms;
  for (const CompiledFunction& f : cm.functions) {
    fsyms.push_back(f.symbol);
    esyms.push_back(f.entry_symbol);
  }
  auto img_r = prelink(cm.target.arch, cm.objects, fsyms, esyms);
  if (!img_r.ok()) return img_r.error();
  const PrelinkedImage& img = img_r.value();

  using aot::SectionId;
  aot::Writer w;
  w.bytes(aot::kMagic);
  w.u32(aot::kAotAbiVersion);
  {
    aot::Writer t;
    const TargetInfo& ti = cm.target;
    t.str(ti.arch);
    t.str(ti.abi);
    t.str(ti.requested_cpu);
    t.str(ti.cpu);
    t.str(ti.features);
    t.str(ti.triple);
    t.u8(ti.is_64bit ? 8 : 4);
    t.u8(1);  // little-endian: every supported target
    const CodegenSettings& s = cm.settings;
    t.u8(static_cast<uint8_t>(s.opt_level));
    t.u8(static_cast<uint8_t>(s.size_level));
    t.u8(s.bounds_checks);
    t.u8(s.stack_bounds_checks);
    t.u8(s.aux_stack_check);
    t.u8(s.simd);
    t.u8(s.perf_profiling);
    w.section(SectionId::Target, t);
  }
  {
    aot::Writer t;
    t.bytes(reduced_module(m.bytes));
    w.section(SectionId::Module, t);
  }
  {
    aot::Writer t;
    const aot::ImageLayout& l = img.layout;
    for (uint32_t v : {l.code_size, l.rodata_offset, l.rodata_size, l.data_offset, l.data_size, l.bss_offset,
                       l.bss_size, l.total_size})
      t.u32(v);
    t.bytes(img.bytes);
    w.section(SectionId::Image, t);
  }
  {
    aot::Writer t;
    t.u32(static_cast<uint32_t>(img.relocs.size()));
    for (const aot::Reloc& r : img.relocs) {
      t.u32(r.offset);
      t.u32(static_cast<uint32_t>(r.kind) | (r.symbol << 8));
    }
    w.section(SectionId::Relocs, t);
  }
  {
    aot::Writer t;
    t.u32(static_cast<uint32_t>(img.funcs.size()));
    for (const aot::FuncEntry& f : img.funcs) {
      t.u32(f.typed);
      t.u32(f.entry);
    }
    w.section(SectionId::Functions, t);
  }
  {
    aot::Writer t;
    auto hs = aot::helpers_used(m);
    t.u32(static_cast<uint32_t>(hs.size()));
    for (aot::Helper h : hs) t.str(aot::helper_name(h));
    w.section(SectionId::Helpers, t);
  }
  {
    aot::Writer t;
    t.u32(static_cast<uint32_t>(img.symbols.size()));
    for (const std::string& s : img.symbols) t.str(s);
    w.section(SectionId::Symbols, t);
  }
  {
    aot::Writer t;
    uint8_t h[aot::kHashSize];
    crypto_generichash(h, sizeof h, m.bytes.data(), m.bytes.size(), nullptr, 0);
    t.bytes(h);
    w.section(SectionId::SourceHash, t);
  }
  uint8_t sum[aot::kHashSize];
  crypto_generichash(sum, sizeof sum, w.out.data(), w.out.size(), nullptr, 0);
  w.bytes(sum);
  return std::move(w.out);
}

}  // namespace akira::compile
