/* Threads: several threads, each with its own store, run one shared module at once; and
 * a call spinning forever on one thread is stopped from another with
 * akira_store_interrupt, returning an "interrupted" trap and leaving the store usable. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "common.h"

#define THREADS 4
#define ITERATIONS 2000

static wasm_engine_t* g_engine;
static wasm_shared_module_t* g_shared;

static wasm_trap_t* hello_cb(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * (int32_t)(intptr_t)env;
  return NULL;
}

typedef struct world {
  wasm_store_t* store;
  wasm_module_t* module;
  wasm_instance_t* instance;
  wasm_func_t* hello;
  wasm_extern_vec_t exports;
} world;

static void world_new(world* w, int32_t factor) {
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_extern_t* imports_arr[1];
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
  wasm_trap_t* trap = NULL;
  w->store = wasm_store_new(g_engine);
  w->module = wasm_module_obtain(w->store, g_shared);
  REQUIRE(w->module);
  w->hello = wasm_func_new_with_env(w->store, type, hello_cb, (void*)(intptr_t)factor, NULL);
  wasm_functype_delete(type);
  imports_arr[0] = wasm_func_as_extern(w->hello);
  w->instance = wasm_instance_new(w->store, w->module, &imports, &trap);
  REQUIRE(w->instance && !trap);
  wasm_instance_exports(w->instance, &w->exports);
  REQUIRE(w->exports.size == 3);
}

static void world_delete(world* w) {
  wasm_extern_vec_delete(&w->exports);
  wasm_instance_delete(w->instance);
  wasm_func_delete(w->hello);
  wasm_module_delete(w->module);
  wasm_store_delete(w->store);
}

static wasm_trap_t* call_i_i(wasm_func_t* f, int32_t arg, int32_t* out) {
  wasm_val_t a[1], r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  wasm_trap_t* trap;
  a[0].kind = WASM_I32, a[0].of.i32 = arg;
  trap = wasm_func_call(f, &args, &results);
  if (!trap && out) *out = r[0].of.i32;
  return trap;
}

static atomic_int g_thread_failures;

static void* worker(void* arg) {
  int32_t id = (int32_t)(intptr_t)arg, result = 0;
  int round;
  world w;
  world_new(&w, id + 1);
  for (round = 0; round < 20; ++round) {
    wasm_trap_t* trap = call_i_i(wasm_extern_as_func(w.exports.data[0]), ITERATIONS, &result);
    /* sum of i * (id + 1) for i < ITERATIONS */
    if (trap || result != (int32_t)((id + 1) * (ITERATIONS * (ITERATIONS - 1) / 2))) {
      atomic_fetch_add(&g_thread_failures, 1);
      if (trap) wasm_trap_delete(trap);
      break;
    }
  }
  world_delete(&w);
  return NULL;
}

typedef struct spinner {
  wasm_func_t* func;
  wasm_trap_t* trap;
  atomic_int done;
} spinner;

static void* spin(void* arg) {
  spinner* s = (spinner*)arg;
  s->trap = call_i_i(s->func, 0, NULL);
  atomic_store(&s->done, 1);
  return NULL;
}

static void sleep_ms(long ms) {
  struct timespec ts;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  nanosleep(&ts, NULL);
}

/* Runs export `index` (a loop that never ends) on another thread and interrupts it. */
static void interrupt_spinning(world* w, size_t index) {
  spinner s;
  pthread_t t;
  int waited = 0;
  int32_t result = 0;
  wasm_trap_t* trap;
  s.func = wasm_extern_as_func(w->exports.data[index]);
  s.trap = NULL;
  atomic_init(&s.done, 0);
  REQUIRE(pthread_create(&t, NULL, spin, &s) == 0);
  sleep_ms(50);
  CHECK(atomic_load(&s.done) == 0); /* still spinning */
  akira_store_interrupt(w->store);
  while (!atomic_load(&s.done) && waited < 10000) {
    sleep_ms(10);
    waited += 10;
  }
  if (!atomic_load(&s.done)) {
    fprintf(stderr, "export %zu was not interrupted within 10 s\n", index);
    exit(1);
  }
  pthread_join(t, NULL);
  CHECK(s.trap != NULL);
  if (s.trap) {
    CHECK(akira_trap_code(s.trap) == AKIRA_TRAP_CODE_INTERRUPTED);
    CHECK(trap_says(s.trap, "interrupted"));
    wasm_trap_delete(s.trap);
  }
  /* The store runs code again afterwards. */
  trap = call_i_i(wasm_extern_as_func(w->exports.data[0]), 10, &result);
  CHECK(!trap && result == 45);
  if (trap) wasm_trap_delete(trap);
}

int main(int argc, char** argv) {
  pthread_t threads[THREADS];
  wasm_store_t* store;
  wasm_module_t* module;
  world w;
  int i;
  REQUIRE(argc == 2);
  g_engine = wasm_engine_new();
  store = wasm_store_new(g_engine);
  module = load_module(store, argv[1]);
  g_shared = wasm_module_share(module);
  wasm_module_delete(module);
  wasm_store_delete(store);

  atomic_init(&g_thread_failures, 0);
  for (i = 0; i < THREADS; ++i) REQUIRE(pthread_create(&threads[i], NULL, worker, (void*)(intptr_t)i) == 0);
  for (i = 0; i < THREADS; ++i) pthread_join(threads[i], NULL);
  CHECK(atomic_load(&g_thread_failures) == 0);

  world_new(&w, 1);
  interrupt_spinning(&w, 1);
  interrupt_spinning(&w, 2);
  interrupt_spinning(&w, 1);
  world_delete(&w);

  wasm_shared_module_delete(g_shared);
  wasm_engine_delete(g_engine);
  return finish("threads");
}
