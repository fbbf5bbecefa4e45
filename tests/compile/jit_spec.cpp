// Host-side test tool: runs the assertions of a spec script (as wast2json writes it)
// against code from akirac's translator, JIT-compiled with LLVM ORC. It has its own tiny
// runtime (memory, globals, tables, the helper table of aot/abi.h) so the compiler's
// semantics can be checked before the real loader exists. Modules with imports are
// skipped. Never part of the runtime.
//   akirac-jit-spec [--opt-level=N] SCRIPT.json
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>

#include "aot/abi.h"
#include "common/trap.h"
#include "compile/translate.h"
#include "decode/decoder.h"
#include "runtime/value.h"
#include "validate/validator.h"
#include "values.h"

using namespace akira;
using json = nlohmann::json;

namespace {

struct Instance;
using Entry = void (*)(aot::Context*, Value*);

struct FuncInst {
  const FuncType* type = nullptr;
  Entry entry = nullptr;
  Instance* inst = nullptr;
};

struct Instance {
  std::shared_ptr<Module> m;
  aot::Context ctx{};
  uint8_t* mem = nullptr;
  uint64_t mem_pages = 0, mem_max = 0;
  std::vector<Value> globals;
  std::vector<Value*> global_ptrs;
  std::vector<FuncInst> funcs;
  std::vector<FuncInst*> func_ptrs;
  std::vector<std::vector<void*>> tables;
  std::vector<uint64_t> table_max;
  std::vector<std::vector<void*>> elems;
  std::vector<bool> data_dropped;
  ~Instance() { std::free(mem); }
};

std::jmp_buf* g_jmp = nullptr;
TrapCode g_trap = TrapCode::None;

[[noreturn]] void trap(TrapCode c) {
  g_trap = c;
  std::longjmp(*g_jmp, 1);
}
Instance& I(aot::Context* c) { return *reinterpret_cast<Instance*>(c->runtime); }

void sync_mem(Instance& in) {
  in.ctx.mem_base = reinterpret_cast<uint64_t>(in.mem);
  in.ctx.mem_size = in.mem_pages * kPageSize;
}

std::vector<void*>& table(aot::Context* c, uint32_t t) { return I(c).tables[t]; }

extern "C" {
void h_trap(aot::Context*, uint32_t code) { trap(static_cast<TrapCode>(code)); }
uint32_t h_memory_grow(aot::Context* c, uint32_t delta) {
  Instance& in = I(c);
  uint64_t old = in.mem_pages, want = old + delta;
  if (want > in.mem_max || want > 16384) return UINT32_MAX;
  uint8_t* p = static_cast<uint8_t*>(std::realloc(in.mem, want * kPageSize + 1));
  if (!p) return UINT32_MAX;
  std::memset(p + old * kPageSize, 0, delta * kPageSize);
  in.mem = p;
  in.mem_pages = want;
  sync_mem(in);
  return static_cast<uint32_t>(old);
}
void check_mem(Instance& in, uint64_t a, uint64_t n) {
  if (a + n > in.mem_pages * kPageSize) trap(TrapCode::MemoryOutOfBounds);
}
void h_memory_fill(aot::Context* c, uint32_t d, uint32_t v, uint32_t n) {
  check_mem(I(c), d, n);
  std::memset(I(c).mem + d, static_cast<int>(v), n);
}
void h_memory_copy(aot::Context* c, uint32_t d, uint32_t s, uint32_t n) {
  check_mem(I(c), d, n);
  check_mem(I(c), s, n);
  std::memmove(I(c).mem + d, I(c).mem + s, n);
}
void h_memory_init(aot::Context* c, uint32_t seg, uint32_t d, uint32_t s, uint32_t n) {
  Instance& in = I(c);
  const DataSegment& ds = in.m->datas[seg];
  uint64_t size = in.data_dropped[seg] ? 0 : ds.data_size;
  if (uint64_t(s) + n > size) trap(TrapCode::MemoryOutOfBounds);
  check_mem(in, d, n);
  std::memcpy(in.mem + d, in.m->bytes.data() + ds.data_offset + s, n);
}
void h_data_drop(aot::Context* c, uint32_t seg) { I(c).data_dropped[seg] = true; }
void* h_table_get(aot::Context* c, uint32_t t, uint32_t i) {
  if (i >= table(c, t).size()) trap(TrapCode::TableOutOfBounds);
  return table(c, t)[i];
}
void h_table_set(aot::Context* c, uint32_t t, uint32_t i, void* r) {
  if (i >= table(c, t).size()) trap(TrapCode::TableOutOfBounds);
  table(c, t)[i] = r;
}
uint32_t h_table_size(aot::Context* c, uint32_t t) { return static_cast<uint32_t>(table(c, t).size()); }
uint32_t h_table_grow(aot::Context* c, uint32_t t, void* init, uint32_t delta) {
  auto& tb = table(c, t);
  uint64_t old = tb.size();
  if (old + delta > I(c).table_max[t] || old + delta > 10000000) return UINT32_MAX;
  tb.resize(old + delta, init);
  return static_cast<uint32_t>(old);
}
void h_table_fill(aot::Context* c, uint32_t t, uint32_t d, void* r, uint32_t n) {
  auto& tb = table(c, t);
  if (uint64_t(d) + n > tb.size()) trap(TrapCode::TableOutOfBounds);
  for (uint32_t i = 0; i < n; ++i) tb[d + i] = r;
}
void h_table_copy(aot::Context* c, uint32_t dt, uint32_t st, uint32_t d, uint32_t s, uint32_t n) {
  auto& D = table(c, dt);
  auto& S = table(c, st);
  if (uint64_t(d) + n > D.size() || uint64_t(s) + n > S.size()) trap(TrapCode::TableOutOfBounds);
  std::vector<void*> tmp(S.begin() + s, S.begin() + s + n);
  std::copy(tmp.begin(), tmp.end(), D.begin() + d);
}
void h_table_init(aot::Context* c, uint32_t t, uint32_t seg, uint32_t d, uint32_t s, uint32_t n) {
  auto& tb = table(c, t);
  auto& e = I(c).elems[seg];
  if (uint64_t(s) + n > e.size() || uint64_t(d) + n > tb.size()) trap(TrapCode::TableOutOfBounds);
  std::copy(e.begin() + s, e.begin() + s + n, tb.begin() + d);
}
void h_elem_drop(aot::Context* c, uint32_t seg) { I(c).elems[seg].clear(); }
void h_call_indirect(aot::Context* c, uint32_t t, uint32_t i, uint32_t type_index, uint64_t* argv) {
  auto& tb = table(c, t);
  if (i >= tb.size()) trap(TrapCode::UndefinedElement);
  auto* f = static_cast<FuncInst*>(tb[i]);
  if (!f) trap(TrapCode::UninitializedElement);
  if (!(*f->type == I(c).m->types[type_index])) trap(TrapCode::IndirectCallTypeMismatch);
  f->entry(&f->inst->ctx, reinterpret_cast<Value*>(argv));
}
void h_call_import(aot::Context*, uint32_t, uint64_t*) { trap(TrapCode::Unreachable); }
void h_stack_overflow(aot::Context*) { trap(TrapCode::CallStackExhausted); }
}

#define HELPER(name, text, impl, attr, ret, params) \
  static_assert(aot::abi::implements<aot::Helper::name>(&impl), #impl " does not match helpers.def");
#include "aot/helpers.def"

const void* g_helpers[] = {
#define HELPER(name, text, impl, attr, ret, params) reinterpret_cast<const void*>(&impl),
#include "aot/helpers.def"
};
static_assert(sizeof(g_helpers) / sizeof(g_helpers[0]) == static_cast<size_t>(aot::Helper::Count));

Value eval_const(Instance& in, const ConstExpr& e) {
  Value v;
  for (const Instr& i : e.code) {
    switch (i.op) {
      case Op::I32Const: v = Value::from_i32(i.imm.i32); break;
      case Op::I64Const: v = Value::from_i64(i.imm.i64); break;
      case Op::F32Const: v.i32 = i.imm.f32_bits; break;
      case Op::F64Const: v.i64 = i.imm.f64_bits; break;
      case Op::V128Const: std::memcpy(v.v128.b, i.imm.v128, 16); break;
      case Op::RefNull: v.ref = nullptr; break;
      case Op::RefFunc: v.ref = &in.funcs[i.imm.index]; break;
      case Op::GlobalGet: v = in.globals[i.imm.index]; break;
      default: break;
    }
  }
  return v;
}

struct Runner {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  unsigned opt_level = 2;
  std::string dir;
  std::vector<std::unique_ptr<Instance>> instances;
  std::map<std::string, Instance*> named;
  Instance* current = nullptr;
  int passed = 0, failed = 0, skipped = 0, counter = 0;

  std::string load(const std::string& file, Instance*& out) {
    std::ifstream f(dir + "/" + file, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    auto mr = decode_module(std::move(bytes));
    if (!mr.ok()) return "decode: " + mr.error().describe();
    if (auto st = validate_module(*mr.value()); !st.ok()) return "validate: " + st.error().describe();
    auto m = mr.value();
    if (!m->imports.empty()) return "skip";

    auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
    auto tm = cantFail(jtmb->createTargetMachine());
    auto llctx = std::make_unique<llvm::LLVMContext>();
    compile::TranslateOptions to;
    to.bounds_checks = true;
    auto mod = compile::translate_module(*m, *llctx, *tm, to, 0, static_cast<uint32_t>(m->functions.size()));
    if (!mod.ok()) return "compile: " + mod.error().describe();
    compile::optimize_module(*mod.value(), *tm, opt_level);
    auto& jd = cantFail(jit->createJITDylib("m" + std::to_string(counter++)));
    jd.addToLinkOrder(jit->getMainJITDylib());
    if (auto err = jit->addIRModule(jd, llvm::orc::ThreadSafeModule(std::move(mod.value()), std::move(llctx))))
      return "jit: " + toString(std::move(err));

    auto inst = std::make_unique<Instance>();
    Instance& in = *inst;
    in.m = m;
    in.funcs.resize(m->total_funcs());
    for (uint32_t d = 0; d < m->functions.size(); ++d) {
      uint32_t fi = m->num_imported_funcs + d;
      auto sym = jit->lookup(jd, compile::entry_symbol(fi));
      if (!sym) return "lookup: " + toString(sym.takeError());
      in.funcs[fi] = {&m->func_type(fi), sym->toPtr<Entry>(), &in};
    }
    for (auto& f : in.funcs) in.func_ptrs.push_back(&f);
    in.globals.resize(m->total_globals());
    for (size_t g = 0; g < m->globals.size(); ++g) in.globals[g] = eval_const(in, m->globals[g].init);
    for (auto& g : in.globals) in.global_ptrs.push_back(&g);
    for (const TableType& t : m->tables) {
      in.tables.emplace_back(t.limits.min, nullptr);
      in.table_max.push_back(t.limits.max.value_or(UINT32_MAX));
    }
    if (!m->memories.empty()) {
      in.mem_pages = m->memories[0].limits.min;
      in.mem_max = m->memories[0].limits.max.value_or(65536);
      in.mem = static_cast<uint8_t*>(std::calloc(in.mem_pages * kPageSize + 1, 1));
    }
    in.data_dropped.assign(m->datas.size(), false);
    in.ctx.globals = reinterpret_cast<uint64_t>(in.global_ptrs.data());
    in.ctx.funcs = reinterpret_cast<uint64_t>(in.func_ptrs.data());
    in.ctx.helpers = reinterpret_cast<uint64_t>(g_helpers);
    in.ctx.runtime = reinterpret_cast<uint64_t>(&in);
    static const uint32_t no_interrupt = 0;  // compiled code polls it at entries and loop headers
    in.ctx.interrupt = reinterpret_cast<uint64_t>(&no_interrupt);
    char here;
    in.ctx.stack_limit = reinterpret_cast<uint64_t>(&here) - (4u << 20);
    sync_mem(in);

    std::jmp_buf jb;
    g_jmp = &jb;
    if (setjmp(jb)) return std::string("uninstantiable: ") + trap_message(g_trap);
    for (const ElemSegment& e : m->elems) {
      std::vector<void*> items;
      for (const ConstExpr& it : e.items) items.push_back(eval_const(in, it).ref);
      in.elems.push_back(items);
    }
    for (size_t s = 0; s < m->elems.size(); ++s) {
      const ElemSegment& e = m->elems[s];
      if (e.mode == ElemSegment::Active)
        h_table_init(&in.ctx, e.table, static_cast<uint32_t>(s), eval_const(in, e.offset).i32, 0,
                     static_cast<uint32_t>(in.elems[s].size()));
      if (e.mode != ElemSegment::Passive) in.elems[s].clear();
    }
    for (size_t s = 0; s < m->datas.size(); ++s) {
      const DataSegment& d = m->datas[s];
      if (d.mode != DataSegment::Active) continue;
      h_memory_init(&in.ctx, static_cast<uint32_t>(s), eval_const(in, d.offset).i32, 0, d.data_size);
      in.data_dropped[s] = true;
    }
    if (m->start) {
      Value argv[1];
      in.funcs[*m->start].entry(&in.ctx, argv);
    }
    out = inst.get();
    instances.push_back(std::move(inst));
    return "";
  }

  // Runs an action; returns "" and results, or a trap message.
  std::string act(const json& a, wast::TypedValues& res) {
    Instance* in = a.contains("module") ? named[a["module"].get<std::string>()] : current;
    if (!in) return "no module";
    std::string field = a["field"].get<std::string>();
    const Module& m = *in->m;
    for (const Export& e : m.exports) {
      if (e.name != field) continue;
      if (a["type"] == "get") {
        res.types.push_back(m.global_type(e.index).type);
        res.values.push_back(in->globals[e.index]);
        return "";
      }
      wast::TypedValues args;
      for (const json& x : a["args"]) wast::parse_arg(x, args);
      const FuncType& ft = m.func_type(e.index);
      std::vector<Value> argv(std::max<size_t>({ft.params.size(), ft.results.size(), 1}));
      for (size_t i = 0; i < args.values.size(); ++i) argv[i] = args.values[i];
      std::jmp_buf jb;
      g_jmp = &jb;
      if (setjmp(jb)) return trap_message(g_trap);
      in->funcs[e.index].entry(&in->ctx, argv.data());
      for (size_t i = 0; i < ft.results.size(); ++i) {
        res.types.push_back(ft.results[i]);
        res.values.push_back(argv[i]);
      }
      return "";
    }
    return "no export " + field;
  }

  void fail(const json& c, const std::string& msg) {
    ++failed;
    std::printf("FAIL line %d: %s\n", c["line"].get<int>(), msg.c_str());
  }

  void run(const json& script) {
    bool skipping = false;
    for (const json& c : script["commands"]) {
      std::string type = c["type"];
      if (type == "module") {
        Instance* in = nullptr;
        std::string err = load(c["filename"], in);
        skipping = !in;
        current = in;
        if (err == "skip") { ++skipped; continue; }
        if (!err.empty()) { fail(c, err); continue; }
        if (c.contains("name")) named[c["name"]] = in;
      } else if (type == "register") {
        continue;
      } else if (type == "assert_return" || type == "action") {
        if (skipping) { ++skipped; continue; }
        wast::TypedValues res;
        std::string err = act(c["action"], res);
        if (!err.empty()) { fail(c, "unexpected: " + err); continue; }
        if (type == "action") { ++passed; continue; }
        const json& exp = c["expected"];
        bool ok = exp.size() == res.values.size();
        for (size_t i = 0; ok && i < exp.size(); ++i) {
          // Alternatives ("either") are not used by the scripts akirac runs.
          ok = wast::matches(exp[i], res.types[i], res.values[i]);
        }
        if (ok) ++passed;
        else fail(c, c["action"].value("field", "") + ": got " + wast::format_values(res, &exp) + ", expected " +
                         wast::format_expected_list(exp));
      } else if (type == "assert_trap" || type == "assert_exhaustion") {
        if (skipping) { ++skipped; continue; }
        wast::TypedValues res;
        std::string err = act(c["action"], res);
        std::string want = c["text"];
        if (!err.empty() && want.rfind(err, 0) == 0) ++passed;
        else fail(c, c["action"].value("field", "") + ": got '" + err + "', expected trap '" + want + "'");
      } else if (type == "assert_uninstantiable") {
        Instance* in = nullptr;
        std::string err = load(c["filename"], in);
        if (err == "skip") { ++skipped; continue; }
        if (err.rfind("uninstantiable: ", 0) == 0) ++passed;
        else fail(c, "expected uninstantiable, got '" + err + "'");
      }
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  Runner r;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--opt-level=", 0) == 0) r.opt_level = std::stoi(a.substr(12));
    else path = a;
  }
  if (path.empty()) {
    std::fprintf(stderr, "usage: akirac-jit-spec [--opt-level=N] SCRIPT.json\n");
    return 2;
  }
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  r.jit = cantFail(llvm::orc::LLJITBuilder().create());
  r.dir = path.substr(0, path.find_last_of('/'));
  std::ifstream f(path);
  json script = json::parse(f);
  r.run(script);
  std::printf("%s: %d passed, %d failed, %d skipped\n", path.c_str(), r.passed, r.failed, r.skipped);
  return r.failed ? 1 : 0;
}
