#include "service/manifest.h"

#include <algorithm>

#include "common/byte_size.h"

namespace akira::service {
using json = nlohmann::json;

namespace {

// A byte size: a JSON unsigned number, or a string with an optional K/M/G suffix
// (common/byte_size.h). nullopt for anything else.
std::optional<uint64_t> byte_size(const json& v) {
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  if (v.is_string()) return parse_byte_size(v.get<std::string>());
  return std::nullopt;
}

}  // namespace

bool Manifest::allows(std::string_view cap) const {
  if (!present) return cap == "display";
  return std::find(capabilities.begin(), capabilities.end(), cap) != capabilities.end();
}

json Manifest::to_json() const {
  if (!present) return nullptr;
  json j{{"name", name}, {"version", version}, {"capabilities", capabilities}};
  if (max_memory) j["max_memory"] = max_memory;
  if (!error.empty()) j["error"] = error;
  return j;
}

Manifest parse_manifest(std::string_view text) {
  Manifest mf;
  mf.present = true;
  // C strings embedded with a section attribute end in NUL bytes.
  while (!text.empty() && text.back() == '\0') text.remove_suffix(1);
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    mf.error = "manifest is not a JSON object";
    return mf;
  }
  if (j.contains("name") && j["name"].is_string()) mf.name = j["name"];
  if (j.contains("version") && j["version"].is_string()) mf.version = j["version"];
  for (const char* key : {"memory", "max_memory"}) {  // max_memory wins when both are set
    if (!j.contains(key)) continue;
    if (auto n = byte_size(j[key])) {
      mf.max_memory = *n;
    } else {
      mf.max_memory = 0;
      mf.error = std::string(key) + ": bad size " + j[key].dump();
    }
  }
  if (j.contains("capabilities") && j["capabilities"].is_array())
    for (const json& c : j["capabilities"])
      if (c.is_string()) mf.capabilities.push_back(c);
  return mf;
}

Manifest read_manifest(const Module& m) {
  for (const CustomSection& c : m.customs) {
    if (c.name != ".akira.manifest" && c.name != "akira.manifest") continue;
    return parse_manifest(std::string_view(reinterpret_cast<const char*>(m.bytes.data()) + c.data_offset, c.data_size));
  }
  return {};
}

}  // namespace akira::service
