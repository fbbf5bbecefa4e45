// Configuration, engine and store. The store owns every runtime object made in it and,
// when deleted, frees them and runs the finalizers of host functions and host info.
#include "api/c_api_internal.h"
#include "wasi/wasi.h"

using namespace akira;

wasm_store_t::~wasm_store_t() {
  delete pending_host_trap;
  store.reset();  // instances, functions, memories, tables, globals
  wasi.clear();
  for (auto& [key, ref] : externrefs) delete ref;
  externrefs.clear();
  for (auto& [entity, info] : host_info) info.finalize();
  for (auto& [env, fin] : env_finalizers) fin(env);
  modules.clear();
}

namespace akira::capi {

wasm_store_t* new_store(wasm_engine_t* engine, const akira_limits_t* override_limits) {
  const akira_limits_t& l = override_limits ? *override_limits : engine->limits;
  StoreLimits limits;
  if (l.max_memory_pages) limits.max_memory_pages = std::min<uint64_t>(l.max_memory_pages, kMaxPages);
  if (l.value_stack_bytes) limits.value_stack_bytes = l.value_stack_bytes;
  if (l.max_call_depth) limits.max_call_depth = l.max_call_depth;
  auto* s = new wasm_store_t;
  s->store = capi::new_store(limits);
  return s;
}

}  // namespace akira::capi

extern "C" {

wasm_config_t* wasm_config_new(void) { return new wasm_config_t; }
void wasm_config_delete(wasm_config_t* c) { delete c; }

wasm_engine_t* wasm_engine_new(void) { return new wasm_engine_t; }
wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* config) {
  auto* e = new wasm_engine_t;
  if (config) e->limits = config->limits;
  delete config;
  return e;
}
void wasm_engine_delete(wasm_engine_t* e) { delete e; }

wasm_store_t* wasm_store_new(wasm_engine_t* engine) { return akira::capi::new_store(engine, nullptr); }
void wasm_store_delete(wasm_store_t* s) { delete s; }

}  // extern "C"
