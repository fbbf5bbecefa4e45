// The store: every function, table, memory, global and instance lives here, owned by
// the Store and addressed by plain pointers (stable for the Store's lifetime).
// Interpreted, host and (later) native functions are all FuncInst, so instances of
// any kind import from and call into each other.
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/error.h"
#include "runtime/value.h"
#include "wasm/module.h"

namespace akira {

class Store;
struct Instance;
struct MemoryInst;

// What a host function sees of its caller.
struct HostCall {
  Store& store;
  Instance* caller;    // instance whose code made the call (null when called from the embedder)
  MemoryInst* memory;  // caller's memory 0, or null
  void* user;          // the pointer given when the host function was defined
};

// Return Error{Trap,...} to trap, Error{Exit,...} for proc_exit.
using HostFn = std::function<Status(HostCall&, const Value* args, Value* results)>;

struct FuncInst {
  FuncType type;
  uint32_t type_id = 0;        // Store-wide canonical id of `type`: call_indirect compares ids
  Instance* instance = nullptr;  // defining instance; null for host functions
  uint32_t index = 0;          // index in the defining module's function index space
  HostFn host;                 // host functions only
  void* host_user = nullptr;
  std::string debug_name;      // host functions: "module.name"
  void* code = nullptr;        // interpreter: translated body (owned by the instance's code)
  // Native (AOT) functions: set by the loader. native_call runs the function; the
  // interpreter and Store::invoke use it instead of `code`.
  Status (*native_call)(Store& store, FuncInst* f, const Value* args, Value* results) = nullptr;
  void* native_entry = nullptr;  // void(ctx, argv) entry wrapper
  void* native_ctx = nullptr;    // the instance's aot::Context
  bool is_host() const { return instance == nullptr; }
};

// Linear memory. On 64-bit hosts the whole 4 GiB range plus a guard is reserved up
// front and committed as it grows, so `data` never moves and native code may rely on
// guard pages instead of bounds checks.
struct MemoryInst {
  MemoryType type;
  uint8_t* data = nullptr;
  uint64_t size = 0;          // bytes, a multiple of kPageSize
  uint64_t max_pages = kMaxPages;  // the type's max, further capped by the store limit
  uint64_t reserved = 0;      // bytes of address space reserved
  uint64_t pages() const { return size / kPageSize; }
  // Returns the old page count, or -1 if the memory cannot grow by `delta` pages.
  int64_t grow(uint64_t delta);
  ~MemoryInst();
};

struct TableInst {
  TableType type;
  std::vector<Ref> elems;
  uint64_t max = kMaxTableSize;
  // Returns the old size, or -1 when it cannot grow.
  int64_t grow(uint64_t delta, Ref init);
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
  // What runs the module's functions, and so what `code` points to: the interpreter's
  // translated code, or the native code's per-instance state (set by the .aot loader).
  enum class Engine : uint8_t { Interpreter, Native };
  Engine engine = Engine::Interpreter;
  std::shared_ptr<void> code;

  const Extern* find_export(std::string_view name) const;
  FuncInst* export_func(std::string_view name) const;
};

struct StoreLimits {
  uint64_t max_memory_pages = kMaxPages;   // cap on any memory's growth
  uint64_t value_stack_bytes = 8u << 20;   // interpreter operand + locals stack
  uint32_t max_call_depth = 20000;         // "call stack exhausted" beyond this
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

  // Asks native (AOT) code running on this store to stop: it traps with "interrupted",
  // clearing the flag. Compiled code polls the flag at the entry of functions that call
  // (and, for targets without the signal below, at loop headers); the AOT runtime also
  // signals the thread running it (native_kick), which stops code inside a loop at once.
  // Safe from any thread. Interpreted code has its own flag (interp::interrupt).
  void interrupt_native() {
    native_interrupt.store(1, std::memory_order_relaxed);
    std::lock_guard lk(native_mu);
    if (native_thread && native_kick) native_kick(native_thread);
  }
  std::atomic<uint32_t> native_interrupt{0};
  // The thread in this store's native code (its pthread_t; 0 when none), set by the AOT
  // runtime around its outermost call, and how to signal it.
  std::mutex native_mu;
  uintptr_t native_thread = 0;
  inline static void (*native_kick)(uintptr_t thread) = nullptr;

  // Execution state shared by all calls on this store (the interpreter's stacks).
  void* exec_state = nullptr;
  std::function<void(void*)> exec_state_deleter;

 private:
  StoreLimits limits_;
  std::vector<FuncType> types_;
  std::deque<FuncInst> funcs_;
  std::deque<std::unique_ptr<MemoryInst>> memories_;
  std::deque<TableInst> tables_;
  std::deque<GlobalInst> globals_;
  std::deque<Instance> instances_;
};

}  // namespace akira
