#include "compile/cache.h"

#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <system_error>

#include <llvm/Config/llvm-config.h>

#include "aot/abi.h"
#include "compile/compiler.h"
#include "compile/target.h"

namespace akira::compile {
namespace fs = std::filesystem;

fs::path default_cache_dir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return fs::path(x) / "akira";
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".cache" / "akira";
  return {};
}

// The version, the .aot ABI, LLVM's version and a hash of the akirac executable itself:
// a rebuilt compiler (same version number, different code) never reuses older results.
std::string compiler_version() {
  static const std::string v = [] {
    std::string s = std::string("akirac ") + AKIRA_VERSION + " aot-abi " + std::to_string(aot::kAotAbiVersion) +
                    " llvm " + LLVM_VERSION_STRING;
    std::ifstream exe("/proc/self/exe", std::ios::binary);
    if (exe && sodium_init() >= 0) {
      crypto_generichash_state st;
      crypto_generichash_init(&st, nullptr, 0, 16);
      std::vector<char> buf(1 << 16);
      while (exe.read(buf.data(), static_cast<std::streamsize>(buf.size())) || exe.gcount() > 0)
        crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(buf.data()),
                                  static_cast<size_t>(exe.gcount()));
      unsigned char h[16];
      crypto_generichash_final(&st, h, sizeof h);
      s += " build ";
      for (unsigned char b : h) s += "0123456789abcdef"[b >> 4], s += "0123456789abcdef"[b & 15];
    }
    return s;
  }();
  return v;
}

std::string normalized_options(const Options& opts, OutputFormat format) {
  auto t = resolve_target(opts);
  if (!t.ok()) return {};
  auto s = resolve_settings(opts, t.value());
  if (!s.ok()) return {};
  const TargetInfo& ti = t.value();
  const CodegenSettings& cs = s.value();
  // Threads and verbosity do not change what the code does, so they are not part of it.
  std::string n;
  n += "format=" + std::to_string(static_cast<int>(format));
  n += "\narch=" + ti.arch + "\ntriple=" + ti.triple + "\ncpu=" + ti.cpu + "\nrequested-cpu=" + ti.requested_cpu;
  n += "\nfeatures=" + ti.features + "\nabi=" + ti.abi;
  n += "\n64bit=" + std::to_string(ti.is_64bit) + "\nfunction-sections=" + std::to_string(ti.function_sections) +
       "\npic=" + std::to_string(ti.pic);
  n += "\nsimd=" + std::to_string(cs.simd) + "\nbounds-checks=" + std::to_string(cs.bounds_checks) +
       "\nstack-bounds-checks=" + std::to_string(cs.stack_bounds_checks) +
       "\naux-stack-check=" + std::to_string(cs.aux_stack_check) +
       "\nperf-profiling=" + std::to_string(cs.perf_profiling) + "\nopt-level=" + std::to_string(cs.opt_level) +
       "\nsize-level=" + std::to_string(cs.size_level) + "\n";
  return n;
}

std::string CompileCache::key(std::span<const uint8_t> wasm, const Options& opts, OutputFormat format) {
  std::string norm = normalized_options(opts, format);
  if (norm.empty() || sodium_init() < 0) return {};
  std::string ver = compiler_version();
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 32);
  // Length-prefixed parts, so no two different inputs concatenate to the same bytes.
  auto part = [&](const void* p, size_t n) {
    uint64_t len = n;
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(&len), sizeof len);
    crypto_generichash_update(&st, static_cast<const unsigned char*>(p), n);
  };
  part(ver.data(), ver.size());
  part(norm.data(), norm.size());
  part(wasm.data(), wasm.size());
  unsigned char h[32];
  crypto_generichash_final(&st, h, sizeof h);
  static const char* d = "0123456789abcdef";
  std::string s;
  for (unsigned char b : h) {
    s += d[b >> 4];
    s += d[b & 15];
  }
  return s;
}

std::optional<std::vector<uint8_t>> CompileCache::get(const std::string& key) const {
  if (!enabled() || key.empty()) return std::nullopt;
  fs::path p = dir_ / (key + ".out");
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad() || b.empty()) return std::nullopt;
  std::error_code ec;
  fs::last_write_time(p, fs::file_time_type::clock::now(), ec);  // recently used: evicted last
  return b;
}

Status CompileCache::put(const std::string& key, std::span<const uint8_t> bytes) const {
  if (!enabled() || key.empty()) return {};
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return make_error(ErrorKind::Io, "cannot create cache folder " + dir_.string() + ": " + ec.message());
  fs::path final_path = dir_ / (key + ".out");
  fs::path tmp = dir_ / (key + ".tmp." + std::to_string(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      fs::remove(tmp, ec);
      return make_error(ErrorKind::Io, "cannot write cache entry " + tmp.string());
    }
  }
  fs::rename(tmp, final_path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return make_error(ErrorKind::Io, "cannot store cache entry " + final_path.string());
  }
  evict();
  return {};
}

void CompileCache::evict() const {
  struct E {
    fs::path path;
    fs::file_time_type time;
    uint64_t size;
  };
  std::vector<E> entries;
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    if (e.path().extension() != ".out" || !e.is_regular_file(ec)) continue;
    E x{e.path(), e.last_write_time(ec), e.file_size(ec)};
    if (ec) continue;
    total += x.size;
    entries.push_back(std::move(x));
  }
  if (total <= max_bytes_) return;
  std::sort(entries.begin(), entries.end(), [](const E& a, const E& b) { return a.time < b.time; });
  for (const E& e : entries) {
    if (total <= max_bytes_) break;
    if (fs::remove(e.path, ec)) total -= e.size;
  }
}

}  // namespace akira::compile
