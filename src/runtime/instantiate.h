// Module instantiation and import resolution by name.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "runtime/engine.h"
#include "runtime/store.h"

namespace akira {

// Instantiates a decoded and validated module with imports given in import order.
// Checks import types ("incompatible import type"), allocates, lets `code` bind the
// instance's functions to the engine that runs them, initialises elements and data in
// the spec's order (a trap there leaves the already-written entries, as the spec says),
// then runs the start function.
Result<Instance*> instantiate(Store& store, std::shared_ptr<const Module> module, const std::vector<Extern>& imports,
                              std::string name, const ModuleCode& code);

// A name registry of externs: "module" + "name" -> Extern. Resolves a module's imports
// ("unknown import" when missing) and instantiates it.
class Linker {
 public:
  void define(std::string module, std::string name, Extern e);
  // Makes every export of `inst` importable under `module`.
  void define_instance(const std::string& module, const Instance& inst);
  const Extern* find(std::string_view module, std::string_view name) const;
  Result<std::vector<Extern>> resolve(const Module& m) const;
  Result<Instance*> instantiate(Store& store, std::shared_ptr<const Module> m, std::string name,
                                const ModuleCode& code);

 private:
  std::map<std::pair<std::string, std::string>, Extern, std::less<>> defs_;
};

}  // namespace akira
