// The app manager's lifecycle: installed apps, start (a thread per run, app_run.cpp),
// stop (interrupting the app's store), remove, shutdown, and the state the API reports.
// What running an app involves lives beside it: manifest.h, output.h, app_wasi.h,
// host_module.h, loader.h; the akira_perf text is perf_report.cpp.
#include "service/manager.h"

#include <algorithm>
#include <chrono>

#include "runtime/store.h"
#include "service/app.h"
#include "service/app_store.h"
#include "service/png.h"

namespace akira::service {
namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

AppManager::AppManager(ManagerOptions opts) : opts_(std::move(opts)) {
  std::error_code ec;
  fs::create_directories(opts_.store, ec);
  clean_temporaries(opts_.store);
  for (const std::string& n : list_apps(opts_.store)) get(n, true);
}

AppManager::~AppManager() { shutdown(); }

std::shared_ptr<AppManager::App> AppManager::get(const std::string& name, bool create) {
  std::lock_guard lk(mu_);
  auto it = apps_.find(name);
  if (it != apps_.end()) return it->second;
  if (!create) return nullptr;
  auto a = std::make_shared<App>(name, opts_.log_bytes);
  apps_.emplace(name, a);
  return a;
}

std::vector<std::string> AppManager::names() {
  std::vector<std::string> out;
  std::lock_guard lk(mu_);
  for (auto& [n, a] : apps_) out.push_back(n);
  return out;
}

bool AppManager::exists(const std::string& name) { return valid_app_name(name) && get(name, false) != nullptr; }

void AppManager::installed(const std::string& name) {
  auto a = get(name, true);
  std::lock_guard lk(a->mu);
  if (a->state == "failed" && a->thread_done) {
    a->state = "installed";
    a->message.clear();
  }
}

Status AppManager::start(const std::string& name) {
  auto a = valid_app_name(name) ? get(name, false) : nullptr;
  if (!a || app_files(opts_.store, name).empty()) return make_error(ErrorKind::Io, "no app '" + name + "'");
  std::unique_lock lk(a->mu);
  if (!a->thread_done) {
    return make_error(ErrorKind::Unsupported, a->stop_requested ? "app '" + name + "' is still stopping"
                                                                : "app '" + name + "' is already running");
  }
  if (a->thread.joinable()) a->thread.join();
  a->thread_done = false;
  a->stop_requested = false;
  a->state = "running";
  a->message.clear();
  a->exit_code.reset();
  a->source.clear();  // set once the module is loaded
  a->fallback_reason.clear();
  a->run_start = Clock::now();
  a->thread = std::thread([this, a] { run_app(a); });
  return {};
}

Status AppManager::stop(const std::string& name, int wait_ms) {
  auto a = valid_app_name(name) ? get(name, false) : nullptr;
  if (!a) return make_error(ErrorKind::Io, "no app '" + name + "'");
  std::unique_lock lk(a->mu);
  if (a->thread_done) return {};
  a->stop_requested = true;
  // Interpreted code polls its interrupt flag at loop back-edges and calls. Native code is
  // signalled where the host has the signal (x86-64, AArch64: SIGURG), which stops it at
  // once while it runs compiled code; it also polls the flag at the entry of functions
  // that call (and, compiled for other targets, at loop headers). Host functions (akira.*,
  // WASI) check stop_requested; sleep_ms wakes on cv.
  a->cv.notify_all();
  // Repeated while waiting: a signal that reached native code inside a helper or host
  // function only left the flag set, and a loop without calls does not poll it.
  auto deadline = Clock::now() + std::chrono::milliseconds(wait_ms);
  bool done = false;
  while (!done && Clock::now() < deadline) {
    if (a->store) a->store->interrupt();
    done = a->cv.wait_until(lk, std::min(deadline, Clock::now() + std::chrono::milliseconds(20)),
                            [&] { return a->thread_done; });
  }
  if (!done) {
    a->state = "stopping";
    return make_error(ErrorKind::Unsupported, "app '" + name + "' did not stop within " + std::to_string(wait_ms) +
                                                  " ms; it cannot be started again until it does");
  }
  return {};
}

Status AppManager::remove(const std::string& name) {
  auto a = valid_app_name(name) ? get(name, false) : nullptr;
  if (!a) return make_error(ErrorKind::Io, "no app '" + name + "'");
  AKIRA_TRY(stop(name));
  std::error_code ec;
  fs::remove_all(opts_.store / name, ec);
  if (ec) return make_error(ErrorKind::Io, "cannot remove " + name + ": " + ec.message());
  {
    std::lock_guard lk(mu_);
    apps_.erase(name);
  }
  std::thread t;
  {
    std::lock_guard lk(a->mu);
    if (a->thread_done) t = std::move(a->thread);  // finished: joins at once
  }
  if (t.joinable()) t.join();
  return {};
}

json AppManager::list() {
  json arr = json::array();
  for (const std::string& n : names()) {
    json j = info(n, false);
    if (!j.is_null()) arr.push_back(std::move(j));
  }
  return arr;
}

json AppManager::info(const std::string& name, bool with_log) {
  auto a = valid_app_name(name) ? get(name, false) : nullptr;
  if (!a) return nullptr;
  json j;
  j["name"] = name;
  j["files"] = app_files(opts_.store, name);
  std::lock_guard lk(a->mu);
  j["state"] = a->state;
  if (!a->message.empty()) j["message"] = a->message;
  if (a->exit_code) j["exit_code"] = *a->exit_code;
  if (!a->source.empty()) {
    j["mode"] = a->aot ? "aot" : "interpreter";
    j["source"] = a->source;
    if (!a->fallback_reason.empty()) j["fallback_reason"] = a->fallback_reason;
    j["max_memory"] = a->max_memory;
  }
  j["manifest"] = a->manifest.to_json();
  j["runs"] = a->runs;
  j["traps"] = a->traps;
  j["frames"] = a->frames;
  if (with_log) j["log"] = a->log.tail(4096);
  return j;
}

std::string AppManager::display_png(const std::string& name) {
  auto a = valid_app_name(name) ? get(name, false) : nullptr;
  if (!a) return {};
  std::vector<uint16_t> px;
  {
    std::lock_guard lk(a->mu);
    px = a->frames ? a->front : a->back;
  }
  return encode_png_rgb565(px.data(), kDisplayW, kDisplayH);
}

bool AppManager::shutdown(int wait_ms) {
  std::vector<std::shared_ptr<App>> all;
  {
    std::lock_guard lk(mu_);
    for (auto& [n, a] : apps_) all.push_back(a);
  }
  for (auto& a : all) {
    std::lock_guard lk(a->mu);
    a->stop_requested = true;
    if (a->store) a->store->interrupt();
    a->cv.notify_all();
  }
  auto deadline = Clock::now() + std::chrono::milliseconds(wait_ms);
  bool all_done = true;
  for (auto& a : all) {
    std::unique_lock lk(a->mu);
    if (!a->cv.wait_until(lk, deadline, [&] { return a->thread_done; })) {
      all_done = false;
      if (a->thread.joinable()) a->thread.detach();  // e.g. inside a long host call that never checks
      continue;
    }
    std::thread t = std::move(a->thread);
    lk.unlock();
    if (t.joinable()) t.join();
  }
  return all_done;
}

}  // namespace akira::service
