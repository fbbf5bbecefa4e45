// The interpreter engine: decode, validate, instantiate and call through the runtime.
#include <cstdio>

#include "engine.h"
#include "spectest.h"
#include "runtime/instantiate.h"

namespace akira::wast {

Result<std::unique_ptr<Engine>> make_aot_engine(const EngineOptions& opts);  // aot_engine.cpp

namespace {

Error tool_error(std::string msg) { return make_error(ErrorKind::Io, std::move(msg)); }

class InterpEngine final : public Engine {
 public:
  Status init() { return define_spectest(store_, linker_); }

  Result<LoadedModule> load(const std::string& wasm_path) override { return read_checked_module(wasm_path); }

  Result<Instance*> instantiate(const LoadedModule& m, const std::string& name) override {
    return linker_.instantiate(store_, m.module, name, *m.code);
  }

  void register_instance(const std::string& as, const Instance& inst) override { linker_.define_instance(as, inst); }

  Result<TypedValues> invoke(Instance& inst, std::string_view field, const TypedValues& args) override {
    const Extern* e = inst.find_export(field);
    if (!e) return tool_error("unknown export \"" + std::string(field) + "\"");
    if (e->kind != ExternKind::Func || !e->ptr)
      return tool_error("export \"" + std::string(field) + "\" is not a function");
    FuncInst* f = e->func();
    if (args.types != f->type.params) return tool_error("arguments do not match " + f->type.to_string());
    auto r = store_.invoke(f, args.values);
    if (!r.ok()) return r.error();
    if (r.value().size() != f->type.results.size())
      return tool_error("the call returned " + std::to_string(r.value().size()) + " values for type " +
                        f->type.to_string());
    return TypedValues{f->type.results, std::move(r.value())};
  }

  Result<TypedValues> get(Instance& inst, std::string_view field) override {
    const Extern* e = inst.find_export(field);
    if (!e) return tool_error("unknown export \"" + std::string(field) + "\"");
    if (e->kind != ExternKind::Global || !e->ptr)
      return tool_error("export \"" + std::string(field) + "\" is not a global");
    GlobalInst* g = e->global();
    return TypedValues{{g->type.type}, {g->value}};
  }

 private:
  Store store_;
  Linker linker_;
};

}  // namespace

Result<std::unique_ptr<Engine>> make_engine(const EngineOptions& opts) {
  if (opts.mode == "interp") {
    auto e = std::make_unique<InterpEngine>();
    AKIRA_TRY(e->init());
    return std::unique_ptr<Engine>(std::move(e));
  }
  if (opts.mode == "aot") return make_aot_engine(opts);
  return make_error(ErrorKind::Unsupported, "unknown mode \"" + opts.mode + "\"");
}

Result<LoadedModule> read_checked_module(const std::string& wasm_path) {
  deploy::LoadOptions o;
  o.wasm_only = true;
  auto m = deploy::load_module_file(wasm_path, o);
  if (!m.ok()) return m.error();
  return std::move(*m.value());
}

}  // namespace akira::wast
