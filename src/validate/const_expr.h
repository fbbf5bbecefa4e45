// Constant expressions: global initializers, segment offsets and element items.
#pragma once
#include "common/error.h"
#include "validate/context.h"
#include "wasm/module.h"

namespace akira::validate {

// Checks that `e` uses only constant instructions and produces exactly one value of
// type `expected`. In Wasm 2.0 global.get may only name an imported immutable global.
Status validate_const_expr(const Context& c, const ConstExpr& e, ValType expected);

}  // namespace akira::validate
