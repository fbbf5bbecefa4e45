#include "runtime/instantiate.h"

#include <cstring>

namespace akira {

namespace {

Error link_error(std::string msg) { return make_error(ErrorKind::Unlinkable, std::move(msg)); }

// Limits subtyping for imports: the provided object must be at least as large as
// required and promise a maximum no larger than required.
bool limits_match(uint64_t have_min, std::optional<uint64_t> have_max, const Limits& want) {
  if (have_min < want.min) return false;
  if (!want.max) return true;
  return have_max && *have_max <= *want.max;
}

Status check_import(const Module& m, const Import& im, const Extern& e) {
  auto incompatible = [&] { return link_error("incompatible import type for " + im.module + "." + im.name); };
  if (e.kind != im.kind) return incompatible();
  switch (im.kind) {
    case ExternKind::Func:
      if (!(e.func()->type == m.types[im.func_type])) return incompatible();
      break;
    case ExternKind::Table: {
      const TableInst* t = e.table();
      std::optional<uint64_t> max;
      if (t->type.limits.max) max = t->max;
      if (t->type.elem != im.table.elem || !limits_match(t->elems.size(), max, im.table.limits)) return incompatible();
      break;
    }
    case ExternKind::Memory: {
      const MemoryInst* mem = e.memory();
      if (!limits_match(mem->pages(), mem->type.limits.max, im.memory.limits)) return incompatible();
      break;
    }
    case ExternKind::Global: {
      const GlobalInst* g = e.global();
      if (g->type.type != im.global.type || g->type.mut != im.global.mut) return incompatible();
      break;
    }
  }
  return {};
}

// Constant expressions were validated: one value-producing instruction then `end`.
Value eval_const(const ConstExpr& e, const Instance& inst) {
  Value v;
  for (const Instr& in : e.code) {
    switch (in.op) {
      case Op::I32Const: v.i32 = in.imm.i32; break;
      case Op::I64Const: v.i64 = in.imm.i64; break;
      case Op::F32Const: v.i32 = in.imm.f32_bits; break;
      case Op::F64Const: v.i64 = in.imm.f64_bits; break;
      case Op::V128Const: std::memcpy(v.v128.b, in.imm.v128, 16); break;
      case Op::RefNull: v.ref = nullptr; break;
      case Op::RefFunc: v.ref = inst.funcs[in.imm.index]; break;
      case Op::GlobalGet: v = inst.globals[in.imm.index]->value; break;
      default: break;
    }
  }
  return v;
}

}  // namespace

Result<Instance*> instantiate(Store& store, std::shared_ptr<const Module> module, const std::vector<Extern>& imports,
                              std::string name, const ModuleCode& code) {
  const Module& m = *module;
  if (imports.size() != m.imports.size())
    return link_error("wrong number of imports: expected " + std::to_string(m.imports.size()) + ", got " +
                      std::to_string(imports.size()));
  for (size_t i = 0; i < imports.size(); ++i) AKIRA_TRY(check_import(m, m.imports[i], imports[i]));

  Instance* inst = store.new_instance();
  inst->module = module;
  inst->name = std::move(name);
  for (const Extern& e : imports) {
    switch (e.kind) {
      case ExternKind::Func: inst->funcs.push_back(e.func()); break;
      case ExternKind::Table: inst->tables.push_back(e.table()); break;
      case ExternKind::Memory: inst->memories.push_back(e.memory()); break;
      case ExternKind::Global: inst->globals.push_back(e.global()); break;
    }
  }
  for (size_t i = 0; i < m.functions.size(); ++i) {
    uint32_t index = m.num_imported_funcs + static_cast<uint32_t>(i);
    inst->funcs.push_back(store.new_func(m.types[m.functions[i].type_index], inst, index));
  }
  for (const TableType& t : m.tables) inst->tables.push_back(store.new_table(t));
  for (const MemoryType& mt : m.memories) {
    auto mem = store.new_memory(mt);
    if (!mem) return mem.error();
    inst->memories.push_back(*mem);
  }
  // Globals may read imported globals and take references to functions: both exist now.
  for (const Global& g : m.globals) inst->globals.push_back(store.new_global(g.type, eval_const(g.init, *inst)));
  for (const Export& ex : m.exports) {
    Extern e{ex.kind, nullptr};
    switch (ex.kind) {
      case ExternKind::Func: e.ptr = inst->funcs[ex.index]; break;
      case ExternKind::Table: e.ptr = inst->tables[ex.index]; break;
      case ExternKind::Memory: e.ptr = inst->memories[ex.index]; break;
      case ExternKind::Global: e.ptr = inst->globals[ex.index]; break;
    }
    inst->exports.emplace(ex.name, e);
  }
  inst->elems.resize(m.elems.size());
  for (size_t i = 0; i < m.elems.size(); ++i) {
    ElemInst& ei = inst->elems[i];
    ei.type = m.elems[i].type;
    ei.refs.reserve(m.elems[i].items.size());
    for (const ConstExpr& item : m.elems[i].items) ei.refs.push_back(eval_const(item, *inst).ref);
  }
  inst->data_dropped.assign(m.datas.size(), 0);

  AKIRA_TRY(code.bind(store, *inst));

  // Segments initialise in module order; a failing one traps but what was written
  // before it stays written (visible through shared tables and memories).
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    if (seg.mode == ElemSegment::Active) {
      uint64_t offset = eval_const(seg.offset, *inst).i32;
      const auto& refs = inst->elems[i].refs;
      if (TrapCode c = inst->tables[seg.table]->init(offset, refs, 0, refs.size()); c != TrapCode::None)
        return make_trap(c);
    }
    if (seg.mode != ElemSegment::Passive) inst->drop_elem(static_cast<uint32_t>(i));
  }
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& seg = m.datas[i];
    if (seg.mode != DataSegment::Active) continue;
    uint64_t offset = eval_const(seg.offset, *inst).i32;
    auto bytes = inst->data_segment(static_cast<uint32_t>(i));
    if (TrapCode c = inst->memories[seg.memory]->init(offset, bytes, 0, bytes.size()); c != TrapCode::None)
      return make_trap(c);
    inst->drop_data(static_cast<uint32_t>(i));
  }
  if (m.start) {
    auto r = store.invoke(inst->funcs[*m.start], {});
    if (!r) return r.error();
  }
  return inst;
}

void Linker::define(std::string module, std::string name, Extern e) { defs_[{std::move(module), std::move(name)}] = e; }

void Linker::define_instance(const std::string& module, const Instance& inst) {
  for (const auto& [name, e] : inst.exports) define(module, name, e);
}

const Extern* Linker::find(std::string_view module, std::string_view name) const {
  auto it = defs_.find(std::pair<std::string, std::string>(module, name));
  return it == defs_.end() ? nullptr : &it->second;
}

Result<std::vector<Extern>> Linker::resolve(const Module& m) const {
  std::vector<Extern> out;
  out.reserve(m.imports.size());
  for (const Import& im : m.imports) {
    const Extern* e = find(im.module, im.name);
    if (!e) return link_error("unknown import: " + im.module + "." + im.name);
    out.push_back(*e);
  }
  return out;
}

Result<Instance*> Linker::instantiate(Store& store, std::shared_ptr<const Module> m, std::string name,
                                      const ModuleCode& code) {
  auto imports = resolve(*m);
  if (!imports) return imports.error();
  return akira::instantiate(store, std::move(m), *imports, std::move(name), code);
}

}  // namespace akira
