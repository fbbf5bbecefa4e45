#include "decode/code.h"

#include <array>
#include <limits>

#include "wasm/opcode.h"

namespace akira::decode {
namespace {

constexpr uint16_t kNoOp = 0xFFFF;
constexpr uint32_t kNoElse = std::numeric_limits<uint32_t>::max();

// Opcode -> Op lookup, built once from the shared table. Prefixed opcodes in Wasm
// 2.0 stay below 0x200, so flat arrays suffice; larger sub-opcodes are illegal.
struct OpTables {
  std::array<uint16_t, 256> plain;
  std::array<uint16_t, 512> fc;
  std::array<uint16_t, 512> fd;

  OpTables() {
    plain.fill(kNoOp);
    fc.fill(kNoOp);
    fd.fill(kNoOp);
    for (unsigned i = 0; i < kOpCount; ++i) {
      const OpInfo& in = kOpInfo[i];
      if (in.prefix == 0 && in.code < plain.size()) plain[in.code] = static_cast<uint16_t>(i);
      if (in.prefix == 0xFC && in.code < fc.size()) fc[in.code] = static_cast<uint16_t>(i);
      if (in.prefix == 0xFD && in.code < fd.size()) fd[in.code] = static_cast<uint16_t>(i);
    }
  }

  uint16_t lookup(uint8_t prefix, uint32_t code) const {
    if (prefix == 0) return plain[code & 0xFF];
    const auto& t = prefix == 0xFC ? fc : fd;
    return code < t.size() ? t[code] : kNoOp;
  }
};

const OpTables& tables() {
  static const OpTables t;
  return t;
}

void read_zero(Reader& r) {
  size_t at = r.pos();
  uint8_t b = r.u8();
  if (r.ok() && b != 0) r.fail("zero byte expected", at);
}

MemArg read_memarg(Reader& r) {
  MemArg m;
  m.align = r.u32();
  m.offset = r.u32();
  return m;
}

BlockType read_block_type(Reader& r) {
  BlockType bt;
  auto b = r.peek();
  if (!b) {
    r.u8();  // reports the end of input
    return bt;
  }
  if (*b == 0x40) {
    r.u8();
    bt.kind = BlockType::Empty;
  } else if ((*b & 0xC0) == 0x40) {
    bt.kind = BlockType::Value;
    bt.value = read_value_type(r);
  } else {
    // A type index is a positive s33; a negative one cannot name a type, so it is
    // mapped to an index no module has and the validator reports it as unknown.
    int64_t v = r.s33();
    bt.kind = BlockType::TypeIndex;
    bt.type_index = v < 0 ? std::numeric_limits<uint32_t>::max() : static_cast<uint32_t>(v);
  }
  return bt;
}

}  // namespace

ValType read_value_type(Reader& r) {
  size_t at = r.pos();
  int64_t v = r.signed_leb(7);
  if (!r.ok()) return ValType::I32;
  uint8_t b = static_cast<uint8_t>(v & 0x7F);
  if (v >= 0 || !is_valtype_byte(b)) {
    r.fail("malformed value type", at);
    return ValType::I32;
  }
  return static_cast<ValType>(b);
}

ValType read_ref_type(Reader& r) {
  size_t at = r.pos();
  int64_t v = r.signed_leb(7);
  if (!r.ok()) return ValType::FuncRef;
  uint8_t b = static_cast<uint8_t>(v & 0x7F);
  if (v >= 0 || !is_ref(static_cast<ValType>(b))) {
    r.fail("malformed reference type", at);
    return ValType::FuncRef;
  }
  return static_cast<ValType>(b);
}

void decode_expr(Reader& r, std::vector<Instr>& code, std::vector<uint32_t>& br_labels, ExprState& state) {
  const OpTables& ops = tables();
  std::vector<uint32_t> open;  // indices in `code` of the enclosing block/loop/if

  while (r.ok()) {
    size_t at = r.pos();
    uint8_t b = r.u8();
    uint32_t sub = b;
    uint8_t prefix = 0;
    if (b == 0xFC || b == 0xFD) {
      prefix = b;
      sub = r.u32();
    }
    if (!r.ok()) return;
    uint16_t id = ops.lookup(prefix, sub);
    if (id == kNoOp) {
      r.fail("illegal opcode", at);
      return;
    }

    Instr in;
    in.op = static_cast<Op>(id);
    in.offset = static_cast<uint32_t>(at);
    const uint32_t pc = static_cast<uint32_t>(code.size());

    switch (in.op) {
      case Op::Else: {
        // Only the first else of an if is allowed; anywhere else the enclosing
        // sequence has ended and an `end` was due.
        if (open.empty() || code[open.back()].op != Op::If || code[open.back()].imm.block.else_pc != kNoElse) {
          r.fail("END opcode expected", at);
          return;
        }
        code[open.back()].imm.block.else_pc = pc;
        code.push_back(in);
        continue;
      }
      case Op::End: {
        code.push_back(in);
        if (open.empty()) return;
        Instr& blk = code[open.back()];
        open.pop_back();
        blk.imm.block.end_pc = pc;
        if (blk.op == Op::If && blk.imm.block.else_pc == kNoElse) blk.imm.block.else_pc = pc;
        continue;
      }
      case Op::MemoryInit:
      case Op::DataDrop: state.uses_data_index = true; break;
      default: break;
    }

    switch (info(in.op).imm) {
      case ImmKind::None: break;
      case ImmKind::Block:
        in.imm.block.type = read_block_type(r);
        in.imm.block.else_pc = kNoElse;
        in.imm.block.end_pc = kNoElse;
        open.push_back(pc);
        break;
      case ImmKind::Index: in.imm.index = r.u32(); break;
      case ImmKind::Index2:
        in.imm.index2.a = r.u32();
        in.imm.index2.b = r.u32();
        break;
      case ImmKind::IndexZero:
        in.imm.index = r.u32();
        read_zero(r);
        break;
      case ImmKind::Zero: read_zero(r); break;
      case ImmKind::ZeroZero:
        read_zero(r);
        read_zero(r);
        break;
      case ImmKind::BrTable: {
        uint32_t n = r.len32();
        in.imm.br_table.first = static_cast<uint32_t>(br_labels.size());
        for (uint32_t i = 0; i < n && r.ok(); ++i) br_labels.push_back(r.u32());
        br_labels.push_back(r.u32());  // the default label
        in.imm.br_table.count = n + 1;
        break;
      }
      case ImmKind::SelectT: {
        size_t count_at = r.pos();
        uint32_t n = r.len32();
        for (uint32_t i = 0; i < n && r.ok(); ++i) {
          ValType t = read_value_type(r);
          if (i == 0) in.imm.type = t;
        }
        if (r.ok() && n != 1 && !state.deferred)
          state.deferred = make_error(ErrorKind::Invalid, "invalid result arity", static_cast<int64_t>(count_at));
        break;
      }
      case ImmKind::RefType: in.imm.type = read_ref_type(r); break;
      case ImmKind::Mem: in.imm.mem.mem = read_memarg(r); break;
      case ImmKind::MemLane:
        in.imm.mem.mem = read_memarg(r);
        in.imm.mem.lane = r.u8();
        break;
      case ImmKind::Lane: in.imm.lane = r.u8(); break;
      case ImmKind::I32: in.imm.i32 = static_cast<uint32_t>(r.s32()); break;
      case ImmKind::I64: in.imm.i64 = static_cast<uint64_t>(r.s64()); break;
      case ImmKind::F32: in.imm.f32_bits = r.fixed_u32(); break;
      case ImmKind::F64: in.imm.f64_bits = r.fixed_u64(); break;
      case ImmKind::V128:
      case ImmKind::Shuffle: r.bytes(in.imm.v128, 16); break;
    }
    code.push_back(in);
  }
}

}  // namespace akira::decode
