/* Multiple results, through a host function and back to the embedder. */
#include "common.h"

static wasm_trap_t* swap_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  CHECK(args->size == 4 && results->size == 4);
  results->data[0] = args->data[3];
  results->data[1] = args->data[2];
  results->data[2] = args->data[1];
  results->data[3] = args->data[0];
  return NULL;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module;
  wasm_valtype_t* ps[4];
  wasm_valtype_t* rs[4];
  wasm_valtype_vec_t params, results_t;
  wasm_functype_t* type;
  wasm_func_t *swap, *run;
  wasm_extern_t* imports_arr[1];
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr), exports;
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  wasm_val_t args_arr[4] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(3), WASM_I32_VAL(4)};
  wasm_val_t res_arr[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_arr), results = WASM_ARRAY_VEC(res_arr);
  REQUIRE(argc == 2);
  module = load_module(store, argv[1]);
  ps[0] = wasm_valtype_new_i32(), ps[1] = wasm_valtype_new_i64(), ps[2] = wasm_valtype_new_i64(),
  ps[3] = wasm_valtype_new_i32();
  rs[0] = wasm_valtype_new_i32(), rs[1] = wasm_valtype_new_i64(), rs[2] = wasm_valtype_new_i64(),
  rs[3] = wasm_valtype_new_i32();
  wasm_valtype_vec_new(&params, 4, ps);
  wasm_valtype_vec_new(&results_t, 4, rs);
  type = wasm_functype_new(&params, &results_t);
  swap = wasm_func_new(store, type, swap_cb);
  wasm_functype_delete(type);
  imports_arr[0] = wasm_func_as_extern(swap);
  instance = wasm_instance_new(store, module, &imports, &trap);
  REQUIRE(instance && !trap);
  wasm_instance_exports(instance, &exports);
  run = wasm_extern_as_func(exports.data[0]);
  CHECK(wasm_func_result_arity(run) == 4);

  trap = wasm_func_call(run, &args, &results);
  CHECK(!trap);
  CHECK(res_arr[0].kind == WASM_I32 && res_arr[0].of.i32 == 4);
  CHECK(res_arr[1].kind == WASM_I64 && res_arr[1].of.i64 == 3);
  CHECK(res_arr[2].kind == WASM_I64 && res_arr[2].of.i64 == 2);
  CHECK(res_arr[3].kind == WASM_I32 && res_arr[3].of.i32 == 1);

  /* A host function whose results have the wrong types makes the call trap. */
  {
    wasm_val_t bad[4] = {WASM_I64_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(3), WASM_I32_VAL(4)};
    wasm_val_vec_t bad_args = WASM_ARRAY_VEC(bad);
    trap = wasm_func_call(run, &bad_args, &results);
    CHECK(trap != NULL); /* the first argument is not an i32 */
    if (trap) wasm_trap_delete(trap);
  }

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(swap);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("multi");
}
