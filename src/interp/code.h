// Internal threaded code: what the translator writes and the dispatch loop reads.
//
// Register-style design. Every value lives in an 8-byte slot of the function's frame
// (a v128 takes two adjacent slots; no alignment is assumed, slots are read with memcpy):
//
//   fp -> [params][locals][constants][operand stack (max height known statically)]
//
// Because the validator guarantees static stack heights, every operand of every
// instruction is known at translation time as a byte offset from fp, so instructions
// name their inputs and output directly. local.get and constants usually produce no
// instruction at all: the consumer reads the local's or the constant's slot. Constants
// are copied into the frame together with the zeroed locals on entry.
//
// An instruction is a handler address (8 bytes, as two 32-bit units) followed by 32-bit
// operand units. Branch targets are signed unit displacements relative to the unit that
// holds them. Calls place the arguments at the top of the caller's operand stack; the
// callee's frame starts there, so parameters never move and results come back in the
// same slots.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "runtime/store.h"

namespace akira::interp {

using Unit = uint32_t;

struct FuncCode {
  // Until the function's first call, a single Translate instruction (see prepare()):
  // modules run without translating the functions they never call.
  std::vector<Unit> code;
  std::vector<uint8_t> init;  // initial contents of [locals][constants]
  uint32_t init_off = 0;      // == param bytes
  uint32_t init_bytes = 0;    // == init.size()
  uint32_t frame_bytes = 0;   // whole frame, at least the result bytes
  uint32_t param_bytes = 0;
  uint32_t result_bytes = 0;
  MemoryInst* mem = nullptr;  // memory 0 of the defining instance
  Instance* inst = nullptr;
  FuncInst* func = nullptr;
  const Function* body = nullptr;  // what translate() translates
  // Profile (interp::set_profiling): written by the running thread only, read with
  // atomic_ref from others.
  mutable uint64_t prof_calls = 0, prof_self_ns = 0, prof_total_ns = 0;
};

// One per instance (Instance::code).
struct InstanceCode {
  std::vector<FuncCode> funcs;     // defined functions, stable addresses once built
  std::vector<uint32_t> type_ids;  // store-interned id of each module type
};

// Handlers that are not a single wasm instruction (or are one with a special layout).
// Laid out by hand: a list of macro uses.
// clang-format off
#define AKIRA_INTERP_INTERNAL(X)                                                   \
  X(Bad) X(Exit) X(Translate) X(Unreachable) X(Copy8) X(Copy16) X(Const8) X(Const16)          \
  X(Br) X(BrIf) X(BrUnless) X(BrTable) X(Ret)                                      \
  X(Call) X(CallFunc) X(CallIndirect)                                              \
  X(Select8) X(Select16) X(GlobalGet8) X(GlobalGet16)                              \
  X(GlobalSet4) X(GlobalSet8) X(GlobalSet16)                                       \
  X(TableGet) X(TableSet) X(TableSize) X(TableGrow) X(TableFill) X(TableCopy)     \
  X(TableInit) X(ElemDrop) X(MemorySize) X(MemoryGrow) X(MemoryInit)              \
  X(MemoryCopy) X(MemoryFill) X(DataDrop) X(RefIsNull)                             \
  X(BrIfI32Eq) X(BrIfI32Ne) X(BrIfI32LtS) X(BrIfI32LtU)             \
  X(BrIfI32GtS) X(BrIfI32GtU) X(BrIfI32LeS) X(BrIfI32LeU) X(BrIfI32GeS)            \
  X(BrIfI32GeU)                                                                     \
  X(BrIfI64Eq) X(BrIfI64Ne) X(BrIfI64LtS) X(BrIfI64LtU)                            \
  X(BrIfI64GtS) X(BrIfI64GtU) X(BrIfI64LeS) X(BrIfI64LeU) X(BrIfI64GeS)            \
  X(BrIfI64GeU) X(BrIfI64Eqz) X(BrIfI64Nez)                                       \
  X(BrIfF32Eq) X(BrIfF32Ne) X(BrIfF32Lt) X(BrIfF32Gt) X(BrIfF32Le) X(BrIfF32Ge)    \
  X(BrIfF64Eq) X(BrIfF64Ne) X(BrIfF64Lt) X(BrIfF64Gt) X(BrIfF64Le) X(BrIfF64Ge)    \
  X(BrUnlessF32Eq) X(BrUnlessF32Ne) X(BrUnlessF32Lt) X(BrUnlessF32Gt)              \
  X(BrUnlessF32Le) X(BrUnlessF32Ge) X(BrUnlessF64Eq) X(BrUnlessF64Ne)              \
  X(BrUnlessF64Lt) X(BrUnlessF64Gt) X(BrUnlessF64Le) X(BrUnlessF64Ge)

// Handler ids: every wasm instruction first (only the generated classes have real
// handlers), then the internal ones.
enum HandlerId : uint16_t {
#define OP(name, text, prefix, code, imm, cls, sig, bytes) H_op_##name,
#include "wasm/opcodes.def"
#define X(n) H_##n,
  AKIRA_INTERP_INTERNAL(X)
#undef X
// clang-format on
// Loads and stores whose address is an i32.add of two operands, folded in.
#define AKIRA_ADD_Load(n) H_add_##n,
#define AKIRA_ADD_Store(n) H_add_##n,
#define AKIRA_ADD_Special(n)
#define AKIRA_ADD_Pure(n)
#define AKIRA_ADD_Trap(n)
#define AKIRA_ADD_LoadLane(n)
#define AKIRA_ADD_StoreLane(n)
#define OP(name, text, prefix, code, imm, cls, sig, bytes) AKIRA_ADD_##cls(name)
#include "wasm/opcodes.def"
      H_Count
};

// The folded-address variant of a Load or Store instruction, H_Bad for others.
inline constexpr HandlerId kAddVariant[] = {
#define AKIRA_ADDV_Load(n) H_add_##n
#define AKIRA_ADDV_Store(n) H_add_##n
#define AKIRA_ADDV_Special(n) H_Bad
#define AKIRA_ADDV_Pure(n) H_Bad
#define AKIRA_ADDV_Trap(n) H_Bad
#define AKIRA_ADDV_LoadLane(n) H_Bad
#define AKIRA_ADDV_StoreLane(n) H_Bad
#define OP(name, text, prefix, code, imm, cls, sig, bytes) AKIRA_ADDV_##cls(name),
#include "wasm/opcodes.def"
};

// Label addresses of the dispatch loop, indexed by HandlerId.
const void* const* handler_table();

// Replaces fc's Translate stub by its translated code (the dispatch loop's Translate
// handler, on the function's first call). Errors: a frame too large (Exhaustion).
Status translate(FuncCode& fc);

// Code readers shared by translator and dispatcher.
inline void* load_ptr(const Unit* p) {
  void* v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace akira::interp
