// Hand-built modules for the validator's unit tests: each test states only the
// parts of a module its rule is about.
#pragma once
#include <initializer_list>
#include <string>
#include <vector>

#include "validate/validator.h"
#include "wasm/module.h"

namespace akira::test {

inline Instr op(Op o, uint32_t offset = 0) {
  Instr in;
  in.op = o;
  in.offset = offset;
  return in;
}
inline Instr idx(Op o, uint32_t index) {
  Instr in = op(o);
  in.imm.index = index;
  return in;
}
inline Instr idx2(Op o, uint32_t a, uint32_t b) {
  Instr in = op(o);
  in.imm.index2 = {a, b};
  return in;
}
inline Instr i32c(uint32_t v) {
  Instr in = op(Op::I32Const);
  in.imm.i32 = v;
  return in;
}
inline Instr i64c(uint64_t v) {
  Instr in = op(Op::I64Const);
  in.imm.i64 = v;
  return in;
}
inline Instr f32c() { return op(Op::F32Const); }
inline Instr f64c() { return op(Op::F64Const); }
inline Instr v128c() { return op(Op::V128Const); }
inline Instr typed(Op o, ValType t) {
  Instr in = op(o);
  in.imm.type = t;
  return in;
}
inline Instr ref_null(ValType t) { return typed(Op::RefNull, t); }
inline Instr block(Op o) { return op(o); }
inline Instr block(Op o, ValType result) {
  Instr in = op(o);
  in.imm.block.type.kind = BlockType::Value;
  in.imm.block.type.value = result;
  return in;
}
inline Instr block_idx(Op o, uint32_t type_index) {
  Instr in = op(o);
  in.imm.block.type.kind = BlockType::TypeIndex;
  in.imm.block.type.type_index = type_index;
  return in;
}
inline Instr mem(Op o, uint32_t align, uint32_t offset = 0) {
  Instr in = op(o);
  in.imm.mem.mem.align = align;
  in.imm.mem.mem.offset = offset;
  return in;
}
inline Instr mem_lane(Op o, uint32_t align, uint8_t lane) {
  Instr in = mem(o, align);
  in.imm.mem.lane = lane;
  return in;
}
inline Instr lane(Op o, uint8_t l) {
  Instr in = op(o);
  in.imm.lane = l;
  return in;
}
inline Instr end() { return op(Op::End); }

inline ConstExpr cexpr(std::initializer_list<Instr> code) {
  ConstExpr e;
  e.code.assign(code);
  e.code.push_back(end());
  return e;
}

struct ModuleBuilder {
  Module m;

  uint32_t type(std::vector<ValType> params, std::vector<ValType> results) {
    m.types.push_back(FuncType{std::move(params), std::move(results)});
    return static_cast<uint32_t>(m.types.size() - 1);
  }
  // Adds a function; `code` gets the final `end` appended. Returns its function index.
  uint32_t func(uint32_t type_index, std::vector<Instr> code, std::vector<LocalGroup> locals = {}) {
    Function f;
    f.type_index = type_index;
    f.locals = std::move(locals);
    f.code = std::move(code);
    f.code.push_back(end());
    m.functions.push_back(std::move(f));
    return m.total_funcs() - 1;
  }
  // Function with a br_table: `labels` is the label vector, the default last.
  uint32_t func_br_table(uint32_t type_index, std::vector<Instr> code, std::vector<uint32_t> labels) {
    uint32_t x = func(type_index, std::move(code));
    m.functions.back().br_labels = std::move(labels);
    return x;
  }
  void import_func(uint32_t type_index) {
    Import im;
    im.module = "m";
    im.name = "f" + std::to_string(m.imports.size());
    im.kind = ExternKind::Func;
    im.func_type = type_index;
    m.imports.push_back(im);
    ++m.num_imported_funcs;
  }
  void import_global(ValType t, bool mut) {
    Import im;
    im.module = "m";
    im.name = "g" + std::to_string(m.imports.size());
    im.kind = ExternKind::Global;
    im.global = {t, mut};
    m.imports.push_back(im);
    ++m.num_imported_globals;
  }
  void import_memory(uint64_t min, std::optional<uint64_t> max = {}) {
    Import im;
    im.module = "m";
    im.name = "mem" + std::to_string(m.imports.size());
    im.kind = ExternKind::Memory;
    im.memory.limits = {min, max};
    m.imports.push_back(im);
    ++m.num_imported_memories;
  }
  void import_table(ValType t, uint64_t min, std::optional<uint64_t> max = {}) {
    Import im;
    im.module = "m";
    im.name = "t" + std::to_string(m.imports.size());
    im.kind = ExternKind::Table;
    im.table = {t, {min, max}};
    m.imports.push_back(im);
    ++m.num_imported_tables;
  }
  void memory(uint64_t min = 1, std::optional<uint64_t> max = {}) { m.memories.push_back(MemoryType{{min, max}}); }
  void table(ValType t = ValType::FuncRef, uint64_t min = 1, std::optional<uint64_t> max = {}) {
    m.tables.push_back(TableType{t, {min, max}});
  }
  void global(ValType t, bool mut, ConstExpr init) { m.globals.push_back(Global{{t, mut}, std::move(init)}); }
  void exp(std::string name, ExternKind k, uint32_t index) { m.exports.push_back(Export{std::move(name), k, index}); }
  void elem(ElemSegment::Mode mode, ValType t, std::vector<ConstExpr> items, uint32_t table = 0) {
    ElemSegment e;
    e.mode = mode;
    e.type = t;
    e.table = table;
    if (mode == ElemSegment::Active) e.offset = cexpr({i32c(0)});
    e.items = std::move(items);
    m.elems.push_back(std::move(e));
  }
  void data(DataSegment::Mode mode, uint32_t memory = 0) {
    DataSegment d;
    d.mode = mode;
    d.memory = memory;
    if (mode == DataSegment::Active) d.offset = cexpr({i32c(0)});
    m.datas.push_back(std::move(d));
  }
};

// The error message, or "" when the module validates.
inline std::string check(const Module& m) {
  Status s = validate_module(m);
  return s.ok() ? std::string() : s.error().message;
}

}  // namespace akira::test
