// One installed app's state, shared by the manager (start, stop, info, perf), the app's
// own thread (run_app) and the host functions it calls (app_wasi.h, host_module.h).
// Internal to the service.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"
#include "deploy/profile.h"
#include "runtime/store.h"
#include "service/manager.h"
#include "service/manifest.h"
#include "service/output.h"

namespace akira::service {

// The framebuffer every app draws into (RGB565).
constexpr uint32_t kDisplayW = 240, kDisplayH = 320;

struct AppManager::App {
  using Clock = std::chrono::steady_clock;

  explicit App(std::string n, size_t log_cap) : name(std::move(n)), log(log_cap) {}
  ~App() {  // the last reference may be the app's own thread (removed while restarting)
    if (!thread.joinable()) return;
    if (thread.get_id() == std::this_thread::get_id())
      thread.detach();
    else
      thread.join();
  }

  // A host function was called: counts it; true when a stop was requested, and the
  // function should then return make_trap(TrapCode::Interrupted).
  bool host_call_stopping() {
    std::lock_guard lk(mu);
    host_calls++;
    return stop_requested;
  }

  const std::string name;
  LogBuffer log;

  std::mutex mu;               // everything below
  std::condition_variable cv;  // state changes; sleep_ms waits on it
  std::string state = "installed";
  std::string message;  // why it failed
  std::optional<int> exit_code;
  std::thread thread;
  bool thread_done = true;
  bool stop_requested = false;
  Store* store = nullptr;    // while running
  Instance* inst = nullptr;  // once instantiated, while running
  bool aot = false;
  std::string source, fallback_reason;
  Manifest manifest;
  uint64_t max_memory = 0;
  double load_ms = 0, inst_ms = 0, run_ms = 0;
  Clock::time_point run_start{};
  uint64_t runs = 0, traps = 0;
  uint64_t memory_bytes = 0;  // at the end of the last run
  deploy::Profile last_profile;
  uint64_t host_calls = 0;
  // Display: the app draws into `back`; display_present copies it to `front`.
  std::vector<uint16_t> back = std::vector<uint16_t>(kDisplayW * kDisplayH, 0);
  std::vector<uint16_t> front = std::vector<uint16_t>(kDisplayW * kDisplayH, 0);
  uint64_t frames = 0;
};

}  // namespace akira::service
