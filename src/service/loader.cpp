#include "service/loader.h"

#include "deploy/app.h"
#include "deploy/module_cache.h"

namespace akira::service {

Result<std::shared_ptr<LoadedApp>> load_app_module(const std::filesystem::path& dir, const std::string& name) {
  // Modules are shared between runs (and apps) with the same bytes.
  static deploy::ModuleCache cache;
  auto choice = deploy::choose(dir);
  if (!choice) return choice.error();
  auto loaded = deploy::load(choice.value(), &cache);
  if (!loaded) return loaded.error();
  const deploy::LoadedModule& lm = *loaded.value();
  auto out = std::make_shared<LoadedApp>();
  out->module = lm.module;
  out->code = lm.code;
  out->aot = lm.aot;
  out->source = lm.source;
  out->fallback_reason = !lm.fallback_reason.empty() ? lm.fallback_reason : choice.value().fallback_reason;
  out->keep = loaded.value();
  return out;
}

}  // namespace akira::service
