// The module's index spaces, flattened once so that every lookup during body
// validation is O(1): Module::func_type() and friends walk the import list.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "wasm/module.h"

namespace akira::validate {

struct Context {
  const Module* m = nullptr;
  std::vector<const FuncType*> funcs;  // function index space; null when the type index is unknown
  std::vector<TableType> tables;
  std::vector<GlobalType> globals;
  uint32_t num_memories = 0;
  uint32_t num_imported_globals = 0;
  uint32_t num_datas = 0;              // the data count when present: bodies are checked against it
  std::vector<uint8_t> declared_refs;  // per function: may appear in ref.func inside a body

  uint32_t num_types() const { return static_cast<uint32_t>(m->types.size()); }
  uint32_t num_funcs() const { return static_cast<uint32_t>(funcs.size()); }
  uint32_t num_tables() const { return static_cast<uint32_t>(tables.size()); }
  uint32_t num_globals() const { return static_cast<uint32_t>(globals.size()); }
  uint32_t num_elems() const { return static_cast<uint32_t>(m->elems.size()); }
};

inline Error invalid(std::string msg, int64_t offset = -1, int64_t func = -1) {
  return make_error(ErrorKind::Invalid, std::move(msg), offset, func);
}

// "unknown global 3": the spec suite matches on the prefix, the index helps people.
inline Error unknown(const char* what, uint32_t index, int64_t offset = -1, int64_t func = -1) {
  return invalid(std::string("unknown ") + what + " " + std::to_string(index), offset, func);
}

}  // namespace akira::validate
