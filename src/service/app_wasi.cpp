#include "service/app_wasi.h"

namespace akira::service {
namespace fs = std::filesystem;

Result<std::unique_ptr<WasiContext>> link_app_wasi(AppManager::App& app, const Manifest& mf, const AppWasiOptions& o,
                                                   Linker& linker, Store& store, const Module& module) {
  WasiOptions wo;
  wo.args = {app.name};
  wo.stdin_fd = o.stdin_fd;
  wo.stdout_fd = o.output_fd;
  wo.stderr_fd = o.output_fd;
  if (mf.allows("fs")) {
    fs::path data = o.store / ".data" / app.name;
    std::error_code ec;
    fs::create_directories(data, ec);
    wo.preopens.push_back({data.string(), "/data"});
  }
  auto wasi = WasiContext::create(std::move(wo));
  if (!wasi) return wasi.error();
  wasi.value()->link(linker, store, &module);

  // Every imported WASI function first counts the host call and checks for a stop request.
  AppManager::App* ap = &app;
  for (const Import& im : module.imports) {
    if (im.kind != ExternKind::Func || im.module != WasiContext::kModuleName) continue;
    const Extern* e = linker.find(im.module, im.name);
    if (!e || !e->func()->is_host()) continue;
    FuncInst* orig = e->func();
    FuncInst* wrapped = store.new_host_func(
        orig->type,
        [ap, orig](HostCall& c, const Value* args, Value* results) -> Status {
          if (ap->host_call_stopping()) return make_trap(TrapCode::Interrupted);
          return orig->host(c, args, results);
        },
        orig->debug_name, orig->host_user);
    linker.define(im.module, im.name, Extern{ExternKind::Func, wrapped});
  }
  return wasi;
}

}  // namespace akira::service
