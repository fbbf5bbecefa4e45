/* Tables of funcref: get, set, grow and size from the host, call_indirect from wasm on
 * what the host stored, and traps for null, mismatched and out-of-range entries. */
#include "common.h"

static wasm_trap_t* neg_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = -args->data[0].of.i32;
  return NULL;
}

static wasm_trap_t* call_indirect(wasm_func_t* f, int32_t arg, int32_t index, int32_t* out) {
  wasm_val_t a[2], r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  wasm_trap_t* trap;
  a[0].kind = WASM_I32, a[0].of.i32 = arg;
  a[1].kind = WASM_I32, a[1].of.i32 = index;
  trap = wasm_func_call(f, &args, &results);
  if (!trap) *out = r[0].of.i32;
  return trap;
}

static void expect_trap(wasm_func_t* f, int32_t index, const char* message, akira_trap_code_t code) {
  int32_t r;
  wasm_trap_t* trap = call_indirect(f, 1, index, &r);
  CHECK(trap != NULL);
  if (!trap) return;
  CHECK(trap_says(trap, message));
  CHECK(akira_trap_code(trap) == code);
  wasm_trap_delete(trap);
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module;
  wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports;
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  wasm_table_t* table;
  wasm_func_t *f, *ci, *size, *neg;
  wasm_functype_t* neg_type;
  wasm_ref_t* r;
  wasm_tabletype_t* tt;
  wasm_limits_t limits = {3, 4};
  wasm_table_t* standalone;
  wasm_foreign_t* foreign;
  int32_t out = 0;
  REQUIRE(argc == 2);
  module = load_module(store, argv[1]);
  instance = wasm_instance_new(store, module, &imports, &trap);
  REQUIRE(instance && !trap);
  wasm_instance_exports(instance, &exports);
  REQUIRE(exports.size == 4);
  table = wasm_extern_as_table(exports.data[0]);
  f = wasm_extern_as_func(exports.data[1]);
  ci = wasm_extern_as_func(exports.data[2]);
  size = wasm_extern_as_func(exports.data[3]);
  REQUIRE(table && f && ci && size);

  neg_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  neg = wasm_func_new(store, neg_type, neg_cb);
  wasm_functype_delete(neg_type);

  /* The initial contents: null, then $g. */
  CHECK(wasm_table_size(table) == 2);
  CHECK(wasm_table_get(table, 0) == NULL);
  r = wasm_table_get(table, 1);
  CHECK(r != NULL && wasm_ref_as_func(r) != NULL);
  if (r) {
    CHECK(wasm_func_param_arity(wasm_ref_as_func(r)) == 2);
    wasm_ref_delete(r);
  }
  CHECK(wasm_table_get(table, 2) == NULL); /* out of range */
  expect_trap(ci, 0, "uninitialized element", AKIRA_TRAP_CODE_UNINITIALIZED_ELEMENT);
  expect_trap(ci, 1, "indirect call type mismatch", AKIRA_TRAP_CODE_INDIRECT_CALL_TYPE_MISMATCH);
  expect_trap(ci, 2, "undefined element", AKIRA_TRAP_CODE_UNDEFINED_ELEMENT);

  /* Store a wasm function and a host function; call them through the table. */
  CHECK(wasm_table_set(table, 0, wasm_func_as_ref(f)));
  CHECK(wasm_table_set(table, 1, wasm_func_as_ref(neg)));
  trap = call_indirect(ci, 41, 0, &out);
  CHECK(!trap && out == 42);
  trap = call_indirect(ci, 41, 1, &out);
  CHECK(!trap && out == -41);
  r = wasm_table_get(table, 1);
  CHECK(r && wasm_ref_same(r, wasm_func_as_ref(neg)));
  if (r) wasm_ref_delete(r);
  CHECK(!wasm_table_set(table, 2, wasm_func_as_ref(f))); /* out of range */
  foreign = wasm_foreign_new(store);
  CHECK(!wasm_table_set(table, 0, wasm_foreign_as_ref(foreign))); /* not a function */
  wasm_foreign_delete(foreign);
  CHECK(wasm_table_set(table, 1, NULL));
  expect_trap(ci, 1, "uninitialized element", AKIRA_TRAP_CODE_UNINITIALIZED_ELEMENT);

  /* Growth, filled with the given reference, up to the maximum of 10. */
  CHECK(wasm_table_grow(table, 3, wasm_func_as_ref(f)));
  CHECK(wasm_table_size(table) == 5);
  {
    wasm_val_t r0[1] = {WASM_INIT_VAL};
    wasm_val_vec_t none = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(r0);
    trap = wasm_func_call(size, &none, &results);
    CHECK(!trap && r0[0].of.i32 == 5);
  }
  trap = call_indirect(ci, 1, 4, &out);
  CHECK(!trap && out == 2);
  CHECK(wasm_table_grow(table, 5, NULL));
  CHECK(!wasm_table_grow(table, 1, NULL));
  CHECK(wasm_table_size(table) == 10);
  tt = wasm_table_type(table);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(tt)->min == 10 && wasm_tabletype_limits(tt)->max == 10);
  wasm_tabletype_delete(tt);

  /* A table made by the host. */
  tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
  standalone = wasm_table_new(store, tt, wasm_func_as_ref(neg));
  wasm_tabletype_delete(tt);
  REQUIRE(standalone);
  CHECK(wasm_table_size(standalone) == 3);
  r = wasm_table_get(standalone, 2);
  CHECK(r && wasm_ref_same(r, wasm_func_as_ref(neg)));
  if (r) wasm_ref_delete(r);
  CHECK(wasm_table_grow(standalone, 1, NULL) && !wasm_table_grow(standalone, 1, NULL));
  CHECK(wasm_table_get(standalone, 3) == NULL);
  wasm_table_delete(standalone);

  wasm_func_delete(neg);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("table");
}
