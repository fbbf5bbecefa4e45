// The store: every function, table, memory, global and instance lives here, owned by
// the Store and addressed by plain pointers (stable for the Store's lifetime).
// Interpreted, host and native functions are all FuncInst with one call entry, so
// instances run by any engine import from and call into each other. The runtime knows
// no engine: they plug in through runtime/engine.h.
#pragma once
#include <atomic>
#include <cstring>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <span>

#include "common/error.h"
#include "common/trap.h"
#include "runtime/engine.h"
#include "runtime/value.h"
#include "wasm/module.h"

namespace akira {

class Store;
struct Instance;
struct MemoryInst;
struct FuncInst;

// What a host function sees of its caller.
struct HostCall {
  Store& store;
  Instance* caller;    // instance whose code made the call (null when called from the embedder)
  MemoryInst* memory;  // caller's memory 0, or null
  void* user;          // the pointer given when the host function was defined
};

// Return Error{Trap,...} to trap, Error{Exit,...} for proc_exit.
using HostFn = std::function<Status(HostCall&, const Value* args, Value* results)>;

// The one way to call a function: arguments and results in Value arrays matching its
// type. `caller` is the instance whose code makes the call (null from the embedder);
// host functions see it. Traps and exits come back as errors with a backtrace.
using CallFn = Status (*)(Store& store, Instance* caller, FuncInst* f, const Value* args, Value* results);

struct FuncInst {
  FuncType type;
  uint32_t type_id = 0;          // Store-wide canonical id of `type`: call_indirect compares ids
  Instance* instance = nullptr;  // defining instance; null for host functions
  uint32_t index = 0;            // index in the defining module's function index space
  CallFn call = nullptr;         // set by the store (host functions) or the engine's bind
  HostFn host;                   // host functions only
  void* host_user = nullptr;
  std::string debug_name;  // host functions: "module.name"
  // The engine's own data for this function: the interpreter's translated body, or the
  // native entry wrapper and the instance's native context.
  void* code = nullptr;
  void* code_ctx = nullptr;
  bool is_host() const { return instance == nullptr; }
};

// Linear memory, backed as platform/memory.h describes. Guarded (64-bit hosts): the
// whole 4 GiB range plus a guard is reserved up front and committed as it grows, so
// `data` never moves and native code may rely on guard pages instead of bounds checks.
// Bounded (32-bit hosts, devices, or StoreLimits::guard_pages off): a plain allocation
// of `size` bytes that may move when it grows; only bounds-checked code may access it.
struct MemoryInst {
  MemoryType type;
  uint8_t* data = nullptr;
  uint64_t size = 0;               // bytes, a multiple of kPageSize
  uint64_t max_pages = kMaxPages;  // the type's max, further capped by the store limit
  uint64_t reserved = 0;           // guarded: bytes of address space reserved; bounded: 0
  bool guarded = false;            // an access in [data + size, data + reserved) faults
  uint64_t pages() const { return size / kPageSize; }
  // Returns the old page count, or -1 if the memory cannot grow by `delta` pages.
  int64_t grow(uint64_t delta);
  // The bulk operations (memory.fill/copy/init and active data segments), with the
  // spec's bounds checks: nothing is written when they trap.
  TrapCode fill(uint64_t dst, uint8_t value, uint64_t n);
  TrapCode copy(uint64_t dst, uint64_t src, uint64_t n);
  TrapCode init(uint64_t dst, std::span<const uint8_t> segment, uint64_t src, uint64_t n);
  ~MemoryInst();
};

struct TableInst {
  TableType type;
  std::vector<Ref> elems;
  uint64_t max = kMaxTableSize;
  // Returns the old size, or -1 when it cannot grow.
  int64_t grow(uint64_t delta, Ref init);
  // table.get/set/fill/copy/init and active element segments, with the spec's bounds
  // checks: nothing is written when they trap.
  TrapCode get(uint64_t i, Ref& out) const {
    if (i >= elems.size()) return TrapCode::TableOutOfBounds;
    out = elems[i];
    return TrapCode::None;
  }
  TrapCode set(uint64_t i, Ref r) {
    if (i >= elems.size()) return TrapCode::TableOutOfBounds;
    elems[i] = r;
    return TrapCode::None;
  }
  TrapCode fill(uint64_t dst, Ref r, uint64_t n);
  TrapCode copy(uint64_t dst, const TableInst& src, uint64_t src_index, uint64_t n);
  TrapCode init(uint64_t dst, std::span<const Ref> segment, uint64_t src, uint64_t n);
  // call_indirect's checks: entry `i` must exist, be non-null and have type `type_id`.
  TrapCode callee(uint64_t i, uint32_t type_id, FuncInst*& out) const;
};

struct GlobalInst {
  GlobalType type;
  Value value;
};

// An element segment at run time: its references, emptied by elem.drop.
struct ElemInst {
  ValType type = ValType::FuncRef;
  std::vector<Ref> refs;
};

struct Extern {
  ExternKind kind = ExternKind::Func;
  void* ptr = nullptr;  // FuncInst*, TableInst*, MemoryInst*, GlobalInst*
  FuncInst* func() const { return static_cast<FuncInst*>(ptr); }
  TableInst* table() const { return static_cast<TableInst*>(ptr); }
  MemoryInst* memory() const { return static_cast<MemoryInst*>(ptr); }
  GlobalInst* global() const { return static_cast<GlobalInst*>(ptr); }
};

struct Instance {
  std::shared_ptr<const Module> module;
  std::string name;  // for messages
  std::vector<FuncInst*> funcs;
  std::vector<TableInst*> tables;
  std::vector<MemoryInst*> memories;
  std::vector<GlobalInst*> globals;
  std::vector<ElemInst> elems;
  std::vector<uint8_t> data_dropped;  // per data segment
  std::map<std::string, Extern, std::less<>> exports;
  // What runs the module's functions (set by ModuleCode::bind), and its per-instance
  // state: the interpreter's translated code, or the native code's context.
  const Engine* engine = nullptr;
  std::shared_ptr<void> code;

  const Extern* find_export(std::string_view name) const;
  FuncInst* export_func(std::string_view name) const;
  // Data segment `i`'s bytes; empty once dropped (data.drop, or after an active one is
  // written at instantiation).
  std::span<const uint8_t> data_segment(uint32_t i) const;
  void drop_data(uint32_t i) { data_dropped[i] = 1; }
  void drop_elem(uint32_t i) { std::vector<Ref>().swap(elems[i].refs); }
};

// In the header: both engines call these on hot paths (compiled code's helpers, the
// interpreter's handlers), where inlining lets the u32 operands fold the checks.
inline TrapCode MemoryInst::fill(uint64_t dst, uint8_t value, uint64_t n) {
  if (dst > size || n > size - dst) return TrapCode::MemoryOutOfBounds;
  if (n) std::memset(data + dst, value, n);
  return TrapCode::None;
}

inline TrapCode MemoryInst::copy(uint64_t dst, uint64_t src, uint64_t n) {
  if (dst > size || n > size - dst || src > size || n > size - src) return TrapCode::MemoryOutOfBounds;
  if (n) std::memmove(data + dst, data + src, n);
  return TrapCode::None;
}

inline TrapCode MemoryInst::init(uint64_t dst, std::span<const uint8_t> segment, uint64_t src, uint64_t n) {
  if (dst > size || n > size - dst || src > segment.size() || n > segment.size() - src)
    return TrapCode::MemoryOutOfBounds;
  if (n) std::memcpy(data + dst, segment.data() + src, n);
  return TrapCode::None;
}

inline TrapCode TableInst::callee(uint64_t i, uint32_t type_id, FuncInst*& out) const {
  if (i >= elems.size()) return TrapCode::UndefinedElement;
  out = static_cast<FuncInst*>(elems[i]);
  if (!out) return TrapCode::UninitializedElement;
  if (out->type_id != type_id) return TrapCode::IndirectCallTypeMismatch;
  return TrapCode::None;
}

struct StoreLimits {
  uint64_t max_memory_pages = kMaxPages;  // cap on any memory's growth
  uint64_t value_stack_bytes = 8u << 20;  // interpreter operand + locals stack
  uint32_t max_call_depth = 20000;        // "call stack exhausted" beyond this
  // Back memories with guard pages where the platform has them (platform/memory.h).
  // Off: bounded allocations, for which native code needs bounds checks.
  bool guard_pages = true;
};

class Store {
 public:
  explicit Store(StoreLimits limits = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const StoreLimits& limits() const { return limits_; }

  uint32_t intern_type(const FuncType& t);
  FuncInst* new_host_func(FuncType type, HostFn fn, std::string debug_name, void* user = nullptr);
  FuncInst* new_func(FuncType type, Instance* inst, uint32_t index);
  Result<MemoryInst*> new_memory(MemoryType type);
  TableInst* new_table(TableType type, Ref init = nullptr);
  GlobalInst* new_global(GlobalType type, Value v);
  Instance* new_instance();

  // Calls any function (interpreted, host or native) with arguments matching its type.
  // Traps and exits come back as errors with a backtrace.
  Result<std::vector<Value>> invoke(FuncInst* f, const std::vector<Value>& args);

  // Asks code running on this store, whichever engine runs it, to stop: the running call
  // traps with TrapCode::Interrupted. Safe from any thread.
  void interrupt();

  // The state `engine` keeps for this store, created by `make` on first use. Called by
  // the engine, from the thread running code on the store.
  template <class S> S& engine_state(const Engine& engine) {
    EngineState* s = engine_states_[engine.slot()].load(std::memory_order_acquire);
    if (!s) s = add_engine_state(engine, std::make_unique<S>(*this));
    return *static_cast<S*>(s);
  }
  // Null when `engine` has no state here yet. Safe from any thread.
  EngineState* find_engine_state(const Engine& engine) const {
    return engine_states_[engine.slot()].load(std::memory_order_acquire);
  }
  static constexpr uint32_t kMaxEngines = 4;

 private:
  EngineState* add_engine_state(const Engine& engine, std::unique_ptr<EngineState> state);

  StoreLimits limits_;
  std::atomic<EngineState*> engine_states_[kMaxEngines] = {};
  std::unique_ptr<EngineState> owned_states_[kMaxEngines];
  std::atomic<const Engine*> engines_[kMaxEngines] = {};
  std::mutex engines_mu_;
  bool interrupt_pending_ = false;  // asked before any engine had state here (engines_mu_)
  std::vector<FuncType> types_;
  std::deque<FuncInst> funcs_;
  std::deque<std::unique_ptr<MemoryInst>> memories_;
  std::deque<TableInst> tables_;
  std::deque<GlobalInst> globals_;
  std::deque<Instance> instances_;
};

}  // namespace akira
