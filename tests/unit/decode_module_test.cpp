// Well-formed modules: every section decodes into the IR.
#include <gtest/gtest.h>

#include "decode_bytes.h"

namespace akira::test {
namespace {

std::shared_ptr<Module> ok(const Bytes& b) {
  auto r = decode_module(b);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  return r.ok() ? r.value() : std::make_shared<Module>();
}

TEST(DecodeModule, Empty) {
  auto m = ok(header());
  EXPECT_TRUE(m->types.empty());
  EXPECT_TRUE(m->functions.empty());
  EXPECT_EQ(m->bytes.size(), 8u);
}

TEST(DecodeModule, Types) {
  auto m = ok(module({section(
      1,
      vec({{0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7D}, {0x60, 0x00, 0x03, 0x7C, 0x7B, 0x70}, {0x60, 0x01, 0x6F, 0x00}}))}));
  ASSERT_EQ(m->types.size(), 3u);
  EXPECT_EQ(m->types[0].to_string(), "(i32, i64) -> (f32)");
  EXPECT_EQ(m->types[1].to_string(), "() -> (f64, v128, funcref)");
  EXPECT_EQ(m->types[2].to_string(), "(externref) -> ()");
}

TEST(DecodeModule, Imports) {
  auto m = ok(module({void_type_section(), section(2, vec({cat({str("env"), str("f"), {0x00, 0x00}}),
                                                           cat({str("env"), str("t"), {0x01, 0x70, 0x01, 0x02, 0x10}}),
                                                           cat({str("env"), str("m"), {0x02, 0x00, 0x01}}),
                                                           cat({str("env"), str("g"), {0x03, 0x7E, 0x01}}),
                                                           cat({str("env"), str("f2"), {0x00, 0x00}})}))}));
  ASSERT_EQ(m->imports.size(), 5u);
  EXPECT_EQ(m->num_imported_funcs, 2u);
  EXPECT_EQ(m->num_imported_tables, 1u);
  EXPECT_EQ(m->num_imported_memories, 1u);
  EXPECT_EQ(m->num_imported_globals, 1u);
  EXPECT_EQ(m->imports[0].module, "env");
  EXPECT_EQ(m->imports[0].name, "f");
  EXPECT_EQ(m->imports[1].table.elem, ValType::FuncRef);
  EXPECT_EQ(m->imports[1].table.limits.min, 2u);
  EXPECT_EQ(*m->imports[1].table.limits.max, 16u);
  EXPECT_EQ(m->imports[2].memory.limits.min, 1u);
  EXPECT_FALSE(m->imports[2].memory.limits.max);
  EXPECT_EQ(m->imports[3].global.type, ValType::I64);
  EXPECT_TRUE(m->imports[3].global.mut);
  EXPECT_EQ(m->total_funcs(), 2u);
  EXPECT_EQ(m->func_type(1).to_string(), "() -> ()");
}

TEST(DecodeModule, TablesMemoriesGlobalsExportsStart) {
  auto m = ok(module(
      {void_type_section(), section(3, vec({{0x00}})), section(4, vec({{0x70, 0x00, 0x01}, {0x6F, 0x01, 0x00, 0x05}})),
       section(5, vec({{0x01, 0x01, 0x80, 0x80, 0x04}})),
       section(6, vec({{0x7F, 0x00, 0x41, 0x2A, 0x0B}, {0x7C, 0x01, 0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x0B}})),
       section(7, vec({cat({str("f"), {0x00, 0x00}}), cat({str("mem"), {0x02, 0x00}}), cat({str("g"), {0x03, 0x01}}),
                       cat({str("t"), {0x01, 0x01}})})),
       section(8, {0x00}), section(10, vec({body({0x00, 0x0B})}))}));
  ASSERT_EQ(m->tables.size(), 2u);
  EXPECT_EQ(m->tables[1].elem, ValType::ExternRef);
  EXPECT_EQ(*m->tables[1].limits.max, 5u);
  ASSERT_EQ(m->memories.size(), 1u);
  EXPECT_EQ(m->memories[0].limits.min, 1u);
  EXPECT_EQ(*m->memories[0].limits.max, 65536u);
  ASSERT_EQ(m->globals.size(), 2u);
  EXPECT_EQ(m->globals[0].init.code.size(), 2u);
  EXPECT_EQ(m->globals[0].init.code[0].op, Op::I32Const);
  EXPECT_EQ(m->globals[0].init.code[0].imm.i32, 42u);
  EXPECT_EQ(m->globals[1].init.code[0].imm.f64_bits, 0x3FF0000000000000ull);
  EXPECT_TRUE(m->globals[1].type.mut);
  ASSERT_EQ(m->exports.size(), 4u);
  EXPECT_EQ(m->exports[1].name, "mem");
  EXPECT_EQ(m->exports[1].kind, ExternKind::Memory);
  EXPECT_EQ(m->exports[3].kind, ExternKind::Table);
  EXPECT_EQ(m->exports[3].index, 1u);
  ASSERT_TRUE(m->start);
  EXPECT_EQ(*m->start, 0u);
  ASSERT_EQ(m->functions.size(), 1u);
  EXPECT_EQ(m->functions[0].code.size(), 1u);
  EXPECT_EQ(m->func_name(0), "f");
}

// All eight element segment encodings.
TEST(DecodeModule, ElementSegments) {
  Bytes off = {0x41, 0x00, 0x0B};
  Bytes null_item = {0xD0, 0x70, 0x0B};
  Bytes func_item = {0xD2, 0x00, 0x0B};
  auto m = ok(module(
      {void_type_section(), section(3, vec({{0x00}})), section(4, vec({{0x70, 0x00, 0x01}})),
       section(9, vec({cat({{0x00}, off, vec({{0x00}})}), cat({{0x01, 0x00}, vec({{0x00}, {0x00}})}),
                       cat({{0x02, 0x00}, off, {0x00}, vec({{0x00}})}), cat({{0x03, 0x00}, vec({{0x00}})}),
                       cat({{0x04}, off, vec({func_item, null_item})}), cat({{0x05, 0x6F}, vec({{0xD0, 0x6F, 0x0B}})}),
                       cat({{0x06, 0x00}, off, {0x70}, vec({func_item})}), cat({{0x07, 0x70}, vec({func_item})})})),
       section(10, vec({body({0x00, 0x0B})}))}));
  ASSERT_EQ(m->elems.size(), 8u);
  using E = ElemSegment;
  E::Mode modes[] = {E::Active, E::Passive, E::Active, E::Declarative,
                     E::Active, E::Passive, E::Active, E::Declarative};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(m->elems[i].mode, modes[i]) << i;
  EXPECT_EQ(m->elems[0].offset.code[0].op, Op::I32Const);
  EXPECT_EQ(m->elems[1].items.size(), 2u);
  EXPECT_EQ(m->elems[1].items[0].code[0].op, Op::RefFunc);
  EXPECT_EQ(m->elems[1].items[0].code[1].op, Op::End);
  EXPECT_EQ(m->elems[4].items[1].code[0].op, Op::RefNull);
  EXPECT_EQ(m->elems[5].type, ValType::ExternRef);
  EXPECT_EQ(m->elems[5].items[0].code[0].imm.type, ValType::ExternRef);
  EXPECT_EQ(m->elems[6].type, ValType::FuncRef);
  EXPECT_EQ(m->elems[6].offset.code.size(), 2u);
}

TEST(DecodeModule, ElementTableIndex) {
  auto m = ok(module({section(9, vec({cat({{0x02, 0x03, 0x41, 0x00, 0x0B, 0x00}, vec({})})}))}));
  ASSERT_EQ(m->elems.size(), 1u);
  EXPECT_EQ(m->elems[0].table, 3u);
}

TEST(DecodeModule, DataSegmentsAndCount) {
  auto m = ok(module({section(5, vec({{0x00, 0x01}})), section(12, {0x03}),
                      section(11, vec({cat({{0x00, 0x41, 0x08, 0x0B}, str("abc")}), cat({{0x01}, str("")}),
                                       cat({{0x02, 0x00, 0x41, 0x00, 0x0B}, str("xy")})}))}));
  ASSERT_EQ(m->datas.size(), 3u);
  ASSERT_TRUE(m->data_count);
  EXPECT_EQ(*m->data_count, 3u);
  EXPECT_EQ(m->datas[0].mode, DataSegment::Active);
  EXPECT_EQ(m->datas[1].mode, DataSegment::Passive);
  EXPECT_EQ(m->datas[2].mode, DataSegment::Active);
  EXPECT_EQ(m->datas[0].data_size, 3u);
  EXPECT_EQ(std::string(m->bytes.begin() + m->datas[0].data_offset, m->bytes.begin() + m->datas[0].data_offset + 3),
            "abc");
  EXPECT_EQ(m->datas[1].data_size, 0u);
}

TEST(DecodeModule, CustomSectionsAnywhere) {
  Bytes c1 = section(0, cat({str("first"), {1, 2, 3}}));
  Bytes c2 = section(0, str("empty"));
  auto m = ok(
      module({c1, void_type_section(), c2, section(3, vec({{0x00}})), c1, section(10, vec({body({0x00, 0x0B})})), c2}));
  ASSERT_EQ(m->customs.size(), 4u);
  EXPECT_EQ(m->customs[0].name, "first");
  EXPECT_EQ(m->customs[0].data_size, 3u);
  EXPECT_EQ(m->bytes[m->customs[0].data_offset], 1);
  EXPECT_EQ(m->customs[1].name, "empty");
  EXPECT_EQ(m->customs[1].data_size, 0u);
}

Bytes name_section(const Bytes& payload) { return section(0, cat({str("name"), payload})); }

Bytes two_funcs(const Bytes& names) {
  return module({void_type_section(), section(3, vec({{0x00}, {0x00}})),
                 section(10, vec({body({0x00, 0x0B}), body({0x00, 0x0B})})), names});
}

TEST(DecodeModule, NameSection) {
  // A module-name subsection, then function names, then local names.
  Bytes funcs = vec({cat({{0x00}, str("alpha")}), cat({{0x01}, str("beta")})});
  auto m = ok(two_funcs(name_section(cat({section(0, str("mod")), section(1, funcs), section(2, vec({}))}))));
  ASSERT_EQ(m->func_names.size(), 2u);
  EXPECT_EQ(m->func_name(0), "alpha");
  EXPECT_EQ(m->func_name(1), "beta");
  EXPECT_EQ(m->customs.size(), 1u);
}

TEST(DecodeModule, NameSectionBeforeFunctionsIsStillUsed) {
  Bytes names = name_section(section(1, vec({cat({{0x01}, str("second")})})));
  auto m = ok(module({names, void_type_section(), section(3, vec({{0x00}, {0x00}})),
                      section(10, vec({body({0x00, 0x0B}), body({0x00, 0x0B})}))}));
  EXPECT_EQ(m->func_name(1), "second");
  EXPECT_EQ(m->func_name(0), "func[0]");
}

TEST(DecodeModule, MalformedNameSectionIsIgnored) {
  // Truncated subsection.
  auto a = ok(two_funcs(name_section({0x01, 0x10, 0x01})));
  EXPECT_TRUE(a->func_names.empty());
  // Index outside the function index space (a huge index must not allocate).
  auto b = ok(two_funcs(name_section(section(1, vec({cat({{0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, str("x")})})))));
  EXPECT_TRUE(b->func_names.empty());
  // Invalid UTF-8 in a function name.
  auto c = ok(two_funcs(name_section(section(1, vec({cat({{0x00}, {0x01, 0xFF}})})))));
  EXPECT_TRUE(c->func_names.empty());
  // Hostile count.
  auto d = ok(two_funcs(name_section(section(1, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F}))));
  EXPECT_TRUE(d->func_names.empty());
}

TEST(DecodeModule, LocalsAreGroups) {
  auto m = ok(func_module({0x03, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x7E, 0x02, 0x7B, 0x0B}));
  const Function& f = m->functions[0];
  ASSERT_EQ(f.locals.size(), 3u);
  EXPECT_EQ(f.locals[1].count, 0x7FFFFFFFu);
  EXPECT_EQ(f.locals[1].type, ValType::I64);
  EXPECT_EQ(f.local_count(), 0x7FFFFFFFu + 2u);
}

TEST(DecodeModule, BodyOffsetAndSize) {
  Bytes b = func_module({0x00, 0x01, 0x0B});
  auto m = ok(b);
  const Function& f = m->functions[0];
  EXPECT_EQ(f.body_size, 3u);
  EXPECT_EQ(b[f.body_offset], 3u);
  EXPECT_EQ(f.code[0].op, Op::Nop);
  EXPECT_EQ(f.code[0].offset, f.body_offset + 2);
  EXPECT_EQ(f.code[1].offset, f.body_offset + 3);
}

TEST(DecodeModule, DataIndexWithoutDataSectionIsLeftToValidation) {
  // data.drop 0 with neither a data count nor a data section: no segment exists, so
  // the index is unknown whichever stage reports it.
  auto r = decode_module(func_module({0x00, 0xFC, 0x09, 0x00, 0x0B}));
  EXPECT_TRUE(r.ok());
}

}  // namespace
}  // namespace akira::test
