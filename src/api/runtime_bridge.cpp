#include "api/runtime_bridge.h"

#include <cstring>
#include <fstream>
#include <iterator>

#include "decode/decoder.h"
#include "deploy/app.h"
#include "deploy/profile.h"
#include "interp/interpreter.h"
#include "runtime/instantiate.h"
#include "validate/validator.h"
#include "wasi/wasi.h"
#if AKIRA_HAVE_AOT
#include "aot/loader.h"
#endif

namespace akira::capi {

std::unique_ptr<Store> new_store(const StoreLimits& limits) { return std::make_unique<Store>(limits); }

Result<LoadedModule> load_module(std::span<const uint8_t> bytes) {
  static const uint8_t kAot[4] = {0, 'a', 'o', 't'};
  LoadedModule lm;
  lm.code = deploy::interpreter_code();
  if (bytes.size() >= 4 && std::memcmp(bytes.data(), kAot, 4) == 0) {
#if AKIRA_HAVE_AOT
    auto loaded = aot::load(bytes, "module.aot");
    if (!loaded) return loaded.error();
    lm.module = loaded.value()->module;
    lm.code = loaded.value();
    lm.aot = true;
    lm.aot_bytes.assign(bytes.begin(), bytes.end());
    return lm;
#else
    return make_error(ErrorKind::Unsupported, "this runtime was built without AOT support");
#endif
  }
  auto decoded = decode_module(std::vector<uint8_t>(bytes.begin(), bytes.end()));
  if (!decoded) return decoded.error();
  if (Status st = validate_module(**decoded); !st) return st.error();
  lm.module = std::move(decoded.value());
  return lm;
}

Result<LoadedModule> load_app(const std::string& path, bool allow_aot, HybridInfo& info) {
  auto choice = deploy::choose(path, allow_aot);
  if (!choice) return choice.error();
  auto loaded = deploy::load(choice.value());
  if (!loaded) return loaded.error();
  const deploy::LoadedModule& d = *loaded.value();
  LoadedModule lm;
  lm.module = d.module;
  lm.code = d.code;
  lm.aot = d.aot;
  info.aot = d.aot;
  info.source = d.source;
  info.lines = choice->describe();
  if (const deploy::Candidate* c = choice->chosen_candidate(); c && d.aot) {
    info.reason = c->reason;
    if (c->section.empty()) {  // keep the file's bytes for wasm_module_serialize
      std::ifstream in(c->path, std::ios::binary);
      lm.aot_bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  } else {
    info.reason = !d.fallback_reason.empty() ? d.fallback_reason : choice->fallback_reason;
    if (info.reason.empty()) info.reason = "interpreter";
  }
  return lm;
}

Result<Instance*> instantiate(Store& store, const LoadedModule& m, const std::vector<Extern>& imports) {
  return akira::instantiate(store, m.module, imports, {}, *m.code);
}

Result<std::vector<Value>> call(Store& store, FuncInst* f, const std::vector<Value>& args) {
  return store.invoke(f, args);
}

FuncInst* new_host_func(Store& store, FuncType type, HostFn fn, std::string name) {
  return store.new_host_func(std::move(type), std::move(fn), std::move(name));
}

Result<MemoryInst*> new_memory(Store& store, const MemoryType& type) { return store.new_memory(type); }

TableInst* new_table(Store& store, const TableType& type, Ref init) { return store.new_table(type, init); }

GlobalInst* new_global(Store& store, const GlobalType& type, Value v) { return store.new_global(type, v); }

void interrupt(Store& store) { store.interrupt(); }

void set_profiling(Store& store, bool on) { interp::engine().set_profiling(store, on); }

int profile(const Instance& inst, std::vector<ProfileEntry>& out) {
  deploy::Profile p = deploy::profile(inst);
  for (const auto& f : p.funcs) out.push_back({f.index, f.name, f.calls, f.self_ns, f.total_ns});
  switch (p.kind) {
    case deploy::Profile::Kind::None: return 0;
    case deploy::Profile::Kind::Timed: return 1;
    case deploy::Profile::Kind::Counted: return 2;
  }
  return 0;
}

Result<std::unique_ptr<WasiContext>> wasi_create(WasiOptions opts) { return WasiContext::create(std::move(opts)); }

std::vector<Extern> wasi_imports(WasiContext& ctx, Store& store, const Module& m) {
  Linker linker;
  ctx.link(linker, store, &m);
  std::vector<Extern> out;
  for (const Import& imp : m.imports) {
    const Extern* e = imp.module == WasiContext::kModuleName ? linker.find(imp.module, imp.name) : nullptr;
    out.push_back(e ? *e : Extern{imp.kind, nullptr});
  }
  return out;
}

}  // namespace akira::capi
