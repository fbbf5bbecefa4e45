/* A trap in the start function: no instance, and a trap with the message and frames. */
#include "common.h"

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module;
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  wasm_frame_vec_t trace;
  wasm_frame_t* origin;
  bool aot;
  REQUIRE(argc == 2);
  module = load_module(store, argv[1]);
  aot = akira_module_is_aot(module);
  instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance == NULL);
  REQUIRE(trap != NULL);
  CHECK(trap_says(trap, "out of bounds memory access"));
  CHECK(akira_trap_code(trap) == AKIRA_TRAP_CODE_MEMORY_OUT_OF_BOUNDS);
  origin = wasm_trap_origin(trap);
  /* Native code may have inlined $helper (0) into $start (1). */
  CHECK(origin && (wasm_frame_func_index(origin) == 0 || (aot && wasm_frame_func_index(origin) == 1)));
  if (origin) wasm_frame_delete(origin);
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 2 || (aot && trace.size == 1));
  if (trace.size >= 1) CHECK(wasm_frame_func_index(trace.data[trace.size - 1]) == 1);
  if (trace.size == 2) CHECK(wasm_frame_func_index(trace.data[0]) == 0 && wasm_frame_func_index(trace.data[1]) == 1);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  /* Without a trap pointer the failure is only the NULL instance. */
  CHECK(wasm_instance_new(store, module, &imports, NULL) == NULL);

  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("start");
}
