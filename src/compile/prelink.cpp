#include "compile/prelink.h"

#include <llvm/BinaryFormat/ELF.h>
#include <llvm/Object/ELFObjectFile.h>

#include <cstring>
#include <map>
#include <memory>

namespace akira::compile {

namespace {

using namespace llvm;
using namespace llvm::object;

Error fail(std::string msg) { return make_error(ErrorKind::Unsupported, std::move(msg)); }

enum class Arch { X86_64, I386, AArch64, Arm, RiscV32, RiscV64, Xtensa };

uint64_t align_up(uint64_t v, uint64_t a) { return a ? (v + a - 1) / a * a : v; }

struct InSection {
  size_t obj;
  SectionRef sec;
  uint64_t image_offset = 0;
};

enum Seg { Code, Rodata, Data, Bss };

struct Linker {
  Arch arch;
  bool is64;
  std::vector<std::unique_ptr<ObjectFile>> objs;
  std::vector<InSection> sections;
  std::map<std::pair<size_t, uint64_t>, size_t> section_index;  // (obj, ELF section index) -> sections[]
  std::map<std::string, uint64_t> globals;                      // defined symbol -> image offset
  std::map<std::string, uint32_t> externals;                    // symbol -> index in symbols
  std::vector<std::string> symbols;
  std::map<std::string, uint64_t> got;    // key -> slot image offset
  uint64_t got_base = 0;                  // _GLOBAL_OFFSET_TABLE_ (x86-64 large code model)
  std::map<std::string, uint64_t> stubs;  // external -> stub image offset
  std::vector<uint8_t> img;
  std::vector<aot::Reloc> relocs;
  aot::ImageLayout layout;

  unsigned word() const { return is64 ? 8 : 4; }
  unsigned stub_size() const {
    switch (arch) {
      case Arch::X86_64:
      case Arch::I386: return 8;
      case Arch::Arm: return 8;
      case Arch::Xtensa: return 0;  // calls reach runtime functions through literals
      default: return 16;
    }
  }
};

bool is_got_type(Arch a, uint32_t t) {
  using namespace llvm::ELF;
  switch (a) {
    case Arch::X86_64:
      return t == R_X86_64_GOTPCREL || t == R_X86_64_GOTPCRELX || t == R_X86_64_REX_GOTPCRELX || t == R_X86_64_GOT64 ||
             t == R_X86_64_GOTPLT64 || t == R_X86_64_GOTPCREL64;
    case Arch::AArch64: return t == R_AARCH64_ADR_GOT_PAGE || t == R_AARCH64_LD64_GOT_LO12_NC;
    case Arch::RiscV32:
    case Arch::RiscV64: return t == R_RISCV_GOT_HI20;
    case Arch::Arm: return t == R_ARM_GOT_PREL || t == R_ARM_GOT_BREL;
    default: return false;
  }
}

std::string section_name(const SectionRef& s) {
  auto n = s.getName();
  if (!n) {
    consumeError(n.takeError());
    return "?";
  }
  return n->str();
}

std::string type_name(const RelocationRef& r) {
  SmallString<32> s;
  r.getTypeName(s);
  return std::string(s);
}

uint32_t rd32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint16_t rd16(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}
uint64_t rd64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
void wr32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }
void wr16(uint8_t* p, uint16_t v) { std::memcpy(p, &v, 2); }
void wr64(uint8_t* p, uint64_t v) { std::memcpy(p, &v, 8); }

bool fits_signed(int64_t v, unsigned bits) {
  return v >= -(int64_t(1) << (bits - 1)) && v < (int64_t(1) << (bits - 1));
}

// The resolved target of one relocation.
struct Target {
  bool external = false;
  uint64_t offset = 0;  // image offset (internal)
  std::string name;     // external symbol
  std::string got_key;
};

// The x86-64 large code model addresses everything relative to the GOT's base; the image
// has one GOT (at the start of its slots), so this symbol is never a runtime symbol.
constexpr llvm::StringLiteral kGotSymbol = "_GLOBAL_OFFSET_TABLE_";

Result<Target> resolve_symbol(Linker& L, size_t oi, const RelocationRef& r) {
  Target t;
  symbol_iterator si = r.getSymbol();
  ObjectFile& o = *L.objs[oi];
  if (si == o.symbol_end()) return t;  // no symbol: S = 0 (not expected)
  auto name = si->getName();
  if (!name) {
    consumeError(name.takeError());
    return fail("unreadable symbol name");
  }
  auto sec = si->getSection();
  if (!sec) {
    consumeError(sec.takeError());
    return fail("unreadable symbol section");
  }
  if (*sec == o.section_end()) {
    auto it = L.globals.find(name->str());
    if (it != L.globals.end()) {
      t.offset = it->second;
    } else {
      t.external = true;
      t.name = name->str();
    }
  } else {
    auto idx = L.section_index.find({oi, (*sec)->getIndex()});
    if (idx == L.section_index.end())
      return fail("relocation against symbol " + name->str() + " in dropped section " + section_name(**sec));
    auto val = si->getValue();
    if (!val) {
      consumeError(val.takeError());
      return fail("unreadable symbol value");
    }
    t.offset = L.sections[idx->second].image_offset + *val;
    // Thumb functions have bit 0 set in st_value; the section offset is even.
    if (L.arch == Arch::Arm) {
      auto type = si->getType();
      if (type && *type == SymbolRef::ST_Function)
        t.offset = L.sections[idx->second].image_offset + (*val & ~1ull);
      else if (!type)
        consumeError(type.takeError());
    }
  }
  t.got_key = t.external ? "@" + t.name : "#" + std::to_string(t.offset);
  return t;
}

// Marks that the word at `at` holds an image offset (plus addend) to rebase at load time,
// or an addend to add a runtime symbol's address to.
void abs_word(Linker& L, uint64_t at, const Target& t, int64_t addend, bool wide) {
  aot::Reloc rel;
  rel.offset = static_cast<uint32_t>(at);
  if (t.external) {
    rel.kind = wide ? aot::RelocKind::Symbol64 : aot::RelocKind::Symbol32;
    rel.symbol = L.externals.at(t.name);
    if (wide)
      wr64(&L.img[at], static_cast<uint64_t>(addend));
    else
      wr32(&L.img[at], static_cast<uint32_t>(addend));
  } else {
    rel.kind = wide ? aot::RelocKind::AddBase64 : aot::RelocKind::AddBase32;
    if (wide)
      wr64(&L.img[at], t.offset + addend);
    else
      wr32(&L.img[at], static_cast<uint32_t>(t.offset + addend));
  }
  L.relocs.push_back(rel);
}

// Address used for calls/branches: externals go through their stub.
uint64_t call_target(Linker& L, const Target& t) { return t.external ? L.stubs.at(t.name) : t.offset; }

Status check_range(int64_t v, unsigned bits, const std::string& type, const std::string& sec) {
  if (!fits_signed(v, bits))
    return fail("relocation " + type + " in section " + sec + " out of range (" + std::to_string(v) + ")");
  return {};
}

Status apply_x86(Linker& L, uint32_t type, uint64_t P, const Target& t, int64_t A, const std::string& tn,
                 const std::string& sn) {
  using namespace llvm::ELF;
  uint8_t* p = &L.img[P];
  bool x64 = L.arch == Arch::X86_64;
  if (x64) {
    switch (type) {
      case R_X86_64_NONE: return {};
      case R_X86_64_PC32:
      case R_X86_64_PLT32: {
        int64_t v = static_cast<int64_t>(call_target(L, t)) + A - static_cast<int64_t>(P);
        AKIRA_TRY(check_range(v, 32, tn, sn));
        wr32(p, static_cast<uint32_t>(v));
        return {};
      }
      case R_X86_64_PC64: {
        if (t.external) return fail("relocation " + tn + " against runtime symbol " + t.name + " in section " + sn);
        wr64(p, static_cast<uint64_t>(static_cast<int64_t>(t.offset) + A - static_cast<int64_t>(P)));
        return {};
      }
      case R_X86_64_GOTPCREL:
      case R_X86_64_GOTPCRELX:
      case R_X86_64_REX_GOTPCRELX: {
        int64_t v = static_cast<int64_t>(L.got.at(t.got_key)) + A - static_cast<int64_t>(P);
        AKIRA_TRY(check_range(v, 32, tn, sn));
        wr32(p, static_cast<uint32_t>(v));
        return {};
      }
      // Large code model (--size-level=0): 64-bit offsets from the GOT's base.
      case R_X86_64_GOTPC64:
        wr64(p, static_cast<uint64_t>(static_cast<int64_t>(L.got_base) + A - static_cast<int64_t>(P)));
        return {};
      case R_X86_64_GOTPC32: {
        int64_t v = static_cast<int64_t>(L.got_base) + A - static_cast<int64_t>(P);
        AKIRA_TRY(check_range(v, 32, tn, sn));
        wr32(p, static_cast<uint32_t>(v));
        return {};
      }
      case R_X86_64_GOTOFF64:
      case R_X86_64_PLTOFF64:
        wr64(p, static_cast<uint64_t>(static_cast<int64_t>(call_target(L, t)) + A - static_cast<int64_t>(L.got_base)));
        return {};
      case R_X86_64_GOT64:
      case R_X86_64_GOTPLT64:
        wr64(p,
             static_cast<uint64_t>(static_cast<int64_t>(L.got.at(t.got_key)) + A - static_cast<int64_t>(L.got_base)));
        return {};
      case R_X86_64_GOTPCREL64:
        wr64(p, static_cast<uint64_t>(static_cast<int64_t>(L.got.at(t.got_key)) + A - static_cast<int64_t>(P)));
        return {};
      case R_X86_64_64: abs_word(L, P, t, A, true); return {};
      case R_X86_64_32:
      case R_X86_64_32S: abs_word(L, P, t, A, false); return {};
      default: break;
    }
  } else {
    int64_t addend = static_cast<int32_t>(rd32(p));  // REL: implicit addend
    switch (type) {
      case R_386_NONE: return {};
      case R_386_32: abs_word(L, P, t, addend, false); return {};
      case R_386_PC32:
      case R_386_PLT32:
        wr32(p, static_cast<uint32_t>(static_cast<int64_t>(call_target(L, t)) + addend - static_cast<int64_t>(P)));
        return {};
      default: break;
    }
  }
  return fail("unsupported relocation " + tn + " in section " + sn);
}

Status apply_aarch64(Linker& L, uint32_t type, uint64_t P, const Target& t, int64_t A, const std::string& tn,
                     const std::string& sn) {
  using namespace llvm::ELF;
  uint8_t* p = &L.img[P];
  uint32_t insn = rd32(p);
  int64_t S = static_cast<int64_t>(t.offset);
  auto page = [](int64_t a) { return a & ~int64_t(0xFFF); };
  auto lo12 = [&](int64_t v, unsigned shift) {
    insn = (insn & ~(0xFFFu << 10)) | (((static_cast<uint32_t>(v) & 0xFFF) >> shift) << 10);
    wr32(p, insn);
  };
  auto adrp = [&](int64_t target) -> Status {
    int64_t v = (page(target) - page(static_cast<int64_t>(P))) >> 12;
    AKIRA_TRY(check_range(v, 21, tn, sn));
    uint32_t imm = static_cast<uint32_t>(v) & 0x1FFFFF;
    insn = (insn & ~((3u << 29) | (0x7FFFFu << 5))) | ((imm & 3) << 29) | ((imm >> 2) << 5);
    wr32(p, insn);
    return {};
  };
  switch (type) {
    case R_AARCH64_NONE: return {};
    case R_AARCH64_CALL26:
    case R_AARCH64_JUMP26: {
      int64_t v = static_cast<int64_t>(call_target(L, t)) + A - static_cast<int64_t>(P);
      AKIRA_TRY(check_range(v, 28, tn, sn));
      wr32(p, (insn & 0xFC000000u) | ((static_cast<uint32_t>(v) >> 2) & 0x3FFFFFF));
      return {};
    }
    case R_AARCH64_ADR_PREL_PG_HI21:
    case R_AARCH64_ADR_PREL_PG_HI21_NC:
      if (t.external) break;
      return adrp(S + A);
    case R_AARCH64_ADR_GOT_PAGE: return adrp(static_cast<int64_t>(L.got.at(t.got_key)) + A);
    case R_AARCH64_LD64_GOT_LO12_NC: lo12(static_cast<int64_t>(L.got.at(t.got_key)) + A, 3); return {};
    case R_AARCH64_ADD_ABS_LO12_NC:
      if (t.external) break;
      lo12(S + A, 0);
      return {};
    case R_AARCH64_LDST8_ABS_LO12_NC:
      if (t.external) break;
      lo12(S + A, 0);
      return {};
    case R_AARCH64_LDST16_ABS_LO12_NC:
      if (t.external) break;
      lo12(S + A, 1);
      return {};
    case R_AARCH64_LDST32_ABS_LO12_NC:
      if (t.external) break;
      lo12(S + A, 2);
      return {};
    case R_AARCH64_LDST64_ABS_LO12_NC:
      if (t.external) break;
      lo12(S + A, 3);
      return {};
    case R_AARCH64_LDST128_ABS_LO12_NC:
      if (t.external) break;
      lo12(S + A, 4);
      return {};
    case R_AARCH64_PREL32: {
      if (t.external) break;
      int64_t v = S + A - static_cast<int64_t>(P);
      AKIRA_TRY(check_range(v, 32, tn, sn));
      wr32(p, static_cast<uint32_t>(v));
      return {};
    }
    case R_AARCH64_PREL64:
      if (t.external) break;
      wr64(p, static_cast<uint64_t>(S + A - static_cast<int64_t>(P)));
      return {};
    case R_AARCH64_ABS64: abs_word(L, P, t, A, true); return {};
    default: break;
  }
  return fail("unsupported relocation " + tn + " in section " + sn);
}

// Thumb-2 BL/B.W immediate (25 bits, halfword units).
void thumb_branch(uint8_t* p, int64_t v, bool bl) {
  uint32_t off = static_cast<uint32_t>(v);
  uint32_t S = (off >> 24) & 1, I1 = (off >> 23) & 1, I2 = (off >> 22) & 1;
  uint32_t J1 = (~(I1 ^ S)) & 1, J2 = (~(I2 ^ S)) & 1;
  uint16_t hi = static_cast<uint16_t>(0xF000 | (S << 10) | ((off >> 12) & 0x3FF));
  uint16_t lo = rd16(p + 2);
  lo = static_cast<uint16_t>((lo & 0xD000) | (J1 << 13) | (J2 << 11) | ((off >> 1) & 0x7FF));
  if (bl) lo |= 0x4000 | 0x1000;  // keep BL (not BLX): target is Thumb
  wr16(p, hi);
  wr16(p + 2, lo);
}

int64_t thumb_branch_addend(const uint8_t* p) {
  uint32_t hi = rd16(p), lo = rd16(p + 2);
  uint32_t S = (hi >> 10) & 1, J1 = (lo >> 13) & 1, J2 = (lo >> 11) & 1;
  uint32_t I1 = (~(J1 ^ S)) & 1, I2 = (~(J2 ^ S)) & 1;
  uint32_t off = (S << 24) | (I1 << 23) | (I2 << 22) | ((hi & 0x3FF) << 12) | ((lo & 0x7FF) << 1);
  return static_cast<int32_t>(off << 7) >> 7;
}

Status apply_arm(Linker& L, uint32_t type, uint64_t P, const Target& t, const std::string& tn, const std::string& sn) {
  using namespace llvm::ELF;
  uint8_t* p = &L.img[P];
  int64_t S = static_cast<int64_t>(t.offset);
  auto movw_imm = [&]() -> int64_t {
    uint32_t hi = rd16(p), lo = rd16(p + 2);
    uint32_t imm = ((hi & 0xF) << 12) | (((hi >> 10) & 1) << 11) | (((lo >> 12) & 7) << 8) | (lo & 0xFF);
    return static_cast<int16_t>(imm);
  };
  auto set_movw = [&](uint32_t imm) {
    uint16_t hi = rd16(p), lo = rd16(p + 2);
    hi = static_cast<uint16_t>((hi & 0xFBF0) | ((imm >> 12) & 0xF) | (((imm >> 11) & 1) << 10));
    lo = static_cast<uint16_t>((lo & 0x8F00) | (((imm >> 8) & 7) << 12) | (imm & 0xFF));
    wr16(p, hi);
    wr16(p + 2, lo);
  };
  switch (type) {
    case R_ARM_NONE: return {};
    case R_ARM_ABS32: abs_word(L, P, t, static_cast<int32_t>(rd32(p)), false); return {};
    case R_ARM_REL32:
    case R_ARM_PREL31:
      if (t.external) break;
      wr32(p, static_cast<uint32_t>(S + static_cast<int32_t>(rd32(p)) - static_cast<int64_t>(P)));
      return {};
    case R_ARM_THM_CALL:
    case R_ARM_THM_JUMP24: {
      int64_t v = static_cast<int64_t>(call_target(L, t)) + thumb_branch_addend(p) - static_cast<int64_t>(P);
      AKIRA_TRY(check_range(v, 25, tn, sn));
      thumb_branch(p, v, type == R_ARM_THM_CALL);
      return {};
    }
    case R_ARM_THM_MOVW_PREL_NC:
    case R_ARM_THM_MOVT_PREL: {
      if (t.external) break;
      int64_t v = S + movw_imm() - static_cast<int64_t>(P);
      set_movw(static_cast<uint32_t>(type == R_ARM_THM_MOVT_PREL ? (v >> 16) : v) & 0xFFFF);
      return {};
    }
    default: break;
  }
  return fail("unsupported relocation " + tn + " in section " + sn);
}

Status apply_riscv(Linker& L, uint32_t type, uint64_t P, const Target& t, int64_t A, const std::string& tn,
                   const std::string& sn, std::map<uint64_t, int64_t>& hi20) {
  using namespace llvm::ELF;
  uint8_t* p = &L.img[P];
  uint32_t insn = rd32(p);
  int64_t S = static_cast<int64_t>(t.offset);
  auto utype = [&](uint8_t* q, int64_t v) {
    uint32_t i = rd32(q);
    wr32(q, (i & 0xFFF) | (static_cast<uint32_t>(v + 0x800) & 0xFFFFF000u));
  };
  auto itype = [&](int64_t v) { wr32(p, (insn & 0xFFFFF) | (static_cast<uint32_t>(v & 0xFFF) << 20)); };
  auto stype = [&](int64_t v) {
    uint32_t imm = static_cast<uint32_t>(v) & 0xFFF;
    wr32(p, (insn & 0x1FFF07F) | ((imm & 0x1F) << 7) | ((imm >> 5) << 25));
  };
  switch (type) {
    case R_RISCV_NONE:
    case R_RISCV_RELAX: return {};
    case R_RISCV_ALIGN:
      // Padding nops the linker may shrink; leaving them is always correct.
      return {};
    case R_RISCV_CALL:
    case R_RISCV_CALL_PLT: {
      int64_t v = static_cast<int64_t>(call_target(L, t)) + A - static_cast<int64_t>(P);
      AKIRA_TRY(check_range(v, 32, tn, sn));
      utype(p, v);
      uint32_t j = rd32(p + 4);
      wr32(p + 4, (j & 0xFFFFF) | (static_cast<uint32_t>(v & 0xFFF) << 20));
      return {};
    }
    case R_RISCV_PCREL_HI20:
    case R_RISCV_GOT_HI20: {
      int64_t target = type == R_RISCV_GOT_HI20 ? static_cast<int64_t>(L.got.at(t.got_key)) : S + A;
      if (type == R_RISCV_PCREL_HI20 && t.external) break;
      int64_t v = target - static_cast<int64_t>(P);
      AKIRA_TRY(check_range(v, 32, tn, sn));
      utype(p, v);
      hi20[P] = v;
      return {};
    }
    case R_RISCV_PCREL_LO12_I:
    case R_RISCV_PCREL_LO12_S: {
      // The symbol labels the auipc whose full offset this instruction completes.
      auto it = hi20.find(t.offset);
      if (t.external || it == hi20.end()) return fail("relocation " + tn + " in section " + sn + " without its HI20");
      if (type == R_RISCV_PCREL_LO12_I)
        itype(it->second);
      else
        stype(it->second);
      return {};
    }
    case R_RISCV_BRANCH: {
      int64_t v = S + A - static_cast<int64_t>(P);
      AKIRA_TRY(check_range(v, 13, tn, sn));
      uint32_t o = static_cast<uint32_t>(v);
      wr32(p, (insn & 0x1FFF07F) | (((o >> 12) & 1) << 31) | (((o >> 5) & 0x3F) << 25) | (((o >> 1) & 0xF) << 8) |
                  (((o >> 11) & 1) << 7));
      return {};
    }
    case R_RISCV_JAL: {
      int64_t v = static_cast<int64_t>(call_target(L, t)) + A - static_cast<int64_t>(P);
      AKIRA_TRY(check_range(v, 21, tn, sn));
      uint32_t o = static_cast<uint32_t>(v);
      wr32(p, (insn & 0xFFF) | (((o >> 20) & 1) << 31) | (((o >> 1) & 0x3FF) << 21) | (((o >> 11) & 1) << 20) |
                  (((o >> 12) & 0xFF) << 12));
      return {};
    }
    case R_RISCV_32: abs_word(L, P, t, A, false); return {};
    case R_RISCV_64: abs_word(L, P, t, A, true); return {};
    case R_RISCV_ADD32:
      if (t.external) break;
      wr32(p, rd32(p) + static_cast<uint32_t>(S + A));
      return {};
    case R_RISCV_SUB32:
      if (t.external) break;
      wr32(p, rd32(p) - static_cast<uint32_t>(S + A));
      return {};
    case R_RISCV_ADD64:
      if (t.external) break;
      wr64(p, rd64(p) + static_cast<uint64_t>(S + A));
      return {};
    case R_RISCV_SUB64:
      if (t.external) break;
      wr64(p, rd64(p) - static_cast<uint64_t>(S + A));
      return {};
    case R_RISCV_32_PCREL:
      if (t.external) break;
      wr32(p, static_cast<uint32_t>(S + A - static_cast<int64_t>(P)));
      return {};
    default: break;
  }
  return fail("unsupported relocation " + tn + " in section " + sn);
}

Status apply_xtensa(Linker& L, uint32_t type, uint64_t P, const Target& t, int64_t A, const std::string& tn,
                    const std::string& sn) {
  using namespace llvm::ELF;
  uint8_t* p = &L.img[P];
  switch (type) {
    case R_XTENSA_NONE:
    case R_XTENSA_ASM_EXPAND: return {};
    case R_XTENSA_32: abs_word(L, P, t, A + static_cast<int32_t>(rd32(p)), false); return {};
    case R_XTENSA_SLOT0_OP: {
      if (t.external) break;
      int64_t S = static_cast<int64_t>(t.offset) + A;
      uint32_t insn = p[0] | (p[1] << 8) | (p[2] << 16);
      uint32_t op0 = insn & 0xF;
      if (op0 == 1) {  // l32r: literal below the aligned next pc
        int64_t v = (S - static_cast<int64_t>((P + 3) & ~3ull)) >> 2;
        if (v >= 0 || v < -65536) return fail("relocation " + tn + " (l32r) in section " + sn + " out of range");
        insn = (insn & 0xFF) | ((static_cast<uint32_t>(v) & 0xFFFF) << 8);
      } else if (op0 == 5) {  // call0/4/8/12
        int64_t v = (S - static_cast<int64_t>((P & ~3ull) + 4)) >> 2;
        AKIRA_TRY(check_range(v, 18, tn, sn));
        insn = (insn & 0x3F) | ((static_cast<uint32_t>(v) & 0x3FFFF) << 6);
      } else if (op0 == 6 && ((insn >> 4) & 3) == 0) {  // j
        int64_t v = S - static_cast<int64_t>(P + 4);
        AKIRA_TRY(check_range(v, 18, tn, sn));
        insn = (insn & 0x3F) | ((static_cast<uint32_t>(v) & 0x3FFFF) << 6);
      } else {
        return fail("unsupported relocation " + tn + " (opcode " + std::to_string(op0) + ") in section " + sn);
      }
      p[0] = insn & 0xFF;
      p[1] = (insn >> 8) & 0xFF;
      p[2] = (insn >> 16) & 0xFF;
      return {};
    }
    case R_XTENSA_DIFF8:
    case R_XTENSA_DIFF16:
    case R_XTENSA_DIFF32:
      // Differences within one section: the layout keeps sections intact.
      return {};
    default: break;
  }
  return fail("unsupported relocation " + tn + " in section " + sn);
}

void write_stub(Linker& L, uint64_t at, uint64_t slot) {
  uint8_t* p = &L.img[at];
  switch (L.arch) {
    case Arch::X86_64: {
      p[0] = 0xFF;
      p[1] = 0x25;  // jmp *slot(%rip)
      wr32(p + 2, static_cast<uint32_t>(static_cast<int64_t>(slot) - static_cast<int64_t>(at + 6)));
      break;
    }
    case Arch::I386:
      // Non-PIC i386 code calls runtime symbols through the absolute slot: jmp *slot.
      p[0] = 0xFF;
      p[1] = 0x25;
      wr32(p + 2, static_cast<uint32_t>(slot));
      L.relocs.push_back({static_cast<uint32_t>(at + 2), aot::RelocKind::AddBase32, 0});
      break;
    case Arch::AArch64: {
      int64_t pg = ((static_cast<int64_t>(slot) & ~0xFFFll) - (static_cast<int64_t>(at) & ~0xFFFll)) >> 12;
      uint32_t imm = static_cast<uint32_t>(pg) & 0x1FFFFF;
      wr32(p, 0x90000010u | ((imm & 3) << 29) | ((imm >> 2) << 5));                   // adrp x16, slot
      wr32(p + 4, 0xF9400210u | (static_cast<uint32_t>((slot & 0xFFF) >> 3) << 10));  // ldr x16, [x16, lo]
      wr32(p + 8, 0xD61F0200u);                                                       // br x16
      break;
    }
    case Arch::RiscV32:
    case Arch::RiscV64: {
      int64_t v = static_cast<int64_t>(slot) - static_cast<int64_t>(at);
      wr32(p, 0x00000317u | (static_cast<uint32_t>(v + 0x800) & 0xFFFFF000u));  // auipc t1, hi
      uint32_t load = L.is64 ? 0x00033303u : 0x00032303u;                       // ld/lw t1, lo(t1)
      wr32(p + 4, load | (static_cast<uint32_t>(v & 0xFFF) << 20));
      wr32(p + 8, 0x00030067u);  // jr t1
      break;
    }
    case Arch::Arm:
      // ldr.w pc, [pc, #0]; .word symbol (the slot itself is the literal)
      wr16(p, 0xF8DF);
      wr16(p + 2, 0xF000);
      break;
    case Arch::Xtensa: break;
  }
}

}  // namespace

Result<PrelinkedImage> prelink(const std::string& arch_name, std::span<const std::vector<uint8_t>> objects,
                               std::span<const std::string> func_symbols, std::span<const std::string> entry_symbols) {
  Linker L;
  if (arch_name == "x86_64")
    L.arch = Arch::X86_64, L.is64 = true;
  else if (arch_name == "i386")
    L.arch = Arch::I386, L.is64 = false;
  else if (arch_name == "aarch64")
    L.arch = Arch::AArch64, L.is64 = true;
  else if (arch_name.rfind("thumb", 0) == 0 || arch_name.rfind("arm", 0) == 0)
    L.arch = Arch::Arm, L.is64 = false;
  else if (arch_name == "riscv32")
    L.arch = Arch::RiscV32, L.is64 = false;
  else if (arch_name == "riscv64")
    L.arch = Arch::RiscV64, L.is64 = true;
  else if (arch_name == "xtensa")
    L.arch = Arch::Xtensa, L.is64 = false;
  else
    return fail("the .aot container does not support target " + arch_name);

  // Sections by segment.
  std::vector<size_t> seg[4];
  for (size_t oi = 0; oi < objects.size(); ++oi) {
    auto obj = ObjectFile::createELFObjectFile(
        MemoryBufferRef(StringRef(reinterpret_cast<const char*>(objects[oi].data()), objects[oi].size()), "wasm"));
    if (!obj) {
      std::string msg = toString(obj.takeError());
      return fail("cannot read the compiled object: " + msg);
    }
    L.objs.push_back(std::move(*obj));
    for (const SectionRef& s : L.objs.back()->sections()) {
      ELFSectionRef es(s);
      uint64_t flags = es.getFlags();
      if (!(flags & ELF::SHF_ALLOC)) continue;
      std::string name = section_name(s);
      if (name == ".eh_frame" || name.rfind(".note", 0) == 0 || es.getType() == ELF::SHT_ARM_EXIDX ||
          name.rfind(".ARM.ex", 0) == 0 || es.getType() == ELF::SHT_GROUP)
        continue;
      Seg sg = (flags & ELF::SHF_EXECINSTR)      ? Code
               : es.getType() == ELF::SHT_NOBITS ? Bss
               : (flags & ELF::SHF_WRITE)        ? Data
                                                 : Rodata;
      // Xtensa's l32r reaches its literals only backwards, and LLVM puts a function's
      // literal pool into a read-only section emitted before the function: read-only data
      // stays in the code segment, in object order.
      if (L.arch == Arch::Xtensa && sg == Rodata) sg = Code;
      L.section_index[{oi, s.getIndex()}] = L.sections.size();
      seg[sg].push_back(L.sections.size());
      L.sections.push_back({oi, s, 0});
    }
  }

  // Defined symbols (for cross-object references) before the first pass.
  // Offsets are assigned below; remember (section, value) first.
  std::map<std::string, std::pair<size_t, uint64_t>> defined;
  for (size_t oi = 0; oi < L.objs.size(); ++oi) {
    for (const SymbolRef& sym : L.objs[oi]->symbols()) {
      auto flags = sym.getFlags();
      if (!flags) {
        consumeError(flags.takeError());
        continue;
      }
      if ((*flags & SymbolRef::SF_Undefined) || !(*flags & SymbolRef::SF_Global)) continue;
      auto name = sym.getName();
      auto sec = sym.getSection();
      auto val = sym.getValue();
      if (!name || !sec || !val) {
        if (!name) consumeError(name.takeError());
        if (!sec) consumeError(sec.takeError());
        if (!val) consumeError(val.takeError());
        continue;
      }
      if (*sec == L.objs[oi]->section_end()) continue;
      auto idx = L.section_index.find({oi, (*sec)->getIndex()});
      if (idx == L.section_index.end()) continue;
      uint64_t v = *val;
      if (L.arch == Arch::Arm) v &= ~1ull;
      defined[name->str()] = {idx->second, v};
    }
  }

  // First pass: runtime symbols and GOT slots.
  std::vector<std::string> got_keys;
  auto scan_relocs = [&](auto&& fn) -> Status {
    for (size_t oi = 0; oi < L.objs.size(); ++oi) {
      for (const SectionRef& rs : L.objs[oi]->sections()) {
        auto target = rs.getRelocatedSection();
        if (!target) {
          consumeError(target.takeError());
          continue;
        }
        if (*target == L.objs[oi]->section_end()) continue;
        auto idx = L.section_index.find({oi, (*target)->getIndex()});
        if (idx == L.section_index.end()) continue;
        for (const RelocationRef& r : rs.relocations()) AKIRA_TRY(fn(oi, idx->second, r));
      }
    }
    return {};
  };
  AKIRA_TRY(scan_relocs([&](size_t oi, size_t, const RelocationRef& r) -> Status {
    symbol_iterator si = r.getSymbol();
    if (si == L.objs[oi]->symbol_end()) return {};
    auto name = si->getName();
    auto sec = si->getSection();
    if (!name || !sec) {
      if (!name) consumeError(name.takeError());
      if (!sec) consumeError(sec.takeError());
      return fail("unreadable relocation symbol");
    }
    bool undef = *sec == L.objs[oi]->section_end();
    if (undef && !defined.count(name->str()) && !L.externals.count(name->str()) && *name != kGotSymbol) {
      L.externals[name->str()] = static_cast<uint32_t>(L.symbols.size());
      L.symbols.push_back(name->str());
    }
    if (is_got_type(L.arch, static_cast<uint32_t>(r.getType()))) {
      // Keyed by symbol; internal targets get one slot per (object, symbol).
      std::string key =
          undef && !defined.count(name->str()) ? "@" + name->str() : "?" + std::to_string(oi) + ":" + name->str();
      got_keys.push_back(key);
    }
    return {};
  }));
  // Xtensa's l32r reaches literals only backwards: each .literal.X goes right before .text.X.
  if (L.arch == Arch::Xtensa) {
    std::vector<size_t> ordered, lits;
    std::map<std::string, size_t> lit_of;
    for (size_t i : seg[Code]) {
      std::string n = section_name(L.sections[i].sec);
      if (n.rfind(".literal", 0) == 0) lit_of[std::to_string(L.sections[i].obj) + n.substr(8)] = i;
    }
    for (size_t i : seg[Code]) {
      std::string n = section_name(L.sections[i].sec);
      if (n.rfind(".literal", 0) == 0) continue;
      std::string key = std::to_string(L.sections[i].obj) + (n.rfind(".text", 0) == 0 ? n.substr(5) : n);
      if (auto it = lit_of.find(key); it != lit_of.end()) {
        ordered.push_back(it->second);
        lit_of.erase(it);
      }
      ordered.push_back(i);
    }
    for (auto& [k, i] : lit_of) ordered.insert(ordered.begin(), i);
    seg[Code] = ordered;
  }

  // Layout.
  uint64_t off = 0;
  auto place = [&](Seg sg) {
    for (size_t i : seg[sg]) {
      const SectionRef& s = L.sections[i].sec;
      off = align_up(off, std::max<uint64_t>(1, s.getAlignment().value()));
      L.sections[i].image_offset = off;
      off += s.getSize();
    }
  };
  place(Code);
  uint64_t stubs_at = align_up(off, 16);
  off = stubs_at + L.symbols.size() * L.stub_size();
  L.layout.code_size = static_cast<uint32_t>(off);
  off = align_up(off, aot::kSegmentAlign);
  L.layout.rodata_offset = static_cast<uint32_t>(off);
  place(Rodata);
  off = align_up(off, 8);
  uint64_t got_at = off;
  L.got_base = got_at;
  // External slots first (stubs refer to them), then internal ones.
  std::map<std::string, uint64_t> slot_of;
  for (const auto& s : L.symbols) slot_of["@" + s] = slot_of.size();
  for (const auto& k : got_keys)
    if (!slot_of.count(k)) slot_of[k] = slot_of.size();
  off += slot_of.size() * L.word();
  L.layout.rodata_size = static_cast<uint32_t>(off - L.layout.rodata_offset);
  off = align_up(off, aot::kSegmentAlign);
  L.layout.data_offset = static_cast<uint32_t>(off);
  place(Data);
  L.layout.data_size = static_cast<uint32_t>(off - L.layout.data_offset);
  L.layout.bss_offset = static_cast<uint32_t>(off);
  place(Bss);
  L.layout.bss_size = static_cast<uint32_t>(off - L.layout.bss_offset);
  L.layout.total_size = static_cast<uint32_t>(align_up(off, aot::kSegmentAlign));
  if (off > aot::kMaxImageSize) return fail("the compiled image is too large");
  L.img.assign(L.layout.bss_offset, 0);

  for (const auto& [name, where] : defined) L.globals[name] = L.sections[where.first].image_offset + where.second;

  // Section contents.
  for (const InSection& s : L.sections) {
    if (ELFSectionRef(s.sec).getType() == ELF::SHT_NOBITS) continue;
    auto c = s.sec.getContents();
    if (!c) return fail("unreadable section " + section_name(s.sec) + ": " + toString(c.takeError()));
    if (!c->empty()) std::memcpy(L.img.data() + s.image_offset, c->data(), c->size());
  }

  // GOT slots and stubs for runtime symbols.
  for (size_t i = 0; i < L.symbols.size(); ++i) {
    uint64_t slot = got_at + slot_of.at("@" + L.symbols[i]) * L.word();
    L.got["@" + L.symbols[i]] = slot;
    uint64_t stub = stubs_at + i * L.stub_size();
    L.stubs[L.symbols[i]] = stub;
    Target t;
    t.external = true;
    t.name = L.symbols[i];
    if (L.arch == Arch::Arm) {
      // The literal of the Thumb stub is its second word.
      abs_word(L, stub + 4, t, 0, false);
    }
    abs_word(L, slot, t, 0, L.is64);
    write_stub(L, stub, slot);
  }

  // Second pass: resolve.
  std::map<uint64_t, int64_t> hi20;
  AKIRA_TRY(scan_relocs([&](size_t oi, size_t si, const RelocationRef& r) -> Status {
    const InSection& in = L.sections[si];
    std::string sn = section_name(in.sec);
    std::string tn = type_name(r);
    if (ELFSectionRef(in.sec).getType() == ELF::SHT_NOBITS) return fail("relocation in bss section " + sn);
    uint64_t P = in.image_offset + r.getOffset();
    if (r.getOffset() + 4 > in.sec.getSize() && in.sec.getSize() >= 4 && L.arch != Arch::Xtensa)
      return fail("relocation outside section " + sn);
    auto tr = resolve_symbol(L, oi, r);
    if (!tr) return tr.error();
    Target t = tr.value();
    uint32_t type = static_cast<uint32_t>(r.getType());
    if (is_got_type(L.arch, type)) {
      symbol_iterator sym = r.getSymbol();
      auto name = sym->getName();
      std::string key = t.external ? "@" + t.name : "?" + std::to_string(oi) + ":" + name->str();
      uint64_t slot = got_at + slot_of.at(key) * L.word();
      if (!L.got.count(t.got_key)) {
        L.got[t.got_key] = slot;
        if (!t.external) abs_word(L, slot, t, 0, L.is64);
      }
    }
    int64_t A = 0;
    auto addend = ELFRelocationRef(r).getAddend();
    if (addend)
      A = *addend;
    else
      consumeError(addend.takeError());
    switch (L.arch) {
      case Arch::X86_64:
      case Arch::I386: return apply_x86(L, type, P, t, A, tn, sn);
      case Arch::AArch64: return apply_aarch64(L, type, P, t, A, tn, sn);
      case Arch::Arm: return apply_arm(L, type, P, t, tn, sn);
      case Arch::RiscV32:
      case Arch::RiscV64: return apply_riscv(L, type, P, t, A, tn, sn, hi20);
      case Arch::Xtensa: return apply_xtensa(L, type, P, t, A, tn, sn);
    }
    return {};
  }));

  PrelinkedImage out;
  out.layout = L.layout;
  for (size_t i = 0; i < func_symbols.size(); ++i) {
    auto f = L.globals.find(func_symbols[i]);
    auto e = L.globals.find(entry_symbols[i]);
    if (f == L.globals.end() || e == L.globals.end())
      return fail("compiled code lacks " + (f == L.globals.end() ? func_symbols[i] : entry_symbols[i]));
    uint64_t fo = f->second, eo = e->second;
    if (L.arch == Arch::Arm) fo |= 1, eo |= 1;  // Thumb entry points
    out.funcs.push_back({static_cast<uint32_t>(fo), static_cast<uint32_t>(eo)});
  }
  out.bytes.insert(out.bytes.end(), L.img.begin(), L.img.begin() + L.layout.code_size);
  out.bytes.insert(out.bytes.end(), L.img.begin() + L.layout.rodata_offset,
                   L.img.begin() + L.layout.rodata_offset + L.layout.rodata_size);
  out.bytes.insert(out.bytes.end(), L.img.begin() + L.layout.data_offset,
                   L.img.begin() + L.layout.data_offset + L.layout.data_size);
  out.relocs = std::move(L.relocs);
  out.symbols = std::move(L.symbols);
  return out;
}

}  // namespace akira::compile
