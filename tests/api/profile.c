/* Profiles from akira.h: per-function calls and times for interpreted code, calls for
 * native code compiled with counters. */
#include "common.h"

static const akira_profile_entry_t* find(const akira_profile_t* p, uint32_t index) {
  size_t i;
  for (i = 0; i < akira_profile_count(p); ++i)
    if (akira_profile_entry(p, i)->func_index == index) return akira_profile_entry(p, i);
  return NULL;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module;
  wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports;
  wasm_instance_t* instance;
  wasm_trap_t* trap = NULL;
  akira_profile_t* p;
  const akira_profile_entry_t *leaf, *mid, *run;
  wasm_val_t a[1] = {WASM_I32_VAL(100)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  int aot;
  REQUIRE(argc == 2);
  module = load_module(store, argv[1]);
  aot = akira_module_is_aot(module);
  akira_store_set_profiling(store, true);
  instance = wasm_instance_new(store, module, &imports, &trap);
  REQUIRE(instance && !trap);
  wasm_instance_exports(instance, &exports);

  p = akira_instance_profile(instance);
  CHECK(akira_profile_count(p) == 0);
  akira_profile_delete(p);

  trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results);
  CHECK(!trap && r[0].of.i32 == 3 * 4950 + 300);

  p = akira_instance_profile(instance);
  CHECK(akira_profile_kind(p) == (aot ? AKIRA_PROFILE_COUNTED : AKIRA_PROFILE_TIMED));
  leaf = find(p, 0);
  mid = find(p, 1);
  run = find(p, 2);
  CHECK(akira_profile_entry(p, akira_profile_count(p)) == NULL);
  /* Native code may inline the small functions: only what is counted must be right. */
  if (!aot || leaf) CHECK(leaf && leaf->calls == 200);
  if (!aot || mid) CHECK(mid && mid->calls == 100);
  CHECK(run && run->calls == 1);
  if (run) CHECK(run->name != NULL && strcmp(run->name, "run") == 0);
  if (!aot && run && leaf && mid) {
    CHECK(run->total_ns >= mid->total_ns && mid->total_ns >= mid->self_ns);
    CHECK(run->total_ns > 0);
  }
  akira_profile_delete(p);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("profile");
}
