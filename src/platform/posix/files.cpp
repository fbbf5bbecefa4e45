#include "platform/files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace akira::platform {

namespace {
Error io_error(std::string msg) { return make_error(ErrorKind::Io, std::move(msg)); }
}  // namespace

// One read() per 64 KiB into a vector sized from the file (an istreambuf_iterator costs
// ~35 instructions a byte, most of a small program's start-up).
Result<std::vector<uint8_t>> read_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error(path + ": cannot open");
  struct stat st;
  std::vector<uint8_t> b;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) b.reserve(static_cast<size_t>(st.st_size));
  size_t used = 0;
  for (;;) {
    uint8_t probe;
    bool full = used == b.size() && used != 0 && used == b.capacity();
    if (used == b.size() && !full) b.resize(std::max(b.capacity(), used + 65536));
    ssize_t n = full ? ::read(fd, &probe, 1) : ::read(fd, b.data() + used, b.size() - used);  // full: at EOF?
    if (n > 0 && full) b.push_back(probe);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return io_error(path + ": cannot read");
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  ::close(fd);
  b.resize(used);
  return b;
}

Result<std::vector<DirEntry>> list_directory(const std::string& path) {
  DIR* d = ::opendir(path.c_str());
  if (!d) return io_error(path + ": cannot open");
  std::vector<DirEntry> out;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    bool is_dir = false;
    if (e->d_type == DT_DIR) {
      is_dir = true;
    } else if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
      struct stat st;
      is_dir = ::stat((path + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    }
    out.push_back({std::move(name), is_dir});
  }
  ::closedir(d);
  std::sort(out.begin(), out.end(), [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

}  // namespace akira::platform
