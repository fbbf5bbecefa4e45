#include "deploy/load.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "decode/decoder.h"
#include "deploy/module_cache.h"
#include "deploy/pack.h"
#include "interp/interpreter.h"
#include "validate/validator.h"
#if AKIRA_HAVE_AOT
#include "aot/loader.h"
#endif

namespace akira::deploy {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

constexpr uint8_t kWasmMagic[4] = {0, 'a', 's', 'm'};
constexpr uint8_t kAotMagic[4] = {0, 'a', 'o', 't'};

bool has_magic(std::span<const uint8_t> b, const uint8_t (&magic)[4]) {
  return b.size() >= 4 && std::memcmp(b.data(), magic, 4) == 0;
}

Error io_error(const fs::path& p, const std::string& what, int err) {
  return make_error(ErrorKind::Io, p.string() + ": " + what + ": " + std::strerror(err));
}

// What a module is charged in the cache: its bytes and its decoded code.
size_t module_charge(const Module& m, size_t file_bytes) {
  size_t n = file_bytes;
  for (const Function& f : m.functions) n += f.code.size() * sizeof(Instr);
  return n;
}

Error labelled(Error e, const std::string& label) {
  if (!label.empty()) e.message = label + ": " + e.message;
  return e;
}

}  // namespace

// One read() per 64 KiB into a vector sized from the file (an istreambuf_iterator costs
// ~35 instructions a byte, most of a small program's start-up).
std::shared_ptr<const ModuleCode> interpreter_code() {
  return std::shared_ptr<const ModuleCode>(std::shared_ptr<const ModuleCode>(), &interp::code());
}

Result<std::vector<uint8_t>> read_module_file(const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error(p, "cannot open", errno);
  struct stat st;
  std::vector<uint8_t> b;
  if (::fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      return make_error(ErrorKind::Io, p.string() + ": cannot read: is a directory");
    }
    if (S_ISREG(st.st_mode)) b.reserve(static_cast<size_t>(st.st_size));
  }
  size_t used = 0;
  for (;;) {
    uint8_t probe;
    bool full = used == b.size() && used != 0 && used == b.capacity();
    if (used == b.size() && !full) b.resize(std::max(b.capacity(), used + 65536));
    ssize_t n = full ? ::read(fd, &probe, 1) : ::read(fd, b.data() + used, b.size() - used);  // full: at EOF?
    if (n > 0 && full) b.push_back(probe);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return io_error(p, "cannot read", e);
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
    if (static_cast<uint64_t>(used) > (4ull << 30)) {  // the binary format cannot describe more
      ::close(fd);
      return make_error(ErrorKind::Io, p.string() + ": file too large");
    }
  }
  ::close(fd);
  b.resize(used);
  return b;
}

bool is_aot_file(const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  uint8_t m[4] = {};
  ssize_t n;
  do n = ::read(fd, m, sizeof m);
  while (n < 0 && errno == EINTR);
  ::close(fd);
  return n == 4 && has_magic(m, kAotMagic);
}

namespace detail {

Status load_aot(std::span<const uint8_t> bytes, const std::string& label, ModuleCache* cache, bool hash,
                LoadedModule& lm) {
#if AKIRA_HAVE_AOT
  auto t0 = Clock::now();
  if (hash || cache) lm.content_hash = content_hash(bytes);
  std::shared_ptr<aot::AotModule> am;
  if (cache) {
    if (auto hit = cache->get(lm.content_hash)) {
      am = std::static_pointer_cast<aot::AotModule>(hit->aot);
      lm.cache_hit = true;
    }
  }
  if (!am) {
    auto loaded = aot::load(bytes, label);
    if (!loaded.ok()) return loaded.error();
    am = loaded.value();
    if (cache) cache->put(lm.content_hash, {am->module, am, bytes.size()});
  }
  lm.module = am->module;
  lm.code = am;
  lm.aot = true;
  lm.times.aot_ms = ms_since(t0);
  return {};
#else
  return make_error(ErrorKind::Unsupported, label + ": this runtime was built without AOT support");
#endif
}

Status load_wasm(std::vector<uint8_t> bytes, ModuleCache* cache, bool hash, LoadedModule& lm) {
  if (hash || cache) lm.content_hash = content_hash(bytes);
  if (cache) {
    if (auto hit = cache->get(lm.content_hash)) {
      lm.module = hit->module;
      lm.cache_hit = true;
      return {};
    }
  }
  size_t size = bytes.size();
  auto t0 = Clock::now();
  auto decoded = decode_module(std::move(bytes));
  if (!decoded.ok()) return decoded.error();
  std::shared_ptr<const Module> m = std::move(decoded.value());
  lm.times.decode_ms = ms_since(t0);
  auto t1 = Clock::now();
  if (Status st = validate_module(*m); !st.ok()) return st.error();
  lm.times.validate_ms = ms_since(t1);
  lm.module = m;
  if (cache) cache->put(lm.content_hash, {m, nullptr, module_charge(*m, size)});
  return {};
}

}  // namespace detail

Result<std::shared_ptr<LoadedModule>> load_module(std::vector<uint8_t> bytes, const LoadOptions& opts) {
  auto lm = std::make_shared<LoadedModule>();
  lm->source = opts.label;
  if (!opts.wasm_only && has_magic(bytes, kAotMagic)) {
#if AKIRA_HAVE_AOT
    // The .aot loader names the file in its errors itself.
    if (Status st = detail::load_aot(bytes, opts.label, opts.cache, false, *lm); !st.ok()) return st.error();
#else
    return labelled(make_error(ErrorKind::Unsupported, "this runtime was built without AOT support"), opts.label);
#endif
    return lm;
  }
  if (!opts.wasm_only && !has_magic(bytes, kWasmMagic))
    return labelled(make_error(ErrorKind::Malformed, "not a WebAssembly module (bad magic)"), opts.label);
  if (Status st = detail::load_wasm(std::move(bytes), opts.cache, false, *lm); !st.ok())
    return labelled(st.error(), opts.label);
  return lm;
}

Result<std::shared_ptr<LoadedModule>> load_module_file(const fs::path& path, const LoadOptions& opts) {
  auto t0 = Clock::now();
  auto bytes = read_module_file(path);
  if (!bytes.ok()) return bytes.error();
  double read_ms = ms_since(t0);
  auto lm = load_module(std::move(bytes.value()), opts);
  if (!lm.ok()) return lm.error();
  lm.value()->path = path;
  lm.value()->times.read_ms = read_ms;
  return lm;
}

}  // namespace akira::deploy
