// Module structure: header, sections in order, and the cross-section checks.
//
// Like the spec's reference decoder, every read is bounded by the end of the module
// rather than by the end of the current section or function body; the declared size
// is checked after the contents are read ("section size mismatch"). This is what
// makes the spec suite's expected messages come out: a body missing its `end` runs
// into the next bytes and fails there.
#include "decode/decoder.h"

#include <algorithm>
#include <limits>

#include "decode/code.h"
#include "decode/names.h"
#include "decode/reader.h"

namespace akira {
namespace {

using decode::ExprState;
using decode::Reader;

enum SectionId : uint8_t {
  kCustom = 0,
  kType,
  kImport,
  kFunction,
  kTable,
  kMemory,
  kGlobal,
  kExport,
  kStart,
  kElem,
  kCode,
  kData,
  kDataCount,
};

// Position of each known section in the required order (data count sits before code).
int section_rank(uint8_t id) {
  static constexpr int kRank[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
  return kRank[id];
}

class Decoder {
 public:
  explicit Decoder(Module& m) : m_(m), r_(m.bytes.data(), 0, m.bytes.size()) {}

  Status run();

 private:
  void header();
  void section(uint8_t id);
  void custom_section(size_t start, uint32_t size);
  void type_section();
  void import_section();
  void function_section();
  void table_section();
  void memory_section();
  void global_section();
  void export_section();
  void elem_section();
  void code_section();
  void data_section();

  Limits limits();
  TableType table_type();
  GlobalType global_type();
  ConstExpr const_expr();
  ConstExpr ref_func_item();
  void function_body(Function& f, uint32_t func_index);

  // Room for at most `count` entries, but no more than the bytes left could encode,
  // so a hostile count cannot make us allocate.
  template <class V> void reserve(V& v, uint32_t count) { v.reserve(std::min<size_t>(count, r_.remaining())); }

  Module& m_;
  Reader r_;
  ExprState expr_state_;
  std::vector<uint32_t> scratch_labels_;  // br_table labels of constant expressions
  size_t function_count_ = 0;             // from the function section
  size_t code_count_ = 0;                 // bodies in the code section
  std::optional<std::pair<size_t, size_t>> name_section_;
};

Status Decoder::run() {
  if (m_.bytes.size() > std::numeric_limits<uint32_t>::max())
    return make_error(ErrorKind::Malformed, "module too large");

  header();
  int last_rank = 0;
  while (r_.ok() && !r_.at_end()) {
    size_t id_at = r_.pos();
    uint8_t id = r_.u8();
    if (id > kDataCount) {
      r_.fail("malformed section id", id_at);
      break;
    }
    if (id != kCustom) {
      int rank = section_rank(id);
      if (rank <= last_rank) {
        r_.fail("unexpected content after last section", id_at);
        break;
      }
      last_rank = rank;
    }
    r_.set_eof_message("unexpected end");
    uint32_t size = r_.len32();
    r_.set_eof_message("unexpected end of section or function");
    if (!r_.ok()) break;
    size_t start = r_.pos();
    if (id == kCustom)
      custom_section(start, size);
    else
      section(id);
    if (r_.ok() && r_.pos() != start + size) r_.fail("section size mismatch", start);
  }
  if (!r_.ok()) return r_.error();

  const size_t end = m_.bytes.size();
  if (code_count_ != function_count_)
    return make_error(ErrorKind::Malformed, "function and code section have inconsistent lengths",
                      static_cast<int64_t>(end));
  if (m_.data_count && *m_.data_count != m_.datas.size())
    return make_error(ErrorKind::Malformed, "data count and data section have inconsistent lengths",
                      static_cast<int64_t>(end));
  // Without any data segment every data index is out of range, so the module is
  // rejected either way; leaving it to the validator ("unknown data segment") accepts
  // the binaries of text-format tools that omit the data count section then.
  if (!m_.data_count && expr_state_.uses_data_index && !m_.datas.empty())
    return make_error(ErrorKind::Malformed, "data count section required", static_cast<int64_t>(end));
  if (expr_state_.deferred) return *expr_state_.deferred;

  if (name_section_) decode::read_name_section(m_, name_section_->first, name_section_->second);
  return {};
}

void Decoder::header() {
  // The spec reads the magic and the version as whole words before comparing, so a
  // short module is "unexpected end" even when its first bytes are already wrong.
  r_.set_eof_message("unexpected end");
  uint32_t magic = r_.fixed_u32();
  if (r_.ok() && magic != 0x6D736100u) r_.fail("magic header not detected", 0);
  uint32_t version = r_.fixed_u32();
  if (r_.ok() && version != 1) r_.fail("unknown binary version", 4);
  r_.set_eof_message("unexpected end of section or function");
}

void Decoder::section(uint8_t id) {
  switch (id) {
    case kType: type_section(); break;
    case kImport: import_section(); break;
    case kFunction: function_section(); break;
    case kTable: table_section(); break;
    case kMemory: memory_section(); break;
    case kGlobal: global_section(); break;
    case kExport: export_section(); break;
    case kStart: m_.start = r_.u32(); break;
    case kElem: elem_section(); break;
    case kDataCount: m_.data_count = r_.u32(); break;
    case kCode: code_section(); break;
    case kData: data_section(); break;
    default: break;
  }
}

void Decoder::custom_section(size_t start, uint32_t size) {
  std::string name = r_.name();
  if (!r_.ok()) return;
  size_t end = start + size;
  if (r_.pos() > end) {
    // The name ran past the section's end: the payload would have negative size.
    r_.fail("unexpected end of section or function", r_.end());
    return;
  }
  size_t payload = r_.pos();
  r_.skip(end - payload);
  if (!r_.ok()) return;
  if (name == "name" && !name_section_) name_section_.emplace(payload, end);
  m_.customs.push_back(
      CustomSection{std::move(name), static_cast<uint32_t>(payload), static_cast<uint32_t>(end - payload)});
}

void Decoder::type_section() {
  uint32_t n = r_.len32();
  reserve(m_.types, n);
  for (uint32_t i = 0; i < n && r_.ok(); ++i) {
    size_t at = r_.pos();
    int64_t form = r_.signed_leb(7);
    if (!r_.ok()) return;
    if (form != -0x20) {
      r_.fail("malformed function type", at);
      return;
    }
    FuncType ft;
    uint32_t np = r_.len32();
    reserve(ft.params, np);
    for (uint32_t k = 0; k < np && r_.ok(); ++k) ft.params.push_back(decode::read_value_type(r_));
    uint32_t nr = r_.len32();
    reserve(ft.results, nr);
    for (uint32_t k = 0; k < nr && r_.ok(); ++k) ft.results.push_back(decode::read_value_type(r_));
    m_.types.push_back(std::move(ft));
  }
}

Limits Decoder::limits() {
  Limits l;
  bool has_max = r_.flag();
  l.min = r_.u32();
  if (has_max) l.max = r_.u32();
  return l;
}

TableType Decoder::table_type() {
  TableType t;
  t.elem = decode::read_ref_type(r_);
  t.limits = limits();
  return t;
}

GlobalType Decoder::global_type() {
  GlobalType g;
  g.type = decode::read_value_type(r_);
  size_t at = r_.pos();
  uint8_t mut = r_.u8();
  if (r_.ok() && mut > 1) r_.fail("malformed mutability", at);
  g.mut = mut == 1;
  return g;
}

void Decoder::import_section() {
  uint32_t n = r_.len32();
  reserve(m_.imports, n);
  for (uint32_t i = 0; i < n && r_.ok(); ++i) {
    Import im;
    im.module = r_.name();
    im.name = r_.name();
    size_t at = r_.pos();
    uint8_t kind = r_.u8();
    if (!r_.ok()) return;
    switch (kind) {
      case 0:
        im.kind = ExternKind::Func;
        im.func_type = r_.u32();
        ++m_.num_imported_funcs;
        break;
      case 1:
        im.kind = ExternKind::Table;
        im.table = table_type();
        ++m_.num_imported_tables;
        break;
      case 2:
        im.kind = ExternKind::Memory;
        im.memory.limits = limits();
        ++m_.num_imported_memories;
        break;
      case 3:
        im.kind = ExternKind::Global;
        im.global = global_type();
        ++m_.num_imported_globals;
        break;
      default: r_.fail("malformed import kind", at); return;
    }
    m_.imports.push_back(std::move(im));
  }
}

void Decoder::function_section() {
  uint32_t n = r_.len32();
  reserve(m_.functions, n);
  for (uint32_t i = 0; i < n && r_.ok(); ++i) {
    Function f;
    f.type_index = r_.u32();
    m_.functions.push_back(std::move(f));
  }
  // Bodies fill these entries in; the code section checks the two counts agree.
  function_count_ = m_.functions.size();
}

void Decoder::table_section() {
  uint32_t n = r_.len32();
  reserve(m_.tables, n);
  for (uint32_t i = 0; i < n && r_.ok(); ++i) m_.tables.push_back(table_type());
}

void Decoder::memory_section() {
  uint32_t n = r_.len32();
  reserve(m_.memories, n);
  for (uint32_t i = 0; i < n && r_.ok(); ++i) m_.memories.push_back(MemoryType{limits()});
}

ConstExpr Decoder::const_expr() {
  ConstExpr e;
  decode::decode_expr(r_, e.code, scratch_labels_, expr_state_);
  return e;
}

void Decoder::global_section() {
  uint32_t n = r_.len32();
  reserve(m_.globals, n);
  for (uint32_t i = 0; i < n && r_.ok(); ++i) {
    Global g;
    g.type = global_type();
    if (!r_.ok()) return;
    g.init = const_expr();
    m_.globals.push_back(std::move(g));
  }
}

void Decoder::export_section() {
  uint32_t n = r_.len32();
  reserve(m_.exports, n);
  for (uint32_t i = 0; i < n && r_.ok(); ++i) {
    Export e;
    e.name = r_.name();
    size_t at = r_.pos();
    uint8_t kind = r_.u8();
    if (!r_.ok()) return;
    if (kind > 3) {
      r_.fail("malformed export kind", at);
      return;
    }
    e.kind = static_cast<ExternKind>(kind);
    e.index = r_.u32();
    m_.exports.push_back(std::move(e));
  }
}

// Element segments given as function indices become `ref.func i; end`, so later
// stages see one form.
ConstExpr Decoder::ref_func_item() {
  ConstExpr e;
  Instr f;
  f.op = Op::RefFunc;
  f.offset = static_cast<uint32_t>(r_.pos());
  f.imm.index = r_.u32();
  Instr end;
  end.op = Op::End;
  end.offset = f.offset;
  e.code = {f, end};
  return e;
}

void Decoder::elem_section() {
  uint32_t n = r_.len32();
  reserve(m_.elems, n);
  for (uint32_t i = 0; i < n && r_.ok(); ++i) {
    size_t at = r_.pos();
    uint32_t flags = r_.u32();
    if (!r_.ok()) return;
    if (flags > 7) {
      r_.fail("malformed elements segment kind", at);
      return;
    }
    // Bit 0: passive or declarative (else active); bit 1: explicit table index when
    // active, declarative when not; bit 2: items are expressions with a reference type.
    ElemSegment seg;
    const bool active = !(flags & 1);
    const bool exprs = flags & 4;
    if (active) {
      seg.mode = ElemSegment::Active;
      if (flags & 2) seg.table = r_.u32();
      seg.offset = const_expr();
    } else {
      seg.mode = (flags & 2) ? ElemSegment::Declarative : ElemSegment::Passive;
    }
    if (flags & 3) {  // an element kind or reference type follows
      if (exprs) {
        seg.type = decode::read_ref_type(r_);
      } else {
        size_t kat = r_.pos();
        uint8_t kind = r_.u8();
        if (r_.ok() && kind != 0x00) r_.fail("malformed element kind", kat);
        seg.type = ValType::FuncRef;
      }
    }
    uint32_t count = r_.len32();
    reserve(seg.items, count);
    for (uint32_t k = 0; k < count && r_.ok(); ++k) seg.items.push_back(exprs ? const_expr() : ref_func_item());
    m_.elems.push_back(std::move(seg));
  }
}

void Decoder::code_section() {
  uint32_t n = r_.len32();
  for (uint32_t i = 0; i < n && r_.ok(); ++i) {
    // A body without a function entry is still decoded, as the spec does, so that
    // errors inside it take precedence; the count mismatch is reported at the end.
    if (i >= m_.functions.size()) m_.functions.emplace_back();
    function_body(m_.functions[i], m_.num_imported_funcs + i);
  }
  code_count_ = n;
}

void Decoder::function_body(Function& f, uint32_t func_index) {
  f.body_offset = static_cast<uint32_t>(r_.pos());
  uint32_t size = r_.len32();
  f.body_size = size;
  size_t start = r_.pos();

  size_t locals_at = r_.pos();
  uint32_t groups = r_.len32();
  reserve(f.locals, groups);
  uint64_t total = 0;
  for (uint32_t g = 0; g < groups && r_.ok(); ++g) {
    LocalGroup lg;
    lg.count = r_.u32();
    lg.type = decode::read_value_type(r_);
    total += lg.count;
    f.locals.push_back(lg);
  }
  if (r_.ok() && total > std::numeric_limits<uint32_t>::max()) r_.fail("too many locals", locals_at);

  if (r_.ok()) decode::decode_expr(r_, f.code, f.br_labels, expr_state_);
  if (r_.ok() && r_.pos() != start + size) r_.fail("section size mismatch", start);
  if (!r_.ok() && r_.error().func_index < 0) r_.error().func_index = func_index;
}

void Decoder::data_section() {
  uint32_t n = r_.len32();
  reserve(m_.datas, n);
  for (uint32_t i = 0; i < n && r_.ok(); ++i) {
    size_t at = r_.pos();
    uint32_t flags = r_.u32();
    if (!r_.ok()) return;
    DataSegment seg;
    switch (flags) {
      case 0:
        seg.mode = DataSegment::Active;
        seg.offset = const_expr();
        break;
      case 1: seg.mode = DataSegment::Passive; break;
      case 2:
        seg.mode = DataSegment::Active;
        seg.memory = r_.u32();
        seg.offset = const_expr();
        break;
      default: r_.fail("malformed data segment kind", at); return;
    }
    uint32_t size = r_.len32();
    seg.data_offset = static_cast<uint32_t>(r_.pos());
    seg.data_size = size;
    r_.skip(size);
    m_.datas.push_back(std::move(seg));
  }
}

}  // namespace

Result<std::shared_ptr<Module>> decode_module(std::vector<uint8_t> bytes) {
  auto m = std::make_shared<Module>();
  m->bytes = std::move(bytes);
  Decoder d(*m);
  Status s = d.run();
  if (!s.ok()) return s.error();
  return m;
}

}  // namespace akira
