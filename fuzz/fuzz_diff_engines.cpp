// The interpreter against AOT-compiled code, in one process: the input is a module;
// one that decodes and validates (and imports nothing but `spectest`) is instantiated
// in the interpreter and, when the build has the compiler library, compiled by
// akira_compile in memory and loaded through the .aot loader. Every exported function
// is called in order with zero/null arguments; results, traps, globals, memory and
// tables must agree after every call, or the target aborts.
//
// What legitimately differs is not compared:
// - call stack exhaustion (the interpreter's depth limit is not the native stack) and
//   calls stopped by the watchdog: the rest of that instance is skipped;
// - NaN bits: float results and globals compare with every NaN equal; a module with an
//   instruction that turns a float's bits into something else (reinterpret, copysign,
//   float stores, float SIMD) is run in both engines but not compared, since the spec
//   lets engines pick NaN payloads and signs.
#include <pthread.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "decode/decoder.h"
#include "interp/interpreter.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "validate/validator.h"
#include "wast/spectest.h"
#if AKIRA_DIFF_AOT
#include "aot/loader.h"
#include "compile/compiler.h"
#endif

using namespace akira;

namespace {

constexpr size_t kMaxInput = 64 * 1024;                   // LLVM's compile time grows with the module
constexpr auto kBudget = std::chrono::milliseconds(500);  // per engine: instantiation and all calls

// Interrupts a store's running code (interpreted or native) once its budget is spent,
// and again every few milliseconds after, until disarmed: a request is consumed by
// the first trap it causes, and one made while no wasm code runs is seen only later.
class Watchdog {
 public:
  Watchdog() : thread_([this] { loop(); }) { thread_.detach(); }

  void arm(Store* store) {
    std::lock_guard lk(mu_);
    store_ = store;
    deadline_ = std::chrono::steady_clock::now() + kBudget;
    expired_ = false;
    cv_.notify_all();
  }
  void disarm() {
    std::lock_guard lk(mu_);
    store_ = nullptr;
  }
  bool expired() {
    std::lock_guard lk(mu_);
    return expired_;
  }

 private:
  void loop() {
    std::unique_lock lk(mu_);
    for (;;) {
      if (!store_) {
        cv_.wait(lk);
        continue;
      }
      if (cv_.wait_until(lk, deadline_) != std::cv_status::timeout || !store_) continue;
      if (std::chrono::steady_clock::now() < deadline_) continue;
      store_->interrupt();
      expired_ = true;
      deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  Store* store_ = nullptr;
  std::chrono::steady_clock::time_point deadline_;
  bool expired_ = false;
  std::thread thread_;
};

Watchdog& watchdog() {
  static Watchdog* w = new Watchdog;  // never destroyed: its thread runs until exit
  return *w;
}

// True when some instruction can make a NaN's payload or sign observable other than as
// a float: such modules are run but not compared.
bool exposes_nan_bits(const Module& m) {
  for (const Function& f : m.functions) {
    for (const Instr& in : f.code) {
      switch (in.op) {
        case Op::I32ReinterpretF32:
        case Op::I64ReinterpretF64:
        case Op::F32Copysign:
        case Op::F64Copysign:
        case Op::F32Store:
        case Op::F64Store:
        case Op::F32x4Splat:
        case Op::F64x2Splat:
        case Op::F32x4ReplaceLane:
        case Op::F64x2ReplaceLane: return true;
        default: break;
      }
      const OpInfo& oi = info(in.op);
      std::string_view text = oi.text, sig = oi.sig;
      bool float_lanes = text.starts_with("f32x4.") || text.starts_with("f64x2.");
      if (float_lanes && sig.ends_with(">v")) return true;  // v128 results with float lanes
    }
  }
  return false;
}

// What one engine did with one call, and the instance's state after it.
struct Step {
  enum Kind { Ok, Trap, Stopped, Other } kind = Ok;
  std::string what;  // trap or error message
  std::vector<ValType> types;
  std::vector<Value> values;
  std::string state;  // globals, memory and tables, as comparable bytes
};

struct Run {
  std::string instantiate;  // "" when it succeeded, else the error
  bool stopped = false;     // instantiation was exhausted or interrupted
  std::vector<Step> steps;
};

bool is_stop(const Error& e) { return e.kind == ErrorKind::Exhaustion || e.trap == TrapCode::Interrupted; }

uint64_t canon_bits(ValType t, const Value& v, int half = 0) {
  switch (t) {
    case ValType::I32: return v.i32;
    case ValType::I64: return v.i64;
    case ValType::F32: return v.f32 != v.f32 ? 0x7fc00000u : v.i32;
    case ValType::F64: return v.f64 != v.f64 ? 0x7ff8000000000000ull : v.i64;
    case ValType::V128: {
      uint64_t x;
      std::memcpy(&x, v.v128.b + 8 * half, 8);
      return x;
    }
    default: return 0;
  }
}

// A reference as something both stores agree on: null, or a function's index in its
// module (instance 1 is the module's own, 2 any other).
uint64_t ref_id(const Instance* self, Ref r) {
  if (!r) return 0;
  const FuncInst* f = static_cast<const FuncInst*>(r);
  return (uint64_t(f->instance == self ? 1 : 2) << 32) | f->index;
}

void append(std::string& s, uint64_t x) { s.append(reinterpret_cast<const char*>(&x), sizeof x); }

std::string state_of(const Instance& inst) {
  std::string s;
  for (const GlobalInst* g : inst.globals) {
    ValType t = g->type.type;
    if (is_ref(t)) {
      append(s, t == ValType::FuncRef ? ref_id(&inst, g->value.ref) : g->value.ref != nullptr);
    } else {
      append(s, canon_bits(t, g->value));
      if (t == ValType::V128) append(s, canon_bits(t, g->value, 1));
    }
  }
  for (const MemoryInst* m : inst.memories) {
    append(s, m->size);
    s.append(reinterpret_cast<const char*>(m->data), m->size);
  }
  for (const TableInst* t : inst.tables) {
    append(s, t->elems.size());
    for (Ref r : t->elems) append(s, t->type.elem == ValType::FuncRef ? ref_id(&inst, r) : r != nullptr);
  }
  return s;
}

// Instantiates and calls every exported function; `prepare` binds native code (AOT).
Run run(const std::shared_ptr<const Module>& module, const ModuleCode& code) {
  Run out;
  StoreLimits limits;
  limits.max_memory_pages = 64;  // the state comparison copies all of memory after each call
  Store store(limits);

  Linker linker;
  if (auto s = wast::define_spectest(store, linker); !s.ok()) {
    out.instantiate = s.error().message;
    return out;
  }
  watchdog().arm(&store);
  auto inst = linker.instantiate(store, module, "fuzz", code);
  if (!inst.ok()) {
    out.instantiate = inst.error().message;
    out.stopped = is_stop(inst.error());
    watchdog().disarm();
    return out;
  }
  for (const Export& e : module->exports) {
    if (e.kind != ExternKind::Func) continue;
    if (watchdog().expired()) break;
    FuncInst* f = inst.value()->export_func(e.name);
    std::vector<Value> args(f->type.params.size());  // zeros and null references
    auto r = store.invoke(f, args);
    Step st;
    if (r.ok()) {
      st.types = f->type.results;
      st.values = std::move(r.value());
    } else if (is_stop(r.error())) {
      st.kind = Step::Stopped;
    } else {
      st.kind = r.error().kind == ErrorKind::Trap ? Step::Trap : Step::Other;
      st.what = r.error().message;
    }
    st.state = state_of(*inst.value());
    bool stop = st.kind == Step::Stopped;
    out.steps.push_back(std::move(st));
    if (stop) break;
  }
  watchdog().disarm();
  return out;
}

[[noreturn]] void mismatch(const char* what, size_t call, const std::string& a, const std::string& b) {
  std::fprintf(stderr,
               "fuzz_diff_engines: %s differ at exported function call %zu:\n  interpreter: %s\n  aot:         %s\n",
               what, call, a.c_str(), b.c_str());
  std::abort();
}

std::string describe(const Step& s) {
  if (s.kind != Step::Ok) return (s.kind == Step::Trap ? "trap: " : "error: ") + s.what;
  std::string out = "ok";
  char buf[64];
  for (size_t i = 0; i < s.values.size(); i++) {
    std::snprintf(buf, sizeof buf, " %016llx", static_cast<unsigned long long>(canon_bits(s.types[i], s.values[i])));
    out += buf;
  }
  return out;
}

void compare(const Run& a, const Run& b) {
  if (a.stopped || b.stopped) return;
  if (a.instantiate != b.instantiate) mismatch("instantiation outcomes", 0, a.instantiate, b.instantiate);
  size_t n = std::min(a.steps.size(), b.steps.size());
  for (size_t i = 0; i < n; i++) {
    const Step& x = a.steps[i];
    const Step& y = b.steps[i];
    if (x.kind == Step::Stopped || y.kind == Step::Stopped) return;
    if (x.kind != y.kind || x.what != y.what) mismatch("outcomes", i, describe(x), describe(y));
    if (x.kind == Step::Ok) {
      bool same = x.values.size() == y.values.size();
      for (size_t k = 0; same && k < x.values.size(); k++) {
        ValType t = x.types[k];
        if (is_ref(t)) {
          same = (x.values[k].ref == nullptr) == (y.values[k].ref == nullptr);
        } else {
          same = canon_bits(t, x.values[k]) == canon_bits(t, y.values[k]) &&
                 canon_bits(t, x.values[k], 1) == canon_bits(t, y.values[k], 1);
        }
      }
      if (!same) mismatch("results", i, describe(x), describe(y));
    }
    if (x.state != y.state) mismatch("globals, memory or tables", i, describe(x), describe(y));
  }
  // One engine may have stopped calling early (its budget ran out): nothing more to compare.
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return 0;
  auto decoded = decode_module(std::vector<uint8_t>(data, data + size));
  if (!decoded.ok() || !validate_module(*decoded.value()).ok()) return 0;
  std::shared_ptr<const Module> module = std::move(decoded.value());
  for (const Import& im : module->imports)
    if (im.module != "spectest") return 0;

  Run reference = run(module, interp::code());

#if AKIRA_DIFF_AOT
  // The compiler's settings follow from the input, so a crash reproduces from it alone.
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 16777619u;
  compile::Options opts;
  opts.target = aot::host_arch();
  opts.threads = 1;
  opts.bounds_checks = (h & 1) != 0;
  opts.size_level = (h & 2) ? 0 : 3;
  opts.opt_level = (h & 4) ? 3 : ((h & 8) ? 0 : 2);
  auto cm = compile::compile_module(*module, opts, compile::OutputFormat::Aot);
  if (!cm.ok()) {
    // Every valid module must compile.
    std::fprintf(stderr, "fuzz_diff_engines: akira_compile rejected a valid module: %s\n",
                 cm.error().describe().c_str());
    std::abort();
  }
  auto bytes = compile::write_aot(*module, cm.value());
  if (!bytes.ok()) {
    std::fprintf(stderr, "fuzz_diff_engines: write_aot: %s\n", bytes.error().describe().c_str());
    std::abort();
  }
  auto loaded = aot::load(bytes.value(), "fuzz.aot");
  if (!loaded.ok()) {
    std::fprintf(stderr, "fuzz_diff_engines: the loader refused akira_compile's output: %s\n",
                 loaded.error().describe().c_str());
    std::abort();
  }
  Run native = run(loaded.value()->module, *loaded.value());
#else
  // Without the compiler the interpreter is checked against itself in a second store.
  Run native = run(module, interp::code());
#endif
  if (!exposes_nan_bits(*module)) compare(reference, native);
  return 0;
}
