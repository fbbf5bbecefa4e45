/* Host references: foreign objects (and other references) held by wasm code as externref
 * in globals, tables, parameters and results come back as the same object, host info
 * included. */
#include "common.h"

static int g_callback_calls = 0;

static wasm_trap_t* identity_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  ++g_callback_calls;
  results->data[0].kind = WASM_EXTERNREF;
  results->data[0].of.ref = args->data[0].of.ref ? wasm_ref_copy(args->data[0].of.ref) : NULL;
  return NULL;
}

static wasm_ref_t* call_r_r(wasm_func_t* f, wasm_ref_t* r) {
  wasm_val_t a[1], res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(res);
  wasm_trap_t* trap;
  a[0].kind = WASM_EXTERNREF, a[0].of.ref = r;
  trap = wasm_func_call(f, &args, &results);
  CHECK(trap == NULL);
  if (trap) wasm_trap_delete(trap);
  CHECK(res[0].kind == WASM_EXTERNREF);
  return res[0].of.ref;
}

static wasm_ref_t* call_i_r(wasm_func_t* f, int32_t i) {
  wasm_val_t a[1] = {WASM_I32_VAL(i)}, res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(res);
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  CHECK(trap == NULL);
  if (trap) wasm_trap_delete(trap);
  return res[0].of.ref;
}

static void call_r_v(wasm_func_t* f, wasm_ref_t* r) {
  wasm_val_t a[1];
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_EMPTY_VEC;
  wasm_trap_t* trap;
  a[0].kind = WASM_EXTERNREF, a[0].of.ref = r;
  trap = wasm_func_call(f, &args, &results);
  CHECK(trap == NULL);
  if (trap) wasm_trap_delete(trap);
}

static void call_ir_v(wasm_func_t* f, int32_t i, wasm_ref_t* r) {
  wasm_val_t a[2];
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_EMPTY_VEC;
  wasm_trap_t* trap;
  a[0].kind = WASM_I32, a[0].of.i32 = i;
  a[1].kind = WASM_EXTERNREF, a[1].of.ref = r;
  trap = wasm_func_call(f, &args, &results);
  CHECK(trap == NULL);
  if (trap) wasm_trap_delete(trap);
}

static wasm_ref_t* call_v_r(wasm_func_t* f) {
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(res);
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  CHECK(trap == NULL);
  if (trap) wasm_trap_delete(trap);
  return res[0].of.ref;
}

/* Checks that `r` is the object `expected` (same identity, same host info), then deletes it. */
static void expect_same(wasm_ref_t* r, const wasm_ref_t* expected, void* info) {
  if (!expected) {
    CHECK(r == NULL);
    if (r) wasm_ref_delete(r);
    return;
  }
  CHECK(r != NULL);
  if (!r) return;
  CHECK(wasm_ref_same(r, expected));
  CHECK(wasm_ref_get_host_info(r) == info);
  wasm_ref_delete(r);
}

int main(int argc, char** argv) {
  int info1 = 1, info2 = 2;
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module;
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
  wasm_func_t* identity;
  wasm_extern_t* imports_arr[1];
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr), exports;
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  wasm_foreign_t *host1, *host2;
  wasm_ref_t *r1, *r2, *r;
  wasm_global_t* global;
  wasm_table_t* table;
  wasm_func_t *global_set, *global_get, *table_set, *table_get, *func_call, *is_null;
  wasm_val_t v;
  REQUIRE(argc == 2);
  module = load_module(store, argv[1]);
  identity = wasm_func_new(store, type, identity_cb);
  wasm_functype_delete(type);
  imports_arr[0] = wasm_func_as_extern(identity);
  instance = wasm_instance_new(store, module, &imports, &trap);
  REQUIRE(instance && !trap);
  wasm_instance_exports(instance, &exports);
  REQUIRE(exports.size == 8);
  global = wasm_extern_as_global(exports.data[0]);
  table = wasm_extern_as_table(exports.data[1]);
  global_set = wasm_extern_as_func(exports.data[2]);
  global_get = wasm_extern_as_func(exports.data[3]);
  table_set = wasm_extern_as_func(exports.data[4]);
  table_get = wasm_extern_as_func(exports.data[5]);
  func_call = wasm_extern_as_func(exports.data[6]);
  is_null = wasm_extern_as_func(exports.data[7]);
  REQUIRE(global && table && global_set && global_get && table_set && table_get && func_call && is_null);

  host1 = wasm_foreign_new(store);
  host2 = wasm_foreign_new(store);
  wasm_foreign_set_host_info(host1, &info1);
  wasm_foreign_set_host_info(host2, &info2);
  r1 = wasm_foreign_as_ref(host1);
  r2 = wasm_foreign_as_ref(host2);
  CHECK(!wasm_ref_same(r1, r2));
  r = wasm_ref_copy(r1);
  CHECK(wasm_ref_same(r, r1) && wasm_ref_get_host_info(r) == &info1);
  wasm_ref_delete(r);
  CHECK(wasm_ref_as_foreign(r1) == host1 && wasm_ref_as_func(r1) == NULL);

  /* Globals. */
  expect_same(call_v_r(global_get), NULL, NULL);
  call_r_v(global_set, r1);
  expect_same(call_v_r(global_get), r1, &info1);
  call_r_v(global_set, r2);
  expect_same(call_v_r(global_get), r2, &info2);
  wasm_global_get(global, &v);
  CHECK(v.kind == WASM_EXTERNREF);
  expect_same(v.of.ref, r2, &info2);
  v.kind = WASM_EXTERNREF, v.of.ref = r1;
  wasm_global_set(global, &v);
  expect_same(call_v_r(global_get), r1, &info1);
  call_r_v(global_set, NULL);
  expect_same(call_v_r(global_get), NULL, NULL);

  /* Tables. */
  expect_same(call_i_r(table_get, 0), NULL, NULL);
  call_ir_v(table_set, 0, r1);
  call_ir_v(table_set, 1, r2);
  expect_same(call_i_r(table_get, 0), r1, &info1);
  expect_same(call_i_r(table_get, 1), r2, &info2);
  expect_same(wasm_table_get(table, 1), r2, &info2);
  CHECK(wasm_table_set(table, 2, r1));
  expect_same(call_i_r(table_get, 2), r1, &info1);
  CHECK(wasm_table_grow(table, 2, r2));
  CHECK(wasm_table_size(table) == 12);
  expect_same(call_i_r(table_get, 11), r2, &info2);

  /* Parameters and results, through a host function. */
  expect_same(call_r_r(func_call, r1), r1, &info1);
  expect_same(call_r_r(func_call, NULL), NULL, NULL);
  CHECK(g_callback_calls == 2);
  {
    wasm_val_t a[1], res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(res);
    a[0].kind = WASM_EXTERNREF, a[0].of.ref = r1;
    trap = wasm_func_call(is_null, &args, &results);
    CHECK(!trap && res[0].of.i32 == 0);
    a[0].of.ref = NULL;
    trap = wasm_func_call(is_null, &args, &results);
    CHECK(!trap && res[0].of.i32 == 1);
  }
  /* Any reference may be an externref: a function crosses as itself. */
  expect_same(call_r_r(func_call, wasm_func_as_ref(identity)), wasm_func_as_ref(identity), NULL);

  /* Values own their references: copying and deleting. */
  {
    wasm_val_t a, b;
    a.kind = WASM_EXTERNREF, a.of.ref = wasm_ref_copy(r2);
    wasm_val_copy(&b, &a);
    CHECK(wasm_ref_same(a.of.ref, b.of.ref));
    wasm_val_delete(&a);
    wasm_val_delete(&b);
  }

  wasm_foreign_delete(host1);
  wasm_foreign_delete(host2);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(identity);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("hostref");
}
