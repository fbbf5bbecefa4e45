// WASI for one app: its stdin, stdout and stderr, its private folder (/data, when the
// manifest grants "fs"), and a stop check in front of every WASI function, so that an app
// blocked in or looping over WASI calls stops at its next one. (Running code itself is
// stopped by the store's interrupt; see AppManager::stop.)
#pragma once
#include <filesystem>
#include <memory>

#include "common/error.h"
#include "runtime/instantiate.h"
#include "service/app.h"
#include "wasi/wasi.h"

namespace akira::service {

struct AppWasiOptions {
  std::filesystem::path store;      // STORE: the app's folder is STORE/.data/NAME
  int stdin_fd = 0, output_fd = 1;  // output_fd: stdout and stderr
};

// Creates the app's WASI context and defines its functions in `linker` for the imports
// of `module`. Errors: the context could not be created (its preopened folder).
Result<std::unique_ptr<WasiContext>> link_app_wasi(AppManager::App& app, const Manifest& mf, const AppWasiOptions& o,
                                                   Linker& linker, Store& store, const Module& module);

}  // namespace akira::service
