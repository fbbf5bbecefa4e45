/* Host functions with an environment: the env pointer reaches every call, and each
 * finalizer runs exactly once, when the store is deleted. */
#include "common.h"

typedef struct counter {
  int calls;
  int finalized;
} counter;

static wasm_trap_t* count_cb(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  counter* c = (counter*)env;
  CHECK(args->size == 0 && results->size == 0);
  ++c->calls;
  return NULL;
}

static wasm_trap_t* add_cb(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  counter* c = (counter*)env;
  ++c->calls;
  CHECK(args->data[0].kind == WASM_I32 && args->data[1].kind == WASM_I64);
  results->data[0].kind = WASM_I64;
  results->data[0].of.i64 = (int64_t)args->data[0].of.i32 + args->data[1].of.i64;
  return NULL;
}

static void finalize(void* env) { ++((counter*)env)->finalized; }

int main(int argc, char** argv) {
  counter add_env = {0, 0}, count_env = {0, 0};
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module;
  wasm_functype_t* add_type =
      wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64());
  wasm_functype_t* count_type = wasm_functype_new_0_0();
  wasm_func_t *add, *count, *run;
  wasm_extern_t* imports_arr[2];
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
  wasm_extern_vec_t exports;
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  wasm_val_t args_arr[2] = {WASM_I32_VAL(-5), WASM_I64_VAL(10000000000LL)};
  wasm_val_t results_arr[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_arr), results = WASM_ARRAY_VEC(results_arr);
  REQUIRE(argc == 2);

  module = load_module(store, argv[1]);
  add = wasm_func_new_with_env(store, add_type, add_cb, &add_env, finalize);
  count = wasm_func_new_with_env(store, count_type, count_cb, &count_env, finalize);
  wasm_functype_delete(add_type);
  wasm_functype_delete(count_type);
  imports_arr[0] = wasm_func_as_extern(add);
  imports_arr[1] = wasm_func_as_extern(count);
  instance = wasm_instance_new(store, module, &imports, &trap);
  REQUIRE(instance && !trap);
  wasm_instance_exports(instance, &exports);
  run = wasm_extern_as_func(exports.data[0]);

  trap = wasm_func_call(run, &args, &results);
  CHECK(!trap);
  CHECK(results_arr[0].kind == WASM_I64 && results_arr[0].of.i64 == 9999999995LL);
  CHECK(add_env.calls == 1 && count_env.calls == 2);

  /* Deleting handles does not finalize: the functions live in the store. */
  wasm_func_delete(add);
  wasm_func_delete(count);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  CHECK(add_env.finalized == 0 && count_env.finalized == 0);
  wasm_module_delete(module);
  wasm_store_delete(store);
  CHECK(add_env.finalized == 1 && count_env.finalized == 1);
  wasm_engine_delete(engine);
  return finish("callback");
}
