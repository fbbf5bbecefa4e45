// Module instantiation and import resolution by name.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "runtime/store.h"

namespace akira {

// Instantiates a decoded and validated module with imports given in import order.
// Checks import types ("incompatible import type"), allocates, initialises elements and
// data in the spec's order (a trap there leaves the already-written entries, as the spec
// says), then runs the start function.
Result<Instance*> instantiate(Store& store, std::shared_ptr<const Module> module,
                              const std::vector<Extern>& imports, std::string name = {});

// Same, with `prepare_code` instead of the interpreter's translation: called once the
// instance's functions, tables, memories and globals exist, before segments are
// initialised and the start function runs (the AOT loader binds native code here).
using PrepareCode = std::function<Status(Store&, Instance&)>;
Result<Instance*> instantiate(Store& store, std::shared_ptr<const Module> module,
                              const std::vector<Extern>& imports, std::string name,
                              const PrepareCode& prepare_code);

// A name registry of externs: "module" + "name" -> Extern. Resolves a module's imports
// ("unknown import" when missing) and instantiates it.
class Linker {
 public:
  void define(std::string module, std::string name, Extern e);
  // Makes every export of `inst` importable under `module`.
  void define_instance(const std::string& module, const Instance& inst);
  const Extern* find(std::string_view module, std::string_view name) const;
  Result<std::vector<Extern>> resolve(const Module& m) const;
  Result<Instance*> instantiate(Store& store, std::shared_ptr<const Module> m, std::string name = {},
                                const PrepareCode& prepare_code = nullptr);

 private:
  std::map<std::pair<std::string, std::string>, Extern, std::less<>> defs_;
};

}  // namespace akira
