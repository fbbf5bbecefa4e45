#include "cli/run.h"

#include "cli/deploy.h"

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>

#include "common/error.h"
#include "deploy/load.h"
#include "deploy/profile.h"
#include "interp/interpreter.h"
#include "runtime/instantiate.h"
#if AKIRA_HAVE_AOT
#include "aot/loader.h"
#endif
#include "runtime/store.h"
#include "wasi/wasi.h"

namespace akira::cli {
namespace {

using Clock = std::chrono::steady_clock;

void say(std::FILE* f, const std::string& s) {
  std::fputs(s.c_str(), f);
  std::fflush(f);
}

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Reports an error from running wasm code and returns the exit status.
int report_runtime(const RunOptions& o, const Error& e) {
  switch (e.kind) {
    case ErrorKind::Exit:
      if (o.verbose) say(o.err, "akira: exit code " + std::to_string(e.exit_code) + "\n");
      return e.exit_code;
    case ErrorKind::Trap:
    case ErrorKind::Exhaustion: {
      std::string s = "akira: trap: " + e.message + "\n";
      // Deep recursion makes huge traces: keep the innermost and outermost frames.
      const size_t n = e.backtrace.size(), head = 30, tail = 5;
      for (size_t i = 0; i < n; ++i) {
        if (n > head + tail + 1 && i == head) {
          s += "  ... " + std::to_string(n - head - tail) + " more frames\n";
          i = n - tail - 1;
          continue;
        }
        s += "  #" + std::to_string(i) + " " + e.backtrace[i] + "\n";
      }
      say(o.err, s);
      return e.kind == ErrorKind::Trap ? kExitTrap : kExitExhausted;
    }
    case ErrorKind::Malformed:
    case ErrorKind::Invalid:
    case ErrorKind::Unlinkable:
    case ErrorKind::Unsupported: say(o.err, "akira: " + o.file + ": " + e.describe() + "\n"); return kExitUsage;
    case ErrorKind::Io: break;
  }
  say(o.err, "akira: " + e.describe() + "\n");
  return kExitFailure;
}

bool parse_value(ValType t, const std::string& s, Value& out) {
  const char* b = s.data();
  const char* e = s.data() + s.size();
  auto int_of = [&](int64_t lo, uint64_t hi, uint64_t& v) {
    bool neg = b != e && *b == '-';
    const char* p = neg || (b != e && *b == '+') ? b + 1 : b;
    int base = 10;
    if (e - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
      base = 16;
      p += 2;
    }
    uint64_t mag = 0;
    auto r = std::from_chars(p, e, mag, base);
    if (r.ec != std::errc() || r.ptr != e || p == e) return false;
    if (neg) {
      if (mag > static_cast<uint64_t>(-(lo + 1)) + 1) return false;
      v = static_cast<uint64_t>(0) - mag;
    } else {
      if (mag > hi) return false;
      v = mag;
    }
    return true;
  };
  uint64_t v = 0;
  switch (t) {
    case ValType::I32:
      if (!int_of(std::numeric_limits<int32_t>::min(), std::numeric_limits<uint32_t>::max(), v)) return false;
      out = Value::from_i32(static_cast<uint32_t>(v));
      return true;
    case ValType::I64:
      if (!int_of(std::numeric_limits<int64_t>::min(), std::numeric_limits<uint64_t>::max(), v)) return false;
      out = Value::from_i64(v);
      return true;
    case ValType::F32:
    case ValType::F64: {
      if (s.empty()) return false;
      char* end = nullptr;
      errno = 0;
      double d = std::strtod(s.c_str(), &end);
      if (end != s.c_str() + s.size()) return false;
      if (t == ValType::F32) {
        float f = std::strtof(s.c_str(), &end);
        out = Value::from_f32(f);
      } else {
        out = Value::from_f64(d);
      }
      return true;
    }
    default: return false;
  }
}

std::string format_value(ValType t, const Value& v) {
  char buf[64];
  switch (t) {
    case ValType::I32: return std::to_string(static_cast<int32_t>(v.i32));
    case ValType::I64: return std::to_string(static_cast<int64_t>(v.i64));
    case ValType::F32:
    case ValType::F64: {
      double d = t == ValType::F32 ? v.f32 : v.f64;
      if (std::isnan(d)) return std::signbit(d) ? "-nan" : "nan";
      if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
      auto r =
          t == ValType::F32 ? std::to_chars(buf, buf + sizeof buf, v.f32) : std::to_chars(buf, buf + sizeof buf, v.f64);
      return std::string(buf, r.ptr);
    }
    case ValType::V128: {
      std::string s = "v128:";
      for (int i = 0; i < 16; ++i) {
        std::snprintf(buf, sizeof buf, "%02x", v.v128.b[i]);
        s += buf;
      }
      return s;
    }
    case ValType::FuncRef:
    case ValType::ExternRef: return v.ref ? "ref" : "null";
  }
  return "?";
}

}  // namespace

namespace {

// Errors name the file as given on the command line.
deploy::LoadOptions load_options(const RunOptions& o) {
  deploy::LoadOptions lo;
  lo.label = o.file;
  return lo;
}

// Runs what deploy loaded (or reports why it did not load).
int run_loaded(const RunOptions& o, const Result<std::shared_ptr<deploy::LoadedModule>>& loaded) {
  if (!loaded) {
    say(o.err, "akira: " + loaded.error().describe() + "\n");
    return kExitUsage;
  }
  const deploy::LoadedModule& m = *loaded.value();
  if (o.verbose) {
    if (m.aot) {
      say(o.err, "akira: loaded AOT code in " + std::to_string(m.times.aot_ms) + " ms\n");
    } else {
      say(o.err, "akira: decoded in " + std::to_string(m.times.decode_ms) + " ms\n");
      say(o.err, "akira: validated in " + std::to_string(m.times.validate_ms) + " ms\n");
    }
  }
  return run_module(o, m.module, m.code);
}

}  // namespace

int run(const RunOptions& o) {
#if AKIRA_HAVE_AOT
  if (o.perf_map) aot::enable_perf_map();
#endif
  if (int status = 0; run_app(o, status)) return status;  // app folders, NAME_*.aot, packs: deploy.cpp
  return run_loaded(o, deploy::load_module_file(o.file, load_options(o)));
}

int run_bytes(const RunOptions& o, std::vector<uint8_t> bytes) {
  return run_loaded(o, deploy::load_module(std::move(bytes), load_options(o)));
}

int run_module(const RunOptions& o, std::shared_ptr<const Module> module, std::shared_ptr<const ModuleCode> code) {
  WasiOptions wo;
  wo.args.push_back(o.file);
  if (!o.invoke) wo.args.insert(wo.args.end(), o.args.begin(), o.args.end());
  wo.env = o.env;
  for (const std::string& d : o.dirs) {
    size_t sep = d.find("::");
    WasiPreopen p;
    p.host_path = sep == std::string::npos ? d : d.substr(0, sep);
    p.guest_path = sep == std::string::npos ? d : d.substr(sep + 2);
    if (p.host_path.empty() || p.guest_path.empty()) {
      say(o.err, "akira: --dir " + d + ": expected HOST or HOST::GUEST\n");
      return kExitUsage;
    }
    wo.preopens.push_back(std::move(p));
  }
  wo.stdin_fd = o.stdin_fd;
  wo.stdout_fd = o.stdout_fd;
  wo.stderr_fd = o.stderr_fd;
  auto wasi = WasiContext::create(std::move(wo));
  if (!wasi) {
    say(o.err, "akira: " + wasi.error().message + "\n");
    return kExitUsage;
  }

  StoreLimits limits;
  if (o.stack_size) limits.value_stack_bytes = *o.stack_size;
  if (o.max_memory) limits.max_memory_pages = std::min<uint64_t>(*o.max_memory / kPageSize, kMaxPages);
  Store store(limits);
  if (o.profile) code->engine().set_profiling(store, true);
  Linker linker;
  (*wasi)->link(linker, store, module.get());

  auto t2 = Clock::now();
  auto inst = linker.instantiate(store, module, o.file, *code);
  if (!inst) return report_runtime(o, inst.error());
  if (o.verbose) say(o.err, "akira: instantiated in " + std::to_string(ms_since(t2)) + " ms\n");

  auto t3 = Clock::now();
  int status = kExitOk;
  if (!o.invoke) {
    FuncInst* start = inst.value()->export_func("_start");
    if (!start) {
      say(o.err, "akira: " + o.file + ": no _start export (use --invoke NAME to call a function)\n");
      return kExitUsage;
    }
    if (!start->type.params.empty() || !start->type.results.empty()) {
      say(o.err, "akira: " + o.file + ": _start has type " + start->type.to_string() + ", expected () -> ()\n");
      return kExitUsage;
    }
    auto r = store.invoke(start, {});
    if (!r) status = report_runtime(o, r.error());
  } else {
    FuncInst* f = inst.value()->export_func(*o.invoke);
    if (!f) {
      say(o.err, "akira: " + o.file + ": no exported function '" + *o.invoke + "'\n");
      return kExitUsage;
    }
    const FuncType& t = f->type;
    if (o.args.size() != t.params.size()) {
      say(o.err, "akira: " + *o.invoke + " " + t.to_string() + " expects " + std::to_string(t.params.size()) +
                     " argument(s), got " + std::to_string(o.args.size()) + "\n");
      return kExitUsage;
    }
    std::vector<Value> args(t.params.size());
    for (size_t i = 0; i < t.params.size(); ++i) {
      if (!parse_value(t.params[i], o.args[i], args[i])) {
        say(o.err, "akira: argument " + std::to_string(i + 1) + " '" + o.args[i] + "' is not a valid " +
                       to_string(t.params[i]) + "\n");
        return kExitUsage;
      }
    }
    // A WASI reactor is initialised before its exports are used.
    if (FuncInst* init = inst.value()->export_func("_initialize");
        init && init->type.params.empty() && init->type.results.empty()) {
      auto r = store.invoke(init, {});
      if (!r) return report_runtime(o, r.error());
    }
    auto r = store.invoke(f, args);
    if (!r) {
      status = report_runtime(o, r.error());
    } else {
      std::string s;
      for (size_t i = 0; i < t.results.size() && i < r.value().size(); ++i)
        s += format_value(t.results[i], r.value()[i]) + "\n";
      say(o.out, s);
    }
  }
  if (o.verbose) say(o.err, "akira: ran in " + std::to_string(ms_since(t3)) + " ms\n");
  if (o.profile) {
    deploy::Profile p = deploy::profile(*inst.value());
    if (p.kind == deploy::Profile::Kind::None)
      say(o.err, &code->engine() != &interp::engine()
                     ? "akira: profile: native code compiled without akirac --enable-perf-profiling\n"
                     : "akira: profile: no calls recorded\n");
    else
      say(o.err, "akira: profile (" +
                     std::string(p.kind == deploy::Profile::Kind::Timed ? "interpreter" : "native code") + "):\n" +
                     deploy::format_profile(p, 20));
  }
  return status;
}

}  // namespace akira::cli
