/* Globals: imported and exported, constant and mutable, read and written from both the
 * host and wasm code; writes to constant globals or of the wrong type are refused. */
#include "common.h"

static wasm_val_t call0(wasm_func_t* f) {
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(r);
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  CHECK(trap == NULL);
  if (trap) wasm_trap_delete(trap);
  return r[0];
}

static void call1(wasm_func_t* f, wasm_val_t v) {
  wasm_val_t a[1];
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_EMPTY_VEC;
  wasm_trap_t* trap;
  a[0] = v;
  trap = wasm_func_call(f, &args, &results);
  CHECK(trap == NULL);
  if (trap) wasm_trap_delete(trap);
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module;
  wasm_globaltype_t* const_type = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_CONST);
  wasm_globaltype_t* var_type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t v_f32 = WASM_F32_VAL(2.5f), v_i64 = WASM_I64_VAL(-3), v, bad = WASM_I32_VAL(1);
  wasm_global_t *imp_const, *imp_var, *own_const, *own_var;
  wasm_extern_t* imports_arr[2];
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr), exports;
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  wasm_globaltype_t* gt;
  REQUIRE(argc == 2);
  module = load_module(store, argv[1]);

  imp_const = wasm_global_new(store, const_type, &v_f32);
  imp_var = wasm_global_new(store, var_type, &v_i64);
  REQUIRE(imp_const && imp_var);
  /* A value of another type makes no global. */
  CHECK(wasm_global_new(store, const_type, &bad) == NULL);
  wasm_globaltype_delete(const_type);
  wasm_globaltype_delete(var_type);

  imports_arr[0] = wasm_global_as_extern(imp_const);
  imports_arr[1] = wasm_global_as_extern(imp_var);
  instance = wasm_instance_new(store, module, &imports, &trap);
  REQUIRE(instance && !trap);
  wasm_instance_exports(instance, &exports);
  REQUIRE(exports.size == 7);
  own_const = wasm_extern_as_global(exports.data[0]);
  own_var = wasm_extern_as_global(exports.data[1]);
  REQUIRE(own_const && own_var);
  CHECK(wasm_extern_as_func(exports.data[0]) == NULL);

  gt = wasm_global_type(own_var);
  CHECK(wasm_globaltype_mutability(gt) == WASM_VAR && wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_F64);
  wasm_globaltype_delete(gt);
  gt = wasm_global_type(own_const);
  CHECK(wasm_globaltype_mutability(gt) == WASM_CONST && wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_I32);
  wasm_globaltype_delete(gt);

  /* Initial values, from the host and from wasm. */
  wasm_global_get(imp_const, &v);
  CHECK(v.kind == WASM_F32 && v.of.f32 == 2.5f);
  wasm_global_get(own_const, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == 7);
  v = call0(wasm_extern_as_func(exports.data[2]));
  CHECK(v.kind == WASM_F32 && v.of.f32 == 2.5f);
  v = call0(wasm_extern_as_func(exports.data[3]));
  CHECK(v.kind == WASM_I64 && v.of.i64 == -3);
  v = call0(wasm_extern_as_func(exports.data[4]));
  CHECK(v.kind == WASM_F64 && v.of.f64 == 1.5);

  /* Host writes are seen by wasm. */
  v.kind = WASM_I64, v.of.i64 = 1234567890123LL;
  wasm_global_set(imp_var, &v);
  v = call0(wasm_extern_as_func(exports.data[3]));
  CHECK(v.of.i64 == 1234567890123LL);
  v.kind = WASM_F64, v.of.f64 = -0.25;
  wasm_global_set(own_var, &v);
  v = call0(wasm_extern_as_func(exports.data[4]));
  CHECK(v.of.f64 == -0.25);

  /* Wasm writes are seen by the host. */
  v.kind = WASM_I64, v.of.i64 = 99;
  call1(wasm_extern_as_func(exports.data[5]), v);
  wasm_global_get(imp_var, &v);
  CHECK(v.kind == WASM_I64 && v.of.i64 == 99);
  v.kind = WASM_F64, v.of.f64 = 8.0;
  call1(wasm_extern_as_func(exports.data[6]), v);
  wasm_global_get(own_var, &v);
  CHECK(v.kind == WASM_F64 && v.of.f64 == 8.0);

  /* Constant globals and wrong types are not written. */
  v.kind = WASM_I32, v.of.i32 = 100;
  wasm_global_set(own_const, &v);
  wasm_global_get(own_const, &v);
  CHECK(v.of.i32 == 7);
  v.kind = WASM_F32, v.of.f32 = 9.0f;
  wasm_global_set(imp_const, &v);
  wasm_global_get(imp_const, &v);
  CHECK(v.of.f32 == 2.5f);
  wasm_global_set(own_var, &bad);
  wasm_global_get(own_var, &v);
  CHECK(v.kind == WASM_F64 && v.of.f64 == 8.0);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_global_delete(imp_const);
  wasm_global_delete(imp_var);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("global");
}
