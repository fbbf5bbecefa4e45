/* Store limits from akira.h: a memory cap that memory.grow, wasm_memory_grow and
 * instantiation respect, and (interpreted code) a call depth limit. */
#include "common.h"

static wasm_trap_t* call_i_i(wasm_func_t* f, int32_t arg, int32_t* out) {
  wasm_val_t a[1], r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  wasm_trap_t* trap;
  a[0].kind = WASM_I32, a[0].of.i32 = arg;
  trap = wasm_func_call(f, &args, &results);
  if (!trap) *out = r[0].of.i32;
  return trap;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  akira_limits_t limits;
  wasm_store_t* store;
  wasm_module_t* module;
  wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports;
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  wasm_memory_t* memory;
  wasm_func_t *grow, *rec;
  int32_t r = 0;
  wasm_limits_t big = {5, 10};
  wasm_memorytype_t* mt;
  REQUIRE(argc == 2);
  memset(&limits, 0, sizeof limits);
  limits.max_memory_pages = 4;
  limits.max_call_depth = 100;
  store = akira_store_new_with_limits(engine, &limits);
  REQUIRE(store);
  module = load_module(store, argv[1]);
  instance = wasm_instance_new(store, module, &imports, &trap);
  REQUIRE(instance && !trap);
  wasm_instance_exports(instance, &exports);
  memory = wasm_extern_as_memory(exports.data[0]);
  grow = wasm_extern_as_func(exports.data[1]);
  rec = wasm_extern_as_func(exports.data[2]);

  /* Memory: 1 page, at most 4. */
  trap = call_i_i(grow, 2, &r);
  CHECK(!trap && r == 1);
  trap = call_i_i(grow, 2, &r);
  CHECK(!trap && r == -1);
  CHECK(wasm_memory_grow(memory, 1));
  CHECK(!wasm_memory_grow(memory, 1));
  CHECK(wasm_memory_size(memory) == 4);
  mt = wasm_memorytype_new(&big);
  CHECK(wasm_memory_new(store, mt) == NULL);
  wasm_memorytype_delete(mt);

  /* Call depth (the interpreter counts frames; native code is bounded by its stack). */
  trap = call_i_i(rec, 50, &r);
  CHECK(!trap && r == 50);
  if (!akira_module_is_aot(module)) {
    trap = call_i_i(rec, 200, &r);
    CHECK(trap != NULL);
    if (trap) {
      CHECK(akira_trap_code(trap) == AKIRA_TRAP_CODE_CALL_STACK_EXHAUSTED);
      wasm_trap_delete(trap);
    }
  }
  trap = call_i_i(rec, 60, &r);
  CHECK(!trap && r == 60);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);

  /* Limits set on the engine's configuration apply to its stores. */
  {
    wasm_config_t* config = wasm_config_new();
    wasm_limits_t fits = {4, 10};
    wasm_engine_t* limited;
    wasm_store_t* s;
    wasm_memory_t* m;
    akira_config_set_limits(config, &limits);
    limited = wasm_engine_new_with_config(config);
    s = wasm_store_new(limited);
    mt = wasm_memorytype_new(&big);
    CHECK(wasm_memory_new(s, mt) == NULL);
    wasm_memorytype_delete(mt);
    mt = wasm_memorytype_new(&fits);
    m = wasm_memory_new(s, mt);
    wasm_memorytype_delete(mt);
    CHECK(m != NULL && !wasm_memory_grow(m, 1));
    if (m) wasm_memory_delete(m);
    wasm_store_delete(s);
    wasm_engine_delete(limited);
  }

  /* The defaults allow what the limits refused. */
  {
    wasm_store_t* plain = wasm_store_new(engine);
    wasm_memory_t* m;
    mt = wasm_memorytype_new(&big);
    m = wasm_memory_new(plain, mt);
    CHECK(m != NULL);
    if (m) wasm_memory_delete(m);
    wasm_memorytype_delete(mt);
    wasm_store_delete(plain);
  }
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("limits");
}
