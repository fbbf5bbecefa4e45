#include "runtime/store.h"

#include <atomic>

namespace akira {

namespace {
std::atomic<uint32_t> g_engines{0};

Status call_host(Store& store, Instance* caller, FuncInst* f, const Value* args, Value* results) {
  MemoryInst* mem = caller && !caller->memories.empty() ? caller->memories[0] : nullptr;
  HostCall hc{store, caller, mem, f->host_user};
  return f->host(hc, args, results);
}
}  // namespace

Engine::Engine() : slot_(g_engines.fetch_add(1)) {
  // A process has the interpreter and native code, each one Engine object.
  if (slot_ >= Store::kMaxEngines) __builtin_trap();
}

Store::Store(StoreLimits limits) : limits_(limits) {}

Store::~Store() = default;

EngineState* Store::add_engine_state(const Engine& engine, std::unique_ptr<EngineState> state) {
  bool pending;
  {
    std::lock_guard lk(engines_mu_);
    uint32_t slot = engine.slot();
    owned_states_[slot] = std::move(state);
    engines_[slot].store(&engine, std::memory_order_release);
    engine_states_[slot].store(owned_states_[slot].get(), std::memory_order_release);
    pending = interrupt_pending_;
    interrupt_pending_ = false;
  }
  if (pending) engine.interrupt(*this);
  return find_engine_state(engine);
}

void Store::interrupt() {
  std::lock_guard lk(engines_mu_);
  bool delivered = false;
  for (auto& e : engines_) {
    if (const Engine* engine = e.load(std::memory_order_acquire)) {
      engine->interrupt(*this);
      delivered = true;
    }
  }
  if (!delivered) interrupt_pending_ = true;
}

uint32_t Store::intern_type(const FuncType& t) {
  for (size_t i = 0; i < types_.size(); ++i)
    if (types_[i] == t) return static_cast<uint32_t>(i);
  types_.push_back(t);
  return static_cast<uint32_t>(types_.size() - 1);
}

FuncInst* Store::new_host_func(FuncType type, HostFn fn, std::string debug_name, void* user) {
  FuncInst& f = funcs_.emplace_back();
  f.type_id = intern_type(type);
  f.type = std::move(type);
  f.call = &call_host;
  f.host = std::move(fn);
  f.host_user = user;
  f.debug_name = std::move(debug_name);
  return &f;
}

FuncInst* Store::new_func(FuncType type, Instance* inst, uint32_t index) {
  FuncInst& f = funcs_.emplace_back();
  f.type_id = intern_type(type);
  f.type = std::move(type);
  f.instance = inst;
  f.index = index;
  return &f;
}

TableInst* Store::new_table(TableType type, Ref init) {
  TableInst& t = tables_.emplace_back();
  t.type = type;
  t.max = type.limits.max ? *type.limits.max : kMaxTableSize;
  t.elems.assign(type.limits.min, init);
  return &t;
}

GlobalInst* Store::new_global(GlobalType type, Value v) {
  GlobalInst& g = globals_.emplace_back();
  g.type = type;
  g.value = v;
  return &g;
}

Instance* Store::new_instance() { return &instances_.emplace_back(); }

const Extern* Instance::find_export(std::string_view name) const {
  auto it = exports.find(name);
  return it == exports.end() ? nullptr : &it->second;
}

std::span<const uint8_t> Instance::data_segment(uint32_t i) const {
  if (data_dropped[i]) return {};
  const DataSegment& d = module->datas[i];
  return {module->bytes.data() + d.data_offset, d.data_size};
}

FuncInst* Instance::export_func(std::string_view name) const {
  const Extern* e = find_export(name);
  return e && e->kind == ExternKind::Func ? e->func() : nullptr;
}

Result<std::vector<Value>> Store::invoke(FuncInst* f, const std::vector<Value>& args) {
  if (args.size() != f->type.params.size())
    return make_error(ErrorKind::Trap, "wrong number of arguments: expected " + std::to_string(f->type.params.size()) +
                                           ", got " + std::to_string(args.size()));
  std::vector<Value> results(f->type.results.size());
  AKIRA_TRY(f->call(*this, nullptr, f, args.data(), results.data()));
  return results;
}

}  // namespace akira
