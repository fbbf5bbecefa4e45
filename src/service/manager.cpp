#include "service/manager.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "deploy/profile.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "service/app_store.h"
#include "service/loader.h"
#include "service/png.h"
#include "wasi/wasi.h"

namespace akira::service {
namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr uint32_t kDisplayW = 240, kDisplayH = 320;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// Captured output: the newest `cap` bytes, cut at a line start when trimmed.
class LogBuffer {
 public:
  explicit LogBuffer(size_t cap) : cap_(cap) {}
  void append(std::string_view s) {
    std::lock_guard lk(mu_);
    buf_.append(s);
    total_ += s.size();
    if (buf_.size() > cap_) {
      size_t cut = buf_.size() - cap_;
      size_t nl = buf_.find('\n', cut);
      buf_.erase(0, nl != std::string::npos && nl - cut < 256 ? nl + 1 : cut);
    }
  }
  std::string tail(size_t n) {
    std::lock_guard lk(mu_);
    return buf_.size() <= n ? buf_ : buf_.substr(buf_.size() - n);
  }
  uint64_t total() {
    std::lock_guard lk(mu_);
    return total_;
  }

 private:
  std::mutex mu_;
  std::string buf_;
  size_t cap_;
  uint64_t total_ = 0;
};

uint64_t parse_bytes(const json& v, uint64_t dflt) {
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  if (!v.is_string()) return dflt;
  std::string s = v.get<std::string>();
  uint64_t mult = 1;
  if (!s.empty()) {
    char c = s.back();
    if (c == 'K' || c == 'k') mult = 1ull << 10;
    if (c == 'M' || c == 'm') mult = 1ull << 20;
    if (c == 'G' || c == 'g') mult = 1ull << 30;
    if (mult != 1) s.pop_back();
  }
  try {
    size_t pos = 0;
    uint64_t n = std::stoull(s, &pos);
    return pos == s.size() ? n * mult : dflt;
  } catch (...) {
    return dflt;
  }
}

}  // namespace

struct Manifest {
  bool present = false;
  std::string name, version;
  uint64_t max_memory = 0;  // bytes, 0 = the service default
  std::vector<std::string> capabilities;
  std::string error;  // a manifest that does not parse
  bool allows(std::string_view cap) const {
    if (!present) return cap == "display";  // no manifest: the display, no file system
    return std::find(capabilities.begin(), capabilities.end(), cap) != capabilities.end();
  }
  json to_json() const {
    if (!present) return nullptr;
    json j{{"name", name}, {"version", version}, {"capabilities", capabilities}};
    if (max_memory) j["max_memory"] = max_memory;
    if (!error.empty()) j["error"] = error;
    return j;
  }
};

Manifest read_manifest(const Module& m) {
  Manifest mf;
  for (const CustomSection& c : m.customs) {
    if (c.name != ".akira.manifest" && c.name != "akira.manifest") continue;
    mf.present = true;
    std::string text(reinterpret_cast<const char*>(m.bytes.data()) + c.data_offset, c.data_size);
    // C strings embedded with a section attribute end in NUL bytes.
    while (!text.empty() && text.back() == '\0') text.pop_back();
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      mf.error = "manifest is not a JSON object";
      break;
    }
    if (j.contains("name") && j["name"].is_string()) mf.name = j["name"];
    if (j.contains("version") && j["version"].is_string()) mf.version = j["version"];
    if (j.contains("memory")) mf.max_memory = parse_bytes(j["memory"], 0);
    if (j.contains("max_memory")) mf.max_memory = parse_bytes(j["max_memory"], 0);
    if (j.contains("capabilities") && j["capabilities"].is_array())
      for (const json& c2 : j["capabilities"])
        if (c2.is_string()) mf.capabilities.push_back(c2);
    break;
  }
  return mf;
}

struct AppManager::App {
  explicit App(std::string n, size_t log_cap) : name(std::move(n)), log(log_cap) {}
  ~App() {  // the last reference may be the app's own thread (removed while restarting)
    if (!thread.joinable()) return;
    if (thread.get_id() == std::this_thread::get_id()) thread.detach();
    else thread.join();
  }
  const std::string name;
  LogBuffer log;

  std::mutex mu;  // everything below
  std::condition_variable cv;  // state changes; sleep_ms waits on it
  std::string state = "installed";
  std::string message;             // why it failed
  std::optional<int> exit_code;
  std::thread thread;
  bool thread_done = true;
  bool stop_requested = false;
  Store* store = nullptr;          // while running
  Instance* inst = nullptr;        // once instantiated, while running
  bool aot = false;
  std::string source, fallback_reason;
  Manifest manifest;
  uint64_t max_memory = 0;
  double load_ms = 0, inst_ms = 0, run_ms = 0;
  Clock::time_point run_start{};
  uint64_t runs = 0, traps = 0;
  uint64_t memory_bytes = 0;       // at the end of the last run
  deploy::Profile last_profile;
  uint64_t host_calls = 0;
  // Display: the app draws into `back`; display_present copies it to `front`.
  std::vector<uint16_t> back = std::vector<uint16_t>(kDisplayW * kDisplayH, 0);
  std::vector<uint16_t> front = std::vector<uint16_t>(kDisplayW * kDisplayH, 0);
  uint64_t frames = 0;
};

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
  // Interpreted code polls its interrupt flag (loop back-edges, calls); native code is
  // signalled (and polls at calls); host calls (sleep_ms, log, WASI output) check
  // stop_requested.
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
    return make_error(ErrorKind::Unsupported,
                      "app '" + name + "' did not stop within " + std::to_string(wait_ms) +
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
    double run_ms = a->thread_done ? a->run_ms : ms_between(a->run_start, Clock::now()) - a->load_ms - a->inst_ms;
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
      if (a->thread.joinable()) a->thread.detach();  // native code that never calls the host
      continue;
    }
    std::thread t = std::move(a->thread);
    lk.unlock();
    if (t.joinable()) t.join();
  }
  return all_done;
}

// ---- running one app ----------------------------------------------------------------

namespace {

// Reads a pipe into the app's log until every writer has closed it.
void pump(int fd, LogBuffer* log) {
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    log->append(std::string_view(buf, size_t(n)));
  }
  ::close(fd);
}

Error stopped_error() { return make_error(ErrorKind::Trap, "interrupted"); }

}  // namespace

void AppManager::run_app(std::shared_ptr<App> a) {
  auto finish = [&](const std::string& state, const std::string& message) {
    std::lock_guard lk(a->mu);
    a->state = state;
    a->message = message;
    a->thread_done = true;
    a->store = nullptr;
    a->inst = nullptr;
    a->cv.notify_all();
  };
  auto t0 = Clock::now();
  auto loaded = load_app_module(opts_.store / a->name, a->name);
  auto t1 = Clock::now();
  if (!loaded) {
    a->log.append("akira: " + loaded.error().describe() + "\n");
    {
      std::lock_guard lk(a->mu);
      a->runs++;
      a->load_ms = ms_between(t0, t1);
      a->inst_ms = a->run_ms = 0;
    }
    finish("failed", loaded.error().describe());
    return;
  }
  const LoadedApp& la = *loaded.value();
  Manifest mf = read_manifest(*la.module);
  uint64_t max_memory = mf.max_memory ? mf.max_memory : opts_.default_max_memory;
  {
    std::lock_guard lk(a->mu);
    a->runs++;
    a->aot = la.aot;
    a->source = la.source;
    a->fallback_reason = la.fallback_reason;
    a->manifest = mf;
    a->max_memory = max_memory;
    a->load_ms = ms_between(t0, t1);
    a->inst_ms = a->run_ms = 0;
    a->last_profile = {};
    a->host_calls = 0;
  }

  // stdout and stderr go through one pipe into the log.
  int pfd[2];
  if (::pipe2(pfd, O_CLOEXEC) != 0) {
    finish("failed", std::string("pipe: ") + std::strerror(errno));
    return;
  }
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  std::thread reader(pump, pfd[0], &a->log);
  auto close_output = [&] {
    ::close(pfd[1]);
    if (null_fd >= 0) ::close(null_fd);
    reader.join();
  };

  WasiOptions wo;
  wo.args = {a->name};
  wo.stdin_fd = null_fd >= 0 ? null_fd : 0;
  wo.stdout_fd = pfd[1];
  wo.stderr_fd = pfd[1];
  if (mf.allows("fs")) {
    fs::path data = opts_.store / ".data" / a->name;
    std::error_code ec;
    fs::create_directories(data, ec);
    wo.preopens.push_back({data.string(), "/data"});
  }
  auto wasi = WasiContext::create(std::move(wo));
  if (!wasi) {
    close_output();
    finish("failed", wasi.error().describe());
    return;
  }

  StoreLimits limits;
  limits.max_memory_pages = std::min<uint64_t>(max_memory / kPageSize, kMaxPages);
  auto store = std::make_unique<Store>(limits);
  la.code->engine().set_profiling(*store, opts_.profile);
  Linker linker;
  (*wasi)->link(linker, *store, la.module.get());

  // ---- host module "akira" ----
  App* ap = a.get();
  // Every WASI call first checks for a stop request: the only way native code stops.
  for (const Import& im : la.module->imports) {
    if (im.kind != ExternKind::Func || im.module != WasiContext::kModuleName) continue;
    const Extern* e = linker.find(im.module, im.name);
    if (!e || !e->func()->is_host()) continue;
    FuncInst* orig = e->func();
    FuncInst* wrapped = store->new_host_func(
        orig->type,
        [ap, orig](HostCall& c, const Value* args, Value* results) -> Status {
          {
            std::lock_guard lk(ap->mu);
            ap->host_calls++;
            if (ap->stop_requested) return stopped_error();
          }
          return orig->host(c, args, results);
        },
        orig->debug_name, orig->host_user);
    linker.define(im.module, im.name, Extern{ExternKind::Func, wrapped});
  }

  auto stopping = [ap] {
    std::lock_guard lk(ap->mu);
    ap->host_calls++;
    return ap->stop_requested;
  };
  auto def = [&](const char* name, FuncType type, HostFn fn) {
    linker.define("akira", name, Extern{ExternKind::Func, store->new_host_func(std::move(type), std::move(fn), std::string("akira.") + name)});
  };
  auto guest = [](HostCall& c, uint64_t ptr, uint64_t len) -> uint8_t* {
    if (!c.memory || ptr + len > c.memory->size) return nullptr;
    return c.memory->data + ptr;
  };
  const ValType I32 = ValType::I32, I64 = ValType::I64;
  def("log", FuncType{{I32, I32}, {}}, [ap, stopping, guest](HostCall& c, const Value* args, Value*) -> Status {
    if (stopping()) return stopped_error();
    const uint8_t* p = guest(c, args[0].i32, args[1].i32);
    if (!p) return make_error(ErrorKind::Trap, "out of bounds memory access");
    std::string s(reinterpret_cast<const char*>(p), args[1].i32);
    if (s.empty() || s.back() != '\n') s += '\n';
    ap->log.append(s);
    return {};
  });
  auto started = Clock::now();
  def("time_ms", FuncType{{}, {I64}}, [started, stopping](HostCall&, const Value*, Value* r) -> Status {
    if (stopping()) return stopped_error();
    r[0] = Value::from_i64(uint64_t(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count()));
    return {};
  });
  def("sleep_ms", FuncType{{I32}, {}}, [ap](HostCall&, const Value* args, Value*) -> Status {
    int32_t ms = static_cast<int32_t>(args[0].i32);
    std::unique_lock lk(ap->mu);
    ap->host_calls++;
    if (ms > 0) ap->cv.wait_for(lk, std::chrono::milliseconds(ms), [&] { return ap->stop_requested; });
    if (ap->stop_requested) return stopped_error();
    return {};
  });
  bool display = mf.allows("display");
  auto no_display = [](HostCall&, const Value*, Value*) -> Status {
    return make_error(ErrorKind::Trap, "capability 'display' not granted by the app's manifest");
  };
  auto gate = [&](HostFn fn) -> HostFn { return display ? fn : HostFn(no_display); };
  def("display_width", FuncType{{}, {I32}}, gate([](HostCall&, const Value*, Value* r) -> Status {
        r[0] = Value::from_i32(kDisplayW);
        return {};
      }));
  def("display_height", FuncType{{}, {I32}}, gate([](HostCall&, const Value*, Value* r) -> Status {
        r[0] = Value::from_i32(kDisplayH);
        return {};
      }));
  // display_blit(x, y, w, h, ptr): w*h RGB565 pixels (little-endian u16) from guest
  // memory; the part outside the screen is clipped.
  def("display_blit", FuncType{{I32, I32, I32, I32, I32}, {}},
      gate([ap, stopping, guest](HostCall& c, const Value* args, Value*) -> Status {
        if (stopping()) return stopped_error();
        int64_t x = int32_t(args[0].i32), y = int32_t(args[1].i32), w = int32_t(args[2].i32),
                h = int32_t(args[3].i32);
        if (w <= 0 || h <= 0) return {};
        if (w > 4096 || h > 4096) return make_error(ErrorKind::Trap, "display_blit: rectangle too large");
        const uint8_t* p = guest(c, args[4].i32, uint64_t(w) * uint64_t(h) * 2);
        if (!p) return make_error(ErrorKind::Trap, "out of bounds memory access");
        std::lock_guard lk(ap->mu);
        for (int64_t row = 0; row < h; ++row) {
          int64_t yy = y + row;
          if (yy < 0 || yy >= kDisplayH) continue;
          for (int64_t col = 0; col < w; ++col) {
            int64_t xx = x + col;
            if (xx < 0 || xx >= kDisplayW) continue;
            const uint8_t* q = p + (row * w + col) * 2;
            ap->back[size_t(yy) * kDisplayW + size_t(xx)] = uint16_t(q[0] | (q[1] << 8));
          }
        }
        return {};
      }));
  def("display_present", FuncType{{}, {}}, gate([ap](HostCall&, const Value*, Value*) -> Status {
        std::lock_guard lk(ap->mu);
        ap->host_calls++;
        if (ap->stop_requested) return stopped_error();
        ap->front = ap->back;
        ap->frames++;
        return {};
      }));

  {
    std::lock_guard lk(a->mu);
    a->store = store.get();
    if (a->stop_requested) store->interrupt();
  }
  auto t2 = Clock::now();
  auto inst = linker.instantiate(*store, la.module, a->name, *la.code);
  auto t3 = Clock::now();
  std::string state = "stopped", message;
  std::optional<int> exit_code;
  auto classify = [&](const Error& e) {
    if (e.kind == ErrorKind::Exit) {
      exit_code = e.exit_code;
      if (e.exit_code != 0) {
        state = "failed";
        message = "exit code " + std::to_string(e.exit_code);
      }
      return;
    }
    bool stop = false;
    {
      std::lock_guard lk(a->mu);
      stop = a->stop_requested;
      if (!(stop && e.message == "interrupted")) a->traps += e.kind == ErrorKind::Trap || e.kind == ErrorKind::Exhaustion;
    }
    if (stop && e.message == "interrupted") {
      state = "stopped";
      message = "stopped";
      return;
    }
    state = "failed";
    message = (e.kind == ErrorKind::Trap || e.kind == ErrorKind::Exhaustion ? "trap: " : "") + e.describe();
    std::string bt;
    for (size_t i = 0; i < e.backtrace.size() && i < 20; ++i) bt += "  #" + std::to_string(i) + " " + e.backtrace[i] + "\n";
    a->log.append("akira: " + message + "\n" + bt);
  };
  if (!inst) {
    classify(inst.error());
  } else {
    {
      std::lock_guard lk(a->mu);
      a->inst = inst.value();
      a->inst_ms = ms_between(t2, t3);
    }
    FuncInst* start = inst.value()->export_func("_start");
    if (!start || !start->type.params.empty() || !start->type.results.empty()) {
      state = "failed";
      message = "no _start export of type () -> ()";
    } else {
      auto r = store->invoke(start, {});
      if (!r) classify(r.error());
      else exit_code = 0;
    }
  }
  auto t4 = Clock::now();
  {
    std::lock_guard lk(a->mu);
    a->run_ms = inst ? ms_between(t3, t4) : 0;
    if (!inst) a->inst_ms = ms_between(t2, t3);
    if (inst) a->last_profile = deploy::profile(*inst.value());
    if (inst && !inst.value()->memories.empty()) a->memory_bytes = inst.value()->memories[0]->size;
    a->exit_code = exit_code;
    a->store = nullptr;
    a->inst = nullptr;
  }
  store.reset();
  wasi->reset();
  close_output();
  finish(state, message);
}

}  // namespace akira::service
