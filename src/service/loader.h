// Loading an installed app: its .aot for this machine when one loads, else its .wasm.
// One function, so it can move onto deploy::choose/deploy::load unchanged for callers.
#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "common/error.h"
#include "runtime/instantiate.h"

namespace akira::service {

struct LoadedApp {
  std::shared_ptr<const Module> module;
  std::shared_ptr<const ModuleCode> code;  // the .aot's native code or the interpreter
  bool aot = false;
  std::string source;           // the file loaded
  std::string fallback_reason;  // why the .wasm is interpreted although .aot files exist
  std::shared_ptr<void> keep;   // keeps a loaded .aot image alive
};

Result<std::shared_ptr<LoadedApp>> load_app_module(const std::filesystem::path& dir, const std::string& name);

}  // namespace akira::service
