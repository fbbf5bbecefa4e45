#include "wasi/sandbox.h"

#include <atomic>
#include <cerrno>
#include <deque>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#if defined(__linux__)
#include <linux/openat2.h>
#include <sys/syscall.h>
#endif

namespace akira::wasi {
namespace {

std::atomic<bool> g_force_portable{false};
std::atomic<bool> g_openat2_missing{false};
constexpr int kMaxSymlinks = 40;

void split_into(std::string_view path, std::deque<std::string>& out, bool front) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = i;
    while (j < path.size() && path[j] != '/') ++j;
    if (j > i) parts.emplace_back(path.substr(i, j - i));
    i = j;
  }
  if (front) {
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) out.push_front(std::move(*it));
  } else {
    for (auto& p : parts) out.push_back(std::move(p));
  }
}

struct FdStack {
  std::vector<int> fds;
  ~FdStack() {
    for (int fd : fds) ::close(fd);
  }
};

// The portable resolver: one component at a time, never following a link without
// looking at it first.
int open_walk(int root, std::string_view path, int flags, mode_t mode, bool follow) {
  if (path.empty()) return -ENOENT;
  if (path[0] == '/') return -kEscape;
  std::deque<std::string> comps;
  split_into(path, comps, false);
  bool trailing = path.back() == '/';
  if (comps.empty()) comps.push_back(".");
  FdStack stack;
  auto cur = [&] { return stack.fds.empty() ? root : stack.fds.back(); };
  int links = 0;
  while (!comps.empty()) {
    std::string c = std::move(comps.front());
    comps.pop_front();
    bool last = comps.empty();
    if (c == ".") {
      if (!last) continue;
    } else if (c == "..") {
      if (stack.fds.empty()) return -kEscape;
      ::close(stack.fds.back());
      stack.fds.pop_back();
      if (!last) continue;
      c = ".";
    }
    bool final_follow = follow || trailing;
    if (c != "." && (!last || final_follow)) {
      int fd = ::openat(cur(), c.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) {
        int e = errno;
        if (!(last && e == ENOENT && (flags & O_CREAT))) return -e;
      } else {
        struct stat st;
        if (::fstat(fd, &st) != 0) {
          int e = errno;
          ::close(fd);
          return -e;
        }
        if (S_ISLNK(st.st_mode)) {
          char buf[4096];
          ssize_t n = ::readlinkat(fd, "", buf, sizeof buf);
          int e = errno;
          ::close(fd);
          if (n < 0) return -e;
          if (n == 0) return -ENOENT;
          if (static_cast<size_t>(n) >= sizeof buf) return -ENAMETOOLONG;
          if (++links > kMaxSymlinks) return -ELOOP;
          std::string_view target(buf, static_cast<size_t>(n));
          if (target[0] == '/') return -kEscape;
          size_t before = comps.size();
          split_into(target, comps, true);
          if (comps.size() == before) comps.push_front(".");
          continue;
        }
        if (!last) {
          if (!S_ISDIR(st.st_mode)) {
            ::close(fd);
            return -ENOTDIR;
          }
          stack.fds.push_back(fd);
          continue;
        }
        ::close(fd);
      }
    }
    int f = flags | O_CLOEXEC;
    if (trailing) {
      if (f & O_CREAT) return -EISDIR;
      f |= O_DIRECTORY;
    }
    if (c != ".") f |= O_NOFOLLOW;
    int fd = ::openat(cur(), c.c_str(), f, mode);
    if (fd < 0) return -errno;
    return fd;
  }
  return -ENOENT;
}

#if defined(__linux__) && defined(SYS_openat2)
int open_openat2(int dirfd, std::string_view path, int flags, mode_t mode, bool follow) {
  std::string p(path);
  struct open_how how {};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
  how.mode = ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (;;) {
    long r = ::syscall(SYS_openat2, dirfd, p.c_str(), &how, sizeof how);
    if (r >= 0) return static_cast<int>(r);
    if (errno == EINTR || errno == EAGAIN) continue;
    if (errno == EXDEV) return -kEscape;
    return -errno;
  }
}
#endif

}  // namespace

void set_force_portable_resolver(bool on) { g_force_portable = on; }

int open_beneath(int dirfd, std::string_view path, int flags, mode_t mode, bool follow) {
  if (path.empty()) return -ENOENT;
  if (path[0] == '/') return -kEscape;
  if (path.find('\0') != std::string_view::npos) return -EINVAL;
#if defined(__linux__) && defined(SYS_openat2)
  if (!g_force_portable && !g_openat2_missing) {
    int r = open_openat2(dirfd, path, flags, mode, follow);
    if (r != -ENOSYS && r != -EPERM) return r;  // EPERM: seccomp filters may deny it
    if (r == -ENOSYS) g_openat2_missing = true;
    if (r == -EPERM) {
      // A real EPERM (e.g. O_NOATIME) is returned the same way by openat; only fall
      // back when the syscall itself is filtered.
      struct open_how how {};
      if (::syscall(SYS_openat2, -1, "", &how, sizeof how) < 0 && errno == EPERM) {
        g_openat2_missing = true;
      } else {
        return r;
      }
    }
  }
#endif
  return open_walk(dirfd, path, flags, mode, follow);
}

ParentDir open_parent_beneath(int dirfd, std::string_view path) {
  ParentDir out;
  if (path.empty()) {
    out.err = ENOENT;
    return out;
  }
  if (path[0] == '/') {
    out.err = kEscape;
    return out;
  }
  if (path.find('\0') != std::string_view::npos) {
    out.err = EINVAL;
    return out;
  }
  size_t end = path.size();
  while (end > 0 && path[end - 1] == '/') --end;
  out.trailing_slash = end < path.size();
  std::string_view p = path.substr(0, end);
  size_t slash = p.rfind('/');
  std::string_view parent = slash == std::string_view::npos ? std::string_view(".") : p.substr(0, slash);
  if (parent.empty()) parent = ".";
  out.name = std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
  int fd = open_beneath(dirfd, parent, O_PATH | O_DIRECTORY, 0, true);
  if (fd >= 0 && out.name == "..") {
    // "x/.." names the parent's parent, which may lie above the root.
    int up = open_beneath(dirfd, p, O_PATH | O_DIRECTORY, 0, true);
    if (up == -kEscape) {
      ::close(fd);
      fd = -kEscape;
    } else if (up >= 0) {
      ::close(up);
    }
  }
  if (fd < 0) {
    out.err = -fd;
    return out;
  }
  out.fd = fd;
  return out;
}

}  // namespace akira::wasi
