// Deployment: the in-memory module cache, packs and the choice of code (docs/deployment.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "deploy/app.h"
#include "deploy/module_cache.h"
#include "deploy/pack.h"

using namespace akira;
using namespace akira::deploy;
namespace fs = std::filesystem;

namespace {

// (module (func (export "f") (result i32) i32.const N))
std::vector<uint8_t> module_returning(uint8_t n) {
  return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02,
          0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, n,    0x0b};
}

void write(const fs::path& p, const std::vector<uint8_t>& b) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("akira-deploy-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

std::vector<uint8_t> key(uint8_t k) { return std::vector<uint8_t>(32, k); }

}  // namespace

TEST(DeployModuleCache, HitMissAndLru) {
  ModuleCache c(100);
  EXPECT_FALSE(c.get(key(1)));
  c.put(key(1), {nullptr, nullptr, 40});
  c.put(key(2), {nullptr, nullptr, 40});
  EXPECT_TRUE(c.get(key(1)));             // 1 is now the most recently used
  c.put(key(3), {nullptr, nullptr, 40});  // over 100: evicts 2, the least recently used
  EXPECT_TRUE(c.get(key(1)));
  EXPECT_FALSE(c.get(key(2)));
  EXPECT_TRUE(c.get(key(3)));
  EXPECT_EQ(c.bytes(), 80u);
  EXPECT_EQ(c.size(), 2u);
  EXPECT_EQ(c.evictions(), 1u);
  EXPECT_EQ(c.hits(), 3u);
  EXPECT_EQ(c.misses(), 2u);
  c.put(key(4), {nullptr, nullptr, 1000});  // larger than the bound: not kept, nothing evicted
  EXPECT_FALSE(c.get(key(4)));
  EXPECT_EQ(c.size(), 2u);
}

TEST(DeployModuleCache, LogLines) {
  ModuleCache c(100);
  std::vector<std::string> lines;
  c.set_log([&](const std::string& s) { lines.push_back(s); });
  c.get(key(7));
  c.put(key(7), {nullptr, nullptr, 10});
  c.get(key(7));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].rfind("module cache miss", 0), 0u);
  EXPECT_EQ(lines[1].rfind("module cache stored", 0), 0u);
  EXPECT_EQ(lines[2].rfind("module cache hit", 0), 0u);
}

TEST(DeployLoad, CachedByContentNeverStale) {
  TempDir d;
  write(d.path / "app.wasm", module_returning(1));
  ModuleCache cache;
  auto c = choose(d.path / "app.wasm");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_FALSE(c.value().use_aot);
  EXPECT_EQ(c.value().fallback_reason, "no .aot candidates");
  auto a = load(c.value(), &cache);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_FALSE(a.value()->cache_hit);
  auto b = load(c.value(), &cache);
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b.value()->cache_hit);
  EXPECT_EQ(a.value()->module, b.value()->module);
  // The file changes: a new content hash, so a miss and a new module.
  write(d.path / "app.wasm", module_returning(2));
  auto e = load(c.value(), &cache);
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e.value()->cache_hit);
  EXPECT_NE(e.value()->module, a.value()->module);
  EXPECT_NE(e.value()->content_hash, a.value()->content_hash);
}

TEST(DeployChoose, FolderWithForeignAndCorruptAot) {
  TempDir d;
  write(d.path / "app.wasm", module_returning(1));
  // Named for this machine (its first suffix), but truncated / corrupt.
  const std::string mine = "app_" + host_suffixes().front() + ".aot";
  write(d.path / mine, {0x00, 'a', 'o', 't', 1, 0, 0, 0, 9, 9, 9});
  write(d.path / "app_esp32s3.aot", {1, 2, 3});  // not a .aot at all
  auto c = choose(d.path);
  ASSERT_TRUE(c.ok()) << c.error().message;
  const AppChoice& ch = c.value();
  EXPECT_EQ(ch.name, "app");
  EXPECT_FALSE(ch.use_aot);
  ASSERT_EQ(ch.candidates.size(), 2u);
  EXPECT_EQ(ch.candidates[0].path.filename(), mine);  // the matching suffix first
  for (const Candidate& k : ch.candidates) {
    EXPECT_FALSE(k.accepted);
    EXPECT_FALSE(k.reason.empty());
  }
  if (!aot_supported()) EXPECT_EQ(ch.fallback_reason, "this runtime was built without AOT support");
  auto lines = ch.describe();
  EXPECT_NE(lines.back().find("chose app.wasm (interpreter)"), std::string::npos);
  auto m = load(ch);
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(m.value()->aot);
}

TEST(DeployChoose, FolderErrorsAndNoAot) {
  TempDir d;
  EXPECT_FALSE(choose(d.path).ok());  // no .wasm
  write(d.path / "a.wasm", module_returning(1));
  write(d.path / "b.wasm", module_returning(1));
  EXPECT_FALSE(choose(d.path).ok());  // two
  fs::remove(d.path / "b.wasm");
  write(d.path / "a_native.aot", {0});
  auto c = choose(d.path / "a.wasm", /*allow_aot=*/false);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c.value().use_aot);
  EXPECT_EQ(c.value().fallback_reason, "the interpreter was asked for");
}

TEST(DeployPack, SectionsRoundTrip) {
  std::vector<uint8_t> wasm = module_returning(5);
  // Not a .aot: refused.
  EXPECT_FALSE(pack(wasm, {{"x.aot", {1, 2, 3}}}, false).ok());
  auto none = pack(wasm, {}, false);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none.value(), wasm);
  auto secs = wasm_sections(wasm);
  ASSERT_TRUE(secs.ok());
  EXPECT_EQ(secs.value().size(), 4u);
  // A hand-made pack section is found, and removing it gives the module back.
  std::vector<uint8_t> p = wasm;
  std::string name = "akira.aot.x86_64";
  std::vector<uint8_t> payload = {static_cast<uint8_t>(name.size())};
  payload.insert(payload.end(), name.begin(), name.end());
  payload.insert(payload.end(), {0x00, 'a', 'o', 't'});
  p.push_back(0);
  p.push_back(static_cast<uint8_t>(payload.size()));
  p.insert(p.end(), payload.begin(), payload.end());
  auto packed = packed_aots(p);
  ASSERT_TRUE(packed.ok());
  ASSERT_EQ(packed.value().size(), 1u);
  EXPECT_EQ(packed.value()[0].section, name);
  EXPECT_EQ(packed.value()[0].bytes.size(), 4u);
  EXPECT_EQ(without_packed_aots(p), wasm);
  // strip_foreign drops it (it is not a valid .aot for any machine).
  std::vector<std::string> log;
  auto stripped = pack(p, {}, true, &log);
  ASSERT_TRUE(stripped.ok());
  EXPECT_EQ(stripped.value(), wasm);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].rfind("dropped akira.aot.x86_64", 0), 0u);
  // Truncated framing is an error.
  std::vector<uint8_t> bad = wasm;
  bad.push_back(0);
  bad.push_back(50);
  EXPECT_FALSE(wasm_sections(bad).ok());
}
