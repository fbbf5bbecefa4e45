// The C embedding API over the internal C++ stages.
#include "akira/akira.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "decode/decoder.h"
#include "interp/interpreter.h"
#include "runtime/instantiate.h"
#include "validate/validator.h"
#include "wasi/wasi.h"

struct akira_engine {
  std::unique_ptr<akira::Store> store;
  akira::Linker linker;
  std::vector<std::unique_ptr<akira::WasiContext>> wasi;
};
struct akira_module {
  std::shared_ptr<const akira::Module> module;
};

namespace {

akira::Instance* as_instance(akira_instance* i) { return reinterpret_cast<akira::Instance*>(i); }

int fail(akira_error* err, akira_error_kind kind, const std::string& msg, int64_t offset = -1,
         int64_t func = -1, int32_t exit_code = 0) {
  if (err) {
    err->kind = kind;
    std::snprintf(err->message, sizeof err->message, "%s", msg.c_str());
    err->offset = offset;
    err->func_index = func;
    err->exit_code = exit_code;
  }
  return -1;
}

int fail(akira_error* err, const akira::Error& e) {
  static constexpr akira_error_kind kinds[] = {AKIRA_MALFORMED, AKIRA_INVALID, AKIRA_UNLINKABLE,
                                               AKIRA_TRAP,      AKIRA_EXHAUSTION, AKIRA_IO,
                                               AKIRA_UNSUPPORTED, AKIRA_EXIT};
  return fail(err, kinds[static_cast<int>(e.kind)], e.message, e.offset, e.func_index, e.exit_code);
}

void ok(akira_error* err) {
  if (err) {
    std::memset(err, 0, sizeof *err);
    err->offset = err->func_index = -1;
  }
}

bool parse_types(const char* s, std::vector<akira::ValType>& out) {
  for (; *s && *s != '>'; ++s) {
    switch (*s) {
      case 'i': out.push_back(akira::ValType::I32); break;
      case 'I': out.push_back(akira::ValType::I64); break;
      case 'f': out.push_back(akira::ValType::F32); break;
      case 'F': out.push_back(akira::ValType::F64); break;
      default: return false;
    }
  }
  return true;
}

}  // namespace

extern "C" {

const char* akira_version(void) { return AKIRA_VERSION; }

akira_engine* akira_engine_new(const akira_limits* limits) {
  akira::StoreLimits l;
  if (limits) {
    if (limits->max_memory_pages) l.max_memory_pages = limits->max_memory_pages;
    if (limits->value_stack_bytes) l.value_stack_bytes = limits->value_stack_bytes;
    if (limits->max_call_depth) l.max_call_depth = limits->max_call_depth;
  }
  auto* e = new (std::nothrow) akira_engine;
  if (e) e->store = std::make_unique<akira::Store>(l);
  return e;
}

void akira_engine_delete(akira_engine* engine) { delete engine; }

akira_module* akira_module_new(akira_engine*, const uint8_t* bytes, size_t size, akira_error* err) {
  auto m = akira::decode_module(std::vector<uint8_t>(bytes, bytes + size));
  if (!m) return fail(err, m.error()), nullptr;
  if (auto v = akira::validate_module(**m); !v) return fail(err, v.error()), nullptr;
  ok(err);
  return new akira_module{std::move(*m)};
}

void akira_module_delete(akira_module* module) { delete module; }

int akira_define_func(akira_engine* engine, const char* module, const char* name,
                      const char* signature, akira_host_fn fn, void* user, akira_error* err) {
  akira::FuncType type;
  const char* arrow = std::strchr(signature, '>');
  if (!arrow || !parse_types(signature, type.params) || !parse_types(arrow + 1, type.results))
    return fail(err, AKIRA_INVALID, std::string("bad signature: ") + signature);
  auto host = [fn, user](akira::HostCall& call, const akira::Value* args,
                         akira::Value* results) -> akira::Status {
    akira_error e;
    ok(&e);
    uint8_t* mem = call.memory ? call.memory->data : nullptr;
    uint64_t size = call.memory ? call.memory->size : 0;
    static_assert(sizeof(akira::Value) == sizeof(akira_value));
    if (fn(user, mem, size, reinterpret_cast<const akira_value*>(args),
           reinterpret_cast<akira_value*>(results), &e) == 0)
      return {};
    auto out = akira::make_error(e.kind == AKIRA_EXIT ? akira::ErrorKind::Exit : akira::ErrorKind::Trap,
                                 e.message);
    out.exit_code = e.exit_code;
    return out;
  };
  auto* f = engine->store->new_host_func(std::move(type), host, std::string(module) + "." + name);
  engine->linker.define(module, name, akira::Extern{akira::ExternKind::Func, f});
  ok(err);
  return 0;
}

int akira_engine_link_wasi(akira_engine* engine, const akira_module* module, int argc,
                           const char* const* argv, const char* const* preopen_dirs,
                           size_t preopen_count, akira_error* err) {
  akira::WasiOptions opts;
  for (int i = 0; i < argc; ++i) opts.args.emplace_back(argv[i]);
  for (size_t i = 0; i < preopen_count; ++i) opts.preopens.push_back({preopen_dirs[i], preopen_dirs[i]});
  auto ctx = akira::WasiContext::create(std::move(opts));
  if (!ctx) return fail(err, ctx.error());
  (*ctx)->link(engine->linker, *engine->store, module ? module->module.get() : nullptr);
  engine->wasi.push_back(std::move(*ctx));
  ok(err);
  return 0;
}

akira_instance* akira_instantiate(akira_engine* engine, const akira_module* module,
                                  const char* name, akira_error* err) {
  auto inst = engine->linker.instantiate(*engine->store, module->module, name ? name : "", akira::interp::code());
  if (!inst) return fail(err, inst.error()), nullptr;
  if (name) engine->linker.define_instance(name, **inst);
  ok(err);
  // The store owns instances; the handle is the instance itself.
  return reinterpret_cast<akira_instance*>(*inst);
}

int akira_invoke(akira_engine* engine, akira_instance* instance, const char* export_name,
                 const akira_value* args, size_t nargs, akira_value* results, size_t nresults,
                 akira_error* err) {
  akira::FuncInst* f = as_instance(instance)->export_func(export_name);
  if (!f) return fail(err, AKIRA_UNLINKABLE, std::string("no exported function ") + export_name);
  if (nresults != f->type.results.size())
    return fail(err, AKIRA_TRAP, "wrong number of results: expected " +
                                     std::to_string(f->type.results.size()));
  std::vector<akira::Value> in(nargs);
  if (nargs) std::memcpy(in.data(), args, nargs * sizeof(akira_value));
  auto r = engine->store->invoke(f, in);
  if (!r) return fail(err, r.error());
  if (nresults) std::memcpy(results, r->data(), nresults * sizeof(akira_value));
  ok(err);
  return 0;
}

uint8_t* akira_instance_memory(akira_instance* instance, uint64_t* size) {
  if (as_instance(instance)->memories.empty()) {
    if (size) *size = 0;
    return nullptr;
  }
  akira::MemoryInst* m = as_instance(instance)->memories[0];
  if (size) *size = m->size;
  return m->data;
}

}  // extern "C"
