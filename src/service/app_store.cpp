#include "service/app_store.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decode/decoder.h"
#include "deploy/load.h"
#if AKIRA_HAVE_AOT
#include "aot/format.h"
#endif

namespace akira::service {
namespace fs = std::filesystem;

namespace {

Error bad(std::string msg) { return make_error(ErrorKind::Malformed, std::move(msg)); }

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

// Architectures akirac can compile for (src/compile/target.cpp).
[[maybe_unused]] bool known_arch(std::string_view a) {
  static const char* const kArchs[] = {"x86_64",   "i386",      "aarch64", "armv7",   "thumbv7",
                                       "thumbv7m", "thumbv7em", "xtensa",  "riscv32", "riscv64"};
  for (const char* k : kArchs)
    if (a == k) return true;
  return false;
}

Status sync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return make_error(ErrorKind::Io, "cannot open " + dir.string() + ": " + std::strerror(errno));
  int r = ::fsync(fd);
  int e = errno;
  ::close(fd);
  if (r != 0) return make_error(ErrorKind::Io, "fsync " + dir.string() + ": " + std::strerror(e));
  return {};
}

}  // namespace

bool valid_app_name(std::string_view n) {
  if (n.empty() || n.size() > 64 || n[0] == '.' || n[0] == '-') return false;
  if (n.find("..") != std::string_view::npos) return false;
  for (char c : n) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<UploadTarget> classify_upload(std::string_view file_name, std::string_view name_field,
                                     const std::vector<uint8_t>& bytes, const std::vector<std::string>& existing) {
  // The file name itself must be a plain, visible base name: no path of any kind.
  if (file_name.empty()) return bad("the upload has no file name");
  if (file_name.find('\0') != std::string_view::npos || file_name.find('/') != std::string_view::npos ||
      file_name.find('\\') != std::string_view::npos || file_name[0] == '.' ||
      file_name.find("..") != std::string_view::npos)
    return bad("file name '" + std::string(file_name) + "' is not a plain file name");
  if (!name_field.empty() && !valid_app_name(name_field))
    return bad("app name '" + std::string(name_field) + "' is not allowed (letters, digits, '.', '_', '-')");

  UploadTarget t;
  static const uint8_t kWasm[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
  static const uint8_t kAot[4] = {0, 'a', 'o', 't'};
  if (ends_with(file_name, ".wasm")) {
    std::string stem(file_name.substr(0, file_name.size() - 5));
    t.name = name_field.empty() ? stem : std::string(name_field);
    if (bytes.size() < 8 || std::memcmp(bytes.data(), kWasm, 8) != 0)
      return bad("not a WebAssembly module (bad magic or version)");
    deploy::LoadOptions lo;
    lo.wasm_only = true;
    auto m = deploy::load_module(bytes, lo);  // decoded and validated as when it runs
    if (!m) return bad("not a valid WebAssembly module: " + m.error().describe());
  } else if (ends_with(file_name, ".aot")) {
    t.aot = true;
    std::string stem(file_name.substr(0, file_name.size() - 4));
    if (bytes.size() < 4 || std::memcmp(bytes.data(), kAot, 4) != 0) return bad("not an .aot file (bad magic)");
#if AKIRA_HAVE_AOT
    auto parsed = aot::parse_aot(bytes);
    if (!parsed) return bad("damaged .aot file: " + parsed.error().describe());
    t.arch = parsed.value().target.arch;
    if (!known_arch(t.arch)) return bad(".aot file for unknown architecture '" + t.arch + "'");
    {
      auto m = decode_module(std::vector<uint8_t>(parsed.value().wasm.begin(), parsed.value().wasm.end()));
      if (!m) return bad("the module inside the .aot file does not decode: " + m.error().describe());
    }
#else
    return bad("this runtime was built without AOT support");
#endif
    // NAME_<suffix>: the app is the `name` field, else the longest installed app name
    // followed by '_', else what precedes the first '_'. Without a suffix, the
    // architecture inside the file becomes the suffix.
    std::string suffix;
    if (!name_field.empty()) {
      t.name = std::string(name_field);
      suffix = stem.rfind(t.name + "_", 0) == 0 ? stem.substr(t.name.size() + 1) : t.arch;
    } else {
      std::string best;
      for (const std::string& e : existing)
        if (e.size() > best.size() && stem.size() > e.size() + 1 && stem.rfind(e + "_", 0) == 0) best = e;
      if (best.empty()) {
        size_t us = stem.find('_');
        best = us == std::string::npos ? stem : stem.substr(0, us);
      }
      t.name = best;
      suffix = stem.size() > best.size() + 1 ? stem.substr(best.size() + 1) : t.arch;
    }
    if (suffix.empty() || !valid_app_name(suffix)) return bad("bad .aot suffix '" + suffix + "'");
    t.file_name = t.name + "_" + suffix + ".aot";
  } else {
    return bad("file name '" + std::string(file_name) + "' must end in .wasm or .aot");
  }
  if (!valid_app_name(t.name)) return bad("app name '" + t.name + "' is not allowed (letters, digits, '.', '_', '-')");
  if (!t.aot) t.file_name = t.name + ".wasm";
  return t;
}

Status write_atomic(const fs::path& dir, const std::string& file, const std::vector<uint8_t>& bytes) {
  std::error_code ec;
  bool created = fs::create_directories(dir, ec);
  if (ec) return make_error(ErrorKind::Io, "cannot create " + dir.string() + ": " + ec.message());
  if (created) AKIRA_TRY(sync_dir(dir.parent_path()));
  std::string tmpl = (dir / ".upload-XXXXXX").string();
  int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0)
    return make_error(ErrorKind::Io, "cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno));
  auto fail = [&](const char* what) {
    int e = errno;
    ::close(fd);
    ::unlink(tmpl.c_str());
    return make_error(ErrorKind::Io, std::string(what) + ": " + std::strerror(e));
  };
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("write");
    off += size_t(n);
  }
  if (::fchmod(fd, 0644) != 0) return fail("chmod");
  if (::fsync(fd) != 0) return fail("fsync");
  if (::close(fd) != 0) {
    int e = errno;
    ::unlink(tmpl.c_str());
    return make_error(ErrorKind::Io, std::string("close: ") + std::strerror(e));
  }
  if (::rename(tmpl.c_str(), (dir / file).c_str()) != 0) {
    int e = errno;
    ::unlink(tmpl.c_str());
    return make_error(ErrorKind::Io, std::string("rename: ") + std::strerror(e));
  }
  return sync_dir(dir);
}

void clean_temporaries(const fs::path& store) {
  std::error_code ec;
  for (const auto& d : fs::directory_iterator(store, ec)) {
    if (!d.is_directory(ec)) continue;
    for (const auto& f : fs::directory_iterator(d.path(), ec))
      if (f.path().filename().string().rfind(".upload-", 0) == 0) fs::remove(f.path(), ec);
  }
}

std::vector<std::string> app_files(const fs::path& store, const std::string& name) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& f : fs::directory_iterator(store / name, ec)) {
    std::string n = f.path().filename().string();
    if (n[0] == '.' || !f.is_regular_file(ec)) continue;
    if (n == name + ".wasm" || (ends_with(n, ".aot") && n.rfind(name + "_", 0) == 0)) out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> list_apps(const fs::path& store) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& d : fs::directory_iterator(store, ec)) {
    std::string n = d.path().filename().string();
    if (!valid_app_name(n) || !d.is_directory(ec)) continue;
    if (!app_files(store, n).empty()) out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace akira::service
