// The contract between code compiled by akirac and the runtime that loads it.
// akirac emits loads at these offsets; the loader fills the structure. Changing anything
// here changes the .aot format version (kAotAbiVersion).
#pragma once
#include <cstddef>
#include <cstdint>

namespace akira::aot {

constexpr uint32_t kAotAbiVersion = 3;

// One per AOT instance; every compiled function takes it as its first argument.
// Fields are 8 bytes wide on every target so offsets do not depend on pointer size
// (32-bit targets use the low half of pointer fields).
struct Context {
  uint64_t mem_base;        //  0: linear memory 0 base (0 when the module has none)
  uint64_t mem_size;        //  8: its size in bytes; reloaded after anything that may grow it
  uint64_t globals;         // 16: Value** — pointer to each global's 16-byte value slot
  uint64_t funcs;           // 24: FuncInst** — function index space (imports first)
  uint64_t tables;          // 32: TableInst** — table index space
  uint64_t helpers;         // 40: const void** — runtime helpers, indexed by Helper
  uint64_t stack_limit;     // 48: lowest native stack address a function may use
  uint64_t type_ids;        // 56: uint32_t* — module type index -> store-wide type id
  uint64_t native_funcs;    // 64: void** — typed entry of each function index, or 0 for
                            //     imports that are not AOT code of a compatible instance
  uint64_t aux_stack_low;   // 72: lower bound for clang's __stack_pointer global
  uint64_t runtime;         // 80: opaque runtime pointer passed back to helpers
  uint64_t interrupt;       // 88: const uint32_t* — the store's interrupt flag; compiled code
                            //     polls it at function entry and loop headers and calls
                            //     Trap(Interrupted) when it is nonzero (the runtime clears it)
  uint64_t perf_counters;   // 96: uint64_t* — call count per function index; code compiled with
                            //     --enable-perf-profiling adds 1 at each function entry
};
static_assert(sizeof(Context) == 104);

// Runtime helpers compiled code calls through Context::helpers (no symbol resolution
// at load time: the table is filled by the runtime, so a .aot never names a symbol).
// Signatures use the native C ABI; ctx is the caller's Context.
enum class Helper : uint32_t {
  Trap,              // [[noreturn]] void(Context*, uint32_t trap_code)
  MemoryGrow,        // uint32_t(Context*, uint32_t delta_pages)      -1 on failure; updates ctx
  MemoryFill,        // void(Context*, uint32_t dst, uint32_t value, uint32_t n)
  MemoryCopy,        // void(Context*, uint32_t dst, uint32_t src, uint32_t n)
  MemoryInit,        // void(Context*, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n)
  DataDrop,          // void(Context*, uint32_t seg)
  TableGet,          // void*(Context*, uint32_t table, uint32_t index)
  TableSet,          // void(Context*, uint32_t table, uint32_t index, void* ref)
  TableSize,         // uint32_t(Context*, uint32_t table)
  TableGrow,         // uint32_t(Context*, uint32_t table, void* init, uint32_t delta)
  TableFill,         // void(Context*, uint32_t table, uint32_t dst, void* ref, uint32_t n)
  TableCopy,         // void(Context*, uint32_t dst_table, uint32_t src_table, uint32_t dst, uint32_t src, uint32_t n)
  TableInit,         // void(Context*, uint32_t table, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n)
  ElemDrop,          // void(Context*, uint32_t seg)
  CallIndirect,      // void(Context*, uint32_t table, uint32_t index, uint32_t type_index, uint64_t* argv)
                     //   slow path: non-native callee; argv holds args, then results (16-byte slots)
  CallImport,        // void(Context*, uint32_t func_index, uint64_t* argv)  same argv convention
  StackOverflow,     // [[noreturn]] void(Context*)
  Count
};

}  // namespace akira::aot
