// What the wasm.h handles are inside. Every runtime object (function, global, table,
// memory, instance, foreign object) lives in its wasm_store_t; a handle names one by
// `entity` and deleting it releases only the handle. Modules and traps live on their own.
#pragma once
#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "akira/akira.h"
#include "api/runtime_bridge.h"
#include "wasm.h"

namespace akira {
class WasiContext;
}

namespace akira::capi {

struct HostInfo {
  void* info = nullptr;
  void (*finalizer)(void*) = nullptr;
  void finalize() {
    if (finalizer) finalizer(info);
    finalizer = nullptr;
    info = nullptr;
  }
};

enum class RefKind : uint8_t { Func, Global, Table, Memory, Instance, Module, Trap, Foreign };

struct ModuleData {
  LoadedModule lm;
  HostInfo host_info;
  ~ModuleData() { host_info.finalize(); }
};

struct FrameInfo {
  Instance* instance = nullptr;
  uint32_t func_index = 0;
  size_t func_offset = 0;
  size_t module_offset = 0;
};

// Value conversions between wasm_val_t and the runtime's Value for a value of type `t`.
bool to_value(wasm_store_t* store, const wasm_val_t& in, ValType t, Value& out);
wasm_val_t from_value(wasm_store_t* store, const Value& v, ValType t);
// The runtime reference for a handle in a table or global of element type `t`
// (false when the handle cannot be stored there).
bool to_ref(wasm_store_t* store, const wasm_ref_t* r, ValType t, Ref& out);
wasm_ref_t* from_ref(wasm_store_t* store, Ref r, ValType t);  // own; null for null

ValType to_valtype(wasm_valkind_t k);
wasm_valkind_t from_valtype(ValType t);
bool valkind_known(wasm_valkind_t k);
wasm_limits_t from_limits(const Limits& l);
Limits to_limits(const wasm_limits_t& l);
FuncType to_functype(const wasm_functype_t* t);
wasm_functype_t* new_functype(const FuncType& t);
wasm_globaltype_t* new_globaltype(const GlobalType& t);
wasm_tabletype_t* new_tabletype(const TableType& t);
wasm_memorytype_t* new_memorytype(const MemoryType& t);
wasm_externtype_t* new_externtype(const Extern& e);

// Handles.
wasm_extern_t* new_extern(wasm_store_t* store, const Extern& e);
wasm_instance_t* new_instance_handle(wasm_store_t* store, Instance* inst);

// A trap from an error of the runtime. Frames are named after the store's instances and,
// for a trap while instantiating, after `instantiating` (frames without an instance).
wasm_trap_t* trap_from_error(wasm_store_t* store, const Error& e, const Module* instantiating = nullptr);
wasm_trap_t* new_trap(wasm_store_t* store, std::string message, akira_trap_code_t code);

void name_from_string(wasm_name_t* out, const std::string& s);

}  // namespace akira::capi

struct wasm_config_t {
  akira_limits_t limits{};
};

struct wasm_engine_t {
  akira_limits_t limits{};
};

struct wasm_store_t {
  std::unique_ptr<akira::Store> store;
  std::map<void*, akira::capi::HostInfo> host_info;  // by entity
  std::vector<std::pair<void*, void (*)(void*)>> env_finalizers;
  std::deque<char> foreigns;                                // entities of foreign objects
  std::map<std::pair<int, void*>, wasm_ref_t*> externrefs;  // reference -> its externref value
  std::vector<std::unique_ptr<akira::WasiContext>> wasi;
  std::vector<std::shared_ptr<akira::capi::ModuleData>> modules;  // of live instances
  std::vector<akira::Instance*> instances;
  wasm_trap_t* pending_host_trap = nullptr;  // returned by a host function, on its way out
  ~wasm_store_t();
};

struct wasm_valtype_t {
  wasm_valkind_t kind;
};

struct wasm_externtype_t {
  wasm_externkind_t kind;
  explicit wasm_externtype_t(wasm_externkind_t k) : kind(k) {}
  virtual ~wasm_externtype_t() = default;
};

struct wasm_functype_t : wasm_externtype_t {
  wasm_valtype_vec_t params{0, nullptr}, results{0, nullptr};
  wasm_functype_t() : wasm_externtype_t(WASM_EXTERN_FUNC) {}
  ~wasm_functype_t() override;
};

struct wasm_globaltype_t : wasm_externtype_t {
  wasm_valtype_t* content = nullptr;
  wasm_mutability_t mutability = WASM_CONST;
  wasm_globaltype_t() : wasm_externtype_t(WASM_EXTERN_GLOBAL) {}
  ~wasm_globaltype_t() override { delete content; }
};

struct wasm_tabletype_t : wasm_externtype_t {
  wasm_valtype_t* element = nullptr;
  wasm_limits_t limits{0, 0};
  wasm_tabletype_t() : wasm_externtype_t(WASM_EXTERN_TABLE) {}
  ~wasm_tabletype_t() override { delete element; }
};

struct wasm_memorytype_t : wasm_externtype_t {
  wasm_limits_t limits{0, 0};
  wasm_memorytype_t() : wasm_externtype_t(WASM_EXTERN_MEMORY) {}
};

struct wasm_importtype_t {
  wasm_name_t module{0, nullptr}, name{0, nullptr};
  wasm_externtype_t* type = nullptr;
  ~wasm_importtype_t();
};

struct wasm_exporttype_t {
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
  ~wasm_exporttype_t();
};

// Every reference kind shares this layout; objects are always allocated as their most
// derived type, so the wasm_*_as_* conversions are casts.
struct wasm_ref_t {
  akira::capi::RefKind kind;
  wasm_store_t* store = nullptr;
  void* entity = nullptr;
  wasm_ref_t(akira::capi::RefKind k, wasm_store_t* s, void* e) : kind(k), store(s), entity(e) {}
  virtual ~wasm_ref_t() = default;
  virtual wasm_ref_t* clone() const = 0;
};

struct wasm_extern_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
  akira::Extern as_runtime() const;
};

#define AKIRA_CAPI_EXTERN_HANDLE(name, Kind, Inst)                                                 \
  struct wasm_##name##_t : wasm_extern_t {                                                         \
    wasm_##name##_t(wasm_store_t* s, Inst* e) : wasm_extern_t(akira::capi::RefKind::Kind, s, e) {} \
    Inst* get() const { return static_cast<Inst*>(entity); }                                       \
    wasm_ref_t* clone() const override { return new wasm_##name##_t(store, get()); }               \
  };
AKIRA_CAPI_EXTERN_HANDLE(func, Func, akira::FuncInst)
AKIRA_CAPI_EXTERN_HANDLE(global, Global, akira::GlobalInst)
AKIRA_CAPI_EXTERN_HANDLE(table, Table, akira::TableInst)
AKIRA_CAPI_EXTERN_HANDLE(memory, Memory, akira::MemoryInst)
#undef AKIRA_CAPI_EXTERN_HANDLE

struct wasm_instance_t : wasm_ref_t {
  wasm_instance_t(wasm_store_t* s, akira::Instance* i) : wasm_ref_t(akira::capi::RefKind::Instance, s, i) {}
  akira::Instance* get() const { return static_cast<akira::Instance*>(entity); }
  wasm_ref_t* clone() const override { return new wasm_instance_t(store, get()); }
};

struct wasm_foreign_t : wasm_ref_t {
  wasm_foreign_t(wasm_store_t* s, void* e) : wasm_ref_t(akira::capi::RefKind::Foreign, s, e) {}
  wasm_ref_t* clone() const override { return new wasm_foreign_t(store, entity); }
};

struct wasm_module_t : wasm_ref_t {
  std::shared_ptr<akira::capi::ModuleData> data;
  wasm_module_t(wasm_store_t* s, std::shared_ptr<akira::capi::ModuleData> d)
      : wasm_ref_t(akira::capi::RefKind::Module, s, d.get()), data(std::move(d)) {}
  wasm_ref_t* clone() const override { return new wasm_module_t(store, data); }
};

struct wasm_shared_module_t {
  std::shared_ptr<akira::capi::ModuleData> data;
};

struct wasm_trap_t : wasm_ref_t {
  std::string message;
  std::vector<akira::capi::FrameInfo> frames;  // innermost first
  akira_trap_code_t code = AKIRA_TRAP_CODE_HOST;
  int exit_status = 0;
  akira::capi::HostInfo host_info;
  explicit wasm_trap_t(wasm_store_t* s) : wasm_ref_t(akira::capi::RefKind::Trap, s, nullptr) { entity = this; }
  ~wasm_trap_t() override { host_info.finalize(); }
  wasm_ref_t* clone() const override {
    auto* t = new wasm_trap_t(store);
    t->message = message;
    t->frames = frames;
    t->code = code;
    t->exit_status = exit_status;
    return t;
  }
};

struct wasm_frame_t {
  wasm_store_t* store = nullptr;
  akira::capi::FrameInfo info;
  mutable wasm_instance_t* instance = nullptr;  // made on demand, owned by the frame
  ~wasm_frame_t() { delete instance; }
};

namespace akira::capi {
wasm_store_t* new_store(wasm_engine_t* engine, const akira_limits_t* limits);
}

namespace akira::capi {
Result<std::shared_ptr<ModuleData>> compile(const wasm_byte_vec_t* binary);
}
