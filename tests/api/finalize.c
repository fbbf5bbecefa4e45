/* Finalizers: host info and host function environments are finalized exactly once,
 * when their owner goes (a trap with its handle, a module with its last handle and the
 * last store that instantiated it, runtime objects with their store), never while the store may still use them;
 * replacing host info finalizes the old one. Also module sharing between stores. */
#include "common.h"

#define N 50

static int g_finalized[4 * N + 16];

static void finalize(void* p) { ++g_finalized[(int)(intptr_t)p]; }

static wasm_trap_t* id_cb(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0] = args->data[0];
  return NULL;
}

static int count(int from, int to, int times) {
  int i, ok = 1;
  for (i = from; i < to; ++i)
    if (g_finalized[i] != times) {
      fprintf(stderr, "finalizer %d ran %d times, expected %d\n", i, g_finalized[i], times);
      ok = 0;
    }
  return ok;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_store_t* store2;
  wasm_module_t *module, *obtained;
  wasm_shared_module_t* shared;
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  int i;
  REQUIRE(argc == 2);
  module = load_module(store, argv[1]);
  wasm_module_set_host_info_with_finalizer(module, (void*)(intptr_t)(4 * N), finalize);
  CHECK(wasm_module_get_host_info(module) == (void*)(intptr_t)(4 * N));

  for (i = 0; i < N; ++i) {
    wasm_func_t* f = wasm_func_new_with_env(store, type, id_cb, (void*)(intptr_t)i, finalize);
    wasm_extern_t* imports_arr[1];
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr), exports;
    wasm_trap_t* trap = NULL;
    wasm_instance_t* instance;
    wasm_foreign_t* foreign;
    imports_arr[0] = wasm_func_as_extern(f);
    instance = wasm_instance_new(store, module, &imports, &trap);
    REQUIRE(instance && !trap);
    wasm_instance_set_host_info_with_finalizer(instance, (void*)(intptr_t)(N + i), finalize);
    wasm_instance_exports(instance, &exports);
    REQUIRE(exports.size == 4);
    /* Host info lives with the object, not the handle: the exported global's copy sees it. */
    wasm_extern_set_host_info_with_finalizer(exports.data[0], (void*)(intptr_t)(2 * N + i), finalize);
    {
      wasm_global_t* g = wasm_global_copy(wasm_extern_as_global(exports.data[0]));
      CHECK(wasm_global_get_host_info(g) == (void*)(intptr_t)(2 * N + i));
      wasm_global_delete(g);
    }
    foreign = wasm_foreign_new(store);
    wasm_foreign_set_host_info_with_finalizer(foreign, (void*)(intptr_t)(3 * N + i), finalize);
    wasm_foreign_delete(foreign);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(f);
  }
  /* Nothing is finalized while the store lives. */
  CHECK(count(0, 4 * N, 0));

  /* Replacing host info finalizes the previous one at once, exactly once. */
  {
    wasm_foreign_t* foreign = wasm_foreign_new(store);
    wasm_foreign_set_host_info_with_finalizer(foreign, (void*)(intptr_t)(4 * N + 1), finalize);
    wasm_foreign_set_host_info_with_finalizer(foreign, (void*)(intptr_t)(4 * N + 2), finalize);
    CHECK(g_finalized[4 * N + 1] == 1 && g_finalized[4 * N + 2] == 0);
    wasm_foreign_set_host_info(foreign, NULL);
    CHECK(g_finalized[4 * N + 2] == 1);
    wasm_foreign_delete(foreign);
  }
  /* A trap's host info goes with the trap. */
  {
    wasm_message_t msg;
    wasm_trap_t* t;
    wasm_name_new_from_string_nt(&msg, "x");
    t = wasm_trap_new(store, &msg);
    wasm_name_delete(&msg);
    wasm_trap_set_host_info_with_finalizer(t, (void*)(intptr_t)(4 * N + 3), finalize);
    CHECK(g_finalized[4 * N + 3] == 0);
    wasm_trap_delete(t);
    CHECK(g_finalized[4 * N + 3] == 1);
  }

  /* The module, shared with a second store, outlives its first handle. */
  shared = wasm_module_share(module);
  wasm_module_delete(module);
  CHECK(g_finalized[4 * N] == 0);
  store2 = wasm_store_new(engine);
  obtained = wasm_module_obtain(store2, shared);
  wasm_shared_module_delete(shared);
  REQUIRE(obtained);
  CHECK(wasm_module_get_host_info(obtained) == (void*)(intptr_t)(4 * N));
  {
    wasm_func_t* f = wasm_func_new_with_env(store2, type, id_cb, (void*)(intptr_t)(4 * N + 4), finalize);
    wasm_extern_t* imports_arr[1];
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr), exports;
    wasm_trap_t* trap = NULL;
    wasm_instance_t* instance;
    wasm_val_t a[1] = {WASM_I32_VAL(77)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
    imports_arr[0] = wasm_func_as_extern(f);
    instance = wasm_instance_new(store2, obtained, &imports, &trap);
    REQUIRE(instance && !trap);
    wasm_instance_exports(instance, &exports);
    trap = wasm_func_call(wasm_extern_as_func(exports.data[3]), &args, &results);
    CHECK(!trap && r[0].of.i32 == 77);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(f);
  }
  wasm_module_delete(obtained);
  CHECK(g_finalized[4 * N] == 0); /* the stores with its instances still hold it */

  wasm_store_delete(store);
  CHECK(count(0, 4 * N, 1));
  CHECK(g_finalized[4 * N + 4] == 0 && g_finalized[4 * N] == 0);
  wasm_store_delete(store2);
  CHECK(g_finalized[4 * N + 4] == 1);
  CHECK(count(4 * N, 4 * N + 5, 1));
  wasm_functype_delete(type);
  wasm_engine_delete(engine);
  return finish("finalize");
}
