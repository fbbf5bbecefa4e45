// Functions: host functions made from C callbacks, their types, and calls into any
// function with argument checking, results and traps.
#include "api/c_api_internal.h"

using namespace akira;
using namespace akira::capi;

namespace {

void delete_vals(std::vector<wasm_val_t>& vals) {
  for (wasm_val_t& v : vals) wasm_val_delete(&v);
}

wasm_func_t* new_host(wasm_store_t* store, const wasm_functype_t* type, wasm_func_callback_t cb,
                      wasm_func_callback_with_env_t cb_env, void* env, void (*finalizer)(void*)) {
  if (!store || !type || (!cb && !cb_env)) return nullptr;
  FuncType ft = to_functype(type);
  for (ValType t : ft.params)
    if (t == ValType::V128) return nullptr;
  for (ValType t : ft.results)
    if (t == ValType::V128) return nullptr;
  HostFn fn = [store, ft, cb, cb_env, env](HostCall&, const Value* args, Value* results) -> Status {
    std::vector<wasm_val_t> in(ft.params.size()), out(ft.results.size());
    for (size_t i = 0; i < ft.params.size(); ++i) in[i] = from_value(store, args[i], ft.params[i]);
    for (size_t i = 0; i < ft.results.size(); ++i) {
      std::memset(&out[i], 0, sizeof out[i]);
      out[i].kind = from_valtype(ft.results[i]);
    }
    wasm_val_vec_t in_vec{in.size(), in.data()}, out_vec{out.size(), out.data()};
    wasm_trap_t* trap = cb_env ? cb_env(env, &in_vec, &out_vec) : cb(&in_vec, &out_vec);
    delete_vals(in);
    if (trap) {
      delete_vals(out);
      Error e = make_error(ErrorKind::Trap, trap->message);
      delete store->pending_host_trap;
      store->pending_host_trap = trap;  // wasm_func_call hands this very trap back
      return e;
    }
    for (size_t i = 0; i < ft.results.size(); ++i) {
      if (!to_value(store, out[i], ft.results[i], results[i])) {
        delete_vals(out);
        return make_error(ErrorKind::Trap, "host function returned a result of the wrong type");
      }
    }
    delete_vals(out);
    return {};
  };
  if (finalizer) store->env_finalizers.emplace_back(env, finalizer);
  return new wasm_func_t(store, new_host_func(*store->store, std::move(ft), std::move(fn), "host"));
}

}  // namespace

extern "C" {

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type, wasm_func_callback_t cb) {
  return new_host(store, type, cb, nullptr, nullptr, nullptr);
}

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type, wasm_func_callback_with_env_t cb,
                                    void* env, void (*finalizer)(void*)) {
  return new_host(store, type, nullptr, cb, env, finalizer);
}

wasm_functype_t* wasm_func_type(const wasm_func_t* f) { return new_functype(f->get()->type); }
size_t wasm_func_param_arity(const wasm_func_t* f) { return f->get()->type.params.size(); }
size_t wasm_func_result_arity(const wasm_func_t* f) { return f->get()->type.results.size(); }

wasm_trap_t* wasm_func_call(const wasm_func_t* func, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  if (!func) return nullptr;
  wasm_store_t* store = func->store;
  FuncInst* f = func->get();
  const FuncType& t = f->type;
  size_t nargs = args ? args->size : 0;
  if (nargs != t.params.size() || (nargs && !args->data))
    return new_trap(
        store,
        "wrong number of arguments: expected " + std::to_string(t.params.size()) + ", got " + std::to_string(nargs),
        AKIRA_TRAP_CODE_ERROR);
  std::vector<Value> in(nargs);
  for (size_t i = 0; i < nargs; ++i)
    if (!to_value(store, args->data[i], t.params[i], in[i]))
      return new_trap(store,
                      "argument " + std::to_string(i) + " has the wrong type: expected " + to_string(t.params[i]),
                      AKIRA_TRAP_CODE_ERROR);
  auto r = call(*store->store, f, in);
  if (!r) return trap_from_error(store, r.error());
  delete store->pending_host_trap;  // a host trap that the code got past (cannot happen today)
  store->pending_host_trap = nullptr;
  // The results vector is checked once there are results to store: a call that traps
  // reports its trap whatever the vector holds (clients pass an empty one to a function
  // they expect to trap, as the upstream examples do).
  size_t nresults = results ? results->size : 0;
  if (nresults < t.results.size() || (t.results.size() && !results->data))
    return new_trap(
        store,
        "results vector too small: expected " + std::to_string(t.results.size()) + ", got " + std::to_string(nresults),
        AKIRA_TRAP_CODE_ERROR);
  for (size_t i = 0; i < t.results.size(); ++i) results->data[i] = from_value(store, r.value()[i], t.results[i]);
  return nullptr;
}

}  // extern "C"
