// The .aot loader on damaged and hostile files: every truncation, thousands of bit
// flips, wrong magic/version/architecture, a bad checksum, and hostile offsets, lengths
// and counts (patched with a recomputed checksum so the structural checks are what is
// tested). Every case must end in an error, never a crash (this runs under ASan in CI).
// The valid file is compiled at test time by akirac (AKIRA_AKIRAC names it; skipped
// when akirac is not built).
#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "aot/loader.h"
#include "aot_compile.h"

namespace akira {
namespace {

// A small module touching every section: memory, table, globals, imports, helpers
// (memory.grow, call_indirect, call_import), a libcall (f64 sqrt may or may not be one)
// and a data segment.
const char* kWat = R"((module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (type $t (func (param i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $double $inc)
  (global $g (mut i32) (i32.const 7))
  (data (i32.const 16) "hello")
  (func $double (type $t) (i32.mul (local.get 0) (i32.const 2)))
  (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func (export "run") (param i32) (result i32)
    (drop (memory.grow (i32.const 1)))
    (global.set $g (i32.add (global.get $g) (local.get 0)))
    (call $add
      (call_indirect (type $t) (local.get 0) (i32.const 0))
      (i32.add (global.get $g) (i32.load8_u (i32.const 16)))))
  (func (export "root") (param f64) (result f64) (f64.sqrt (local.get 0)))
))";

// The compiled test module, built once.
const std::vector<uint8_t>& valid_aot() {
  static const std::vector<uint8_t> bytes = [] {
    if (!test::can_compile_aot()) return std::vector<uint8_t>{};
    return test::aot_of(kWat);
  }();
  return bytes;
}

#define REQUIRE_AOT() \
  if (valid_aot().empty()) GTEST_SKIP() << "needs akirac (AKIRA_AKIRAC) and wat2wasm on an x86-64 or aarch64 host"

// ---- editing .aot files ----

uint32_t rd32(const std::vector<uint8_t>& b, size_t at) {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (static_cast<uint32_t>(b[at + 3]) << 24);
}
void wr32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

struct Section {
  uint32_t id;
  std::vector<uint8_t> payload;
};

// The sections of a well-formed file.
std::vector<Section> split(const std::vector<uint8_t>& file) {
  std::vector<Section> out;
  size_t end = file.size() - aot::kHashSize, pos = 8;
  while (pos < end) {
    uint32_t id = rd32(file, pos), size = rd32(file, pos + 4);
    out.push_back({id, std::vector<uint8_t>(file.begin() + pos + 8, file.begin() + pos + 8 + size)});
    pos += 8 + size;
    pos = (pos + 3) & ~size_t{3};
  }
  return out;
}

void reseal(std::vector<uint8_t>& file) {
  size_t body = file.size() - aot::kHashSize;
  crypto_generichash(file.data() + body, aot::kHashSize, file.data(), body, nullptr, 0);
}

std::vector<uint8_t> join(const std::vector<Section>& secs, uint32_t version = aot::kAotAbiVersion) {
  aot::Writer w;
  w.bytes(aot::kMagic);
  w.u32(version);
  for (const Section& s : secs) {
    aot::Writer p;
    p.bytes(s.payload);
    w.section(static_cast<aot::SectionId>(s.id), p);
  }
  w.out.resize(w.out.size() + aot::kHashSize);
  reseal(w.out);
  return w.out;
}

Section& find(std::vector<Section>& secs, aot::SectionId id) {
  for (Section& s : secs)
    if (s.id == static_cast<uint32_t>(id)) return s;
  ADD_FAILURE() << "no section " << static_cast<uint32_t>(id);
  return secs.front();
}

Result<std::shared_ptr<aot::AotModule>> load(const std::vector<uint8_t>& b) { return aot::load(b, "t.aot"); }

// Loads `b` and expects an error of `kind` whose message contains `text`.
void expect_error(const std::vector<uint8_t>& b, ErrorKind kind, const std::string& text, const char* what) {
  auto r = load(b);
  ASSERT_FALSE(r.ok()) << what << ": loaded";
  EXPECT_EQ(r.error().kind, kind) << what << ": " << r.error().message;
  EXPECT_NE(r.error().message.find(text), std::string::npos) << what << ": " << r.error().message;
}

// ---- tests ----

TEST(AotLoader, ValidFileLoadsAndRuns) {
  REQUIRE_AOT();
  auto m = load(valid_aot());
  ASSERT_TRUE(m.ok()) << m.error().message;
  Store store;
  FuncType add_t{{ValType::I32, ValType::I32}, {ValType::I32}};
  FuncInst* add = store.new_host_func(
      add_t,
      [](HostCall&, const Value* a, Value* r) -> Status {
        r[0] = Value::from_i32(a[0].i32 + a[1].i32);
        return {};
      },
      "add");
  auto inst = instantiate(store, m.value()->module, {Extern{ExternKind::Func, add}}, {}, *m.value());
  ASSERT_TRUE(inst.ok()) << inst.error().message;
  // run(5): g = 7 + 5 = 12; double(5) = 10; 10 + (12 + 'h'(104)) = 126
  auto r = store.invoke(inst.value()->export_func("run"), {Value::from_i32(5)});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value()[0].i32, 126u);
  auto s = store.invoke(inst.value()->export_func("root"), {Value::from_f64(2.25)});
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s.value()[0].f64, 1.5);
}

TEST(AotLoader, EveryTruncationIsAnError) {
  REQUIRE_AOT();
  const auto& full = valid_aot();
  for (size_t n = 0; n < full.size(); ++n) {
    std::vector<uint8_t> cut(full.begin(), full.begin() + n);
    auto r = load(cut);
    ASSERT_FALSE(r.ok()) << "prefix of " << n << " bytes loaded";
    EXPECT_NE(r.error().kind, ErrorKind::Trap);
  }
}

TEST(AotLoader, BitFlipsAreCaughtByTheChecksum) {
  REQUIRE_AOT();
  const auto& full = valid_aot();
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (int i = 0; i < 3000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    std::vector<uint8_t> b = full;
    size_t at = x % b.size();
    b[at] ^= static_cast<uint8_t>(1u << (x >> 59 & 7));
    auto r = load(b);
    ASSERT_FALSE(r.ok()) << "flip at byte " << at << " loaded";
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed) << r.error().message;
  }
}

// With a recomputed checksum a flip reaches the structural checks: it is an error or a
// correct load (a flipped code or data byte is still a well-formed file), never a crash.
TEST(AotLoader, ResealedBitFlipsNeverCrash) {
  REQUIRE_AOT();
  const auto& full = valid_aot();
  size_t body = full.size() - aot::kHashSize;
  uint64_t x = 0x2545F4914F6CDD1Dull;
  int errors = 0;
  for (int i = 0; i < 3000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    std::vector<uint8_t> b = full;
    size_t at = x % body;
    b[at] ^= static_cast<uint8_t>(1u << (x >> 59 & 7));
    if (i % 3 == 0) b[(at * 31 + 7) % body] ^= 0x80;  // and a second flip sometimes
    reseal(b);
    auto r = load(b);
    if (!r.ok()) ++errors;
  }
  EXPECT_GT(errors, 0);
}

TEST(AotLoader, WrongMagic) {
  REQUIRE_AOT();
  auto b = valid_aot();
  b[1] = 'x';
  reseal(b);
  expect_error(b, ErrorKind::Malformed, "bad magic", "magic");
  EXPECT_FALSE(aot::is_aot(b));
  expect_error({}, ErrorKind::Malformed, "bad magic", "empty");
}

TEST(AotLoader, WrongVersion) {
  REQUIRE_AOT();
  auto b = valid_aot();
  wr32(b, 4, aot::kAotAbiVersion + 1);
  reseal(b);
  expect_error(b, ErrorKind::Unsupported, "format version " + std::to_string(aot::kAotAbiVersion + 1), "version");
}

TEST(AotLoader, BadChecksum) {
  REQUIRE_AOT();
  auto b = valid_aot();
  b.back() ^= 1;
  expect_error(b, ErrorKind::Malformed, "checksum mismatch", "checksum");
  b = valid_aot();
  b[b.size() / 2] ^= 0x10;
  expect_error(b, ErrorKind::Malformed, "checksum mismatch", "body");
}

// Rewrites the Target section with another architecture / pointer width.
std::vector<uint8_t> with_target(const std::string& arch, uint8_t ptr_bytes, uint8_t little) {
  auto secs = split(valid_aot());
  Section& t = find(secs, aot::SectionId::Target);
  aot::Writer w;
  w.str(arch);
  w.str("");
  w.str("cortex-m4");
  w.str("cortex-m4");
  w.str("");
  w.str(arch + "-none-eabi");
  w.u8(ptr_bytes);
  w.u8(little);
  // opt-level, size-level, bounds-checks, stack-bounds-checks, aux-stack-check, simd, perf-profiling
  for (int i = 0; i < 7; ++i) w.u8(1);
  t.payload = w.out;
  return join(secs);
}

TEST(AotLoader, WrongArchitecture) {
  REQUIRE_AOT();
  std::string host = aot::host_arch();
  std::string other = host == "x86_64" ? "thumbv7em" : "x86_64";
  auto b = with_target(other, 4, 1);
  auto r = load(b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unsupported);
  EXPECT_NE(r.error().message.find("was compiled for " + other), std::string::npos) << r.error().message;
  const std::string suggested = host == "armv7" ? "thumbv7" : host;  // Armv7-A runtimes run Thumb-2 code
  EXPECT_NE(r.error().message.find("--target=" + suggested), std::string::npos) << r.error().message;
  const uint8_t mine = sizeof(void*), wrong = mine == 8 ? 4 : 8;
  expect_error(with_target(host, wrong, 1), ErrorKind::Unsupported, std::to_string(wrong * 8) + "-bit target",
               "pointer width");
  expect_error(with_target(host, mine, 0), ErrorKind::Unsupported, "", "big endian");
  expect_error(with_target(host, 3, 1), ErrorKind::Malformed, "pointer width", "pointer width 3");
}

TEST(AotLoader, MissingHelpersAreReportedAtOnce) {
  REQUIRE_AOT();
  auto secs = split(valid_aot());
  auto add_names = [&](aot::SectionId id, std::vector<std::string> extra) {
    Section& s = find(secs, id);
    uint32_t n = rd32(s.payload, 0);
    wr32(s.payload, 0, n + static_cast<uint32_t>(extra.size()));
    aot::Writer w;
    for (const auto& e : extra) w.str(e);
    s.payload.insert(s.payload.end(), w.out.begin(), w.out.end());
  };
  add_names(aot::SectionId::Helpers, {"frobnicate", "memory.discard"});
  add_names(aot::SectionId::Symbols, {"cbrtf"});
  auto r = load(join(secs));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unsupported);
  for (const char* name : {"helper frobnicate", "helper memory.discard", "function cbrtf"})
    EXPECT_NE(r.error().message.find(name), std::string::npos) << name << ": " << r.error().message;
}

// Hostile values in each section, the checksum recomputed.
TEST(AotLoader, HostileFields) {
  REQUIRE_AOT();
  const auto base = split(valid_aot());
  ASSERT_TRUE(load(join(base)).ok()) << "re-joined file does not load";
  auto patch = [&](aot::SectionId id, size_t at, uint32_t v) {
    auto secs = base;
    Section& s = find(secs, id);
    EXPECT_LE(at + 4, s.payload.size());
    if (at + 4 <= s.payload.size()) wr32(s.payload, at, v);
    return join(secs);
  };
  using S = aot::SectionId;
  const ErrorKind M = ErrorKind::Malformed;
  // Image layout: code_size, rodata_offset, rodata_size, data_offset, data_size,
  // bss_offset, bss_size, total_size.
  for (uint32_t v : {0x7FFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFF0u}) {
    for (size_t field = 0; field < 8; ++field)
      expect_error(patch(S::Image, field * 4, v), M, "malformed .aot file", "image field");
  }
  expect_error(patch(S::Image, 4, 100), M, "inconsistent image layout", "unaligned rodata");
  {
    auto secs = base;
    Section& s = find(secs, S::Image);
    uint32_t total = rd32(s.payload, 28);
    wr32(s.payload, 28, total + (1u << 30));  // beyond kMaxImageSize
    expect_error(join(secs), M, "inconsistent image layout", "huge image");
    secs = base;
    wr32(find(secs, S::Image).payload, 24, rd32(find(secs, S::Image).payload, 24) + 0x20000);  // bss past the end
    expect_error(join(secs), M, "inconsistent image layout", "bss");
  }
  // Relocations: huge count, offset outside, unknown kind, symbol out of range.
  expect_error(patch(S::Relocs, 0, 0xFFFFFFFF), M, "bad relocation section", "reloc count");
  {
    auto secs = base;
    Section& s = find(secs, S::Relocs);
    aot::Writer w;
    w.u32(1);
    w.u32(0);
    w.u32(1);
    Section one{s.id, w.out};
    s = one;
    std::vector<uint8_t> ok = join(secs);
    auto bad_reloc = [&](uint32_t off, uint32_t kind, const char* text) {
      auto v = secs;
      wr32(find(v, S::Relocs).payload, 4, off);
      wr32(find(v, S::Relocs).payload, 8, kind);
      expect_error(join(v), M, text, text);
    };
    bad_reloc(0xFFFFFFFC, 1, "relocation outside the image");
    bad_reloc(0xFFFFFFFF, 2, "relocation outside the image");
    uint32_t total = rd32(find(secs, S::Image).payload, 28);
    bad_reloc(total, 2, "relocation outside the image");
    bad_reloc(total - 4, 2, "relocation outside the image");
    bad_reloc(0, 0, "unknown relocation kind");
    bad_reloc(0, 5, "unknown relocation kind");
    bad_reloc(0, 0xFF, "unknown relocation kind");
    bad_reloc(0, 4 | (1000u << 8), "symbol index out of range");
    bad_reloc(0, 1 | (1u << 8), "bad relocation");
  }
  // Functions: huge count, count off by one, entries outside the code.
  expect_error(patch(S::Functions, 0, 0xFFFFFFFF), M, "bad function section", "function count");
  expect_error(patch(S::Functions, 0, 0x20000000), M, "bad function section", "function count 2^29");
  {
    auto secs = base;
    Section& s = find(secs, S::Functions);
    uint32_t n = rd32(s.payload, 0);
    ASSERT_GE(n, 1u);
    uint32_t code = rd32(find(secs, S::Image).payload, 0);
    for (size_t at : {size_t{4}, size_t{8}})
      for (uint32_t v : {code, code + 1, 0xFFFFFFFFu}) {
        auto v2 = secs;
        wr32(find(v2, S::Functions).payload, at, v);
        expect_error(join(v2), M, "function entry outside the code", "entry");
      }
    // One compiled function fewer than the module has.
    s.payload.resize(s.payload.size() - 8);
    wr32(s.payload, 0, n - 1);
    expect_error(join(secs), M, "compiled functions for a module with", "function count mismatch");
  }
  // Name lists and strings: huge counts and lengths.
  expect_error(patch(S::Helpers, 0, 0xFFFFFFFF), M, "bad name list", "helper count");
  expect_error(patch(S::Helpers, 4, 0xFFFFFFF0), M, "bad name list", "helper name length");
  expect_error(patch(S::Symbols, 0, 0x40000000), M, "bad name list", "symbol count");
  expect_error(patch(S::Target, 0, 0xFFFFFFFF), M, "bad target section", "arch length");
  // Source hash of the wrong length.
  {
    auto secs = base;
    find(secs, S::SourceHash).payload.pop_back();
    expect_error(join(secs), M, "bad source hash section", "short hash");
  }
  // The embedded module: damaged or invalid.
  {
    auto secs = base;
    Section& m = find(secs, S::Module);
    m.payload.resize(m.payload.size() / 2);
    auto r = load(join(secs));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("embedded module"), std::string::npos) << r.error().message;
    m.payload.clear();
    EXPECT_FALSE(load(join(secs)).ok());
  }
}

TEST(AotLoader, SectionStructure) {
  REQUIRE_AOT();
  const auto base = split(valid_aot());
  const ErrorKind M = ErrorKind::Malformed;
  for (size_t i = 0; i < base.size(); ++i) {
    auto secs = base;
    uint32_t id = secs[i].id;
    secs.erase(secs.begin() + static_cast<long>(i));
    if (id >= 1 && id <= 8) expect_error(join(secs), M, "missing section " + std::to_string(id), "missing");
    secs = base;
    secs.push_back(base[i]);
    if (id >= 1 && id <= 8) expect_error(join(secs), M, "duplicate section " + std::to_string(id), "duplicate");
  }
  // Unknown sections are skipped.
  auto secs = base;
  secs.insert(secs.begin() + 1, Section{99, {1, 2, 3}});
  auto r = load(join(secs));
  EXPECT_TRUE(r.ok()) << r.error().message;
  // A section size running past the end, nonzero padding.
  auto b = join(base);
  wr32(b, 12, 0x7FFFFFFF);
  reseal(b);
  expect_error(b, M, "runs past the end", "section size");
  secs = base;
  secs.insert(secs.begin(), Section{99, {1}});
  b = join(secs);
  b[8 + 8 + 1] = 0xAA;  // padding after the 1-byte payload
  reseal(b);
  expect_error(b, M, "nonzero section padding", "padding");
  // A header cut short (not a multiple of 4 body: stray bytes after the last section).
  b = join(base);
  b.insert(b.end() - aot::kHashSize, {1, 0, 0});
  reseal(b);
  expect_error(b, M, "malformed .aot file", "stray bytes");
}

}  // namespace
}  // namespace akira
