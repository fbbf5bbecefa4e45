// Loading an installed app: deploy::choose picks its .aot for this machine when one
// matches (else its .wasm), deploy::load loads it; modules are shared between runs (and
// apps) with the same bytes through one cache.
#pragma once
#include <filesystem>
#include <memory>

#include "common/error.h"
#include "deploy/load.h"

namespace akira::service {

// Loads the app in folder `dir` (STORE/NAME). fallback_reason says why the .wasm is
// interpreted, including when no .aot is there.
Result<std::shared_ptr<deploy::LoadedModule>> load_app_module(const std::filesystem::path& dir);

}  // namespace akira::service
