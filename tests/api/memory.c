/* Memories: data and sizes, access from both sides, growth up to the maximum, and
 * out-of-bounds accesses that trap (with the trap code) instead of crashing. */
#include "common.h"

static wasm_trap_t* call(wasm_func_t* f, int nargs, int32_t a0, int32_t a1, int32_t* result) {
  wasm_val_t a[2], r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args, results;
  wasm_trap_t* trap;
  a[0].kind = WASM_I32, a[0].of.i32 = a0;
  a[1].kind = WASM_I32, a[1].of.i32 = a1;
  args.size = (size_t)nargs, args.data = a;
  results.size = result ? 1 : 0, results.data = r;
  trap = wasm_func_call(f, &args, &results);
  if (!trap && result) *result = r[0].of.i32;
  return trap;
}

static int32_t must(wasm_func_t* f, int nargs, int32_t a0, int32_t a1) {
  int32_t r = -12345;
  wasm_trap_t* trap = call(f, nargs, a0, a1, &r);
  CHECK(trap == NULL);
  if (trap) wasm_trap_delete(trap);
  return r;
}

static void expect_oob(wasm_func_t* f, int nargs, int32_t a0, int32_t a1, int has_result) {
  int32_t r;
  wasm_trap_t* trap = call(f, nargs, a0, a1, has_result ? &r : NULL);
  CHECK(trap != NULL);
  if (!trap) return;
  CHECK(trap_says(trap, "out of bounds memory access"));
  CHECK(akira_trap_code(trap) == AKIRA_TRAP_CODE_MEMORY_OUT_OF_BOUNDS);
  wasm_trap_delete(trap);
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module;
  wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports;
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  wasm_memory_t* memory;
  wasm_func_t *size, *load, *store_fn;
  wasm_memorytype_t* mt;
  wasm_limits_t limits = {5, 5};
  wasm_memory_t* standalone;
  REQUIRE(argc == 2);
  module = load_module(store, argv[1]);
  instance = wasm_instance_new(store, module, &imports, &trap);
  REQUIRE(instance && !trap);
  wasm_instance_exports(instance, &exports);
  REQUIRE(exports.size == 4);
  memory = wasm_extern_as_memory(exports.data[0]);
  size = wasm_extern_as_func(exports.data[1]);
  load = wasm_extern_as_func(exports.data[2]);
  store_fn = wasm_extern_as_func(exports.data[3]);
  REQUIRE(memory && size && load && store_fn);

  /* Sizes and data. */
  CHECK(wasm_memory_size(memory) == 2);
  CHECK(wasm_memory_data_size(memory) == 0x20000);
  CHECK(wasm_memory_data(memory)[0] == 0);
  CHECK(wasm_memory_data(memory)[0x1000] == 1 && wasm_memory_data(memory)[0x1003] == 4);
  CHECK(must(size, 0, 0, 0) == 2);
  CHECK(must(load, 1, 0, 0) == 0);
  CHECK(must(load, 1, 0x1002, 0) == 3);
  CHECK(must(load, 1, 0x1ffff, 0) == 0);
  expect_oob(load, 1, 0x20000, 0, 1);
  expect_oob(load, 1, -1, 0, 1);

  /* Writes from either side are seen by the other. */
  must(store_fn, 2, 0x1002, 5);
  CHECK(wasm_memory_data(memory)[0x1002] == 5);
  wasm_memory_data(memory)[0x1003] = (byte_t)-7;
  CHECK(must(load, 1, 0x1003, 0) == -7);
  expect_oob(store_fn, 2, 0x20000, 0, 0);

  /* Growth: to the maximum, then no further. */
  CHECK(wasm_memory_grow(memory, 1));
  CHECK(wasm_memory_size(memory) == 3 && wasm_memory_data_size(memory) == 0x30000);
  CHECK(must(size, 0, 0, 0) == 3);
  CHECK(must(load, 1, 0x20000, 0) == 0);
  must(store_fn, 2, 0x2ffff, 6);
  CHECK(must(load, 1, 0x2ffff, 0) == 6);
  expect_oob(load, 1, 0x30000, 0, 1);
  CHECK(!wasm_memory_grow(memory, 1));
  CHECK(wasm_memory_grow(memory, 0));
  CHECK(wasm_memory_size(memory) == 3);

  mt = wasm_memory_type(memory);
  CHECK(wasm_memorytype_limits(mt)->min == 3 && wasm_memorytype_limits(mt)->max == 3);
  wasm_memorytype_delete(mt);

  /* A memory made by the host. */
  mt = wasm_memorytype_new(&limits);
  standalone = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  REQUIRE(standalone);
  CHECK(wasm_memory_size(standalone) == 5 && wasm_memory_data_size(standalone) == 5 * MEMORY_PAGE_SIZE);
  CHECK(wasm_memory_grow(standalone, 0) && !wasm_memory_grow(standalone, 1));
  wasm_memory_data(standalone)[5 * MEMORY_PAGE_SIZE - 1] = 1;
  limits.min = 2, limits.max = 1; /* min above max: no memory */
  mt = wasm_memorytype_new(&limits);
  CHECK(wasm_memory_new(store, mt) == NULL);
  wasm_memorytype_delete(mt);
  wasm_memory_delete(standalone);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("memory");
}
