// The device's app manager: every app runs in its own Store on its own thread, with a
// memory limit, captured stdout/stderr, the `akira` host module and a framebuffer.
// An app's trap ends only that app. States: installed, running, stopped, failed.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.h"

namespace akira::service {

struct ManagerOptions {
  std::filesystem::path store;                // STORE: one folder per app
  uint64_t default_max_memory = 64ull << 20;  // bytes, when the manifest sets none
  size_t log_bytes = 64 * 1024;               // captured output kept per app
  bool profile = true;                        // per-function profile of interpreted apps
};

class AppManager {
 public:
  explicit AppManager(ManagerOptions opts);
  ~AppManager();  // stops every app (see shutdown)

  const ManagerOptions& options() const { return opts_; }

  std::vector<std::string> names();  // installed apps (the store's folders)
  bool exists(const std::string& name);

  // Starts NAME on its own thread. Errors: no such app, already running, still
  // stopping (a stop timed out and its thread has not ended yet).
  Status start(const std::string& name);
  // Asks NAME to stop and waits up to `wait_ms` for it; Ok when it is no longer running.
  // Interpreted code stops at its next loop back-edge or call. Native (AOT) code stops at
  // once where the host has the interrupt signal (x86-64, AArch64), otherwise at its next
  // function entry or loop header. Code inside a host call stops when the call returns
  // (the service's own calls check for the request; sleep_ms wakes). See docs/http-api.md.
  Status stop(const std::string& name, int wait_ms = 2000);
  // Stops NAME and deletes its folder.
  Status remove(const std::string& name);
  // An upload replaced or added a file: the app is known (running instances keep the
  // module they loaded).
  void installed(const std::string& name);

  nlohmann::json info(const std::string& name, bool with_log);  // null when unknown
  nlohmann::json list();
  // `akira_perf` text for one app or all (perf_report.cpp).
  std::string perf(const std::string& name);
  // The app's framebuffer (last presented frame) as PNG; empty when unknown.
  std::string display_png(const std::string& name);

  // Stops every app, waiting up to `wait_ms` in all; true when all threads ended.
  bool shutdown(int wait_ms = 3000);

  struct App;

 private:
  std::shared_ptr<App> get(const std::string& name, bool create);
  void run_app(std::shared_ptr<App> app);  // one run, on the app's thread (app_run.cpp)

  ManagerOptions opts_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<App>> apps_;
};

}  // namespace akira::service
