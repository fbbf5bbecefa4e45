// The app manifest: the JSON an app carries in a `.akira.manifest` custom section
// (docs/http-api.md) — its name, version, memory limit and the capabilities that gate
// host APIs. Parsing it is separate from running apps so that a bad manifest is a value
// to look at (and to test), not a side effect of starting an app.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/module.h"

namespace akira::service {

struct Manifest {
  bool present = false;
  std::string name, version;
  uint64_t max_memory = 0;  // bytes, 0 = the service default
  std::vector<std::string> capabilities;
  // What was wrong with it: not a JSON object, or a memory size that is not a byte size
  // ("-1", one that does not fit 64 bits, ...; the service default applies then).
  std::string error;

  // No manifest: the display, no file system.
  bool allows(std::string_view cap) const;
  nlohmann::json to_json() const;  // null when there is no manifest
};

// Parses the section's text (trailing NUL bytes ignored).
Manifest parse_manifest(std::string_view text);
// The module's manifest (the first `.akira.manifest` or `akira.manifest` section), or
// one with present = false.
Manifest read_manifest(const Module& m);

}  // namespace akira::service
