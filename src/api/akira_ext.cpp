// <akira/akira.h>: errors, limits, interruption, trap codes, hybrid loading, WASI and
// profiles on top of the wasm.h objects.
#include "api/c_api_internal.h"
#include "wasi/wasi.h"

using namespace akira;
using namespace akira::capi;

struct akira_error_t {
  akira_error_kind_t kind;
  std::string message;
};

struct akira_load_info_t {
  HybridInfo info;
};

struct akira_wasi_config_t {
  WasiOptions options;
};

struct akira_profile_t {
  akira_profile_kind_t kind = AKIRA_PROFILE_NONE;
  std::vector<ProfileEntry> funcs;
  std::vector<akira_profile_entry_t> entries;
};

namespace {

akira_error_t* error(const Error& e) {
  return new akira_error_t{static_cast<akira_error_kind_t>(static_cast<int>(e.kind) + 1), e.describe()};
}
static_assert(static_cast<int>(ErrorKind::Exit) + 1 == AKIRA_ERROR_EXIT);

akira_error_t* load(wasm_store_t* store, const char* path, bool allow_aot, wasm_module_t** out,
                    akira_load_info_t** info_out) {
  if (out) *out = nullptr;
  if (info_out) *info_out = nullptr;
  if (!path || !out) return new akira_error_t{AKIRA_ERROR_IO, "no path"};
  HybridInfo info;
  auto lm = load_app(path, allow_aot, info);
  if (!lm) return error(lm.error());
  auto d = std::make_shared<ModuleData>();
  d->lm = std::move(lm.value());
  *out = new wasm_module_t(store, std::move(d));
  if (info_out) *info_out = new akira_load_info_t{std::move(info)};
  return nullptr;
}

}  // namespace

extern "C" {

const char* akira_version(void) { return AKIRA_VERSION; }

void akira_error_delete(akira_error_t* e) { delete e; }
akira_error_kind_t akira_error_kind(const akira_error_t* e) { return e->kind; }
const char* akira_error_message(const akira_error_t* e) { return e->message.c_str(); }

akira_error_t* akira_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary, wasm_module_t** out) {
  *out = nullptr;
  auto d = compile(binary);
  if (!d) return error(d.error());
  *out = new wasm_module_t(store, std::move(d.value()));
  return nullptr;
}

wasm_store_t* akira_store_new_with_limits(wasm_engine_t* engine, const akira_limits_t* limits) {
  return akira::capi::new_store(engine, limits);
}

void akira_config_set_limits(wasm_config_t* config, const akira_limits_t* limits) {
  if (config && limits) config->limits = *limits;
}

void akira_store_interrupt(wasm_store_t* store) { interrupt(*store->store); }

akira_trap_code_t akira_trap_code(const wasm_trap_t* t) { return t->code; }
bool akira_trap_exit_status(const wasm_trap_t* t, int* status) {
  if (t->code != AKIRA_TRAP_CODE_EXIT) return false;
  if (status) *status = t->exit_status;
  return true;
}

akira_error_t* akira_module_load(wasm_store_t* store, const char* path, wasm_module_t** out, akira_load_info_t** info) {
  return load(store, path, true, out, info);
}
akira_error_t* akira_module_load_interpreted(wasm_store_t* store, const char* path, wasm_module_t** out,
                                             akira_load_info_t** info) {
  return load(store, path, false, out, info);
}
void akira_load_info_delete(akira_load_info_t* i) { delete i; }
bool akira_load_info_is_aot(const akira_load_info_t* i) { return i->info.aot; }
const char* akira_load_info_source(const akira_load_info_t* i) { return i->info.source.c_str(); }
const char* akira_load_info_reason(const akira_load_info_t* i) { return i->info.reason.c_str(); }
size_t akira_load_info_line_count(const akira_load_info_t* i) { return i->info.lines.size(); }
const char* akira_load_info_line(const akira_load_info_t* i, size_t n) {
  return n < i->info.lines.size() ? i->info.lines[n].c_str() : nullptr;
}

bool akira_module_is_aot(const wasm_module_t* m) { return m->data->lm.aot; }

akira_wasi_config_t* akira_wasi_config_new(void) { return new akira_wasi_config_t; }
void akira_wasi_config_delete(akira_wasi_config_t* c) { delete c; }
void akira_wasi_config_set_args(akira_wasi_config_t* c, size_t argc, const char* const* argv) {
  c->options.args.assign(argv, argv + argc);
}
void akira_wasi_config_set_env(akira_wasi_config_t* c, size_t n, const char* const* env) {
  c->options.env.assign(env, env + n);
}
void akira_wasi_config_preopen_dir(akira_wasi_config_t* c, const char* host, const char* guest) {
  c->options.preopens.push_back({host, guest ? guest : host});
}
void akira_wasi_config_inherit_stdio(akira_wasi_config_t* c) {
  c->options.stdin_fd = 0, c->options.stdout_fd = 1, c->options.stderr_fd = 2;
}
void akira_wasi_config_set_stdio_fds(akira_wasi_config_t* c, int in, int out, int err) {
  c->options.stdin_fd = in, c->options.stdout_fd = out, c->options.stderr_fd = err;
}

akira_error_t* akira_wasi_imports(wasm_store_t* store, const wasm_module_t* module, akira_wasi_config_t* config,
                                  wasm_extern_vec_t* out) {
  wasm_extern_vec_new_empty(out);
  std::unique_ptr<akira_wasi_config_t> c(config);
  if (!store || !module || !c) return new akira_error_t{AKIRA_ERROR_IO, "no store, module or WASI configuration"};
  auto ctx = wasi_create(std::move(c->options));
  if (!ctx) return error(ctx.error());
  std::vector<Extern> externs = wasi_imports(*ctx.value(), *store->store, *module->data->lm.module);
  store->wasi.push_back(std::move(ctx.value()));
  wasm_extern_vec_new_uninitialized(out, externs.size());
  for (size_t i = 0; i < externs.size(); ++i) out->data[i] = externs[i].ptr ? new_extern(store, externs[i]) : nullptr;
  return nullptr;
}

void akira_store_set_profiling(wasm_store_t* store, bool on) { set_profiling(*store->store, on); }

akira_profile_t* akira_instance_profile(const wasm_instance_t* inst) {
  auto* p = new akira_profile_t;
  p->kind = static_cast<akira_profile_kind_t>(profile(*inst->get(), p->funcs));
  for (const ProfileEntry& f : p->funcs)
    p->entries.push_back({f.index, f.name.c_str(), f.calls, f.self_ns, f.total_ns});
  return p;
}
void akira_profile_delete(akira_profile_t* p) { delete p; }
akira_profile_kind_t akira_profile_kind(const akira_profile_t* p) { return p->kind; }
size_t akira_profile_count(const akira_profile_t* p) { return p->entries.size(); }
const akira_profile_entry_t* akira_profile_entry(const akira_profile_t* p, size_t i) {
  return i < p->entries.size() ? &p->entries[i] : nullptr;
}

}  // extern "C"
