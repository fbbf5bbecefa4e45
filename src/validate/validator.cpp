// Module-level rules: index spaces, limits, imports/exports, globals, segments, start;
// then every function body. Checks follow the reference interpreter's order so that a
// module with several faults reports the same one as the spec suite expects.
#include "validate/validator.h"

#include <string_view>
#include <unordered_set>

#include "validate/const_expr.h"
#include "validate/context.h"
#include "validate/function.h"

namespace akira {

namespace {

using validate::Context;
using validate::invalid;
using validate::unknown;

Status check_limits(const Limits& l, uint64_t range, const char* range_msg) {
  if (l.min > range) return invalid(range_msg);
  if (l.max && *l.max > range) return invalid(range_msg);
  if (l.max && l.min > *l.max) return invalid("size minimum must not be greater than maximum");
  return {};
}

Status check_table_type(const TableType& t) {
  if (!is_ref(t.elem)) return invalid("malformed reference type");
  return check_limits(t.limits, kMaxTableSize, "table size must be at most 2^32-1");
}

Status check_memory_type(const MemoryType& t) {
  return check_limits(t.limits, kMaxPages, "memory size must be at most 65536 pages (4GiB)");
}

// Functions that ref.func may name inside bodies: those referenced anywhere outside
// function bodies (exports, global initializers, element segments, offsets).
void collect_refs(const ConstExpr& e, std::vector<uint8_t>& declared) {
  for (const Instr& in : e.code)
    if (in.op == Op::RefFunc && in.imm.index < declared.size()) declared[in.imm.index] = 1;
}

// Builds the index spaces; fails on imports whose descriptors are invalid.
Status build_context(const Module& m, Context& c) {
  c.m = &m;
  const uint32_t ntypes = static_cast<uint32_t>(m.types.size());
  c.funcs.reserve(m.total_funcs());
  c.tables.reserve(m.total_tables());
  c.globals.reserve(m.total_globals());

  uint32_t nfuncs = 0, ntables = 0, nmems = 0, nglobals = 0;
  for (const Import& im : m.imports) {
    switch (im.kind) {
      case ExternKind::Func:
        if (im.func_type >= ntypes) return unknown("type", im.func_type);
        c.funcs.push_back(&m.types[im.func_type]);
        ++nfuncs;
        break;
      case ExternKind::Table:
        AKIRA_TRY(check_table_type(im.table));
        c.tables.push_back(im.table);
        ++ntables;
        break;
      case ExternKind::Memory:
        AKIRA_TRY(check_memory_type(im.memory));
        ++nmems;
        break;
      case ExternKind::Global:
        c.globals.push_back(im.global);
        ++nglobals;
        break;
    }
  }
  // The decoder fills the counters; a disagreement would make every index check wrong.
  if (nfuncs != m.num_imported_funcs || ntables != m.num_imported_tables || nmems != m.num_imported_memories ||
      nglobals != m.num_imported_globals)
    return invalid("inconsistent import counts");

  for (uint32_t i = 0; i < m.functions.size(); ++i) {
    uint32_t t = m.functions[i].type_index;
    if (t >= ntypes) return unknown("type", t);
    c.funcs.push_back(&m.types[t]);
  }
  for (const TableType& t : m.tables) c.tables.push_back(t);
  for (const Global& g : m.globals) c.globals.push_back(g.type);
  c.num_memories = m.total_memories();
  c.num_imported_globals = m.num_imported_globals;
  c.num_datas = m.data_count ? *m.data_count : static_cast<uint32_t>(m.datas.size());

  c.declared_refs.assign(c.funcs.size(), 0);
  for (const Global& g : m.globals) collect_refs(g.init, c.declared_refs);
  for (const ElemSegment& e : m.elems) {
    collect_refs(e.offset, c.declared_refs);
    for (const ConstExpr& item : e.items) collect_refs(item, c.declared_refs);
  }
  for (const DataSegment& d : m.datas) collect_refs(d.offset, c.declared_refs);
  for (const Export& e : m.exports)
    if (e.kind == ExternKind::Func && e.index < c.declared_refs.size()) c.declared_refs[e.index] = 1;
  return {};
}

Status check_elem(const Context& c, const ElemSegment& e) {
  if (!is_ref(e.type)) return invalid("malformed reference type");
  for (const ConstExpr& item : e.items) AKIRA_TRY(validate::validate_const_expr(c, item, e.type));
  if (e.mode == ElemSegment::Active) {
    if (e.table >= c.num_tables()) return unknown("table", e.table);
    if (c.tables[e.table].elem != e.type) return invalid("type mismatch");
    AKIRA_TRY(validate::validate_const_expr(c, e.offset, ValType::I32));
  }
  return {};
}

Status check_data(const Context& c, const DataSegment& d) {
  if (d.mode == DataSegment::Active) {
    if (d.memory >= c.num_memories) return unknown("memory", d.memory);
    AKIRA_TRY(validate::validate_const_expr(c, d.offset, ValType::I32));
  }
  return {};
}

Status check_export(const Context& c, const Export& e) {
  uint32_t limit = 0;
  const char* what = "";
  switch (e.kind) {
    case ExternKind::Func:
      limit = c.num_funcs();
      what = "function";
      break;
    case ExternKind::Table:
      limit = c.num_tables();
      what = "table";
      break;
    case ExternKind::Memory:
      limit = c.num_memories;
      what = "memory";
      break;
    case ExternKind::Global:
      limit = c.num_globals();
      what = "global";
      break;
  }
  if (e.index >= limit) return unknown(what, e.index);
  return {};
}

}  // namespace

Status validate_module(const Module& m) {
  Context c;
  AKIRA_TRY(build_context(m, c));

  for (const Global& g : m.globals) AKIRA_TRY(validate::validate_const_expr(c, g.init, g.type.type));
  for (const TableType& t : m.tables) AKIRA_TRY(check_table_type(t));
  for (const MemoryType& mt : m.memories) AKIRA_TRY(check_memory_type(mt));
  for (const ElemSegment& e : m.elems) AKIRA_TRY(check_elem(c, e));
  for (const DataSegment& d : m.datas) AKIRA_TRY(check_data(c, d));

  validate::FunctionValidator fv(c);
  for (uint32_t i = 0; i < m.functions.size(); ++i) {
    uint32_t index = m.num_imported_funcs + i;
    AKIRA_TRY(fv.validate(index, m.functions[i], *c.funcs[index]));
  }

  if (m.start) {
    if (*m.start >= c.num_funcs()) return unknown("function", *m.start);
    const FuncType& ft = *c.funcs[*m.start];
    if (!ft.params.empty() || !ft.results.empty()) return invalid("start function");
  }

  std::unordered_set<std::string_view> names;
  names.reserve(m.exports.size());
  for (const Export& e : m.exports) {
    AKIRA_TRY(check_export(c, e));
    if (!names.insert(e.name).second) return invalid("duplicate export name");
  }

  if (c.num_memories > 1) return invalid("multiple memories");
  return {};
}

}  // namespace akira
