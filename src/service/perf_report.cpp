// The `akira_perf` shell command's text (docs/shell.md): per app, its mode, load,
// instantiate and run times, memory, counts and hot functions. Formatting only; the
// figures are recorded by app_run.cpp and the profilers (deploy/profile.h).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <sstream>

#include "deploy/profile.h"
#include "service/app.h"
#include "service/manager.h"

namespace akira::service {
using Clock = std::chrono::steady_clock;

std::string AppManager::perf(const std::string& only) {
  std::vector<std::string> which;
  if (!only.empty()) {
    if (!exists(only)) return "akira_perf: no app '" + only + "'\n";
    which.push_back(only);
  } else {
    which = names();
  }
  std::ostringstream o;
  char buf[256];
  if (which.empty()) o << "no apps installed\n";
  for (const std::string& n : which) {
    auto a = get(n, false);
    if (!a) continue;
    std::lock_guard lk(a->mu);
    o << n << ": " << a->state;
    if (!a->message.empty()) o << " (" << a->message << ")";
    o << "\n";
    if (!a->runs && a->thread_done) {
      o << "  never started\n";
      continue;
    }
    o << "  mode:        " << (a->aot ? "AOT (native code)" : "interpreter") << ", " << a->source << "\n";
    if (!a->fallback_reason.empty()) o << "  fallback:    " << a->fallback_reason << "\n";
    double so_far = std::chrono::duration<double, std::milli>(Clock::now() - a->run_start).count();
    double run_ms = a->thread_done ? a->run_ms : so_far - a->load_ms - a->inst_ms;
    std::snprintf(buf, sizeof buf, "  load:        %.3f ms\n  instantiate: %.3f ms\n  run:         %.3f ms%s\n",
                  a->load_ms, a->inst_ms, run_ms < 0 ? 0 : run_ms, a->thread_done ? "" : " (so far)");
    o << buf;
    uint64_t mem = a->memory_bytes;
    if (a->inst && !a->inst->memories.empty()) mem = std::atomic_ref<uint64_t>(a->inst->memories[0]->size).load();
    std::snprintf(buf, sizeof buf, "  memory:      %llu KiB in use (limit %llu KiB)\n", (unsigned long long)(mem >> 10),
                  (unsigned long long)(a->max_memory >> 10));
    o << buf;
    o << "  runs:        " << a->runs << ", traps: " << a->traps << ", host calls: " << a->host_calls
      << ", frames presented: " << a->frames << "\n";
    deploy::Profile prof = a->inst ? deploy::profile(*a->inst) : a->last_profile;
    if (prof.kind == deploy::Profile::Kind::None) {
      if (a->aot)
        o << "  profile:     whole-run figures only (compile with akirac --enable-perf-profiling for calls per "
             "function)\n";
      else
        o << "  profile:     " << (opts_.profile ? "no calls recorded" : "off") << "\n";
      continue;
    }
    o << (prof.kind == deploy::Profile::Kind::Timed ? "  hot functions (self time):\n"
                                                    : "  hot functions (calls, native code):\n");
    std::istringstream table(deploy::format_profile(prof));
    for (std::string line; std::getline(table, line);) o << "    " << line << "\n";
  }
  return o.str();
}

}  // namespace akira::service
