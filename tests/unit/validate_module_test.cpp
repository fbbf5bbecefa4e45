#include <gtest/gtest.h>

#include "validate_builder.h"

namespace akira::test {
namespace {

constexpr ValType i32 = ValType::I32, i64 = ValType::I64, funcref = ValType::FuncRef, externref = ValType::ExternRef;

TEST(ValidateModule, Empty) { EXPECT_EQ(check(Module{}), ""); }

TEST(ValidateModule, TypeIndices) {
  ModuleBuilder b;
  b.func(3, {});
  EXPECT_EQ(check(b.m), "unknown type 3");
  ModuleBuilder c;
  c.import_func(0);
  EXPECT_EQ(check(c.m), "unknown type 0");
}

TEST(ValidateModule, BlockSignature) {
  Module m;
  m.types.push_back(FuncType{{i32, i64}, {funcref}});
  auto sig = [&](BlockType bt) { return m.block_signature(bt); };
  auto empty = sig(BlockType{});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->params.empty() && empty->results.empty());
  auto value = sig(BlockType{BlockType::Value, externref, 0});
  ASSERT_TRUE(value);
  EXPECT_TRUE(value->params.empty());
  ASSERT_EQ(value->results.size(), 1u);
  EXPECT_EQ(value->results[0], externref);
  auto indexed = sig(BlockType{BlockType::TypeIndex, i32, 0});
  ASSERT_TRUE(indexed);
  EXPECT_EQ(std::vector<ValType>(indexed->params.begin(), indexed->params.end()), (std::vector<ValType>{i32, i64}));
  EXPECT_EQ(std::vector<ValType>(indexed->results.begin(), indexed->results.end()), std::vector<ValType>{funcref});
  EXPECT_FALSE(sig(BlockType{BlockType::TypeIndex, i32, 1}));
}

TEST(ValidateModule, MemoryLimits) {
  auto mem = [](uint64_t min, std::optional<uint64_t> max) {
    ModuleBuilder b;
    b.memory(min, max);
    return check(b.m);
  };
  EXPECT_EQ(mem(0, {}), "");
  EXPECT_EQ(mem(65536, 65536), "");
  EXPECT_EQ(mem(65537, {}), "memory size must be at most 65536 pages (4GiB)");
  EXPECT_EQ(mem(0, 65537), "memory size must be at most 65536 pages (4GiB)");
  EXPECT_EQ(mem(2, 1), "size minimum must not be greater than maximum");
  ModuleBuilder b;
  b.import_memory(3, 2);
  EXPECT_EQ(check(b.m), "size minimum must not be greater than maximum");
}

TEST(ValidateModule, TableLimits) {
  ModuleBuilder b;
  b.table(funcref, 0xFFFFFFFF, 0xFFFFFFFF);
  EXPECT_EQ(check(b.m), "");
  b.table(externref, 2, 1);
  EXPECT_EQ(check(b.m), "size minimum must not be greater than maximum");
  ModuleBuilder c;
  c.import_table(funcref, 5, 4);
  EXPECT_EQ(check(c.m), "size minimum must not be greater than maximum");
}

TEST(ValidateModule, MultipleMemoriesAndTables) {
  ModuleBuilder b;
  b.memory();
  b.memory();
  EXPECT_EQ(check(b.m), "multiple memories");
  ModuleBuilder c;
  c.import_memory(1);
  c.memory();
  EXPECT_EQ(check(c.m), "multiple memories");
  ModuleBuilder d;
  d.import_table(funcref, 1);
  d.table(externref);
  d.table(funcref);
  EXPECT_EQ(check(d.m), "");
}

TEST(ValidateModule, Start) {
  ModuleBuilder b;
  uint32_t ok = b.type({}, {});
  uint32_t bad = b.type({i32}, {});
  b.func(ok, {});
  b.func(bad, {});
  b.m.start = 0;
  EXPECT_EQ(check(b.m), "");
  b.m.start = 1;
  EXPECT_EQ(check(b.m), "start function");
  b.m.start = 2;
  EXPECT_EQ(check(b.m), "unknown function 2");
}

TEST(ValidateModule, Exports) {
  ModuleBuilder b;
  b.func(b.type({}, {}), {});
  b.memory();
  b.table();
  b.global(i32, false, cexpr({i32c(0)}));
  b.exp("f", ExternKind::Func, 0);
  b.exp("m", ExternKind::Memory, 0);
  b.exp("t", ExternKind::Table, 0);
  b.exp("g", ExternKind::Global, 0);
  EXPECT_EQ(check(b.m), "");
  b.exp("f", ExternKind::Global, 0);
  EXPECT_EQ(check(b.m), "duplicate export name");
  b.m.exports.pop_back();
  for (auto [k, what] : {std::pair{ExternKind::Func, "function"},
                         {ExternKind::Table, "table"},
                         {ExternKind::Memory, "memory"},
                         {ExternKind::Global, "global"}}) {
    ModuleBuilder c = b;
    c.exp("x", k, 1);
    EXPECT_EQ(check(c.m), std::string("unknown ") + what + " 1");
  }
}

TEST(ValidateModule, Globals) {
  ModuleBuilder b;
  b.import_global(i32, false);
  b.import_global(i32, true);
  b.global(i32, false, cexpr({i32c(1)}));
  b.global(i32, true, cexpr({idx(Op::GlobalGet, 0)}));
  b.global(funcref, false, cexpr({ref_null(funcref)}));
  EXPECT_EQ(check(b.m), "");
  auto with = [&](ValType t, ConstExpr e) {
    ModuleBuilder c = b;
    c.global(t, false, std::move(e));
    return check(c.m);
  };
  EXPECT_EQ(with(i64, cexpr({i32c(1)})), "type mismatch");
  EXPECT_EQ(with(i32, cexpr({idx(Op::GlobalGet, 1)})), "constant expression required");  // mutable import
  EXPECT_EQ(with(i32, cexpr({idx(Op::GlobalGet, 2)})), "unknown global 2");              // defined global
  EXPECT_EQ(with(i32, cexpr({idx(Op::GlobalGet, 9)})), "unknown global 9");
  EXPECT_EQ(with(externref, cexpr({ref_null(funcref)})), "type mismatch");
}

TEST(ValidateModule, ElemSegments) {
  ModuleBuilder b;
  b.func(b.type({}, {}), {});
  b.table(funcref);
  b.table(externref);
  b.elem(ElemSegment::Active, funcref, {cexpr({idx(Op::RefFunc, 0)}), cexpr({ref_null(funcref)})}, 0);
  b.elem(ElemSegment::Active, externref, {cexpr({ref_null(externref)})}, 1);
  b.elem(ElemSegment::Passive, externref, {});
  EXPECT_EQ(check(b.m), "");
  {
    ModuleBuilder c = b;
    c.elem(ElemSegment::Active, funcref, {}, 1);
    EXPECT_EQ(check(c.m), "type mismatch");
  }
  {
    ModuleBuilder c = b;
    c.elem(ElemSegment::Active, funcref, {}, 2);
    EXPECT_EQ(check(c.m), "unknown table 2");
  }
  {
    ModuleBuilder c = b;
    c.elem(ElemSegment::Passive, funcref, {cexpr({ref_null(externref)})});
    EXPECT_EQ(check(c.m), "type mismatch");
  }
  {
    ModuleBuilder c = b;
    c.elem(ElemSegment::Passive, funcref, {cexpr({idx(Op::RefFunc, 5)})});
    EXPECT_EQ(check(c.m), "unknown function 5");
  }
  {
    ModuleBuilder c = b;
    c.elem(ElemSegment::Active, funcref, {}, 0);
    c.m.elems.back().offset = cexpr({i64c(0)});
    EXPECT_EQ(check(c.m), "type mismatch");
  }
}

TEST(ValidateModule, DataSegments) {
  ModuleBuilder b;
  b.memory();
  b.data(DataSegment::Active);
  b.data(DataSegment::Passive);
  EXPECT_EQ(check(b.m), "");
  b.data(DataSegment::Active, 1);
  EXPECT_EQ(check(b.m), "unknown memory 1");
  ModuleBuilder c;
  c.data(DataSegment::Active);
  EXPECT_EQ(check(c.m), "unknown memory 0");
  ModuleBuilder d;
  d.memory();
  d.data(DataSegment::Active);
  d.m.datas.back().offset = cexpr({op(Op::I32Add)});
  EXPECT_EQ(check(d.m), "constant expression required");
}

}  // namespace
}  // namespace akira::test
