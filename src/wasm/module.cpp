#include "wasm/module.h"

#include <array>

namespace akira {

const char* to_string(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "?";
}

const char* to_string(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "?";
}

std::string FuncType::to_string() const {
  auto list = [](const std::vector<ValType>& v) {
    std::string s = "(";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::string(akira::to_string(v[i]));
    return s + ")";
  };
  return list(params) + " -> " + list(results);
}

uint64_t Function::local_count() const {
  uint64_t n = 0;
  for (const auto& g : locals) n += g.count;
  return n;
}

namespace {
// The `index`-th import of kind `k` (the caller checked it is an import).
const Import& nth_import(const std::vector<Import>& imports, ExternKind k, uint32_t index) {
  for (const auto& im : imports)
    if (im.kind == k && index-- == 0) return im;
  return imports.front();  // unreachable for validated indices
}
}  // namespace

namespace {

// Every byte value as a ValType, so a single-value block type can point at its result
// type without storage of its own.
constexpr std::array<ValType, 256> make_self_table() {
  std::array<ValType, 256> t{};
  for (unsigned i = 0; i < 256; ++i) t[i] = static_cast<ValType>(i);
  return t;
}
constexpr std::array<ValType, 256> kSelf = make_self_table();

}  // namespace

std::optional<BlockSignature> Module::block_signature(const BlockType& bt) const {
  switch (bt.kind) {
    case BlockType::Empty: return BlockSignature{};
    case BlockType::Value: return BlockSignature{{}, {&kSelf[static_cast<uint8_t>(bt.value)], 1}};
    case BlockType::TypeIndex:
      if (bt.type_index >= types.size()) return std::nullopt;
      return BlockSignature{types[bt.type_index].params, types[bt.type_index].results};
  }
  return std::nullopt;
}

const FuncType& Module::func_type(uint32_t index) const {
  if (index < num_imported_funcs) return types[nth_import(imports, ExternKind::Func, index).func_type];
  return types[functions[index - num_imported_funcs].type_index];
}

TableType Module::table_type(uint32_t index) const {
  if (index < num_imported_tables) return nth_import(imports, ExternKind::Table, index).table;
  return tables[index - num_imported_tables];
}

MemoryType Module::memory_type(uint32_t index) const {
  if (index < num_imported_memories) return nth_import(imports, ExternKind::Memory, index).memory;
  return memories[index - num_imported_memories];
}

GlobalType Module::global_type(uint32_t index) const {
  if (index < num_imported_globals) return nth_import(imports, ExternKind::Global, index).global;
  return globals[index - num_imported_globals].type;
}

std::string Module::func_name(uint32_t index) const {
  if (index < func_names.size() && !func_names[index].empty()) return func_names[index];
  for (const auto& e : exports)
    if (e.kind == ExternKind::Func && e.index == index) return e.name;
  return "func[" + std::to_string(index) + "]";
}

}  // namespace akira
