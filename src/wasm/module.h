// The decoded module: what the decoder produces and every later stage reads.
// Function bodies are decoded once into flat instruction arrays, so the validator,
// the interpreter's translator and the AOT compiler never re-parse LEB128.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wasm/opcode.h"
#include "wasm/types.h"

namespace akira {

// Block type: empty, a single value type, or an index into Module::types.
struct BlockType {
  enum Kind : uint8_t { Empty, Value, TypeIndex } kind = Empty;
  ValType value = ValType::I32;
  uint32_t type_index = 0;
};

// The parameter and result types of a block (Module::block_signature).
struct BlockSignature {
  std::span<const ValType> params, results;
};

struct MemArg {
  uint32_t align = 0;   // log2 of the alignment hint
  uint32_t offset = 0;  // Wasm 2.0 has 32-bit memories
};

// One decoded instruction: 32 bytes.
struct Instr {
  Op op = Op::Nop;
  uint32_t offset = 0;  // byte offset of the opcode in the module, for errors
  union Imm {
    struct {
      BlockType type;
      uint32_t else_pc;
      uint32_t end_pc;
    } block;         // pcs index Function::code
    uint32_t index;  // Index, IndexZero
    struct {
      uint32_t a, b;
    } index2;  // Index2
    struct {
      uint32_t first, count;
    } br_table;    // into Function::br_labels; the last one is the default
    ValType type;  // SelectT, RefType
    struct {
      MemArg mem;
      uint8_t lane;
    } mem;         // Mem, MemLane
    uint8_t lane;  // Lane
    uint32_t i32;
    uint64_t i64;
    uint32_t f32_bits;
    uint64_t f64_bits;
    uint8_t v128[16];  // V128, Shuffle
    Imm() : i64(0) {}
  } imm;
};
static_assert(sizeof(Instr) <= 32, "keep instructions compact");

struct LocalGroup {
  uint32_t count = 0;
  ValType type = ValType::I32;
};

struct Function {
  uint32_t type_index = 0;
  std::vector<LocalGroup> locals;   // as declared (not including params)
  std::vector<Instr> code;          // ends with the function's final `end`
  std::vector<uint32_t> br_labels;  // storage for br_table label lists
  uint32_t body_offset = 0;         // byte offset of the body (its size field)
  uint32_t body_size = 0;
  uint64_t local_count() const;  // declared locals, not params
};

// A constant expression as used by globals, element and data segment offsets.
// Decoded like a function body; the validator checks it is constant.
struct ConstExpr {
  std::vector<Instr> code;  // ends with `end`
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t func_type = 0;  // kind == Func
  TableType table;         // kind == Table
  MemoryType memory;       // kind == Memory
  GlobalType global;       // kind == Global
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

struct ElemSegment {
  enum Mode : uint8_t { Passive, Active, Declarative } mode = Passive;
  ValType type = ValType::FuncRef;
  uint32_t table = 0;
  ConstExpr offset;              // Active only
  std::vector<ConstExpr> items;  // each is ref.func N / ref.null t / global.get
};

struct DataSegment {
  enum Mode : uint8_t { Passive, Active } mode = Passive;
  uint32_t memory = 0;
  ConstExpr offset;          // Active only
  uint32_t data_offset = 0;  // bytes live in Module::bytes
  uint32_t data_size = 0;
};

struct CustomSection {
  std::string name;
  uint32_t data_offset = 0;
  uint32_t data_size = 0;
};

struct Module {
  std::vector<uint8_t> bytes;  // the original binary (data segments point into it)

  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<Function> functions;   // defined functions only
  std::vector<TableType> tables;     // defined tables only
  std::vector<MemoryType> memories;  // defined memories only
  std::vector<Global> globals;       // defined globals only
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;
  std::vector<CustomSection> customs;

  // From the "name" custom section when present (index = function index space).
  std::vector<std::string> func_names;

  // Index spaces: imports first, then definitions.
  uint32_t num_imported_funcs = 0, num_imported_tables = 0;
  uint32_t num_imported_memories = 0, num_imported_globals = 0;

  uint32_t total_funcs() const { return num_imported_funcs + static_cast<uint32_t>(functions.size()); }
  uint32_t total_tables() const { return num_imported_tables + static_cast<uint32_t>(tables.size()); }
  uint32_t total_memories() const { return num_imported_memories + static_cast<uint32_t>(memories.size()); }
  uint32_t total_globals() const { return num_imported_globals + static_cast<uint32_t>(globals.size()); }

  // Type of function `index` in the function index space (imports included).
  const FuncType& func_type(uint32_t index) const;
  TableType table_type(uint32_t index) const;
  MemoryType memory_type(uint32_t index) const;
  GlobalType global_type(uint32_t index) const;
  // Parameters and results of a block, loop or if: none for an empty block type, one
  // result for a value type, those of types[type_index] otherwise. nullopt when the type
  // index is out of range (a validation error); the spans outlive the module.
  std::optional<BlockSignature> block_signature(const BlockType& bt) const;
  // Name for backtraces: name section, else an export name, else "func[N]".
  std::string func_name(uint32_t index) const;
};

}  // namespace akira
