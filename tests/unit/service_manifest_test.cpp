// The app manifest (service/manifest.h): sizes are byte sizes (common/byte_size.h), and
// anything else — "-1", a size beyond 64 bits — is refused: no limit from it, an error.
#include <gtest/gtest.h>

#include "service/manifest.h"

using akira::service::parse_manifest;

TEST(Manifest, ReadsFields) {
  auto m = parse_manifest(R"({"name":"d","version":"1.0","memory":"4M","capabilities":["display","fs"]})");
  EXPECT_TRUE(m.present);
  EXPECT_EQ(m.name, "d");
  EXPECT_EQ(m.version, "1.0");
  EXPECT_EQ(m.max_memory, 4u << 20);
  EXPECT_TRUE(m.allows("display"));
  EXPECT_TRUE(m.allows("fs"));
  EXPECT_TRUE(m.error.empty());
}

TEST(Manifest, SizesAsNumbersAndSuffixes) {
  EXPECT_EQ(parse_manifest(R"({"memory":65536})").max_memory, 65536u);
  EXPECT_EQ(parse_manifest(R"({"memory":"64k"})").max_memory, 64u << 10);
  EXPECT_EQ(parse_manifest(R"({"max_memory":"1G"})").max_memory, 1u << 30);
  EXPECT_EQ(parse_manifest(R"({"memory":"4M","max_memory":"8M"})").max_memory, 8u << 20);
}

TEST(Manifest, RefusesMinusOne) {
  auto m = parse_manifest(R"({"memory":"-1"})");
  EXPECT_EQ(m.max_memory, 0u);  // the service default applies
  EXPECT_NE(m.error.find("bad size"), std::string::npos) << m.error;
  EXPECT_EQ(parse_manifest(R"({"max_memory":"-1"})").max_memory, 0u);
  EXPECT_EQ(parse_manifest(R"({"memory":-1})").max_memory, 0u);
}

TEST(Manifest, RefusesSizesBeyond64Bits) {
  for (const char* text : {R"({"memory":"17179869184G"})", R"({"memory":"18446744073709551616"})",
                           R"({"memory":"18014398509481984K"})", R"({"memory":18446744073709551616})"}) {
    auto m = parse_manifest(text);
    EXPECT_EQ(m.max_memory, 0u) << text;
    EXPECT_FALSE(m.error.empty()) << text;
  }
  // The largest size that fits is accepted.
  EXPECT_EQ(parse_manifest(R"({"memory":"17179869183G"})").max_memory, 17179869183ull << 30);
}

TEST(Manifest, RefusesOtherJunk) {
  for (const char* text :
       {R"({"memory":"4X"})", R"({"memory":""})", R"({"memory":"M"})", R"({"memory":1.5})", R"({"memory":" 4M"})"}) {
    auto m = parse_manifest(text);
    EXPECT_EQ(m.max_memory, 0u) << text;
    EXPECT_FALSE(m.error.empty()) << text;
  }
}

TEST(Manifest, NotAnObject) {
  auto m = parse_manifest("[1,2]");
  EXPECT_TRUE(m.present);
  EXPECT_EQ(m.error, "manifest is not a JSON object");
  EXPECT_FALSE(m.allows("display"));
}

TEST(Manifest, TrailingNulsIgnored) {
  std::string text = R"({"memory":"2M"})";
  text.append(3, '\0');
  EXPECT_EQ(parse_manifest(text).max_memory, 2u << 20);
}

TEST(Manifest, NoManifestAllowsTheDisplayOnly) {
  akira::service::Manifest none;
  EXPECT_TRUE(none.allows("display"));
  EXPECT_FALSE(none.allows("fs"));
  EXPECT_TRUE(none.to_json().is_null());
}
