// Malformed binaries and the spec's wording for each.
#include <gtest/gtest.h>

#include "decode_bytes.h"

namespace akira::test {
namespace {

// The spec suite matches messages by prefix; these tests pin the exact wording.
#define EXPECT_MALFORMED(bytes, msg)                  \
  do {                                                \
    auto r_ = decode_module(bytes);                   \
    ASSERT_FALSE(r_.ok()) << "expected: " << (msg);   \
    EXPECT_EQ(r_.error().kind, ErrorKind::Malformed); \
    EXPECT_EQ(r_.error().message, (msg));             \
  } while (0)

TEST(DecodeMalformed, Header) {
  EXPECT_MALFORMED(Bytes{}, "unexpected end");
  EXPECT_MALFORMED(Bytes{0x01}, "unexpected end");
  EXPECT_MALFORMED((Bytes{0x00, 0x61, 0x73}), "unexpected end");
  EXPECT_MALFORMED((Bytes{0x00, 0x61, 0x73, 0x6D}), "unexpected end");
  EXPECT_MALFORMED((Bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00}), "unexpected end");
  EXPECT_MALFORMED((Bytes{0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00}), "magic header not detected");
  EXPECT_MALFORMED((Bytes{0xEF, 0xBB, 0xBF, 0x00, 0x61, 0x73, 0x6D, 0x01}), "magic header not detected");
  EXPECT_MALFORMED((Bytes{0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00}), "unknown binary version");
  EXPECT_MALFORMED((Bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x01}), "unknown binary version");
  EXPECT_MALFORMED((Bytes{0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00}), "unknown binary version");
}

TEST(DecodeMalformed, SectionIdsAndSizes) {
  EXPECT_MALFORMED(module({{0x0D, 0x00}}), "malformed section id");
  EXPECT_MALFORMED(module({{0x7F, 0x00}}), "malformed section id");
  EXPECT_MALFORMED(module({{0x80, 0x00}}), "malformed section id");
  EXPECT_MALFORMED(module({{0x01}}), "unexpected end");
  EXPECT_MALFORMED(module({{0x00}}), "unexpected end");
  EXPECT_MALFORMED(module({{0x01, 0x80}}), "unexpected end");
  EXPECT_MALFORMED(module({{0x01, 0x05, 0x00}}), "length out of bounds");
  // A concatenated second module reads as a custom section far too large.
  EXPECT_MALFORMED(cat({header(), header()}), "length out of bounds");
  // The contents are shorter or longer than declared.
  EXPECT_MALFORMED(module({{0x01, 0x02, 0x00, 0x00}}), "section size mismatch");
  EXPECT_MALFORMED(module({{0x01, 0x07, 0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00}}), "section size mismatch");
}

TEST(DecodeMalformed, SectionOrder) {
  Bytes types = void_type_section();
  Bytes funcs = section(3, vec({{0x00}}));
  Bytes code = section(10, vec({body({0x00, 0x0B})}));
  EXPECT_MALFORMED(module({types, types}), "unexpected content after last section");
  EXPECT_MALFORMED(module({types, code, funcs}), "unexpected content after last section");
  EXPECT_MALFORMED(module({types, funcs, section(8, {0x00}), section(8, {0x00}), code}),
                   "unexpected content after last section");
  // The data count section goes between element and code sections.
  EXPECT_MALFORMED(module({types, funcs, code, section(12, {0x00})}), "unexpected content after last section");
  EXPECT_MALFORMED(module({section(11, vec({})), section(12, {0x00})}), "unexpected content after last section");
  // Custom sections may go anywhere, any number of times.
  Bytes custom = section(0, str("c"));
  auto r = decode_module(
      module({custom, types, custom, custom, funcs, section(12, {0x00}), custom, code, section(11, vec({})), custom}));
  EXPECT_TRUE(r.ok()) << r.error().describe();
}

TEST(DecodeMalformed, CustomSections) {
  EXPECT_MALFORMED(module({{0x00, 0x00}}), "unexpected end of section or function");
  // Name length runs past the section's end.
  EXPECT_MALFORMED(module({{0x00, 0x00, 0x00, 0x05, 0x01, 0x00, 0x07, 0x00, 0x00}}),
                   "unexpected end of section or function");
  EXPECT_MALFORMED(module({{0x00, 0x03, 0x02, 0x41}}), "unexpected end of section or function");
  EXPECT_MALFORMED(module({{0x00, 0x05, 0x08, 0x41, 0x42}}), "length out of bounds");
  EXPECT_MALFORMED(module({{0x00, 0x03, 0x02, 0xC0, 0x80}}), "malformed UTF-8 encoding");
}

TEST(DecodeMalformed, Names) {
  auto import = [](const Bytes& mod, const Bytes& name) {
    return module({void_type_section(), section(2, vec({cat({mod, name, {0x00, 0x00}})}))});
  };
  EXPECT_MALFORMED(import({0x01, 0x80}, str("f")), "malformed UTF-8 encoding");
  EXPECT_MALFORMED(import(str("m"), {0x03, 0xED, 0xA0, 0x80}), "malformed UTF-8 encoding");
  EXPECT_MALFORMED(import(str("m"), {0x02, 0xF4, 0x90}), "malformed UTF-8 encoding");
  EXPECT_MALFORMED(module({section(7, vec({cat({{0x01, 0xFE}, {0x00, 0x00}})}))}), "malformed UTF-8 encoding");
}

TEST(DecodeMalformed, Types) {
  EXPECT_MALFORMED(module({section(1, vec({{0x61, 0x00, 0x00}}))}), "malformed function type");
  EXPECT_MALFORMED(module({section(1, vec({{0x60, 0x01, 0x7A, 0x00}}))}), "malformed value type");
  EXPECT_MALFORMED(module({section(1, vec({{0x60, 0x01, 0x40, 0x00}}))}), "malformed value type");
  EXPECT_MALFORMED(module({section(1, vec({{0x60, 0x01, 0xFF, 0x7F, 0x00}}))}), "integer representation too long");
  // Count larger than the remaining bytes.
  EXPECT_MALFORMED(module({{0x01, 0x07, 0x02, 0x60, 0x00, 0x00}}), "length out of bounds");
  // Count within the bytes left but more entries than present.
  EXPECT_MALFORMED(module({{0x01, 0x04, 0x02, 0x60, 0x00, 0x00}}), "unexpected end of section or function");
}

TEST(DecodeMalformed, ImportsAndExports) {
  auto import = [](const Bytes& desc) {
    return module({void_type_section(), section(2, vec({cat({str("m"), str("f"), desc})}))});
  };
  EXPECT_MALFORMED(import({0x04, 0x00}), "malformed import kind");
  EXPECT_MALFORMED(import({0x80, 0x00}), "malformed import kind");
  EXPECT_MALFORMED(import({0x03, 0x7F, 0x02}), "malformed mutability");
  EXPECT_MALFORMED(import({0x03, 0x7F, 0xFF}), "malformed mutability");
  EXPECT_MALFORMED(import({0x01, 0x7F, 0x00, 0x00}), "malformed reference type");
  EXPECT_MALFORMED(import({0x02, 0x02, 0x00}), "integer too large");
  EXPECT_MALFORMED(import({0x02, 0x81, 0x00, 0x00}), "integer representation too long");
  EXPECT_MALFORMED(import({0x02, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10}), "integer too large");
  EXPECT_MALFORMED(module({section(7, vec({cat({str("e"), {0x04, 0x00}})}))}), "malformed export kind");
}

TEST(DecodeMalformed, Globals) {
  EXPECT_MALFORMED(module({section(6, vec({{0x7F, 0x02, 0x41, 0x00, 0x0B}}))}), "malformed mutability");
  EXPECT_MALFORMED(module({section(6, vec({{0x7F, 0x00, 0x41, 0x00}}))}), "unexpected end of section or function");
  // i32.const with unused bits not matching the sign.
  EXPECT_MALFORMED(module({section(6, vec({{0x7F, 0x00, 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F, 0x0B}}))}),
                   "integer too large");
  EXPECT_MALFORMED(
      module({section(6, vec({{0x7E, 0x00, 0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41, 0x0B}}))}),
      "integer too large");
  // An else ends the sequence where an end was due.
  EXPECT_MALFORMED(module({section(6, vec({{0x7F, 0x00, 0x41, 0x00, 0x05, 0x0B}}))}), "END opcode expected");
}

TEST(DecodeMalformed, Elements) {
  Bytes types = void_type_section();
  Bytes funcs = section(3, vec({{0x00}}));
  Bytes code = section(10, vec({body({0x00, 0x0B})}));
  EXPECT_MALFORMED(module({types, funcs, section(9, vec({{0x08}})), code}), "malformed elements segment kind");
  EXPECT_MALFORMED(module({types, funcs, section(9, vec({{0x01, 0x01, 0x00}})), code}), "malformed element kind");
  EXPECT_MALFORMED(module({types, funcs, section(9, vec({{0x05, 0x7F, 0x01, 0xD2, 0x00, 0x0B}})), code}),
                   "malformed reference type");
  EXPECT_MALFORMED(module({types, funcs, section(9, vec({{0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B}})), code}),
                   "illegal opcode");
}

TEST(DecodeMalformed, Data) {
  Bytes mem = section(5, vec({{0x00, 0x01}}));
  EXPECT_MALFORMED(module({mem, section(11, vec({{0x03}}))}), "malformed data segment kind");
  // 7 bytes declared, 6 present: within what the length may claim, short of it.
  EXPECT_MALFORMED(module({mem, {0x0B, 0x0C, 0x01, 0x00, 0x41, 0x03, 0x0B, 0x07, 'a', 'b', 'c', 'd', 'e', 'f'}}),
                   "unexpected end of section or function");
  EXPECT_MALFORMED(module({mem, {0x0B, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x07, 0x61}}), "length out of bounds");
  EXPECT_MALFORMED(module({mem, section(12, {0x01})}), "data count and data section have inconsistent lengths");
  EXPECT_MALFORMED(
      module({mem, section(12, {0x01}), section(11, vec({cat({{0x01}, str("")}), cat({{0x01}, str("")})}))}),
      "data count and data section have inconsistent lengths");
  Bytes data = section(11, vec({cat({{0x01}, str("a")})}));
  Bytes head = cat({void_type_section(), section(3, vec({{0x00}})), mem});
  EXPECT_MALFORMED(
      cat({header(), head,
           section(10, vec({body({0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B})})), data}),
      "data count section required");
  EXPECT_MALFORMED(cat({header(), head, section(10, vec({body({0x00, 0xFC, 0x09, 0x00, 0x0B})})), data}),
                   "data count section required");
  auto r = decode_module(
      cat({header(), head, section(12, {0x01}), section(10, vec({body({0x00, 0xFC, 0x09, 0x00, 0x0B})})), data}));
  EXPECT_TRUE(r.ok()) << r.error().describe();
}

TEST(DecodeMalformed, FunctionAndCodeCounts) {
  Bytes types = void_type_section();
  EXPECT_MALFORMED(module({types, section(3, vec({{0x00}}))}), "function and code section have inconsistent lengths");
  EXPECT_MALFORMED(module({types, section(10, vec({body({0x00, 0x0B})}))}),
                   "function and code section have inconsistent lengths");
  EXPECT_MALFORMED(module({types, section(3, vec({{0x00}, {0x00}})), section(10, vec({body({0x00, 0x0B})}))}),
                   "function and code section have inconsistent lengths");
  EXPECT_MALFORMED(
      module({types, section(3, vec({{0x00}})), section(10, vec({body({0x00, 0x0B}), body({0x00, 0x0B})}))}),
      "function and code section have inconsistent lengths");
  // Both present and empty is fine.
  EXPECT_TRUE(decode_module(module({types, section(3, vec({})), section(10, vec({}))})).ok());
}

TEST(DecodeMalformed, Locals) {
  EXPECT_MALFORMED(func_module({0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B}), "too many locals");
  EXPECT_MALFORMED(func_module({0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x7F, 0x02, 0x7E, 0x0B}), "integer too large");
  EXPECT_MALFORMED(func_module({0x01, 0x01, 0x40, 0x0B}), "malformed value type");
  // 2^32 - 1 in total is allowed, and never allocated.
  auto r = decode_module(
      func_module({0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x7E, 0x01, 0x7D, 0x0B}));
  EXPECT_TRUE(r.ok()) << r.error().describe();
}

TEST(DecodeMalformed, Instructions) {
  EXPECT_MALFORMED(func_module({0x00, 0x06, 0x0B}), "illegal opcode");
  EXPECT_MALFORMED(func_module({0x00, 0xFF, 0x0B}), "illegal opcode");
  EXPECT_MALFORMED(func_module({0x00, 0xFC, 0x12, 0x0B}), "illegal opcode");
  EXPECT_MALFORMED(func_module({0x00, 0xFD, 0xFF, 0x03, 0x0B}), "illegal opcode");
  EXPECT_MALFORMED(func_module({0x00, 0xFC, 0x80, 0x80, 0x80, 0x80, 0x10, 0x0B}), "integer too large");
  EXPECT_MALFORMED(func_module({0x00, 0x3F, 0x01, 0x1A, 0x0B}), "zero byte expected");
  EXPECT_MALFORMED(func_module({0x00, 0x41, 0x00, 0x40, 0x80, 0x00, 0x1A, 0x0B}), "zero byte expected");
  EXPECT_MALFORMED(func_module({0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x00, 0x01, 0x0B}),
                   "zero byte expected");
  EXPECT_MALFORMED(func_module({0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0B, 0x01, 0x0B}),
                   "zero byte expected");
  EXPECT_MALFORMED(func_module({0x00, 0xD0, 0x7F, 0x1A, 0x0B}), "malformed reference type");
  EXPECT_MALFORMED(func_module({0x00, 0x02, 0x7A, 0x0B, 0x0B}), "malformed value type");
  EXPECT_MALFORMED(func_module({0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1A, 0x0B}),
                   "integer representation too long");
  EXPECT_MALFORMED(func_module({0x00, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x0B, 0x0B}), "integer too large");
}

TEST(DecodeMalformed, BodyStructure) {
  // else outside an if, a second else, else at function level.
  EXPECT_MALFORMED(func_module({0x00, 0x02, 0x40, 0x05, 0x0B, 0x0B}), "END opcode expected");
  EXPECT_MALFORMED(func_module({0x00, 0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B}), "END opcode expected");
  EXPECT_MALFORMED(func_module({0x00, 0x05, 0x0B}), "END opcode expected");
  // Missing end at the end of the module.
  EXPECT_MALFORMED(func_module({0x00, 0x01}), "unexpected end of section or function");
  EXPECT_MALFORMED(func_module({0x00, 0x02, 0x40, 0x0B}), "unexpected end of section or function");
  // Body longer than its code: trailing bytes after the final end.
  EXPECT_MALFORMED(func_module({0x00, 0x0B, 0x01}), "section size mismatch");
  // Missing end runs into the next body, whose size byte reads as `else`.
  Bytes b = module({void_type_section(), section(3, vec({{0x00}, {0x00}})),
                    section(10, vec({body({0x00, 0x41, 0x01, 0x1A}), body({0x00, 0x41, 0x01, 0x1A, 0x0B})}))});
  EXPECT_MALFORMED(b, "END opcode expected");
  // Body size larger than the module.
  EXPECT_MALFORMED(module({void_type_section(), section(3, vec({{0x00}})), {0x0A, 0x03, 0x01, 0x7F, 0x00}}),
                   "length out of bounds");
}

TEST(DecodeMalformed, BrTableCountTooLarge) {
  EXPECT_MALFORMED(func_module({0x00, 0x41, 0x00, 0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x0B}),
                   "length out of bounds");
  EXPECT_MALFORMED(func_module({0x00, 0x41, 0x00, 0x0E, 0x03, 0x00, 0x00, 0x0B}),
                   "unexpected end of section or function");
}

}  // namespace
}  // namespace akira::test
