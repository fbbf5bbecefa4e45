#include "deploy/pack.h"

#include <sodium.h>

#include <cstring>

#include "wasm/leb128.h"
#if AKIRA_HAVE_AOT
#include "aot/loader.h"
#endif

namespace akira::deploy {
namespace {

Error malformed(std::string msg) { return make_error(ErrorKind::Malformed, std::move(msg)); }

uint32_t le32(std::span<const uint8_t> b, size_t pos) {
  return uint32_t{b[pos]} | uint32_t{b[pos + 1]} << 8 | uint32_t{b[pos + 2]} << 16 | uint32_t{b[pos + 3]} << 24;
}

}  // namespace

std::vector<uint8_t> content_hash(std::span<const uint8_t> bytes) {
  std::vector<uint8_t> h(crypto_generichash_BYTES);
  crypto_generichash(h.data(), h.size(), bytes.data(), bytes.size(), nullptr, 0);
  return h;
}

std::string hex(std::span<const uint8_t> bytes) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (uint8_t b : bytes) {
    s += d[b >> 4];
    s += d[b & 15];
  }
  return s;
}

Result<std::vector<WasmSection>> wasm_sections(std::span<const uint8_t> wasm) {
  static const uint8_t kHeader[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
  if (wasm.size() < 8 || std::memcmp(wasm.data(), kHeader, 8) != 0)
    return malformed("not a WebAssembly module (bad magic or version)");
  std::vector<WasmSection> out;
  size_t pos = 8;
  while (pos < wasm.size()) {
    WasmSection s;
    s.start = pos;
    s.id = wasm[pos++];
    uint32_t size = 0;
    if (!read_uleb32(wasm, pos, size) || size > wasm.size() - pos)
      return malformed("section at offset " + std::to_string(s.start) + " runs past the end");
    s.end = pos + size;
    s.data = pos;
    if (s.id == 0) {
      uint32_t len = 0;
      if (!read_uleb32(wasm, s.data, len) || len > s.end - s.data)
        return malformed("custom section name at offset " + std::to_string(s.start) + " runs past the section");
      s.name.assign(reinterpret_cast<const char*>(wasm.data() + s.data), len);
      s.data += len;
    }
    pos = s.end;
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<PackedAot>> packed_aots(std::span<const uint8_t> wasm) {
  auto secs = wasm_sections(wasm);
  if (!secs.ok()) return secs.error();
  std::vector<PackedAot> out;
  for (const WasmSection& s : secs.value())
    if (s.id == 0 && s.name.starts_with(kAotSectionPrefix))
      out.push_back({s.name, wasm.subspan(s.data, s.end - s.data)});
  return out;
}

std::vector<uint8_t> without_packed_aots(std::span<const uint8_t> wasm) {
  auto secs = wasm_sections(wasm);
  if (!secs.ok()) return {wasm.begin(), wasm.end()};
  std::vector<uint8_t> out(wasm.begin(), wasm.begin() + 8);
  for (const WasmSection& s : secs.value())
    if (!(s.id == 0 && s.name.starts_with(kAotSectionPrefix)))
      out.insert(out.end(), wasm.begin() + s.start, wasm.begin() + s.end);
  return out;
}

Result<AotHeader> read_aot_header(std::span<const uint8_t> b) {
  static const uint8_t kAot[4] = {0, 'a', 'o', 't'};
  if (b.size() < 4 || std::memcmp(b.data(), kAot, 4) != 0) return malformed("not a .aot file (bad magic)");
  if (b.size() < 8 + 32) return malformed("malformed .aot file: truncated");
  AotHeader h;
  h.version = le32(b, 4);
  size_t body = b.size() - 32, pos = 8;
  bool have_target = false;
  while (pos + 8 <= body) {
    uint32_t id = le32(b, pos), size = le32(b, pos + 4);
    pos += 8;
    if (size > body - pos)
      return malformed("malformed .aot file: section " + std::to_string(id) + " runs past the end");
    std::span<const uint8_t> p = b.subspan(pos, size);
    pos += size;
    while (pos % 4) ++pos;
    if (id == 1) {
      size_t q = 0;
      std::string strs[3];
      for (std::string& s : strs) {
        if (q + 4 > p.size()) return malformed("malformed .aot file: truncated target section");
        uint32_t n = le32(p, q);
        q += 4;
        if (n > p.size() - q) return malformed("malformed .aot file: truncated target section");
        s.assign(reinterpret_cast<const char*>(p.data() + q), n);
        q += n;
      }
      h.arch = strs[0];
      h.requested_cpu = strs[2];
      have_target = true;
    } else if (id == 8) {
      h.source_hash.assign(p.begin(), p.end());
    }
  }
  if (!have_target) return malformed("malformed .aot file: no target section");
  return h;
}

std::string unusable_reason(std::span<const uint8_t> aot, const std::string& label,
                            std::span<const uint8_t> source_hash, std::string* arch) {
  if (auto h = read_aot_header(aot); h.ok() && arch) *arch = h.value().arch;
#if AKIRA_HAVE_AOT
  auto checked = aot::check(aot, label);
  if (!checked.ok()) return checked.error().message;
  const auto& got = checked.value().source_hash;
  if (!source_hash.empty() &&
      (got.size() != source_hash.size() || std::memcmp(got.data(), source_hash.data(), got.size()) != 0))
    return "compiled from a different module than the .wasm beside it (stale; recompile it)";
  return {};
#else
  (void)label;
  (void)source_hash;
  return "this runtime was built without AOT support";
#endif
}

Result<std::vector<uint8_t>> pack(std::span<const uint8_t> wasm, const std::vector<PackInput>& aots, bool strip_foreign,
                                  std::vector<std::string>* log) {
  auto existing = packed_aots(wasm);
  if (!existing.ok()) return existing.error();
  std::vector<uint8_t> out = without_packed_aots(wasm);
  const std::vector<uint8_t> source = content_hash(out);

  std::vector<std::pair<std::string, std::vector<uint8_t>>> sections;
  for (const PackedAot& p : existing.value())
    sections.emplace_back(p.section, std::vector<uint8_t>(p.bytes.begin(), p.bytes.end()));
  for (const PackInput& in : aots) {
    auto h = read_aot_header(in.bytes);
    if (!h.ok()) return make_error(ErrorKind::Malformed, in.label + ": " + h.error().message);
    if (h.value().source_hash != source)
      return make_error(ErrorKind::Invalid,
                        in.label + ": compiled from a different module (its source hash does not match)");
    sections.emplace_back(std::string(kAotSectionPrefix) + h.value().arch, in.bytes);
  }
  for (auto& [name, bytes] : sections) {
    std::string arch;
    if (strip_foreign) {
      std::string why = unusable_reason(bytes, name, source, &arch);
      if (!why.empty()) {
        if (log) log->push_back("dropped " + name + ": " + why);
        continue;
      }
    }
    if (log) log->push_back("packed " + name + " (" + std::to_string(bytes.size()) + " bytes)");
    std::vector<uint8_t> payload;
    write_uleb(payload, name.size());
    payload.insert(payload.end(), name.begin(), name.end());
    payload.insert(payload.end(), bytes.begin(), bytes.end());
    out.push_back(0);
    write_uleb(out, payload.size());
    out.insert(out.end(), payload.begin(), payload.end());
  }
  return out;
}

}  // namespace akira::deploy
