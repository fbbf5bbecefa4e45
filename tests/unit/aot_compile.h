// Test helper: compiles WebAssembly text to a .aot file with the akirac binary
// (AKIRA_AKIRAC in the environment, else the build's akirac) and loads it.
#pragma once
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "aot/loader.h"
#include "interp_wat.h"

namespace akira::test {

inline std::string akirac_path() {
  if (const char* e = std::getenv("AKIRA_AKIRAC"); e && *e) return e;
#ifdef AKIRA_AKIRAC
  return AKIRA_AKIRAC;
#else
  return {};
#endif
}

// akirac's --target for this runtime: AKIRA_AKIRAC_TARGET in a cross build (the host's
// akirac compiles for the target the tests run on), else akirac's default, the host.
inline std::string target_flag() {
#ifdef AKIRA_AKIRAC_TARGET
  return "--target=" AKIRA_AKIRAC_TARGET " ";
#else
  return {};
#endif
}

// True when .aot files can be made and run here: akirac and wat2wasm exist and akirac
// compiles for this machine (its default target on x86-64 and aarch64 hosts, or the
// cross build's target).
inline bool can_compile_aot() {
  std::string a = akirac_path();
  std::string host = aot::host_arch();
  bool for_here = !target_flag().empty() || host == "x86_64" || host == "aarch64";
  return !a.empty() && access(a.c_str(), X_OK) == 0 && have_wat2wasm() && for_here;
}

#define REQUIRE_AKIRAC()                 \
  if (!::akira::test::can_compile_aot()) \
  GTEST_SKIP() << "needs akirac (AKIRA_AKIRAC) and wat2wasm, and a target akirac compiles for"

// The .aot bytes of `text` (empty on failure); `flags` go to akirac.
inline std::vector<uint8_t> aot_of(const std::string& text, const std::string& flags = "") {
  std::vector<uint8_t> out;
  std::vector<uint8_t> wasm = wat(text);
  if (wasm.empty()) return out;
  char dir[] = "/tmp/akira-aot-test-XXXXXX";
  if (!mkdtemp(dir)) return out;
  std::string in = std::string(dir) + "/m.wasm", aot = std::string(dir) + "/m.aot";
  std::ofstream(in, std::ios::binary)
      .write(reinterpret_cast<const char*>(wasm.data()), static_cast<std::streamsize>(wasm.size()));
  std::string cmd = "'" + akirac_path() + "' " + target_flag() + flags + " -o " + aot + " " + in + " 2>&1";
  if (std::system(cmd.c_str()) == 0) {
    std::ifstream f(aot, std::ios::binary);
    out.assign(std::istreambuf_iterator<char>(f), {});
  }
  std::remove(in.c_str());
  std::remove(aot.c_str());
  rmdir(dir);
  return out;
}

// Compiles, loads and instantiates `text` as AOT code, imports resolved by `linker`.
inline Instance* load_aot(Store& store, Linker& linker, const std::string& text, const std::string& flags = "") {
  auto bytes = aot_of(text, flags);
  EXPECT_FALSE(bytes.empty()) << "akirac failed";
  if (bytes.empty()) return nullptr;
  auto m = aot::load(bytes, "test.aot");
  EXPECT_TRUE(m.ok()) << m.error().describe();
  if (!m.ok()) return nullptr;
  auto inst = linker.instantiate(store, m.value()->module, {}, *m.value());
  EXPECT_TRUE(inst.ok()) << inst.error().describe();
  return inst.ok() ? *inst : nullptr;
}

}  // namespace akira::test
