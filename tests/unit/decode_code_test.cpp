// Function bodies: opcodes, immediates and block structure.
#include <gtest/gtest.h>

#include "decode_bytes.h"

namespace akira::test {
namespace {

Function body_of(const Bytes& locals_and_code) {
  auto r = decode_module(func_module(locals_and_code));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  return r.ok() ? r.value()->functions[0] : Function{};
}

TEST(DecodeCode, EveryOpcodeInTheTableDecodes) {
  // Each opcode with zero-valued immediates of its kind; structured ones closed.
  for (unsigned i = 0; i < kOpCount; ++i) {
    const OpInfo& in = kOpInfo[i];
    Op op = static_cast<Op>(i);
    if (op == Op::End || op == Op::Else) continue;
    Bytes code;
    if (in.prefix) {
      code.push_back(in.prefix);
      Bytes l = leb(in.code);
      code.insert(code.end(), l.begin(), l.end());
    } else {
      code.push_back(static_cast<uint8_t>(in.code));
    }
    Bytes imm;
    switch (in.imm) {
      case ImmKind::None: break;
      case ImmKind::Block: imm = {0x40, 0x0B}; break;
      case ImmKind::Index: imm = {0x00}; break;
      case ImmKind::Index2: imm = {0x00, 0x00}; break;
      case ImmKind::IndexZero: imm = {0x00, 0x00}; break;
      case ImmKind::Zero: imm = {0x00}; break;
      case ImmKind::ZeroZero: imm = {0x00, 0x00}; break;
      case ImmKind::BrTable: imm = {0x00, 0x00}; break;
      case ImmKind::SelectT: imm = {0x01, 0x7F}; break;
      case ImmKind::RefType: imm = {0x70}; break;
      case ImmKind::Mem: imm = {0x00, 0x00}; break;
      case ImmKind::MemLane: imm = {0x00, 0x00, 0x00}; break;
      case ImmKind::Lane: imm = {0x00}; break;
      case ImmKind::I32: imm = {0x00}; break;
      case ImmKind::I64: imm = {0x00}; break;
      case ImmKind::F32: imm = Bytes(4, 0); break;
      case ImmKind::F64: imm = Bytes(8, 0); break;
      case ImmKind::V128:
      case ImmKind::Shuffle: imm = Bytes(16, 0); break;
    }
    Bytes b = module({void_type_section(), section(3, vec({{0x00}})), section(5, vec({{0x00, 0x01}})),
                      section(12, {0x00}), section(10, vec({body(cat({{0x00}, code, imm, {0x0B}}))}))});
    auto r = decode_module(b);
    ASSERT_TRUE(r.ok()) << in.text << ": " << r.error().describe();
    const auto& f = r.value()->functions[0];
    ASSERT_GE(f.code.size(), 2u) << in.text;
    EXPECT_EQ(f.code[0].op, op) << in.text;
    EXPECT_EQ(f.code.back().op, Op::End) << in.text;
  }
}

TEST(DecodeCode, BlockStructure) {
  // 0 block  1 loop  2 nop  3 end  4 i32.const  5 if  6 nop  7 else  8 nop  9 end
  // 10 i32.const 11 if 12 end 13 end 14 end
  Function f = body_of({0x00, 0x02, 0x40, 0x03, 0x7F, 0x01, 0x0B, 0x41, 0x01, 0x04, 0x40,
                        0x01, 0x05, 0x01, 0x0B, 0x41, 0x00, 0x04, 0x40, 0x0B, 0x0B, 0x0B});
  ASSERT_EQ(f.code.size(), 15u);
  EXPECT_EQ(f.code[0].op, Op::Block);
  EXPECT_EQ(f.code[0].imm.block.end_pc, 13u);
  EXPECT_EQ(f.code[0].imm.block.type.kind, BlockType::Empty);
  EXPECT_EQ(f.code[1].op, Op::Loop);
  EXPECT_EQ(f.code[1].imm.block.end_pc, 3u);
  EXPECT_EQ(f.code[1].imm.block.type.kind, BlockType::Value);
  EXPECT_EQ(f.code[1].imm.block.type.value, ValType::I32);
  EXPECT_EQ(f.code[5].op, Op::If);
  EXPECT_EQ(f.code[5].imm.block.else_pc, 7u);
  EXPECT_EQ(f.code[5].imm.block.end_pc, 9u);
  EXPECT_EQ(f.code[11].imm.block.else_pc, 12u);
  EXPECT_EQ(f.code[11].imm.block.end_pc, 12u);
  EXPECT_EQ(f.code[14].op, Op::End);
}

TEST(DecodeCode, BlockTypeIndex) {
  Function f = body_of({0x00, 0x02, 0x00, 0x0B, 0x02, 0x80, 0x01, 0x0B, 0x0B});
  EXPECT_EQ(f.code[0].imm.block.type.kind, BlockType::TypeIndex);
  EXPECT_EQ(f.code[0].imm.block.type.type_index, 0u);
  EXPECT_EQ(f.code[2].imm.block.type.type_index, 128u);
}

TEST(DecodeCode, NegativeBlockTypeIndexIsUnknownNotMalformed) {
  Function f = body_of({0x00, 0x02, 0x80, 0x7F, 0x0B, 0x0B});
  EXPECT_EQ(f.code[0].imm.block.type.kind, BlockType::TypeIndex);
  EXPECT_EQ(f.code[0].imm.block.type.type_index, 0xFFFFFFFFu);
}

TEST(DecodeCode, BrTable) {
  Function f = body_of({0x00, 0x41, 0x00, 0x0E, 0x02, 0x00, 0x01, 0x02, 0x41, 0x00, 0x0E, 0x00, 0x05, 0x0B});
  ASSERT_EQ(f.code[1].op, Op::BrTable);
  EXPECT_EQ(f.code[1].imm.br_table.first, 0u);
  EXPECT_EQ(f.code[1].imm.br_table.count, 3u);
  EXPECT_EQ(f.code[3].imm.br_table.first, 3u);
  EXPECT_EQ(f.code[3].imm.br_table.count, 1u);
  EXPECT_EQ(f.br_labels, (std::vector<uint32_t>{0, 1, 2, 5}));
}

TEST(DecodeCode, Immediates) {
  Function f = body_of({0x00, 0x41, 0x7F,                                                  // i32.const -1
                        0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F,  // i64.const min
                        0x43, 0x00, 0x00, 0x80, 0x3F,                                      // f32.const 1
                        0x28, 0x02, 0x10,                                                  // i32.load align=2 offset=16
                        0x11, 0x03, 0x01,              // call_indirect type 3 table 1
                        0xFC, 0x0E, 0x04, 0x05,        // table.copy 4 5
                        0xFC, 0x0C, 0x06, 0x07,        // table.init 6 7
                        0x1C, 0x01, 0x7E,              // select (result i64)
                        0xD0, 0x6F,                    // ref.null extern
                        0xFD, 0x16, 0x0F,              // i8x16.extract_lane_u 15
                        0xFD, 0x54, 0x00, 0x08, 0x03,  // v128.load8_lane offset 8 lane 3
                        0x0B});
  ASSERT_EQ(f.code.size(), 12u);
  EXPECT_EQ(f.code[0].imm.i32, 0xFFFFFFFFu);
  EXPECT_EQ(f.code[1].imm.i64, 0x8000000000000000ull);
  EXPECT_EQ(f.code[2].imm.f32_bits, 0x3F800000u);
  EXPECT_EQ(f.code[3].imm.mem.mem.align, 2u);
  EXPECT_EQ(f.code[3].imm.mem.mem.offset, 16u);
  EXPECT_EQ(f.code[4].imm.index2.a, 3u);
  EXPECT_EQ(f.code[4].imm.index2.b, 1u);
  EXPECT_EQ(f.code[5].op, Op::TableCopy);
  EXPECT_EQ(f.code[5].imm.index2.a, 4u);
  EXPECT_EQ(f.code[5].imm.index2.b, 5u);
  EXPECT_EQ(f.code[6].op, Op::TableInit);
  EXPECT_EQ(f.code[6].imm.index2.a, 6u);
  EXPECT_EQ(f.code[6].imm.index2.b, 7u);
  EXPECT_EQ(f.code[7].imm.type, ValType::I64);
  EXPECT_EQ(f.code[8].imm.type, ValType::ExternRef);
  EXPECT_EQ(f.code[9].op, Op::I8x16ExtractLaneU);
  EXPECT_EQ(f.code[9].imm.lane, 15);
  EXPECT_EQ(f.code[10].op, Op::V128Load8Lane);
  EXPECT_EQ(f.code[10].imm.mem.mem.offset, 8u);
  EXPECT_EQ(f.code[10].imm.mem.lane, 3);
}

TEST(DecodeCode, V128ConstAndShuffle) {
  Bytes code = {0x00, 0xFD, 0x0C};
  for (int i = 0; i < 16; ++i) code.push_back(static_cast<uint8_t>(i));
  code.insert(code.end(), {0xFD, 0x0D});
  for (int i = 0; i < 16; ++i) code.push_back(static_cast<uint8_t>(31 - i));
  code.push_back(0x0B);
  Function f = body_of(code);
  EXPECT_EQ(f.code[0].op, Op::V128Const);
  EXPECT_EQ(f.code[0].imm.v128[15], 15);
  EXPECT_EQ(f.code[1].op, Op::I8x16Shuffle);
  EXPECT_EQ(f.code[1].imm.v128[0], 31);
}

TEST(DecodeCode, PrefixedOpcodeIsLeb) {
  // i32.trunc_sat_f32_s written with a padded LEB sub-opcode.
  Function f = body_of({0x00, 0xFC, 0x80, 0x00, 0x0B});
  EXPECT_EQ(f.code[0].op, Op::I32TruncSatF32S);
}

TEST(DecodeCode, CallIndirectTableIndexIsAnIndex) {
  Function f = body_of({0x00, 0x11, 0x00, 0x80, 0x01, 0x0B});
  EXPECT_EQ(f.code[0].imm.index2.b, 128u);
}

TEST(DecodeCode, TypedSelectArityIsInvalidNotMalformed) {
  auto r = decode_module(func_module({0x00, 0x1C, 0x02, 0x7F, 0x7F, 0x0B}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(r.error().message, "invalid result arity");
  auto z = decode_module(func_module({0x00, 0x1C, 0x00, 0x0B}));
  ASSERT_FALSE(z.ok());
  EXPECT_EQ(z.error().kind, ErrorKind::Invalid);
  // A malformed module stays malformed even if it also has such a select.
  auto m = decode_module(func_module({0x00, 0x1C, 0x00, 0x06, 0x0B}));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(m.error().message, "illegal opcode");
}

TEST(DecodeCode, ErrorsNameTheFunction) {
  Bytes b =
      module({void_type_section(), section(2, vec({cat({str("m"), str("f"), {0x00, 0x00}})})),
              section(3, vec({{0x00}, {0x00}})), section(10, vec({body({0x00, 0x0B}), body({0x00, 0x06, 0x0B})}))});
  auto r = decode_module(b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "illegal opcode");
  EXPECT_EQ(r.error().func_index, 2);
  EXPECT_EQ(static_cast<size_t>(r.error().offset), b.size() - 2);
}

TEST(DecodeCode, ConstantExpressionsAreDecodedNotJudged) {
  // A non-constant instruction in a global initializer is the validator's business.
  auto r = decode_module(module({section(6, vec({{0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B}}))}));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r.value()->globals[0].init.code.size(), 4u);
}

}  // namespace
}  // namespace akira::test
