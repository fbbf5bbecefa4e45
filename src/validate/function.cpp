#include "validate/function.h"

#include <algorithm>
#include <bit>

#include "validate/op_sig.h"

namespace akira::validate {

namespace {

bool is_num_or_vec(ValType t) { return !is_ref(t); }  // also true for the unknown type

}  // namespace

bool FunctionValidator::fail(const char* msg) {
  err_ = msg;
  err_what_ = nullptr;
  return false;
}

bool FunctionValidator::fail_unknown(const char* what, uint32_t index) {
  err_ = nullptr;
  err_what_ = what;
  err_index_ = index;
  return false;
}

// ---- operand stack ----

bool FunctionValidator::pop_any(ValType& out) {
  const Frame& f = ctrls_.back();
  if (vals_.size() == f.height) {
    if (f.unreachable) {
      out = kUnknown;
      return true;
    }
    return fail("type mismatch");
  }
  out = vals_.back();
  vals_.pop_back();
  return true;
}

bool FunctionValidator::pop(ValType expect) {
  const Frame& f = ctrls_.back();
  if (vals_.size() == f.height) {
    if (f.unreachable) return true;
    return fail("type mismatch");
  }
  ValType actual = vals_.back();
  vals_.pop_back();
  if (actual != expect && actual != kUnknown && expect != kUnknown) return fail("type mismatch");
  return true;
}

bool FunctionValidator::pop_n(const ValType* types, uint32_t n) {
  for (uint32_t i = n; i-- > 0;)
    if (!pop(types[i])) return false;
  return true;
}

bool FunctionValidator::peek_n(const ValType* types, uint32_t n) {
  const Frame& f = ctrls_.back();
  size_t avail = vals_.size() - f.height;
  for (uint32_t i = 0; i < n; ++i) {
    ValType expect = types[n - 1 - i];
    if (i >= avail) {
      if (f.unreachable) return true;  // everything below is polymorphic
      return fail("type mismatch");
    }
    ValType actual = vals_[vals_.size() - 1 - i];
    if (actual != expect && actual != kUnknown) return fail("type mismatch");
  }
  return true;
}

void FunctionValidator::set_unreachable() {
  Frame& f = ctrls_.back();
  vals_.resize(f.height);
  f.unreachable = true;
}

// ---- control stack ----

bool FunctionValidator::push_ctrl(Op op, const ValType* params, uint32_t np, const ValType* results, uint32_t nr) {
  ctrls_.push_back(Frame{op, false, static_cast<uint32_t>(vals_.size()), params, results, np, nr});
  push_n(params, np);
  return true;
}

bool FunctionValidator::pop_ctrl(Frame& out) {
  const Frame& f = ctrls_.back();
  if (!pop_n(f.results, f.num_results)) return false;
  if (vals_.size() != f.height) return fail("type mismatch");
  out = f;
  ctrls_.pop_back();
  return true;
}

// ---- index spaces ----

// Up to this many locals, local_type() indexes a flat copy instead of searching groups.
constexpr uint64_t kMaxFlatLocals = 4096;

bool FunctionValidator::local_type(uint32_t index, ValType& out) {
  if (index < flat_locals_.size()) {
    out = flat_locals_[index];
    return true;
  }
  // Groups rather than one entry per local: a body may declare millions of locals.
  auto it = std::upper_bound(local_ends_.begin(), local_ends_.end(), uint64_t{index});
  if (it == local_ends_.end()) return fail_unknown("local", index);
  out = local_types_[static_cast<size_t>(it - local_ends_.begin())];
  return true;
}

bool FunctionValidator::need_memory() {
  if (c_.num_memories == 0) return fail_unknown("memory", 0);
  return true;
}

bool FunctionValidator::need_table(uint32_t index) {
  if (index >= c_.num_tables()) return fail_unknown("table", index);
  return true;
}

bool FunctionValidator::mem_align(const Instr& in, uint8_t bytes) {
  if (in.imm.mem.mem.align > static_cast<uint32_t>(std::countr_zero(bytes)))
    return fail("alignment must not be larger than natural");
  return true;
}

// ---- instructions ----

bool FunctionValidator::step_generic(const Instr& in) {
  const OpSig& s = sig(in.op);
  if (!pop_n(s.params, s.num_params)) return false;
  push_n(s.results, s.num_results);
  return true;
}

bool FunctionValidator::step(const Instr& in) {
  const OpInfo& oi = info(in.op);
  switch (oi.cls) {
    case OpClass::Pure:
    case OpClass::Trap:
      if (oi.imm == ImmKind::Lane && in.imm.lane >= oi.bytes) return fail("invalid lane index");
      if (oi.imm == ImmKind::Shuffle)
        for (uint8_t lane : in.imm.v128)
          if (lane >= 32) return fail("invalid lane index");
      return step_generic(in);
    case OpClass::Load:
    case OpClass::Store:
      if (!need_memory() || !mem_align(in, oi.bytes)) return false;
      return step_generic(in);
    case OpClass::LoadLane:
    case OpClass::StoreLane:
      if (!need_memory() || !mem_align(in, oi.bytes)) return false;
      if (in.imm.mem.lane >= 16 / oi.bytes) return fail("invalid lane index");
      return step_generic(in);
    case OpClass::Special: break;
  }

  switch (in.op) {
    case Op::Unreachable: set_unreachable(); return true;
    case Op::Nop: return true;

    case Op::Block:
    case Op::Loop:
    case Op::If: {
      const BlockType& bt = in.imm.block.type;
      std::optional<BlockSignature> sig = c_.m->block_signature(bt);
      if (!sig) return fail_unknown("type", bt.type_index);
      const ValType* p = sig->params.data();
      const ValType* r = sig->results.data();
      auto np = static_cast<uint32_t>(sig->params.size());
      auto nr = static_cast<uint32_t>(sig->results.size());
      if (in.op == Op::If && !pop(ValType::I32)) return false;
      if (!pop_n(p, np)) return false;
      return push_ctrl(in.op, p, np, r, nr);
    }
    case Op::Else: {
      if (ctrls_.back().op != Op::If) return fail("else without if");
      Frame f;
      if (!pop_ctrl(f)) return false;
      return push_ctrl(Op::Else, f.params, f.num_params, f.results, f.num_results);
    }
    case Op::End: {
      Frame f;
      if (!pop_ctrl(f)) return false;
      // An if without else behaves as if the else arm were empty: it must pass its
      // parameters through unchanged.
      if (f.op == Op::If && !std::equal(f.params, f.params + f.num_params, f.results, f.results + f.num_results))
        return fail("type mismatch");
      if (!ctrls_.empty()) push_n(f.results, f.num_results);
      return true;
    }

    case Op::Br: {
      uint32_t l = in.imm.index;
      if (l >= ctrls_.size()) return fail("unknown label");
      const Frame& t = ctrls_[ctrls_.size() - 1 - l];
      if (!pop_n(t.label(), t.label_arity())) return false;
      set_unreachable();
      return true;
    }
    case Op::BrIf: {
      uint32_t l = in.imm.index;
      if (l >= ctrls_.size()) return fail("unknown label");
      if (!pop(ValType::I32)) return false;
      const Frame& t = ctrls_[ctrls_.size() - 1 - l];
      // The fall-through operands take the label's types: this refines unknown
      // operands of a polymorphic stack, as the spec's algorithm does.
      if (!pop_n(t.label(), t.label_arity())) return false;
      push_n(t.label(), t.label_arity());
      return true;
    }
    case Op::BrTable: {
      if (!pop(ValType::I32)) return false;
      const auto& labels = f_->br_labels;
      uint32_t first = in.imm.br_table.first, count = in.imm.br_table.count;
      if (count == 0 || uint64_t{first} + count > labels.size()) return fail("unknown label");
      uint32_t def = labels[first + count - 1];
      if (def >= ctrls_.size()) return fail("unknown label");
      const Frame& d = ctrls_[ctrls_.size() - 1 - def];
      uint32_t arity = d.label_arity();
      for (uint32_t i = 0; i + 1 < count; ++i) {
        uint32_t l = labels[first + i];
        if (l >= ctrls_.size()) return fail("unknown label");
        const Frame& t = ctrls_[ctrls_.size() - 1 - l];
        if (t.label_arity() != arity) return fail("type mismatch");
        if (!peek_n(t.label(), arity)) return false;
      }
      if (!pop_n(d.label(), arity)) return false;
      set_unreachable();
      return true;
    }
    case Op::Return: {
      const Frame& fn = ctrls_.front();
      if (!pop_n(fn.results, fn.num_results)) return false;
      set_unreachable();
      return true;
    }

    case Op::Call: {
      uint32_t x = in.imm.index;
      if (x >= c_.num_funcs()) return fail_unknown("function", x);
      const FuncType& ft = *c_.funcs[x];
      if (!pop_n(ft.params.data(), static_cast<uint32_t>(ft.params.size()))) return false;
      push_n(ft.results.data(), static_cast<uint32_t>(ft.results.size()));
      return true;
    }
    case Op::CallIndirect: {
      uint32_t type = in.imm.index2.a, table = in.imm.index2.b;
      if (!need_table(table)) return false;
      if (type >= c_.num_types()) return fail_unknown("type", type);
      if (c_.tables[table].elem != ValType::FuncRef) return fail("type mismatch");
      const FuncType& ft = c_.m->types[type];
      if (!pop(ValType::I32)) return false;
      if (!pop_n(ft.params.data(), static_cast<uint32_t>(ft.params.size()))) return false;
      push_n(ft.results.data(), static_cast<uint32_t>(ft.results.size()));
      return true;
    }

    case Op::Drop: {
      ValType t;
      return pop_any(t);
    }
    case Op::Select: {
      ValType t1, t2;
      if (!pop(ValType::I32) || !pop_any(t1) || !pop_any(t2)) return false;
      // Untyped select predates reference types: engines may not know how to pick a
      // reference representation without the annotation.
      if (!is_num_or_vec(t1) || !is_num_or_vec(t2)) return fail("type mismatch");
      if (t1 != t2 && t1 != kUnknown && t2 != kUnknown) return fail("type mismatch");
      push(t1 == kUnknown ? t2 : t1);
      return true;
    }
    case Op::SelectT: {
      ValType t = in.imm.type;
      if (!pop(ValType::I32) || !pop(t) || !pop(t)) return false;
      push(t);
      return true;
    }

    case Op::LocalGet:
    case Op::LocalSet:
    case Op::LocalTee: {
      ValType t;
      if (!local_type(in.imm.index, t)) return false;
      if (in.op != Op::LocalGet && !pop(t)) return false;
      if (in.op != Op::LocalSet) push(t);
      return true;
    }
    case Op::GlobalGet:
    case Op::GlobalSet: {
      uint32_t x = in.imm.index;
      if (x >= c_.num_globals()) return fail_unknown("global", x);
      const GlobalType& g = c_.globals[x];
      if (in.op == Op::GlobalGet) {
        push(g.type);
        return true;
      }
      if (!g.mut) return fail("global is immutable");
      return pop(g.type);
    }

    case Op::TableGet:
    case Op::TableSet:
    case Op::TableGrow:
    case Op::TableFill: {
      uint32_t x = in.imm.index;
      if (!need_table(x)) return false;
      ValType t = c_.tables[x].elem;
      switch (in.op) {
        case Op::TableGet:
          if (!pop(ValType::I32)) return false;
          push(t);
          return true;
        case Op::TableSet: return pop(t) && pop(ValType::I32);
        case Op::TableGrow:
          if (!pop(ValType::I32) || !pop(t)) return false;
          push(ValType::I32);
          return true;
        default:  // table.fill
          return pop(ValType::I32) && pop(t) && pop(ValType::I32);
      }
    }
    case Op::TableSize:
      if (!need_table(in.imm.index)) return false;
      return step_generic(in);
    case Op::TableInit: {
      uint32_t elem = in.imm.index2.a, table = in.imm.index2.b;
      if (!need_table(table)) return false;
      if (elem >= c_.num_elems()) return fail_unknown("elem segment", elem);
      if (c_.tables[table].elem != c_.m->elems[elem].type) return fail("type mismatch");
      return step_generic(in);
    }
    case Op::TableCopy: {
      uint32_t dst = in.imm.index2.a, src = in.imm.index2.b;
      if (!need_table(dst) || !need_table(src)) return false;
      if (c_.tables[dst].elem != c_.tables[src].elem) return fail("type mismatch");
      return step_generic(in);
    }
    case Op::ElemDrop:
      if (in.imm.index >= c_.num_elems()) return fail_unknown("elem segment", in.imm.index);
      return true;

    case Op::MemorySize:
    case Op::MemoryGrow:
    case Op::MemoryCopy:
    case Op::MemoryFill:
      if (!need_memory()) return false;
      return step_generic(in);
    case Op::MemoryInit:
      if (!need_memory()) return false;
      if (in.imm.index >= c_.num_datas) return fail_unknown("data segment", in.imm.index);
      return step_generic(in);
    case Op::DataDrop:
      if (in.imm.index >= c_.num_datas) return fail_unknown("data segment", in.imm.index);
      return true;

    case Op::I32Const:
    case Op::I64Const:
    case Op::F32Const:
    case Op::F64Const:
    case Op::V128Const: return step_generic(in);

    case Op::RefNull:
      if (!is_ref(in.imm.type)) return fail("type mismatch");
      push(in.imm.type);
      return true;
    case Op::RefIsNull: {
      ValType t;
      if (!pop_any(t)) return false;
      if (t != kUnknown && !is_ref(t)) return fail("type mismatch");
      push(ValType::I32);
      return true;
    }
    case Op::RefFunc: {
      uint32_t x = in.imm.index;
      if (x >= c_.num_funcs()) return fail_unknown("function", x);
      // Only functions the module already exposes as references may be named, so an
      // engine knows up front which functions need a reference representation.
      if (!c_.declared_refs[x]) return fail("undeclared function reference");
      push(ValType::FuncRef);
      return true;
    }

    default: return fail("unknown operator");
  }
}

Status FunctionValidator::validate(uint32_t func_index, const Function& f, const FuncType& type) {
  f_ = &f;
  type_ = &type;
  vals_.clear();
  ctrls_.clear();
  local_ends_.clear();
  local_types_.clear();
  flat_locals_.clear();

  uint64_t n = 0;
  for (ValType t : type.params) {
    local_ends_.push_back(++n);
    local_types_.push_back(t);
  }
  for (const LocalGroup& g : f.locals) {
    if (g.count == 0) continue;
    n += g.count;
    local_ends_.push_back(n);
    local_types_.push_back(g.type);
  }
  if (n <= kMaxFlatLocals) {
    uint64_t from = 0;
    for (size_t g = 0; g < local_ends_.size(); ++g) {
      flat_locals_.insert(flat_locals_.end(), local_ends_[g] - from, local_types_[g]);
      from = local_ends_[g];
    }
  }

  push_ctrl(Op::End, nullptr, 0, type.results.data(), static_cast<uint32_t>(type.results.size()));
  for (const Instr& in : f.code) {
    if (ctrls_.empty()) return invalid("operators remaining after end of function", in.offset, func_index);
    if (!step(in)) {
      if (err_what_) return unknown(err_what_, err_index_, in.offset, func_index);
      return invalid(err_, in.offset, func_index);
    }
  }
  if (!ctrls_.empty()) {
    int64_t off = f.code.empty() ? int64_t{f.body_offset} : int64_t{f.code.back().offset};
    return invalid("unexpected end of function", off, func_index);
  }
  return {};
}

}  // namespace akira::validate
