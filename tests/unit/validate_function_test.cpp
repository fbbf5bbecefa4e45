#include <gtest/gtest.h>

#include "validate_builder.h"

namespace akira::test {
namespace {

constexpr ValType i32 = ValType::I32, i64 = ValType::I64, f32 = ValType::F32, f64 = ValType::F64, v128 = ValType::V128,
                  funcref = ValType::FuncRef, externref = ValType::ExternRef;

// Validates a module holding one function [params] -> [results] with `code`.
std::string body(std::vector<ValType> params, std::vector<ValType> results, std::vector<Instr> code,
                 std::vector<LocalGroup> locals = {}) {
  ModuleBuilder b;
  b.func(b.type(std::move(params), std::move(results)), std::move(code), std::move(locals));
  return check(b.m);
}

// Same, with one memory and one funcref table available.
std::string body_mem(std::vector<ValType> params, std::vector<ValType> results, std::vector<Instr> code) {
  ModuleBuilder b;
  b.memory();
  b.table();
  b.func(b.type(std::move(params), std::move(results)), std::move(code));
  return check(b.m);
}

TEST(ValidateFunction, EmptyAndConstants) {
  EXPECT_EQ(body({}, {}, {}), "");
  EXPECT_EQ(body({}, {i32}, {i32c(1)}), "");
  EXPECT_EQ(body({}, {i32}, {}), "type mismatch");
  EXPECT_EQ(body({}, {i32}, {i64c(1)}), "type mismatch");
  EXPECT_EQ(body({}, {}, {i32c(1)}), "type mismatch");
  EXPECT_EQ(body({}, {i32, i64, f32, f64, v128}, {i32c(1), i64c(1), f32c(), f64c(), v128c()}), "");
}

TEST(ValidateFunction, GenericSignatures) {
  EXPECT_EQ(body({}, {i32}, {i32c(1), i32c(2), op(Op::I32Add)}), "");
  EXPECT_EQ(body({}, {i32}, {i32c(1), op(Op::I32Add)}), "type mismatch");
  EXPECT_EQ(body({}, {i32}, {i64c(1), i32c(2), op(Op::I32Add)}), "type mismatch");
  EXPECT_EQ(body({}, {i32}, {i64c(1), op(Op::I32WrapI64)}), "");
  EXPECT_EQ(body({}, {i64}, {i32c(1), op(Op::I64ExtendI32S)}), "");
  EXPECT_EQ(body({}, {i32}, {i32c(1), i32c(0), op(Op::I32DivS)}), "");
  EXPECT_EQ(body({}, {i32}, {f32c(), op(Op::I32TruncSatF32S)}), "");
  EXPECT_EQ(body({}, {v128}, {v128c(), v128c(), op(Op::I32x4Add)}), "");
  EXPECT_EQ(body({}, {v128}, {v128c(), i32c(1), op(Op::I8x16Shl)}), "");
  EXPECT_EQ(body({}, {v128}, {i32c(1), op(Op::I8x16Shl)}), "type mismatch");
}

TEST(ValidateFunction, Lanes) {
  EXPECT_EQ(body({}, {i32}, {v128c(), lane(Op::I8x16ExtractLaneS, 15)}), "");
  EXPECT_EQ(body({}, {i32}, {v128c(), lane(Op::I8x16ExtractLaneS, 16)}), "invalid lane index");
  EXPECT_EQ(body({}, {i64}, {v128c(), lane(Op::I64x2ExtractLane, 2)}), "invalid lane index");
  EXPECT_EQ(body({}, {v128}, {v128c(), f64c(), lane(Op::F64x2ReplaceLane, 1)}), "");
  Instr sh = op(Op::I8x16Shuffle);
  for (int i = 0; i < 16; ++i) sh.imm.v128[i] = static_cast<uint8_t>(31 - i);
  EXPECT_EQ(body({}, {v128}, {v128c(), v128c(), sh}), "");
  sh.imm.v128[3] = 32;
  EXPECT_EQ(body({}, {v128}, {v128c(), v128c(), sh}), "invalid lane index");
}

TEST(ValidateFunction, Memory) {
  EXPECT_EQ(body_mem({}, {i32}, {i32c(0), mem(Op::I32Load, 2)}), "");
  EXPECT_EQ(body({}, {i32}, {i32c(0), mem(Op::I32Load, 2)}), "unknown memory 0");
  EXPECT_EQ(body_mem({}, {i32}, {i32c(0), mem(Op::I32Load, 3)}), "alignment must not be larger than natural");
  EXPECT_EQ(body_mem({}, {i32}, {i32c(0), mem(Op::I32Load8U, 1)}), "alignment must not be larger than natural");
  EXPECT_EQ(body_mem({}, {}, {i32c(0), i64c(0), mem(Op::I64Store32, 2)}), "");
  EXPECT_EQ(body_mem({}, {}, {i32c(0), i32c(0), mem(Op::I64Store32, 2)}), "type mismatch");
  EXPECT_EQ(body_mem({}, {v128}, {i32c(0), mem(Op::V128Load, 4)}), "");
  EXPECT_EQ(body_mem({}, {v128}, {i32c(0), mem(Op::V128Load, 5)}), "alignment must not be larger than natural");
  EXPECT_EQ(body_mem({}, {v128}, {i32c(0), v128c(), mem_lane(Op::V128Load8Lane, 0, 15)}), "");
  EXPECT_EQ(body_mem({}, {v128}, {i32c(0), v128c(), mem_lane(Op::V128Load8Lane, 0, 16)}), "invalid lane index");
  EXPECT_EQ(body_mem({}, {}, {i32c(0), v128c(), mem_lane(Op::V128Store64Lane, 3, 1)}), "");
  EXPECT_EQ(body_mem({}, {}, {i32c(0), v128c(), mem_lane(Op::V128Store64Lane, 3, 2)}), "invalid lane index");
  EXPECT_EQ(body_mem({}, {}, {i32c(0), v128c(), mem_lane(Op::V128Store64Lane, 4, 0)}),
            "alignment must not be larger than natural");
  EXPECT_EQ(body_mem({}, {i32}, {op(Op::MemorySize)}), "");
  EXPECT_EQ(body({}, {i32}, {op(Op::MemorySize)}), "unknown memory 0");
  EXPECT_EQ(body_mem({}, {i32}, {i32c(1), op(Op::MemoryGrow)}), "");
  EXPECT_EQ(body({}, {i32}, {i32c(1), op(Op::MemoryGrow)}), "unknown memory 0");
  EXPECT_EQ(body_mem({}, {}, {i32c(0), i32c(0), i32c(0), op(Op::MemoryFill)}), "");
  EXPECT_EQ(body_mem({}, {}, {i32c(0), i32c(0), op(Op::MemoryCopy)}), "type mismatch");
  EXPECT_EQ(body({}, {}, {i32c(0), i32c(0), i32c(0), op(Op::MemoryCopy)}), "unknown memory 0");
}

TEST(ValidateFunction, DataSegments) {
  ModuleBuilder b;
  b.memory();
  b.data(DataSegment::Passive);
  b.m.data_count = 1;
  uint32_t t = b.type({}, {});
  b.func(t, {idx(Op::DataDrop, 0)});
  b.func(t, {i32c(0), i32c(0), i32c(0), idx(Op::MemoryInit, 0)});
  EXPECT_EQ(check(b.m), "");
  b.func(t, {idx(Op::DataDrop, 1)});
  EXPECT_EQ(check(b.m), "unknown data segment 1");
  b.m.functions.pop_back();
  b.m.memories.clear();
  EXPECT_EQ(check(b.m), "unknown memory 0");
}

TEST(ValidateFunction, Blocks) {
  EXPECT_EQ(body({}, {i32}, {block(Op::Block, i32), i32c(1), end()}), "");
  EXPECT_EQ(body({}, {i32}, {block(Op::Block, i32), end()}), "type mismatch");
  EXPECT_EQ(body({}, {}, {block(Op::Block, i32), i32c(1), i32c(1), end(), op(Op::Drop)}), "type mismatch");
  EXPECT_EQ(body({}, {}, {i32c(1), block(Op::Block), op(Op::Drop), end(), op(Op::Drop)}), "type mismatch");
  EXPECT_EQ(body({}, {i32}, {block(Op::Loop, i32), i32c(1), end()}), "");
  // Multi-value: block type by index with parameters.
  {
    ModuleBuilder b;
    uint32_t bt = b.type({i32, i32}, {i64});
    b.func(b.type({}, {i64}),
           {i32c(1), i32c(2), block_idx(Op::Block, bt), op(Op::I32Add), op(Op::I64ExtendI32U), end()});
    EXPECT_EQ(check(b.m), "");
  }
  {
    ModuleBuilder b;
    uint32_t bt = b.type({i32, i32}, {i64});
    b.func(b.type({}, {i64}), {i32c(1), block_idx(Op::Block, bt), op(Op::I32Add), op(Op::I64ExtendI32U), end()});
    EXPECT_EQ(check(b.m), "type mismatch");
  }
  {
    ModuleBuilder b;
    b.func(b.type({}, {}), {block_idx(Op::Block, 7), end()});
    EXPECT_EQ(check(b.m), "unknown type 7");
  }
}

TEST(ValidateFunction, If) {
  EXPECT_EQ(body({}, {i32}, {i32c(1), block(Op::If, i32), i32c(1), op(Op::Else), i32c(2), end()}), "");
  EXPECT_EQ(body({}, {i32}, {block(Op::If, i32), i32c(1), op(Op::Else), i32c(2), end()}), "type mismatch");
  EXPECT_EQ(body({}, {i32}, {i32c(1), block(Op::If, i32), i32c(1), op(Op::Else), end()}), "type mismatch");
  EXPECT_EQ(body({}, {i32}, {i32c(1), block(Op::If, i32), i32c(1), end()}), "type mismatch");
  EXPECT_EQ(body({}, {}, {i32c(1), block(Op::If), end()}), "");
  // An if without else may pass its parameters through when they equal its results.
  ModuleBuilder b;
  uint32_t same = b.type({i32}, {i32});
  uint32_t diff = b.type({i32}, {i64});
  b.func(b.type({}, {i32}), {i32c(5), i32c(1), block_idx(Op::If, same), end()});
  EXPECT_EQ(check(b.m), "");
  b.func(b.type({}, {i64}), {i32c(5), i32c(1), block_idx(Op::If, diff), op(Op::I64ExtendI32U), end()});
  EXPECT_EQ(check(b.m), "type mismatch");
}

TEST(ValidateFunction, Unreachable) {
  EXPECT_EQ(body({}, {i32}, {op(Op::Unreachable)}), "");
  EXPECT_EQ(body({}, {i32}, {op(Op::Unreachable), op(Op::I32Add)}), "");
  EXPECT_EQ(body({}, {i32}, {op(Op::Unreachable), i64c(0), op(Op::I32Add)}), "type mismatch");
  EXPECT_EQ(body({}, {i32}, {op(Op::Unreachable), i64c(0)}), "type mismatch");
  EXPECT_EQ(body({}, {}, {block(Op::Block), op(Op::Unreachable), end(), op(Op::Drop)}), "type mismatch");
  EXPECT_EQ(body({}, {i32}, {op(Op::Unreachable), op(Op::Select)}), "");
  EXPECT_EQ(body({}, {i32}, {i32c(1), op(Op::Return), op(Op::Drop), op(Op::Drop)}), "");
}

TEST(ValidateFunction, Branches) {
  EXPECT_EQ(body({}, {i32}, {block(Op::Block, i32), i32c(1), idx(Op::Br, 0), end()}), "");
  EXPECT_EQ(body({}, {i32}, {i32c(1), idx(Op::Br, 0)}), "");
  EXPECT_EQ(body({}, {i32}, {idx(Op::Br, 0)}), "type mismatch");
  EXPECT_EQ(body({}, {}, {idx(Op::Br, 1)}), "unknown label");
  EXPECT_EQ(body({}, {}, {block(Op::Loop, i32), idx(Op::Br, 0), end(), op(Op::Drop)}), "");
  EXPECT_EQ(body({}, {i32}, {block(Op::Block, i32), i32c(1), i32c(0), idx(Op::BrIf, 0), end()}), "");
  EXPECT_EQ(body({}, {i32}, {block(Op::Block, i32), i64c(1), i32c(0), idx(Op::BrIf, 0), op(Op::I32WrapI64), end()}),
            "type mismatch");
  EXPECT_EQ(body({}, {}, {i32c(0), idx(Op::BrIf, 2)}), "unknown label");
  EXPECT_EQ(body({}, {}, {op(Op::Return)}), "");
  EXPECT_EQ(body({}, {i32}, {op(Op::Return)}), "type mismatch");
  EXPECT_EQ(body({}, {i32}, {block(Op::Block), i32c(1), op(Op::Return), end(), i32c(2)}), "");
}

TEST(ValidateFunction, BrTable) {
  auto bt = [](uint32_t first, uint32_t count) {
    Instr in = op(Op::BrTable);
    in.imm.br_table = {first, count};
    return in;
  };
  ModuleBuilder b;
  uint32_t t = b.type({}, {i32});
  b.func_br_table(t, {block(Op::Block, i32), i32c(7), i32c(0), bt(0, 3), end()}, {0, 1, 0});
  EXPECT_EQ(check(b.m), "");
  b.func_br_table(t, {block(Op::Block), i32c(0), bt(0, 2), end(), i32c(1)}, {0, 1});
  EXPECT_EQ(check(b.m), "type mismatch");  // label arities 0 and 1 differ
  b.m.functions.pop_back();
  b.func_br_table(t, {block(Op::Block, i32), i32c(0), bt(0, 2), end()}, {0, 5});
  EXPECT_EQ(check(b.m), "unknown label");
  b.m.functions.pop_back();
  // Same arity, different types.
  b.func_br_table(b.type({}, {}),
                  {block(Op::Block, f32), block(Op::Block, i32), i32c(0), i32c(0), bt(0, 2), end(), op(Op::Drop), end(),
                   op(Op::Drop)},
                  {0, 1});
  EXPECT_EQ(check(b.m), "type mismatch");
  b.m.functions.pop_back();
  // In unreachable code a br_table's operand types may differ between targets.
  b.func_br_table(b.type({}, {}),
                  {block(Op::Block, f32), block(Op::Block, i32), op(Op::Unreachable), bt(0, 2), end(), op(Op::Drop),
                   f32c(), end(), op(Op::Drop)},
                  {0, 1});
  EXPECT_EQ(check(b.m), "");
}

TEST(ValidateFunction, Calls) {
  ModuleBuilder b;
  uint32_t t1 = b.type({i32}, {i64});
  b.import_func(t1);
  uint32_t t0 = b.type({}, {i64});
  b.func(t0, {i32c(1), idx(Op::Call, 0)});
  EXPECT_EQ(check(b.m), "");
  b.func(t0, {idx(Op::Call, 0)});
  EXPECT_EQ(check(b.m), "type mismatch");
  b.m.functions.pop_back();
  b.func(t0, {i32c(1), idx(Op::Call, 7)});
  EXPECT_EQ(check(b.m), "unknown function 7");
  b.m.functions.pop_back();

  b.func(t0, {i32c(1), i32c(0), idx2(Op::CallIndirect, t1, 0)});
  EXPECT_EQ(check(b.m), "unknown table 0");
  b.table(ValType::ExternRef);
  EXPECT_EQ(check(b.m), "type mismatch");
  b.m.tables[0].elem = funcref;
  EXPECT_EQ(check(b.m), "");
  b.m.functions.back().code[2] = idx2(Op::CallIndirect, 99, 0);
  EXPECT_EQ(check(b.m), "unknown type 99");
}

TEST(ValidateFunction, Select) {
  EXPECT_EQ(body({}, {i32}, {i32c(1), i32c(2), i32c(0), op(Op::Select)}), "");
  EXPECT_EQ(body({}, {v128}, {v128c(), v128c(), i32c(0), op(Op::Select)}), "");
  EXPECT_EQ(body({}, {i32}, {i32c(1), i64c(2), i32c(0), op(Op::Select)}), "type mismatch");
  EXPECT_EQ(body({externref}, {externref}, {idx(Op::LocalGet, 0), idx(Op::LocalGet, 0), i32c(0), op(Op::Select)}),
            "type mismatch");
  EXPECT_EQ(body({externref}, {externref},
                 {idx(Op::LocalGet, 0), idx(Op::LocalGet, 0), i32c(0), typed(Op::SelectT, externref)}),
            "");
  EXPECT_EQ(body({}, {i32}, {i32c(1), i32c(2), i32c(0), typed(Op::SelectT, i64)}), "type mismatch");
  EXPECT_EQ(body({}, {i32}, {op(Op::Unreachable), i32c(0), op(Op::Select)}), "");
  EXPECT_EQ(body({}, {}, {op(Op::Unreachable), ref_null(funcref), i32c(0), op(Op::Select), op(Op::Drop)}),
            "type mismatch");
}

TEST(ValidateFunction, Locals) {
  EXPECT_EQ(body({i32}, {i32}, {idx(Op::LocalGet, 0)}), "");
  EXPECT_EQ(body({i32}, {i64}, {idx(Op::LocalGet, 1)}, {{3, i64}}), "");
  EXPECT_EQ(body({i32}, {i64}, {idx(Op::LocalGet, 3)}, {{3, i64}}), "");
  EXPECT_EQ(body({i32}, {i64}, {idx(Op::LocalGet, 4)}, {{3, i64}}), "unknown local 4");
  EXPECT_EQ(body({}, {f32}, {idx(Op::LocalGet, 1000000)}, {{1000000, f64}, {1, f32}}), "");
  EXPECT_EQ(body({i32}, {}, {i32c(1), idx(Op::LocalSet, 0)}), "");
  EXPECT_EQ(body({i32}, {}, {i64c(1), idx(Op::LocalSet, 0)}), "type mismatch");
  EXPECT_EQ(body({i32}, {i32}, {i32c(1), idx(Op::LocalTee, 0)}), "");
  EXPECT_EQ(body({i32}, {}, {i32c(1), idx(Op::LocalTee, 0)}), "type mismatch");
}

TEST(ValidateFunction, Globals) {
  ModuleBuilder b;
  b.import_global(i64, false);
  b.global(i32, true, cexpr({i32c(0)}));
  uint32_t t = b.type({}, {});
  b.func(t, {idx(Op::GlobalGet, 0), op(Op::Drop), i32c(1), idx(Op::GlobalSet, 1)});
  EXPECT_EQ(check(b.m), "");
  b.func(t, {i64c(1), idx(Op::GlobalSet, 0)});
  EXPECT_EQ(check(b.m), "global is immutable");
  b.m.functions.pop_back();
  b.func(t, {idx(Op::GlobalGet, 2), op(Op::Drop)});
  EXPECT_EQ(check(b.m), "unknown global 2");
  b.m.functions.pop_back();
  b.func(t, {i64c(1), idx(Op::GlobalSet, 1)});
  EXPECT_EQ(check(b.m), "type mismatch");
}

TEST(ValidateFunction, References) {
  ModuleBuilder b;
  uint32_t t = b.type({}, {});
  b.func(t, {ref_null(externref), op(Op::RefIsNull), op(Op::Drop)});
  b.func(t, {i32c(0), op(Op::RefIsNull), op(Op::Drop)});
  EXPECT_EQ(check(b.m), "type mismatch");
  b.m.functions.pop_back();
  b.func(t, {idx(Op::RefFunc, 0), op(Op::Drop)});
  EXPECT_EQ(check(b.m), "undeclared function reference");
  b.exp("f", ExternKind::Func, 0);
  EXPECT_EQ(check(b.m), "");
  b.m.exports.clear();
  b.elem(ElemSegment::Declarative, funcref, {cexpr({idx(Op::RefFunc, 0)})});
  EXPECT_EQ(check(b.m), "");
  b.m.elems.clear();
  b.global(funcref, false, cexpr({idx(Op::RefFunc, 0)}));
  EXPECT_EQ(check(b.m), "");
  b.func(t, {idx(Op::RefFunc, 9), op(Op::Drop)});
  EXPECT_EQ(check(b.m), "unknown function 9");
}

TEST(ValidateFunction, Tables) {
  ModuleBuilder b;
  b.table(funcref);
  b.table(externref);
  b.elem(ElemSegment::Passive, funcref, {});
  uint32_t t = b.type({}, {});
  b.func(t, {i32c(0), idx(Op::TableGet, 0), op(Op::Drop)});
  b.func(t, {i32c(0), ref_null(externref), idx(Op::TableSet, 1)});
  b.func(t, {ref_null(funcref), i32c(1), idx(Op::TableGrow, 0), op(Op::Drop)});
  b.func(t, {idx(Op::TableSize, 1), op(Op::Drop)});
  b.func(t, {i32c(0), ref_null(externref), i32c(1), idx(Op::TableFill, 1)});
  b.func(t, {i32c(0), i32c(0), i32c(0), idx2(Op::TableInit, 0, 0)});
  b.func(t, {i32c(0), i32c(0), i32c(0), idx2(Op::TableCopy, 1, 1)});
  b.func(t, {idx(Op::ElemDrop, 0)});
  EXPECT_EQ(check(b.m), "");

  auto bad = [&](std::vector<Instr> code) {
    ModuleBuilder c = b;
    c.func(t, std::move(code));
    return check(c.m);
  };
  EXPECT_EQ(bad({i32c(0), ref_null(funcref), idx(Op::TableSet, 1)}), "type mismatch");
  EXPECT_EQ(bad({i32c(0), idx(Op::TableGet, 2), op(Op::Drop)}), "unknown table 2");
  EXPECT_EQ(bad({i32c(0), i32c(0), i32c(0), idx2(Op::TableInit, 0, 1)}), "type mismatch");
  EXPECT_EQ(bad({i32c(0), i32c(0), i32c(0), idx2(Op::TableInit, 4, 0)}), "unknown elem segment 4");
  EXPECT_EQ(bad({i32c(0), i32c(0), i32c(0), idx2(Op::TableCopy, 0, 1)}), "type mismatch");
  EXPECT_EQ(bad({i32c(0), i32c(0), i32c(0), idx2(Op::TableCopy, 0, 3)}), "unknown table 3");
  EXPECT_EQ(bad({idx(Op::ElemDrop, 1)}), "unknown elem segment 1");
  EXPECT_EQ(bad({ref_null(funcref), i64c(1), idx(Op::TableGrow, 0), op(Op::Drop)}), "type mismatch");
}

TEST(ValidateFunction, BrIfRefinesUnknownOperands) {
  // br_if leaves the label's types on the stack, so an unknown operand becomes i32.
  EXPECT_EQ(
      body({}, {}, {block(Op::Block, i32), op(Op::Unreachable), idx(Op::BrIf, 0), op(Op::I32Eqz), end(), op(Op::Drop)}),
      "");
  EXPECT_EQ(body({}, {},
                 {block(Op::Block, i32), op(Op::Unreachable), idx(Op::BrIf, 0), op(Op::I64Eqz), op(Op::Drop), i32c(0),
                  end(), op(Op::Drop)}),
            "type mismatch");
}

TEST(ValidateFunction, DeepNestingAndLongBodies) {
  std::vector<Instr> code;
  constexpr int kDepth = 100000;
  for (int i = 0; i < kDepth; ++i) code.push_back(block(Op::Block, i32));
  code.push_back(i32c(1));
  for (int i = 0; i < kDepth; ++i) code.push_back(end());
  EXPECT_EQ(body({}, {i32}, code), "");
  code.clear();
  code.push_back(i32c(0));
  for (int i = 0; i < 500000; ++i) {
    code.push_back(i32c(1));
    code.push_back(op(Op::I32Add));
  }
  EXPECT_EQ(body({}, {i32}, code), "");
}

TEST(ValidateFunction, ErrorCarriesFunctionAndOffset) {
  ModuleBuilder b;
  uint32_t t = b.type({}, {});
  b.import_func(t);
  Instr bad = op(Op::I32Add, 0x42);
  b.func(t, {});
  b.func(t, {bad});
  Status s = validate_module(b.m);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(s.error().func_index, 2);
  EXPECT_EQ(s.error().offset, 0x42);
}

}  // namespace
}  // namespace akira::test
