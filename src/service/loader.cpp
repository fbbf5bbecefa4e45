#include "service/loader.h"

#include "deploy/app.h"
#include "deploy/module_cache.h"

namespace akira::service {

Result<std::shared_ptr<deploy::LoadedModule>> load_app_module(const std::filesystem::path& dir) {
  static deploy::ModuleCache cache;
  auto choice = deploy::choose(dir);
  if (!choice) return choice.error();
  return deploy::load(choice.value(), &cache);
}

}  // namespace akira::service
