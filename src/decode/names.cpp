#include "decode/names.h"

#include "decode/reader.h"

namespace akira::decode {

namespace {
constexpr uint8_t kFunctionNames = 1;
}

void read_name_section(Module& m, size_t begin, size_t end) {
  Reader r(m.bytes.data(), begin, end);
  std::vector<std::string> names;
  const uint32_t total = m.total_funcs();
  bool seen = false;
  while (r.ok() && !r.at_end()) {
    uint8_t id = r.u8();
    uint32_t size = r.len32();
    if (!r.ok() || size > r.remaining()) return;
    size_t sub_end = r.pos() + size;
    if (id != kFunctionNames || seen) {
      r.skip(size);
      continue;
    }
    seen = true;
    Reader s(m.bytes.data(), r.pos(), sub_end);
    uint32_t count = s.len32();
    // The index space bounds the table, whatever indices the section claims.
    for (uint32_t i = 0; i < count && s.ok(); ++i) {
      uint32_t index = s.u32();
      std::string name = s.name();
      if (!s.ok() || index >= total) return;
      if (names.size() <= index) names.resize(index + 1);
      names[index] = std::move(name);
    }
    if (!s.ok() || !s.at_end()) return;
    r.skip(size);
  }
  if (r.ok()) m.func_names = std::move(names);
}

}  // namespace akira::decode
