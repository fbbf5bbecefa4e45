#include "runtime/store.h"

#include "interp/interpreter.h"

namespace akira {

Store::Store(StoreLimits limits) : limits_(limits) {}

Store::~Store() {
  if (exec_state && exec_state_deleter) exec_state_deleter(exec_state);
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

int64_t TableInst::grow(uint64_t delta, Ref init) {
  uint64_t old = elems.size();
  if (delta > max || old + delta > max) return -1;
  // Bound host memory: a table entry is a pointer, 2^24 entries is 128 MiB.
  if (old + delta > (1u << 24)) return -1;
  elems.resize(old + delta, init);
  return static_cast<int64_t>(old);
}

const Extern* Instance::find_export(std::string_view name) const {
  auto it = exports.find(name);
  return it == exports.end() ? nullptr : &it->second;
}

FuncInst* Instance::export_func(std::string_view name) const {
  const Extern* e = find_export(name);
  return e && e->kind == ExternKind::Func ? e->func() : nullptr;
}

Result<std::vector<Value>> Store::invoke(FuncInst* f, const std::vector<Value>& args) {
  if (args.size() != f->type.params.size())
    return make_error(ErrorKind::Trap, "wrong number of arguments: expected " +
                                           std::to_string(f->type.params.size()) + ", got " +
                                           std::to_string(args.size()));
  std::vector<Value> results(f->type.results.size());
  if (f->native_call) {
    AKIRA_TRY(f->native_call(*this, f, args.data(), results.data()));
  } else if (f->is_host()) {
    HostCall call{*this, nullptr, nullptr, f->host_user};
    AKIRA_TRY(f->host(call, args.data(), results.data()));
  } else {
    AKIRA_TRY(interp::call(*this, f, args.data(), results.data()));
  }
  return results;
}

}  // namespace akira
