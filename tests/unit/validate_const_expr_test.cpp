#include <gtest/gtest.h>

#include "validate_builder.h"

namespace akira::test {
namespace {

constexpr ValType i32 = ValType::I32, i64 = ValType::I64, f32 = ValType::F32, f64 = ValType::F64, v128 = ValType::V128,
                  funcref = ValType::FuncRef, externref = ValType::ExternRef;

// Validates `e` as the initializer of a global of type `t`, in a module with an
// immutable i32, a mutable i32 and an immutable externref imported global, and a function.
std::string init(ValType t, ConstExpr e) {
  ModuleBuilder b;
  b.import_global(i32, false);
  b.import_global(i32, true);
  b.import_global(externref, false);
  b.func(b.type({}, {}), {});
  b.global(t, false, std::move(e));
  return check(b.m);
}

TEST(ValidateConstExpr, Constants) {
  EXPECT_EQ(init(i32, cexpr({i32c(0)})), "");
  EXPECT_EQ(init(i64, cexpr({i64c(0)})), "");
  EXPECT_EQ(init(f32, cexpr({f32c()})), "");
  EXPECT_EQ(init(f64, cexpr({f64c()})), "");
  EXPECT_EQ(init(v128, cexpr({v128c()})), "");
  EXPECT_EQ(init(funcref, cexpr({ref_null(funcref)})), "");
  EXPECT_EQ(init(externref, cexpr({ref_null(externref)})), "");
  EXPECT_EQ(init(funcref, cexpr({idx(Op::RefFunc, 0)})), "");
  EXPECT_EQ(init(i32, cexpr({idx(Op::GlobalGet, 0)})), "");
  EXPECT_EQ(init(externref, cexpr({idx(Op::GlobalGet, 2)})), "");
}

TEST(ValidateConstExpr, Arity) {
  EXPECT_EQ(init(i32, cexpr({})), "type mismatch");
  EXPECT_EQ(init(i32, cexpr({i32c(0), i32c(0)})), "type mismatch");
  EXPECT_EQ(init(i32, ConstExpr{}), "type mismatch");
}

TEST(ValidateConstExpr, Types) {
  EXPECT_EQ(init(i32, cexpr({i64c(0)})), "type mismatch");
  EXPECT_EQ(init(f64, cexpr({f32c()})), "type mismatch");
  EXPECT_EQ(init(externref, cexpr({idx(Op::RefFunc, 0)})), "type mismatch");
  EXPECT_EQ(init(i64, cexpr({idx(Op::GlobalGet, 0)})), "type mismatch");
}

TEST(ValidateConstExpr, NonConstant) {
  EXPECT_EQ(init(i32, cexpr({i32c(1), i32c(2), op(Op::I32Add)})), "constant expression required");
  EXPECT_EQ(init(i32, cexpr({op(Op::Nop), i32c(1)})), "constant expression required");
  EXPECT_EQ(init(i32, cexpr({idx(Op::LocalGet, 0)})), "constant expression required");
  EXPECT_EQ(init(i32, cexpr({idx(Op::GlobalGet, 1)})), "constant expression required");
  // Constness is decided before typing, as in the reference interpreter.
  EXPECT_EQ(init(i32, cexpr({i64c(1), op(Op::Unreachable)})), "constant expression required");
}

TEST(ValidateConstExpr, Indices) {
  EXPECT_EQ(init(i32, cexpr({idx(Op::GlobalGet, 3)})), "unknown global 3");  // the global itself
  EXPECT_EQ(init(i32, cexpr({idx(Op::GlobalGet, 7)})), "unknown global 7");
  EXPECT_EQ(init(funcref, cexpr({idx(Op::RefFunc, 1)})), "unknown function 1");
}

TEST(ValidateConstExpr, RefFuncInGlobalDeclaresFunction) {
  ModuleBuilder b;
  uint32_t t = b.type({}, {});
  b.func(t, {idx(Op::RefFunc, 1), op(Op::Drop)});
  b.func(t, {});
  EXPECT_EQ(check(b.m), "undeclared function reference");
  b.global(funcref, false, cexpr({idx(Op::RefFunc, 1)}));
  EXPECT_EQ(check(b.m), "");
}

}  // namespace
}  // namespace akira::test
