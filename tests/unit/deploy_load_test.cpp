// Loading one module file (deploy/load.h): the path every front end loads through.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "deploy/app.h"
#include "interp/interpreter.h"
#include "deploy/load.h"
#include "deploy/module_cache.h"

using namespace akira;
using namespace akira::deploy;
namespace fs = std::filesystem;

namespace {

// (module (func (export "f") (result i32) i32.const 7))
const std::vector<uint8_t> kModule = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
                                      0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66,
                                      0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x07, 0x0b};

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("akira-load-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

void write(const fs::path& p, const std::vector<uint8_t>& b) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

LoadOptions labelled(std::string label) {
  LoadOptions o;
  o.label = std::move(label);
  return o;
}

}  // namespace

TEST(DeployLoadModule, DecodesAndValidates) {
  auto m = load_module(kModule);
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_FALSE(m.value()->aot);
  ASSERT_TRUE(m.value()->code);
  EXPECT_EQ(&m.value()->code->engine(), &interp::engine());
  ASSERT_TRUE(m.value()->module);
  EXPECT_EQ(m.value()->module->functions.size(), 1u);
  EXPECT_TRUE(m.value()->content_hash.empty());  // hashed only for a cache
}

TEST(DeployLoadModule, BadMagicNamesTheModule) {
  auto m = load_module({'h', 'e', 'l', 'l', 'o'}, labelled("x.wasm"));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(m.error().message, "x.wasm: not a WebAssembly module (bad magic)");
  EXPECT_EQ(load_module({}).error().message, "not a WebAssembly module (bad magic)");
}

TEST(DeployLoadModule, WasmOnlyLeavesTheHeaderToTheDecoder) {
  LoadOptions o;
  o.wasm_only = true;
  auto m = load_module({0, 'a', 'o', 't', 1, 0, 0, 0}, o);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(m.error().message, "magic header not detected");
}

TEST(DeployLoadModule, DecodeErrorsNameTheModule) {
  std::vector<uint8_t> cut(kModule.begin(), kModule.end() - 3);
  auto m = load_module(cut, labelled("cut.wasm"));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(m.error().message.rfind("cut.wasm: ", 0), 0u) << m.error().message;
}

TEST(DeployLoadModule, AotBytesGoToTheAotLoader) {
  auto m = load_module({0, 'a', 'o', 't', 1, 2, 3}, labelled("x.aot"));
  ASSERT_FALSE(m.ok());
  if (aot_supported())
    EXPECT_NE(m.error().message.find("x.aot"), std::string::npos) << m.error().message;
  else
    EXPECT_EQ(m.error().message, "x.aot: this runtime was built without AOT support");
}

TEST(DeployLoadModule, CacheServesTheSameBytes) {
  ModuleCache cache;
  LoadOptions o;
  o.cache = &cache;
  auto a = load_module(kModule, o);
  auto b = load_module(kModule, o);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a.value()->cache_hit);
  EXPECT_TRUE(b.value()->cache_hit);
  EXPECT_EQ(a.value()->module, b.value()->module);
  EXPECT_EQ(a.value()->content_hash.size(), 32u);
}

TEST(DeployLoadModuleFile, ReadsTheFile) {
  TempDir d;
  write(d.path / "m.wasm", kModule);
  auto m = load_module_file(d.path / "m.wasm");
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m.value()->path, d.path / "m.wasm");
  EXPECT_FALSE(is_aot_file(d.path / "m.wasm"));
}

TEST(DeployLoadModuleFile, ReadErrorsNameThePath) {
  TempDir d;
  auto missing = load_module_file(d.path / "none.wasm");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::Io);
  EXPECT_EQ(missing.error().message, (d.path / "none.wasm").string() + ": cannot open: No such file or directory");
  auto dir = read_module_file(d.path);
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().message, d.path.string() + ": cannot read: is a directory");
}

TEST(DeployLoad, FallbackReasonIsTheChoicesForAPlainWasm) {
  TempDir d;
  write(d.path / "app.wasm", kModule);
  auto c = choose(d.path / "app.wasm");
  ASSERT_TRUE(c.ok());
  auto m = load(c.value());
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m.value()->fallback_reason, "no .aot candidates");
  EXPECT_FALSE(m.value()->aot_failed);
  EXPECT_EQ(m.value()->source, "app.wasm");
  EXPECT_EQ(m.value()->path, d.path / "app.wasm");
}

TEST(Traps, CodeAndKindAndMessageFromTheCode) {
  Error stop = make_trap(TrapCode::Interrupted);
  EXPECT_EQ(stop.kind, ErrorKind::Trap);
  EXPECT_EQ(stop.trap, TrapCode::Interrupted);
  EXPECT_EQ(stop.message, "interrupted");
  Error deep = make_trap(TrapCode::CallStackExhausted);
  EXPECT_EQ(deep.kind, ErrorKind::Exhaustion);
  EXPECT_EQ(deep.message, "call stack exhausted");
  Error host = make_host_trap("display_blit: rectangle too large");
  EXPECT_EQ(host.trap, TrapCode::Host);
  EXPECT_EQ(host.message, "display_blit: rectangle too large");
  EXPECT_EQ(make_error(ErrorKind::Trap, "interrupted").trap, TrapCode::None);  // only codes count
}
