// Traps and frames: what wasm_func_call and wasm_instance_new return when code traps,
// a host function fails, or the call itself is wrong.
#include <unordered_map>

#include "api/c_api_internal.h"
#include "common/trap.h"

using namespace akira;
using namespace akira::capi;

namespace {

akira_trap_code_t code_of(const Error& e) {
  if (e.kind == ErrorKind::Exit) return AKIRA_TRAP_CODE_EXIT;
  if (e.kind == ErrorKind::Exhaustion) return AKIRA_TRAP_CODE_CALL_STACK_EXHAUSTED;
  if (e.kind != ErrorKind::Trap) return AKIRA_TRAP_CODE_ERROR;
  if (e.trap == TrapCode::None || e.trap == TrapCode::Host) return AKIRA_TRAP_CODE_HOST;
  return static_cast<akira_trap_code_t>(e.trap);
}
static_assert(static_cast<int>(TrapCode::Unreachable) == AKIRA_TRAP_CODE_UNREACHABLE);
static_assert(static_cast<int>(TrapCode::MemoryOutOfBounds) == AKIRA_TRAP_CODE_MEMORY_OUT_OF_BOUNDS);
static_assert(static_cast<int>(TrapCode::CallStackExhausted) == AKIRA_TRAP_CODE_CALL_STACK_EXHAUSTED);
static_assert(static_cast<int>(TrapCode::Interrupted) == AKIRA_TRAP_CODE_INTERRUPTED);

// The runtime's backtrace names functions; frames want indices. Names are looked up in
// the store's instances (name section, export name or "func[N]", as the runtime writes them).
void add_names(const Module& m, Instance* inst, std::unordered_map<std::string, FrameInfo>& by_name) {
  for (uint32_t i = m.num_imported_funcs; i < m.total_funcs(); ++i) {
    FrameInfo f;
    f.instance = inst;
    f.func_index = i;
    f.module_offset = m.functions[i - m.num_imported_funcs].body_offset;
    by_name.emplace(m.func_name(i), f);
  }
}

void add_frames(wasm_store_t* store, const Error& e, const Module* instantiating, std::vector<FrameInfo>& out) {
  if (e.backtrace.empty()) return;
  std::unordered_map<std::string, FrameInfo> by_name;
  if (instantiating) add_names(*instantiating, nullptr, by_name);
  if (store)
    for (auto it = store->instances.rbegin(); it != store->instances.rend(); ++it)
      add_names(*(*it)->module, *it, by_name);
  for (const std::string& name : e.backtrace)
    if (auto it = by_name.find(name); it != by_name.end()) out.push_back(it->second);
}

}  // namespace

namespace akira::capi {

wasm_trap_t* new_trap(wasm_store_t* store, std::string message, akira_trap_code_t code) {
  auto* t = new wasm_trap_t(store);
  t->message = std::move(message);
  t->code = code;
  return t;
}

wasm_trap_t* trap_from_error(wasm_store_t* store, const Error& e, const Module* instantiating) {
  wasm_trap_t* t = nullptr;
  if (store && store->pending_host_trap) {
    // A host function's own trap on its way out: hand back that object.
    t = store->pending_host_trap;
    store->pending_host_trap = nullptr;
    if (e.kind != ErrorKind::Trap || t->message != e.message) {
      delete t;
      t = nullptr;
    }
  }
  if (!t) {
    t = new_trap(store, e.kind == ErrorKind::Exit ? "exit status " + std::to_string(e.exit_code) : e.message,
                 code_of(e));
    t->exit_status = e.exit_code;
  }
  add_frames(store, e, instantiating, t->frames);
  return t;
}

}  // namespace akira::capi

extern "C" {

wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t* message) {
  std::string m = message && message->size ? std::string(message->data, message->size) : std::string();
  while (!m.empty() && m.back() == '\0') m.pop_back();
  return new_trap(store, std::move(m), AKIRA_TRAP_CODE_HOST);
}

void wasm_trap_message(const wasm_trap_t* t, wasm_message_t* out) {
  wasm_byte_vec_new_uninitialized(out, t->message.size() + 1);
  std::memcpy(out->data, t->message.c_str(), t->message.size() + 1);
}

wasm_frame_t* wasm_trap_origin(const wasm_trap_t* t) {
  if (t->frames.empty()) return nullptr;
  return new wasm_frame_t{t->store, t->frames.front(), nullptr};
}

void wasm_trap_trace(const wasm_trap_t* t, wasm_frame_vec_t* out) {
  wasm_frame_vec_new_uninitialized(out, t->frames.size());
  for (size_t i = 0; i < t->frames.size(); ++i) out->data[i] = new wasm_frame_t{t->store, t->frames[i], nullptr};
}

void wasm_frame_delete(wasm_frame_t* f) { delete f; }
wasm_frame_t* wasm_frame_copy(const wasm_frame_t* f) { return new wasm_frame_t{f->store, f->info, nullptr}; }

wasm_instance_t* wasm_frame_instance(const wasm_frame_t* f) {
  if (!f->info.instance || !f->store) return nullptr;
  if (!f->instance) f->instance = new_instance_handle(f->store, f->info.instance);
  return f->instance;
}
uint32_t wasm_frame_func_index(const wasm_frame_t* f) { return f->info.func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t* f) { return f->info.func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t* f) { return f->info.module_offset; }

}  // extern "C"
