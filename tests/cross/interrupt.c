/* Interrupting code that loops forever, on a cross target: runs export "spin" of spin.wat
 * (interpreted from the .wasm, or native code from a .aot), waits on another thread until
 * the loop is seen counting in memory, then calls akira_store_interrupt. The call must
 * return a trap with code AKIRA_TRAP_CODE_INTERRUPTED within LIMIT_MS of the request (for
 * native code the runtime stops the thread with a signal), and the store must stay usable.
 *   cross_interrupt MODULE wasm|aot LIMIT_MS */
#include <akira/akira.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void sleep_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

typedef struct {
  wasm_store_t* store;
  wasm_memory_t* memory;
  int seen_counting;   /* 1: the loop ran, then the request was made; -1: it never ran */
  double requested_at; /* read after pthread_join */
} watchdog_t;

static void* watchdog(void* arg) {
  watchdog_t* w = arg;
  volatile const unsigned char* counter = (volatile const unsigned char*)wasm_memory_data(w->memory);
  double start = now_ms();
  /* Running when the counter has moved (the loop stores it on every iteration). */
  while (counter[0] == 0 && counter[1] == 0 && now_ms() - start < 60000) sleep_ms(5);
  int ran = counter[0] != 0 || counter[1] != 0;
  sleep_ms(50);
  w->requested_at = now_ms();
  w->seen_counting = ran ? 1 : -1;
  akira_store_interrupt(w->store);
  return NULL;
}

static int trap_is_interrupt(const wasm_trap_t* trap, char* buf, size_t n) {
  wasm_message_t m;
  wasm_trap_message(trap, &m);
  snprintf(buf, n, "%.*s", (int)(m.size > 0 ? m.size - 1 : 0), m.data);
  wasm_byte_vec_delete(&m);
  return akira_trap_code(trap) == AKIRA_TRAP_CODE_INTERRUPTED;
}

int main(int argc, char** argv) {
  if (argc != 4 || (strcmp(argv[2], "wasm") != 0 && strcmp(argv[2], "aot") != 0)) {
    fprintf(stderr, "usage: %s MODULE wasm|aot LIMIT_MS\n", argv[0]);
    return 2;
  }
  const int want_aot = strcmp(argv[2], "aot") == 0;
  const double limit = atof(argv[3]);
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = NULL;
  akira_error_t* err = akira_module_load(store, argv[1], &module, NULL);
  if (err) {
    fprintf(stderr, "FAIL: %s: %s\n", argv[1], akira_error_message(err));
    return 1;
  }
  if (akira_module_is_aot(module) != want_aot) {
    fprintf(stderr, "FAIL: %s runs as %s, expected %s\n", argv[1],
            akira_module_is_aot(module) ? "native code" : "interpreted", want_aot ? "native code" : "interpreted");
    return 1;
  }
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) {
    fprintf(stderr, "FAIL: instantiation\n");
    return 1;
  }
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_memory_t* memory = NULL;
  const wasm_func_t *spin = NULL, *answer = NULL;
  for (size_t i = 0; i < types.size && i < exports.size; i++) {
    const wasm_name_t* name = wasm_exporttype_name(types.data[i]);
    if (name->size == 6 && memcmp(name->data, "memory", 6) == 0) memory = wasm_extern_as_memory(exports.data[i]);
    if (name->size == 4 && memcmp(name->data, "spin", 4) == 0) spin = wasm_extern_as_func(exports.data[i]);
    if (name->size == 6 && memcmp(name->data, "answer", 6) == 0) answer = wasm_extern_as_func(exports.data[i]);
  }
  if (!memory || !spin || !answer) {
    fprintf(stderr, "FAIL: exports memory, spin and answer expected\n");
    return 1;
  }

  watchdog_t w = {store, memory, 0, 0};
  pthread_t thread;
  pthread_create(&thread, NULL, watchdog, &w);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_val_vec_t no_results = WASM_EMPTY_VEC;
  wasm_trap_t* trap = wasm_func_call(spin, &none, &no_results);
  const double returned_at = now_ms();
  pthread_join(thread, NULL);

  int status = 0;
  char msg[256] = "";
  if (!trap) {
    fprintf(stderr, "FAIL: spin returned\n");
    return 1;
  }
  const double delay = returned_at - w.requested_at;
  if (w.seen_counting != 1) {
    fprintf(stderr, "FAIL: the loop was not seen running before the request\n");
    status = 1;
  }
  if (!trap_is_interrupt(trap, msg, sizeof msg)) {
    fprintf(stderr, "FAIL: trap '%s' (code %d), expected an interrupt\n", msg, akira_trap_code(trap));
    status = 1;
  } else {
    printf("%s: stopped after the request in %.0f ms: trap: %s\n", want_aot ? "native code" : "interpreter", delay,
           msg);
  }
  if (delay > limit) {
    fprintf(stderr, "FAIL: stopped %.0f ms after the request (limit %.0f ms)\n", delay, limit);
    status = 1;
  }
  wasm_trap_delete(trap);

  /* The store still works. */
  wasm_val_t result_data[1] = {WASM_INIT_VAL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_data);
  trap = wasm_func_call(answer, &none, &results);
  if (trap || result_data[0].of.i32 != 42) {
    fprintf(stderr, "FAIL: answer() after the interrupt: %s\n", trap ? "trapped" : "wrong result");
    status = 1;
  } else {
    printf("then answer() = %d\n", (int)result_data[0].of.i32);
  }
  if (trap) wasm_trap_delete(trap);
  wasm_exporttype_vec_delete(&types);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
