/* Traps: messages, codes and frames of traps in wasm code and in host functions, call
 * stack exhaustion, and wrong arguments that come back as traps instead of crashing. */
#include "common.h"

static int g_host_calls = 0;

static wasm_trap_t* fail_cb(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  wasm_message_t msg;
  wasm_trap_t* trap;
  ++g_host_calls;
  wasm_name_new_from_string_nt(&msg, "callback failed");
  trap = wasm_trap_new((wasm_store_t*)env, &msg);
  wasm_name_delete(&msg);
  return trap;
}

static wasm_trap_t* call(wasm_func_t* f, const wasm_val_t* arg, wasm_val_t* result) {
  wasm_val_t a[1], r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args, results;
  args.size = arg ? 1 : 0, args.data = a;
  results.size = result ? 1 : 0, results.data = r;
  if (arg) a[0] = *arg;
  {
    wasm_trap_t* t = wasm_func_call(f, &args, &results);
    if (!t && result) *result = r[0];
    return t;
  }
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module;
  wasm_functype_t* fail_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t *fail, *div, *unreachable, *host, *deep;
  wasm_extern_t* imports_arr[1];
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr), exports;
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  wasm_frame_t* origin;
  wasm_frame_vec_t trace;
  bool aot;
  wasm_val_t zero = WASM_I32_VAL(0), two = WASM_I32_VAL(2), wrong = WASM_I64_VAL(2), result;
  REQUIRE(argc == 2);
  module = load_module(store, argv[1]);
  aot = akira_module_is_aot(module);
  fail = wasm_func_new_with_env(store, fail_type, fail_cb, store, NULL);
  wasm_functype_delete(fail_type);
  imports_arr[0] = wasm_func_as_extern(fail);
  instance = wasm_instance_new(store, module, &imports, &trap);
  REQUIRE(instance && !trap);
  wasm_instance_exports(instance, &exports);
  REQUIRE(exports.size == 4);
  div = wasm_extern_as_func(exports.data[0]);
  unreachable = wasm_extern_as_func(exports.data[1]);
  host = wasm_extern_as_func(exports.data[2]);
  deep = wasm_extern_as_func(exports.data[3]);

  /* No trap. */
  trap = call(div, &two, &result);
  CHECK(!trap && result.kind == WASM_I32 && result.of.i32 == 0);

  /* Division by zero two calls deep: $inner (1) then $middle (2). */
  trap = call(div, &zero, &result);
  REQUIRE(trap);
  CHECK(trap_says(trap, "integer divide by zero"));
  CHECK(akira_trap_code(trap) == AKIRA_TRAP_CODE_INT_DIV_BY_ZERO);
  CHECK(!akira_trap_exit_status(trap, NULL));
  origin = wasm_trap_origin(trap);
  CHECK(origin != NULL);
  if (origin) {
    /* Native code may have inlined $inner into $middle. */
    CHECK(wasm_frame_func_index(origin) == 1 || (aot && wasm_frame_func_index(origin) == 2));
    CHECK(wasm_frame_module_offset(origin) > 0);
    CHECK(wasm_frame_instance(origin) != NULL && wasm_instance_same(wasm_frame_instance(origin), instance));
    wasm_frame_delete(origin);
  }
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 2 || (aot && trace.size == 1));
  if (trace.size >= 1) CHECK(wasm_frame_func_index(trace.data[trace.size - 1]) == 2);
  if (trace.size == 2) {
    wasm_frame_t* copy = wasm_frame_copy(trace.data[1]);
    CHECK(wasm_frame_func_index(trace.data[0]) == 1 && wasm_frame_func_index(trace.data[1]) == 2);
    CHECK(wasm_frame_func_index(copy) == 2);
    CHECK(wasm_frame_module_offset(trace.data[0]) < wasm_frame_module_offset(trace.data[1]));
    wasm_frame_delete(copy);
  }
  wasm_frame_vec_delete(&trace);
  {
    wasm_trap_t* copy = wasm_trap_copy(trap);
    CHECK(trap_says(copy, "integer divide by zero"));
    CHECK(akira_trap_code(copy) == AKIRA_TRAP_CODE_INT_DIV_BY_ZERO);
    wasm_trap_delete(copy);
  }
  wasm_trap_delete(trap);

  trap = call(unreachable, NULL, NULL);
  CHECK(trap && trap_says(trap, "unreachable") && akira_trap_code(trap) == AKIRA_TRAP_CODE_UNREACHABLE);
  if (trap) {
    origin = wasm_trap_origin(trap);
    CHECK(origin && wasm_frame_func_index(origin) == 3);
    if (origin) wasm_frame_delete(origin);
    wasm_trap_delete(trap);
  }

  /* A host function's trap comes back as is, with the wasm frame that called it. */
  trap = call(host, NULL, NULL);
  CHECK(trap && trap_says(trap, "callback failed"));
  CHECK(g_host_calls == 1);
  if (trap) {
    CHECK(akira_trap_code(trap) == AKIRA_TRAP_CODE_HOST);
    wasm_trap_trace(trap, &trace);
    CHECK(trace.size == 1 && wasm_frame_func_index(trace.data[0]) == 4);
    wasm_frame_vec_delete(&trace);
    wasm_trap_delete(trap);
  }
  /* Called directly, the host function's trap has no frames. */
  trap = call(fail, &two, NULL);
  CHECK(trap && trap_says(trap, "callback failed"));
  if (trap) {
    CHECK(wasm_trap_origin(trap) == NULL);
    wasm_trap_delete(trap);
  }

  /* Unbounded recursion. */
  trap = call(deep, &two, &result);
  CHECK(trap && trap_says(trap, "call stack exhausted"));
  if (trap) {
    CHECK(akira_trap_code(trap) == AKIRA_TRAP_CODE_CALL_STACK_EXHAUSTED);
    wasm_trap_delete(trap);
  }

  /* A call that traps reports its trap even with no room for results (the function
   * is expected to trap, so the caller passes an empty vector); one that returns into
   * too small a vector gets an error trap instead. */
  trap = call(div, &zero, NULL);
  CHECK(trap && trap_says(trap, "integer divide by zero"));
  if (trap) {
    wasm_frame_vec_t frames;
    CHECK(akira_trap_code(trap) == AKIRA_TRAP_CODE_INT_DIV_BY_ZERO);
    wasm_trap_trace(trap, &frames);
    CHECK(frames.size >= 1);
    wasm_frame_vec_delete(&frames);
    wasm_trap_delete(trap);
  }
  trap = call(div, &two, NULL);
  CHECK(trap && akira_trap_code(trap) == AKIRA_TRAP_CODE_ERROR);
  if (trap) wasm_trap_delete(trap);

  /* Wrong argument count or type: a trap, no call. */
  trap = call(div, NULL, &result);
  CHECK(trap && akira_trap_code(trap) == AKIRA_TRAP_CODE_ERROR);
  if (trap) wasm_trap_delete(trap);
  trap = call(div, &wrong, &result);
  CHECK(trap && akira_trap_code(trap) == AKIRA_TRAP_CODE_ERROR);
  if (trap) wasm_trap_delete(trap);
  trap = wasm_func_call(div, NULL, NULL);
  CHECK(trap != NULL);
  if (trap) wasm_trap_delete(trap);

  /* Host info on traps is finalized with the trap. */
  {
    wasm_message_t msg;
    wasm_trap_t* t;
    wasm_name_new_from_string_nt(&msg, "made by the host");
    t = wasm_trap_new(store, &msg);
    wasm_name_delete(&msg);
    CHECK(trap_says(t, "made by the host"));
    CHECK(akira_trap_code(t) == AKIRA_TRAP_CODE_HOST);
    wasm_trap_set_host_info(t, &g_host_calls);
    CHECK(wasm_trap_get_host_info(t) == &g_host_calls);
    wasm_trap_delete(t);
  }

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(fail);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("trap");
}
