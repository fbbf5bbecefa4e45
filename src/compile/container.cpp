// The .aot container (docs/aot-format.md): pre-linked native code plus the module.
#include <sodium.h>

#include "aot/format.h"
#include "compile/compiler.h"
#include "compile/prelink.h"

namespace akira::compile {

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
    w.section(SectionId::Target, t);
  }
  {
    aot::Writer t;
    t.bytes(m.bytes);
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
