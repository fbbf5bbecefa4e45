// The AOT engine: every module is decoded and validated here (so malformed and invalid
// modules are classified as by the interpreter), compiled by the akirac binary and loaded
// as `akira run` loads a .aot (deploy::load_module_file) into one Store.
//   akirac: $AKIRA_AKIRAC, else next to this program, else on PATH.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "engine.h"
#include "spectest.h"
#include "runtime/instantiate.h"

namespace akira::wast {

#if AKIRA_HAVE_AOT
namespace {

Error tool_error(std::string msg) { return make_error(ErrorKind::Io, std::move(msg)); }

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  return q + "'";
}

std::string find_akirac() {
  if (const char* e = std::getenv("AKIRA_AKIRAC"); e && *e) return e;
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) {
    std::string dir(self, static_cast<size_t>(n));
    dir = dir.substr(0, dir.find_last_of('/') + 1);
    if (access((dir + "akirac").c_str(), X_OK) == 0) return dir + "akirac";
  }
  return "akirac";
}

class AotEngine final : public Engine {
 public:
  explicit AotEngine(std::string flags) : flags_(std::move(flags)), akirac_(find_akirac()) {}
  ~AotEngine() override {
    if (!dir_.empty()) {
      std::remove(out_path().c_str());
      rmdir(dir_.c_str());
    }
  }

  Status init() {
    char tmpl[] = "/tmp/akira-wast-aot-XXXXXX";
    if (!mkdtemp(tmpl)) return tool_error("cannot create a temporary directory");
    dir_ = tmpl;
    return define_spectest(store_, linker_);
  }

  Result<LoadedModule> load(const std::string& wasm_path) override {
    auto checked = read_checked_module(wasm_path);
    if (!checked.ok()) return checked.error();

    std::string cmd = quote(akirac_) + " " + flags_ + " -o " + quote(out_path()) + " " + quote(wasm_path) + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return tool_error("cannot run akirac");
    std::string output;
    char buf[512];
    while (size_t n = fread(buf, 1, sizeof buf, p)) output.append(buf, n);
    int st = pclose(p);
    if (st != 0) {
      while (!output.empty() && output.back() == '\n') output.pop_back();
      return make_error(ErrorKind::Unsupported, output.empty() ? "akirac failed" : output);
    }
    deploy::LoadOptions o;
    o.label = wasm_path;  // the .aot loader's errors name the module the script loads
    auto loaded = deploy::load_module_file(out_path(), o);
    if (!loaded.ok()) return loaded.error();
    if (!loaded.value()->aot) return tool_error("akirac did not write a .aot file");
    return std::move(*loaded.value());
  }

  Result<Instance*> instantiate(const LoadedModule& m, const std::string& name) override {
    return linker_.instantiate(store_, m.module, name, *m.code);
  }

  void register_instance(const std::string& as, const Instance& inst) override { linker_.define_instance(as, inst); }

  Result<TypedValues> invoke(Instance& inst, std::string_view field, const TypedValues& args) override {
    const Extern* e = inst.find_export(field);
    if (!e) return tool_error("unknown export \"" + std::string(field) + "\"");
    if (e->kind != ExternKind::Func || !e->ptr)
      return tool_error("export \"" + std::string(field) + "\" is not a function");
    FuncInst* f = e->func();
    if (args.types != f->type.params) return tool_error("arguments do not match " + f->type.to_string());
    auto r = store_.invoke(f, args.values);
    if (!r.ok()) return r.error();
    return TypedValues{f->type.results, std::move(r.value())};
  }

  Result<TypedValues> get(Instance& inst, std::string_view field) override {
    const Extern* e = inst.find_export(field);
    if (!e) return tool_error("unknown export \"" + std::string(field) + "\"");
    if (e->kind != ExternKind::Global || !e->ptr)
      return tool_error("export \"" + std::string(field) + "\" is not a global");
    GlobalInst* g = e->global();
    return TypedValues{{g->type.type}, {g->value}};
  }

 private:
  std::string out_path() const { return dir_ + "/module.aot"; }
  std::string flags_, akirac_, dir_;
  Store store_;
  Linker linker_;
};

}  // namespace

Result<std::unique_ptr<Engine>> make_aot_engine(const EngineOptions& opts) {
  auto e = std::make_unique<AotEngine>(opts.akirac_flags);
  AKIRA_TRY(e->init());
  return std::unique_ptr<Engine>(std::move(e));
}
#else
Result<std::unique_ptr<Engine>> make_aot_engine(const EngineOptions&) {
  return make_error(ErrorKind::Unsupported, "this runtime was built without AOT support");
}
#endif

}  // namespace akira::wast
