#include "aot/loader.h"

#include "common/host_arch.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>

#include "aot/native.h"
#include "decode/decoder.h"
#include "platform/code_memory.h"
#include "platform/cpu.h"
#include "platform/memory.h"
#include "platform/thread.h"
#include "validate/validator.h"

#if defined(__arm__)
// The Arm EABI run-time helpers (libgcc, and the C library's memory routines) LLVM calls
// for what Armv7-A has no instruction for: integer division without the optional divider,
// 64-bit division, conversions between 64-bit integers and floating point.
// Laid out by hand: a list of macro uses.
// clang-format off
#define AKIRA_AEABI_LIBCALLS(X)                                                                                     \
  X(__aeabi_idiv) X(__aeabi_uidiv) X(__aeabi_idivmod) X(__aeabi_uidivmod) X(__aeabi_ldivmod) X(__aeabi_uldivmod) \
  X(__aeabi_d2lz) X(__aeabi_d2ulz) X(__aeabi_f2lz) X(__aeabi_f2ulz) X(__aeabi_l2d) X(__aeabi_ul2d) X(__aeabi_l2f) \
  X(__aeabi_ul2f) X(__aeabi_llsl) X(__aeabi_llsr) X(__aeabi_lasr) X(__aeabi_memcpy) X(__aeabi_memcpy4)           \
  X(__aeabi_memcpy8) X(__aeabi_memmove) X(__aeabi_memmove4) X(__aeabi_memmove8) X(__aeabi_memset)               \
  X(__aeabi_memset4) X(__aeabi_memset8) X(__aeabi_memclr) X(__aeabi_memclr4) X(__aeabi_memclr8)
// clang-format on
// Declared with a placeholder type: only their addresses are taken.
#define AKIRA_DECLARE_AEABI(name) extern "C" void name();
AKIRA_AEABI_LIBCALLS(AKIRA_DECLARE_AEABI)
#undef AKIRA_DECLARE_AEABI
#endif

namespace akira::aot {

struct Image {
  uint8_t* base = nullptr;
  size_t size = 0;
  size_t code_size = 0;
  ~Image() {
    if (base) platform::release_code(base, size);
  }
};

namespace {

Error unsupported(std::string msg) { return make_error(ErrorKind::Unsupported, std::move(msg)); }

// Runtime library functions compiled code may call (LLVM libcalls).
const std::map<std::string, void*, std::less<>>& libcalls() {
  static const std::map<std::string, void*, std::less<>> table = {
    {"memcpy", reinterpret_cast<void*>(static_cast<void* (*)(void*, const void*, size_t)>(&std::memcpy))},
    {"memmove", reinterpret_cast<void*>(static_cast<void* (*)(void*, const void*, size_t)>(&std::memmove))},
    {"memset", reinterpret_cast<void*>(static_cast<void* (*)(void*, int, size_t)>(&std::memset))},
    {"ceil", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::ceil))},
    {"ceilf", reinterpret_cast<void*>(static_cast<float (*)(float)>(&::ceilf))},
    {"floor", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::floor))},
    {"floorf", reinterpret_cast<void*>(static_cast<float (*)(float)>(&::floorf))},
    {"trunc", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::trunc))},
    {"truncf", reinterpret_cast<void*>(static_cast<float (*)(float)>(&::truncf))},
    {"nearbyint", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::nearbyint))},
    {"nearbyintf", reinterpret_cast<void*>(static_cast<float (*)(float)>(&::nearbyintf))},
    {"rint", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::rint))},
    {"rintf", reinterpret_cast<void*>(static_cast<float (*)(float)>(&::rintf))},
    {"roundeven", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::nearbyint))},
    {"roundevenf", reinterpret_cast<void*>(static_cast<float (*)(float)>(&::nearbyintf))},
    {"sqrt", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::sqrt))},
    {"sqrtf", reinterpret_cast<void*>(static_cast<float (*)(float)>(&::sqrtf))},
    {"fmin", reinterpret_cast<void*>(static_cast<double (*)(double, double)>(&::fmin))},
    {"fminf", reinterpret_cast<void*>(static_cast<float (*)(float, float)>(&::fminf))},
    {"fmax", reinterpret_cast<void*>(static_cast<double (*)(double, double)>(&::fmax))},
    {"fmaxf", reinterpret_cast<void*>(static_cast<float (*)(float, float)>(&::fmaxf))},
    {"fmod", reinterpret_cast<void*>(static_cast<double (*)(double, double)>(&::fmod))},
    {"fmodf", reinterpret_cast<void*>(static_cast<float (*)(float, float)>(&::fmodf))},
#if defined(__arm__)
#define AKIRA_AEABI_ENTRY(name) {#name, reinterpret_cast<void*>(&name)},
    AKIRA_AEABI_LIBCALLS(AKIRA_AEABI_ENTRY)
#undef AKIRA_AEABI_ENTRY
#endif
  };
  return table;
}

// CPU features the compiled code requires that this CPU lacks ("+a,+b,-c": only the
// enabled ones matter; names the platform cannot test are not held against the code).
std::vector<std::string> missing_features(const std::string& features) {
  std::vector<std::string> missing;
  size_t pos = 0;
  while (pos < features.size()) {
    size_t end = features.find(',', pos);
    if (end == std::string::npos) end = features.size();
    std::string f = features.substr(pos, end - pos);
    pos = end + 1;
    if (f.size() < 2 || f[0] != '+') continue;
    f = f.substr(1);
    if (platform::cpu_feature(f) == platform::CpuFeature::Absent) missing.push_back(f);
  }
  return missing;
}

std::string base_name(const std::string& path) {
  size_t s = path.find_last_of('/');
  return s == std::string::npos ? path : path.substr(s + 1);
}

}  // namespace

bool is_aot(std::span<const uint8_t> bytes) { return bytes.size() >= 4 && std::memcmp(bytes.data(), kMagic, 4) == 0; }

const char* host_arch() { return build_arch(); }

Result<AotFile> check(std::span<const uint8_t> bytes, const std::string& file) {
  auto parsed = parse_aot(bytes);
  if (!parsed.ok()) {
    Error e = parsed.error();
    e.message = base_name(file) + ": " + e.message;
    return e;
  }
  const AotFile& f = parsed.value();
  const TargetDesc& t = f.target;
  std::string name = base_name(file);
  if (!runs_code_for(t.arch)) {
    std::string cpu = t.requested_cpu.empty() ? t.cpu : t.requested_cpu;
    return unsupported(name + " was compiled for " + t.arch + (cpu.empty() ? "" : " (" + cpu + ")") +
                       "; this runtime is " + host_arch() + ": compile with --target=" + suggested_aot_target());
  }
  if (t.pointer_bytes != sizeof(void*) || !t.little_endian)
    return unsupported(name + " was compiled for a " + std::to_string(t.pointer_bytes * 8) +
                       "-bit target; this runtime is " + std::to_string(sizeof(void*) * 8) + "-bit");
  if (auto miss = missing_features(t.features); !miss.empty()) {
    std::string list;
    for (const auto& m : miss) list += (list.empty() ? "" : ", ") + m;
    return unsupported(name + " needs CPU features this CPU lacks: " + list +
                       " (compile without them, e.g. --cpu=native on this machine)");
  }
  if (!t.bounds_checks && !platform::has_guard_pages())
    return unsupported(name + " was compiled without bounds checks, for guard pages this runtime's memories lack: " +
                       "compile with --bounds-checks=1");
  {
    std::vector<std::string> missing;
    for (const std::string& h : f.helpers) {
      bool known = false;
      for (uint32_t i = 0; i < static_cast<uint32_t>(Helper::Count); ++i)
        known |= h == helper_name(static_cast<Helper>(i));
      if (!known) missing.push_back("helper " + h);
    }
    for (const std::string& s : f.symbols)
      if (!libcalls().count(s)) missing.push_back("function " + s);
    if (!missing.empty()) {
      std::string list;
      for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
      return unsupported(name + " needs runtime services this runtime lacks: " + list);
    }
  }
  return parsed;
}

Result<std::shared_ptr<AotModule>> load(std::span<const uint8_t> bytes, const std::string& file) {
  auto checked = check(bytes, file);
  if (!checked.ok()) return checked.error();
  const AotFile& f = checked.value();
  const TargetDesc& t = f.target;
  std::string name = base_name(file);

  auto decoded = decode_module(std::vector<uint8_t>(f.wasm.begin(), f.wasm.end()));
  if (!decoded.ok()) {
    Error e = decoded.error();
    e.message = name + ": embedded module: " + e.message;
    return e;
  }
  std::shared_ptr<const Module> module = std::move(decoded.value());
  if (Status st = validate_module(*module); !st.ok()) {
    Error e = st.error();
    e.message = name + ": embedded module: " + e.message;
    return e;
  }
  if (f.funcs.size() != module->functions.size())
    return make_error(ErrorKind::Malformed, name + ": malformed .aot file: " + std::to_string(f.funcs.size()) +
                                                " compiled functions for a module with " +
                                                std::to_string(module->functions.size()));

  // Map the image read-write, copy, relocate, then protect: code R+X, rodata R.
  const ImageLayout& l = f.layout;
  size_t page = platform::code_page_size();
  if (page == 0 || kSegmentAlign % page != 0) return unsupported("host page size is larger than the .aot alignment");
  auto img = std::make_shared<Image>();
  // A module without functions has an empty image: map one segment anyway.
  size_t map_size = l.total_size ? l.total_size : kSegmentAlign;
  img->base = platform::allocate_code(map_size);
  if (!img->base) return make_error(ErrorKind::Io, name + ": cannot map the native code");
  img->size = map_size;
  img->code_size = l.code_size;
  const uint8_t* src = f.image_bytes.data();
  std::memcpy(img->base, src, l.code_size);
  std::memcpy(img->base + l.rodata_offset, src + l.code_size, l.rodata_size);
  std::memcpy(img->base + l.data_offset, src + l.code_size + l.rodata_size, l.data_size);
  uintptr_t base = reinterpret_cast<uintptr_t>(img->base);
  for (const Reloc& r : f.relocs) {
    uint8_t* at = img->base + r.offset;
    switch (r.kind) {
      case RelocKind::AddBase32:
      case RelocKind::Symbol32: {
        uint32_t v;
        std::memcpy(&v, at, 4);
        uint64_t add = r.kind == RelocKind::AddBase32
                           ? base
                           : reinterpret_cast<uintptr_t>(libcalls().find(f.symbols[r.symbol])->second);
        uint64_t sum = uint64_t{v} + add;
        if (sum > UINT32_MAX) return unsupported(name + ": 32-bit absolute relocation does not fit this load address");
        v = static_cast<uint32_t>(sum);
        std::memcpy(at, &v, 4);
        break;
      }
      case RelocKind::AddBase64:
      case RelocKind::Symbol64: {
        uint64_t v;
        std::memcpy(&v, at, 8);
        v += r.kind == RelocKind::AddBase64 ? base
                                            : reinterpret_cast<uintptr_t>(libcalls().find(f.symbols[r.symbol])->second);
        std::memcpy(at, &v, 8);
        break;
      }
    }
  }
  if (!platform::protect_code(img->base, l.code_size, l.rodata_offset, l.rodata_size))
    return make_error(ErrorKind::Io, name + ": cannot protect the native code");

  auto m = std::make_shared<AotModule>();
  m->module = std::move(module);
  m->target = t;
  m->image = std::move(img);
  m->funcs = f.funcs;
  m->source_hash.assign(f.source_hash.begin(), f.source_hash.end());
  return m;
}

namespace {

std::atomic<bool> perf_map_on{false};

void write_perf_map(const AotInstance& ai, const Module& mod) {
  static std::mutex mu;
  std::lock_guard lk(mu);
  std::string path = "/tmp/perf-" + std::to_string(platform::process_id()) + ".map";
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (!f) return;  // a diagnostic aid: running goes on without it
  for (size_t i = 0; i < ai.ranges.size(); ++i) {
    const CodeRange& r = ai.ranges[i];
    uint32_t end =
        i + 1 < ai.ranges.size() ? ai.ranges[i + 1].offset : static_cast<uint32_t>(ai.code_end - ai.code_begin);
    std::fprintf(f, "%llx %x %s%s\n", static_cast<unsigned long long>(ai.code_begin + r.offset), end - r.offset,
                 r.wrapper ? "entry:" : "", mod.func_name(r.func).c_str());
  }
  std::fclose(f);
}

}  // namespace

void enable_perf_map() { perf_map_on = true; }

const Engine& AotModule::engine() const { return aot::engine(); }

Status AotModule::bind(Store& store, Instance& inst) const {
  const Module& mod = *inst.module;
  auto ai = std::make_shared<AotInstance>();
  ai->store = &store;
  ai->state = &store.engine_state<StoreState>(aot::engine());
  ai->inst = &inst;
  ai->mem = inst.memories.empty() ? nullptr : inst.memories[0];
  if (ai->mem && !ai->mem->guarded && !target.bounds_checks)
    return unsupported(
        "native code compiled without bounds checks needs a memory with guard pages; "
        "this one has none: compile with --bounds-checks=1");
  ai->image = image;
  ai->code_begin = reinterpret_cast<uintptr_t>(image->base);
  ai->code_end = ai->code_begin + image->code_size;
  for (GlobalInst* g : inst.globals) ai->globals.push_back(&g->value);
  for (const FuncType& t : mod.types) ai->type_ids.push_back(store.intern_type(t));
  ai->native_funcs.assign(inst.funcs.size(), nullptr);
  for (size_t d = 0; d < funcs.size(); ++d) {
    uint32_t fi = mod.num_imported_funcs + static_cast<uint32_t>(d);
    ai->native_funcs[fi] = image->base + funcs[d].typed;
    ai->ranges.push_back({funcs[d].typed & ~1u, fi, false});  // & ~1: Thumb bit
    ai->ranges.push_back({funcs[d].entry & ~1u, fi, true});
  }
  std::sort(ai->ranges.begin(), ai->ranges.end(),
            [](const CodeRange& a, const CodeRange& b) { return a.offset < b.offset; });
  Context& c = ai->ctx;
  auto addr = [](const void* p) { return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(p)); };
  if (ai->mem) {
    c.mem_base = addr(ai->mem->data);
    c.mem_size = ai->mem->size;
  }
  c.globals = addr(ai->globals.data());
  c.funcs = addr(inst.funcs.data());
  c.tables = addr(inst.tables.data());
  c.helpers = addr(helper_table());
  c.type_ids = addr(ai->type_ids.data());
  c.native_funcs = addr(ai->native_funcs.data());
  c.aux_stack_low = 0;
  c.runtime = addr(ai.get());
  c.interrupt = addr(&ai->state->interrupt);
  if (target.perf_profiling) {
    ai->perf_counters.assign(inst.funcs.size(), 0);
    c.perf_counters = addr(ai->perf_counters.data());
  }
  for (size_t d = 0; d < funcs.size(); ++d) {
    FuncInst* f = inst.funcs[mod.num_imported_funcs + d];
    f->code = image->base + funcs[d].entry;
    f->code_ctx = &ai->ctx;
    f->call = &native_call;
  }
  install_fault_handler();
  if (perf_map_on) write_perf_map(*ai, mod);
  inst.code = ai;
  inst.engine = &aot::engine();
  return {};
}

Profile counted_profile(const Instance& inst) {
  Profile out;
  const Module& mod = *inst.module;
  if (inst.engine != &aot::engine() || !inst.code) return out;
  const auto* ai = static_cast<const AotInstance*>(inst.code.get());
  if (ai->perf_counters.empty()) return out;
  out.kind = Profile::Kind::Counted;
  for (uint32_t i = mod.num_imported_funcs; i < ai->perf_counters.size(); ++i) {
    // The running thread writes with relaxed 64-bit stores (see the compiler's emit_call_count).
    uint64_t n = std::atomic_ref<const uint64_t>(ai->perf_counters[i]).load(std::memory_order_relaxed);
    if (n) out.funcs.push_back({i, mod.func_name(i), n, 0, 0});
  }
  std::sort(out.funcs.begin(), out.funcs.end(), [](const FunctionProfile& a, const FunctionProfile& b) {
    return a.calls != b.calls ? a.calls > b.calls : a.index < b.index;
  });
  return out;
}

}  // namespace akira::aot
