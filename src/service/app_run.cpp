// One run of an app, on the app's own thread (AppManager::start): load it, capture its
// output, link WASI and the `akira` module, instantiate, call _start, and record how it
// ended (stopped, exited, trapped) for the API. Each step is a function of its own
// (loader.h, output.h, app_wasi.h, host_module.h); this file strings them together.
#include <algorithm>
#include <chrono>

#include "deploy/profile.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "service/app.h"
#include "service/app_wasi.h"
#include "service/host_module.h"
#include "service/loader.h"
#include "service/manager.h"
#include "service/output.h"

namespace akira::service {
using Clock = std::chrono::steady_clock;

namespace {

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// How a run ended, as the API shows it.
struct Outcome {
  std::string state = "stopped", message;
  std::optional<int> exit_code;
};

// The outcome of an error from instantiation or _start; counts traps that were not a
// stop request.
Outcome classify(AppManager::App& a, const Error& e) {
  Outcome out;
  if (e.kind == ErrorKind::Exit) {
    out.exit_code = e.exit_code;
    if (e.exit_code != 0) {
      out.state = "failed";
      out.message = "exit code " + std::to_string(e.exit_code);
    }
    return out;
  }
  bool stopped;
  {
    std::lock_guard lk(a.mu);
    stopped = a.stop_requested && e.trap == TrapCode::Interrupted;
    if (!stopped) a.traps += e.kind == ErrorKind::Trap || e.kind == ErrorKind::Exhaustion;
  }
  if (stopped) {
    out.message = "stopped";
    return out;
  }
  out.state = "failed";
  out.message = (e.kind == ErrorKind::Trap || e.kind == ErrorKind::Exhaustion ? "trap: " : "") + e.describe();
  std::string bt;
  for (size_t i = 0; i < e.backtrace.size() && i < 20; ++i)
    bt += "  #" + std::to_string(i) + " " + e.backtrace[i] + "\n";
  a.log.append("akira: " + out.message + "\n" + bt);
  return out;
}

// Records what was loaded (and resets the figures of the previous run).
void begin_run(AppManager::App& a, const deploy::LoadedModule* m, const Manifest& mf, uint64_t max_memory,
               double load_ms) {
  std::lock_guard lk(a.mu);
  a.runs++;
  a.load_ms = load_ms;
  a.inst_ms = a.run_ms = 0;
  if (!m) return;
  a.aot = m->aot;
  a.source = m->source;
  a.fallback_reason = m->fallback_reason;
  a.manifest = mf;
  a.max_memory = max_memory;
  a.last_profile = {};
  a.host_calls = 0;
}

// Instantiates the module and calls _start. Records the timings, the profile and the
// memory of the run, and takes the store out of the app's state (stop() no longer
// reaches it) before returning.
Outcome instantiate_and_run(AppManager::App& a, const deploy::LoadedModule& m, Store& store, Linker& linker) {
  auto t2 = Clock::now();
  auto inst = linker.instantiate(store, m.module, a.name, *m.code);
  auto t3 = Clock::now();
  Outcome out;
  if (!inst) {
    out = classify(a, inst.error());
  } else {
    {
      std::lock_guard lk(a.mu);
      a.inst = inst.value();
      a.inst_ms = ms_between(t2, t3);
    }
    FuncInst* start = inst.value()->export_func("_start");
    if (!start || !start->type.params.empty() || !start->type.results.empty()) {
      out = {"failed", "no _start export of type () -> ()", std::nullopt};
    } else if (auto r = store.invoke(start, {}); !r) {
      out = classify(a, r.error());
    } else {
      out.exit_code = 0;
    }
  }
  auto t4 = Clock::now();
  std::lock_guard lk(a.mu);
  a.run_ms = inst ? ms_between(t3, t4) : 0;
  if (!inst) a.inst_ms = ms_between(t2, t3);
  if (inst) a.last_profile = deploy::profile(*inst.value());
  if (inst && !inst.value()->memories.empty()) a.memory_bytes = inst.value()->memories[0]->size;
  a.store = nullptr;
  a.inst = nullptr;
  return out;
}

// The run is over: its state for the API; start() may run the app again.
void finish(AppManager::App& a, const Outcome& out) {
  std::lock_guard lk(a.mu);
  a.state = out.state;
  a.message = out.message;
  a.exit_code = out.exit_code;
  a.thread_done = true;
  a.store = nullptr;
  a.inst = nullptr;
  a.cv.notify_all();
}

Outcome failed(std::string message) { return {"failed", std::move(message), std::nullopt}; }

}  // namespace

void AppManager::run_app(std::shared_ptr<App> a) {
  auto t0 = Clock::now();
  auto loaded = load_app_module(opts_.store / a->name);
  double load_ms = ms_between(t0, Clock::now());
  if (!loaded) {
    a->log.append("akira: " + loaded.error().describe() + "\n");
    begin_run(*a, nullptr, {}, 0, load_ms);
    return finish(*a, failed(loaded.error().describe()));
  }
  const deploy::LoadedModule& m = *loaded.value();
  Manifest mf = read_manifest(*m.module);
  uint64_t max_memory = mf.max_memory ? mf.max_memory : opts_.default_max_memory;
  begin_run(*a, &m, mf, max_memory, load_ms);

  auto output = OutputCapture::open(a->log);  // stdout and stderr go through one pipe into the log
  if (!output) return finish(*a, failed(output.error().message));
  StoreLimits limits;
  limits.max_memory_pages = std::min<uint64_t>(max_memory / kPageSize, kMaxPages);
  auto store = std::make_unique<Store>(limits);
  m.code->engine().set_profiling(*store, opts_.profile);
  Linker linker;
  auto wasi =
      link_app_wasi(*a, mf, {opts_.store, (*output)->stdin_fd(), (*output)->output_fd()}, linker, *store, *m.module);
  if (!wasi) {
    (*output)->close();
    return finish(*a, failed(wasi.error().describe()));
  }
  link_akira_module(*a, mf.allows("display"), linker, *store);
  {
    std::lock_guard lk(a->mu);
    a->store = store.get();
    if (a->stop_requested) store->interrupt();
  }
  Outcome out = instantiate_and_run(*a, m, *store, linker);
  store.reset();
  wasi->reset();
  (*output)->close();  // after the last writer (the app's WASI context) is gone
  finish(*a, out);
}

}  // namespace akira::service
