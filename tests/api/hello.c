/* A host callback called from wasm: the argument arrives, the result comes back. */
#include "common.h"

static int g_calls = 0;
static int32_t g_seen = 0;

static wasm_trap_t* hello_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  ++g_calls;
  CHECK(args->size == 1 && args->data[0].kind == WASM_I32);
  CHECK(results->size == 1 && results->data[0].kind == WASM_I32);
  g_seen = args->data[0].of.i32;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 10;
  return NULL;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module;
  wasm_functype_t* type;
  wasm_func_t* hello;
  wasm_extern_t* imports_arr[1];
  wasm_extern_vec_t imports;
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  wasm_extern_vec_t exports;
  wasm_func_t* run;
  wasm_val_t args_arr[1] = {WASM_I32_VAL(4)};
  wasm_val_t results_arr[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_arr);
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_arr);
  REQUIRE(argc == 2);

  module = load_module(store, argv[1]);
  type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  hello = wasm_func_new(store, type, hello_callback);
  wasm_functype_delete(type);
  REQUIRE(hello);
  CHECK(wasm_func_param_arity(hello) == 1 && wasm_func_result_arity(hello) == 1);

  imports_arr[0] = wasm_func_as_extern(hello);
  imports.size = 1;
  imports.data = imports_arr;
  instance = wasm_instance_new(store, module, &imports, &trap);
  REQUIRE(instance && !trap);

  wasm_instance_exports(instance, &exports);
  REQUIRE(exports.size == 1);
  run = wasm_extern_as_func(exports.data[0]);
  REQUIRE(run);
  CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_FUNC);

  trap = wasm_func_call(run, &args, &results);
  CHECK(trap == NULL);
  CHECK(g_calls == 1 && g_seen == 4);
  CHECK(results_arr[0].kind == WASM_I32 && results_arr[0].of.i32 == 41);

  /* The host function is callable from the embedder too. */
  trap = wasm_func_call(hello, &args, &results);
  CHECK(trap == NULL && results_arr[0].of.i32 == 40 && g_calls == 2);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(hello);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("hello");
}
