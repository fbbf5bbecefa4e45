// Hostile input: truncation, bit flips, random bytes and huge counts must give an
// error (or a module), never a crash, an out-of-bounds read or a huge allocation.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "decode_bytes.h"

namespace akira::test {
namespace {

// The sections of a small module touching most kinds.
std::vector<Bytes> sample_sections() {
  Bytes funcs_body = {0x01, 0x01, 0x7F,  // one i32 local
                      0x02, 0x40, 0x20, 0x00, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0B, 0x0B, 0x41, 0x00, 0x0E,
                      0x01, 0x00, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0xFD, 0x0C, 1,    2,    3,
                      4,    5,    6,    7,    8,    9,    10,   11,   12,   13,   14,   15,   16,   0x1A,
                      0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B};
  return {section(0, cat({str("hello"), {1, 2}})),
          section(1, vec({{0x60, 0x01, 0x7F, 0x01, 0x7F}, {0x60, 0x00, 0x00}})),
          section(2, vec({cat({str("env"), str("g"), {0x03, 0x7F, 0x00}})})),
          section(3, vec({{0x01}, {0x01}})),
          section(4, vec({{0x70, 0x00, 0x02}})),
          section(5, vec({{0x01, 0x01, 0x02}})),
          section(6, vec({{0x7F, 0x01, 0x41, 0x05, 0x0B}})),
          section(7, vec({cat({str("main"), {0x00, 0x01}})})),
          section(8, {0x01}),
          section(9, vec({cat({{0x00, 0x41, 0x00, 0x0B}, vec({{0x00}, {0x01}})}),
                          cat({{0x05, 0x70}, vec({{0xD2, 0x00, 0x0B}})})})),
          section(12, {0x02}),
          section(10, vec({body(funcs_body), body({0x00, 0x0B})})),
          section(11, vec({cat({{0x00, 0x41, 0x10, 0x0B}, str("data")}), cat({{0x01}, str("p")})})),
          section(0, cat({str("name"), section(1, vec({cat({{0x01}, str("f")})}))}))};
}

Bytes sample() {
  Bytes b = header();
  for (const auto& s : sample_sections()) b.insert(b.end(), s.begin(), s.end());
  return b;
}

TEST(DecodeRobustness, SampleDecodes) {
  auto r = decode_module(sample());
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r.value()->functions.size(), 2u);
  EXPECT_EQ(r.value()->func_name(1), "f");
}

TEST(DecodeRobustness, EveryTruncationFails) {
  Bytes full = sample();
  std::set<size_t> boundaries = {8};
  size_t at = 8;
  for (const auto& s : sample_sections()) boundaries.insert(at += s.size());
  for (size_t n = 0; n < full.size(); ++n) {
    Bytes b(full.begin(), full.begin() + n);
    auto r = decode_module(b);
    // Only a cut between two sections can leave a well-formed module.
    if (r.ok()) {
      EXPECT_TRUE(boundaries.count(n)) << n;
      continue;
    }
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed) << n;
    EXPECT_FALSE(r.error().message.empty()) << n;
    EXPECT_LE(r.error().offset, static_cast<int64_t>(n)) << n;
  }
}

TEST(DecodeRobustness, BitFlips) {
  Bytes full = sample();
  for (size_t i = 0; i < full.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes b = full;
      b[i] ^= static_cast<uint8_t>(1u << bit);
      auto r = decode_module(b);
      if (!r.ok()) EXPECT_LE(r.error().offset, static_cast<int64_t>(b.size()));
    }
  }
}

TEST(DecodeRobustness, RandomMutations) {
  Bytes full = sample();
  std::mt19937 rng(12345);
  for (int iter = 0; iter < 20000; ++iter) {
    Bytes b = full;
    int edits = 1 + rng() % 4;
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % b.size();
      switch (rng() % 4) {
        case 0: b[at] = static_cast<uint8_t>(rng()); break;
        case 1: b.erase(b.begin() + at); break;
        case 2: b.insert(b.begin() + at, static_cast<uint8_t>(rng())); break;
        case 3: b[at] = 0xFF; break;
      }
      if (b.empty()) b.push_back(0);
    }
    auto r = decode_module(b);
    (void)r;
  }
}

TEST(DecodeRobustness, RandomBytesAfterHeader) {
  std::mt19937 rng(777);
  for (int iter = 0; iter < 20000; ++iter) {
    Bytes b = header();
    size_t n = rng() % 64;
    for (size_t k = 0; k < n; ++k) b.push_back(static_cast<uint8_t>(rng() % 16 == 0 ? 0xFF : rng() % 16));
    auto r = decode_module(b);
    (void)r;
  }
}

TEST(DecodeRobustness, HugeCountsDoNotAllocate) {
  Bytes huge = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}) {
    Bytes b = module({section(id, huge)});
    EXPECT_EQ(decode_error(b), "length out of bounds") << int(id);
  }
  // Plausible counts with few bytes behind them stop at the end of the data.
  Bytes big = {0x80, 0x80, 0x04};  // 65536
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}) {
    Bytes b = module({section(id, big)});
    EXPECT_EQ(decode_error(b), "length out of bounds") << int(id);
  }
}

TEST(DecodeRobustness, ManyLocalGroupsAreCountedNotExpanded) {
  // 100 groups of 2^32/100 locals would be too many; 100 groups of 40 million fit.
  Bytes code = leb(100);
  for (int i = 0; i < 100; ++i) {
    Bytes c = leb(40'000'000);
    code.insert(code.end(), c.begin(), c.end());
    code.push_back(0x7F);
  }
  code.push_back(0x0B);
  auto r = decode_module(func_module(code));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r.value()->functions[0].local_count(), 4'000'000'000ull);
}

TEST(DecodeRobustness, DeepNesting) {
  Bytes code = {0x00};
  for (int i = 0; i < 100000; ++i) code.insert(code.end(), {0x02, 0x40});
  for (int i = 0; i < 100000; ++i) code.push_back(0x0B);
  code.push_back(0x0B);
  auto r = decode_module(func_module(code));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const auto& f = r.value()->functions[0];
  EXPECT_EQ(f.code[0].imm.block.end_pc, 199999u);
  EXPECT_EQ(f.code[99999].imm.block.end_pc, 100000u);
}

}  // namespace
}  // namespace akira::test
