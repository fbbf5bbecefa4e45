#include "wasi/wasi.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <optional>
#include <poll.h>
#include <sched.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasi/abi.h"
#include "wasi/sandbox.h"

namespace akira {

using namespace wasi;

namespace {

// Guest linear memory with bounds-checked accessors.
struct Mem {
  uint8_t* data = nullptr;
  uint64_t size = 0;
  bool ok(uint32_t ptr, uint64_t len) const { return static_cast<uint64_t>(ptr) + len <= size && (len == 0 || data); }
  template <class T> T ld(uint32_t ptr) const {
    T v;
    std::memcpy(&v, data + ptr, sizeof v);
    return v;
  }
  template <class T> void st(uint32_t ptr, T v) { std::memcpy(data + ptr, &v, sizeof v); }
  // Checks [ptr, ptr+len) and that it holds no NUL (paths).
  bool str(uint32_t ptr, uint32_t len, std::string& out) const {
    if (!ok(ptr, len)) return false;
    out.assign(reinterpret_cast<const char*>(data) + ptr, len);
    return true;
  }
};

Errno host_err(int e) { return e == kEscape ? kNotCapable : errno_from_host(e); }
Errno last_err() { return errno_from_host(errno); }

uint8_t filetype_of(mode_t m) {
  if (S_ISREG(m)) return kFiletypeRegularFile;
  if (S_ISDIR(m)) return kFiletypeDirectory;
  if (S_ISCHR(m)) return kFiletypeCharacterDevice;
  if (S_ISBLK(m)) return kFiletypeBlockDevice;
  if (S_ISLNK(m)) return kFiletypeSymbolicLink;
  if (S_ISSOCK(m)) return kFiletypeSocketStream;
  return kFiletypeUnknown;
}

uint64_t ts(const struct timespec& t) {
  return static_cast<uint64_t>(t.tv_sec) * 1000000000ull + static_cast<uint64_t>(t.tv_nsec);
}

void put_filestat(Mem& m, uint32_t p, const struct stat& st) {
  std::memset(m.data + p, 0, layout::kFilestatSize);
  m.st<uint64_t>(p + 0, st.st_dev);
  m.st<uint64_t>(p + 8, st.st_ino);
  m.st<uint8_t>(p + 16, filetype_of(st.st_mode));
  m.st<uint64_t>(p + 24, st.st_nlink);
  m.st<uint64_t>(p + 32, static_cast<uint64_t>(st.st_size));
  m.st<uint64_t>(p + 40, ts(st.st_atim));
  m.st<uint64_t>(p + 48, ts(st.st_mtim));
  m.st<uint64_t>(p + 56, ts(st.st_ctim));
}

bool clock_of(uint32_t id, clockid_t& out) {
  switch (id) {
    case kClockRealtime: out = CLOCK_REALTIME; return true;
    case kClockMonotonic: out = CLOCK_MONOTONIC; return true;
    case kClockProcessCputime: out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case kClockThreadCputime: out = CLOCK_THREAD_CPUTIME_ID; return true;
  }
  return false;
}

struct DirEntry {
  std::string name;
  uint64_t ino = 0;
  uint8_t type = kFiletypeUnknown;
};

struct FdEntry {
  int host = -1;
  bool owned = true;
  uint8_t filetype = kFiletypeUnknown;
  // Checked by every operation on the fd (a missing right gives ENOTCAPABLE); they can
  // only shrink (fd_fdstat_set_rights). The inheriting rights bound the base and
  // inheriting rights of what path_open opens through a directory.
  uint64_t rights_base = 0;
  uint64_t rights_inheriting = 0;
  std::optional<std::string> preopen;  // guest name of a preopened directory
  std::vector<DirEntry> dir_cache;
  bool dir_cache_valid = false;
};

}  // namespace

struct WasiContext::Impl {
  WasiOptions opts;
  std::map<uint32_t, FdEntry> fds;

  ~Impl() {
    for (auto& [n, e] : fds)
      if (e.owned && e.host >= 0) ::close(e.host);
  }

  FdEntry* get(uint32_t fd) {
    auto it = fds.find(fd);
    return it == fds.end() ? nullptr : &it->second;
  }
  // The entry for `fd` if it holds every right in `need`: EBADF if there is no such
  // fd, ENOTCAPABLE if a right is missing.
  FdEntry* get(uint32_t fd, uint64_t need, Errno& err) {
    FdEntry* e = get(fd);
    if (!e) {
      err = kBadf;
      return nullptr;
    }
    if ((e->rights_base & need) != need) {
      err = kNotCapable;
      return nullptr;
    }
    return e;
  }
  uint32_t alloc_fd() {
    uint32_t n = 0;
    for (auto& [k, v] : fds) {
      if (k != n) break;
      ++n;
    }
    return n;
  }
  // A directory fd holding the rights `need`. ENOTDIR comes before ENOTCAPABLE: a file
  // never holds path rights, and "not a directory" is the useful answer.
  FdEntry* dir(uint32_t fd, uint64_t need, Errno& err) {
    FdEntry* e = get(fd);
    if (!e) {
      err = kBadf;
      return nullptr;
    }
    if (e->filetype != kFiletypeDirectory) {
      err = kNotDir;
      return nullptr;
    }
    if ((e->rights_base & need) != need) {
      err = kNotCapable;
      return nullptr;
    }
    return e;
  }

  // ---- args / environ ----
  static Errno sizes(Mem& m, const std::vector<std::string>& v, uint32_t count_ptr, uint32_t size_ptr) {
    if (!m.ok(count_ptr, 4) || !m.ok(size_ptr, 4)) return kFault;
    uint64_t total = 0;
    for (auto& s : v) total += s.size() + 1;
    m.st<uint32_t>(count_ptr, static_cast<uint32_t>(v.size()));
    m.st<uint32_t>(size_ptr, static_cast<uint32_t>(total));
    return kSuccess;
  }
  static Errno strings(Mem& m, const std::vector<std::string>& v, uint32_t ptrs, uint32_t buf) {
    uint64_t total = 0;
    for (auto& s : v) total += s.size() + 1;
    if (!m.ok(ptrs, 4ull * v.size()) || !m.ok(buf, total)) return kFault;
    uint32_t p = buf;
    for (size_t i = 0; i < v.size(); ++i) {
      m.st<uint32_t>(ptrs + 4 * static_cast<uint32_t>(i), p);
      std::memcpy(m.data + p, v[i].data(), v[i].size());
      m.data[p + v[i].size()] = 0;
      p += static_cast<uint32_t>(v[i].size() + 1);
    }
    return kSuccess;
  }
  Errno args_get(Mem& m, const Value* a) { return strings(m, opts.args, a[0].i32, a[1].i32); }
  Errno args_sizes_get(Mem& m, const Value* a) { return sizes(m, opts.args, a[0].i32, a[1].i32); }
  Errno environ_get(Mem& m, const Value* a) { return strings(m, opts.env, a[0].i32, a[1].i32); }
  Errno environ_sizes_get(Mem& m, const Value* a) { return sizes(m, opts.env, a[0].i32, a[1].i32); }

  // ---- clocks, random, scheduling ----
  Errno clock_res_get(Mem& m, const Value* a) {
    clockid_t c;
    if (!clock_of(a[0].i32, c)) return kInval;
    if (!m.ok(a[1].i32, 8)) return kFault;
    struct timespec t;
    if (clock_getres(c, &t) != 0) return last_err();
    m.st<uint64_t>(a[1].i32, ts(t));
    return kSuccess;
  }
  Errno clock_time_get(Mem& m, const Value* a) {
    clockid_t c;
    if (!clock_of(a[0].i32, c)) return kInval;
    if (!m.ok(a[2].i32, 8)) return kFault;
    struct timespec t;
    if (clock_gettime(c, &t) != 0) return last_err();
    m.st<uint64_t>(a[2].i32, ts(t));
    return kSuccess;
  }
  Errno random_get(Mem& m, const Value* a) {
    uint32_t buf = a[0].i32, len = a[1].i32;
    if (!m.ok(buf, len)) return kFault;
    uint32_t done = 0;
    while (done < len) {
      ssize_t n = ::getrandom(m.data + buf + done, len - done, 0);
      if (n < 0) {
        if (errno == EINTR) continue;
        return last_err();
      }
      done += static_cast<uint32_t>(n);
    }
    return kSuccess;
  }
  Errno sched_yield(Mem&, const Value*) {
    ::sched_yield();
    return kSuccess;
  }

  // ---- fd operations ----
  // Reads an iovec array into host iovecs, checking every buffer.
  static Errno iovecs(Mem& m, uint32_t iovs, uint32_t n, std::vector<struct iovec>& out) {
    if (!m.ok(iovs, uint64_t{n} * layout::kIovecSize)) return kFault;
    out.clear();
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t buf = m.ld<uint32_t>(iovs + i * 8), len = m.ld<uint32_t>(iovs + i * 8 + 4);
      if (!m.ok(buf, len)) return kFault;
      if (len == 0) continue;
      if (out.size() == IOV_MAX) break;  // a short transfer is allowed
      out.push_back({m.data + buf, len});
    }
    return kSuccess;
  }
  template <class F> Errno transfer(Mem& m, const Value* a, uint32_t result_ptr, uint64_t need, F&& op) {
    Errno err = kSuccess;
    FdEntry* e = get(a[0].i32, need, err);
    if (!e) return err;
    if (!m.ok(result_ptr, 4)) return kFault;
    std::vector<struct iovec> v;
    if (Errno err = iovecs(m, a[1].i32, a[2].i32, v)) return err;
    ssize_t n = 0;
    if (!v.empty()) {
      do n = op(e->host, v.data(), static_cast<int>(v.size()));
      while (n < 0 && errno == EINTR);
      if (n < 0) return e->filetype == kFiletypeDirectory && errno == EISDIR ? kIsDir : last_err();
    }
    m.st<uint32_t>(result_ptr, static_cast<uint32_t>(n));
    return kSuccess;
  }
  Errno fd_read(Mem& m, const Value* a) {
    return transfer(m, a, a[3].i32, kRightFdRead, [](int fd, const iovec* v, int n) { return ::readv(fd, v, n); });
  }
  Errno fd_write(Mem& m, const Value* a) {
    return transfer(m, a, a[3].i32, kRightFdWrite, [](int fd, const iovec* v, int n) { return ::writev(fd, v, n); });
  }
  Errno fd_pread(Mem& m, const Value* a) {
    off_t off = static_cast<off_t>(a[3].i64);
    if (a[3].i64 > static_cast<uint64_t>(INT64_MAX)) return kInval;
    // Positioned I/O needs fd_seek too (the witx: "if fd_seek is set, includes fd_pread").
    return transfer(m, a, a[4].i32, kRightFdRead | kRightFdSeek,
                    [off](int fd, const iovec* v, int n) { return ::preadv(fd, v, n, off); });
  }
  Errno fd_pwrite(Mem& m, const Value* a) {
    off_t off = static_cast<off_t>(a[3].i64);
    if (a[3].i64 > static_cast<uint64_t>(INT64_MAX)) return kInval;
    return transfer(m, a, a[4].i32, kRightFdWrite | kRightFdSeek,
                    [off](int fd, const iovec* v, int n) { return ::pwritev(fd, v, n, off); });
  }
  // fd_seek implies fd_tell; fd_tell alone allows only the seek that moves nothing.
  static bool may_seek(const FdEntry& e, bool tell_only) {
    return (e.rights_base & kRightFdSeek) || (tell_only && (e.rights_base & kRightFdTell));
  }
  Errno fd_seek(Mem& m, const Value* a) {
    FdEntry* e = get(a[0].i32);
    if (!e) return kBadf;
    if (!may_seek(*e, a[2].i32 == kWhenceCur && a[1].i64 == 0)) return kNotCapable;
    uint32_t out = a[3].i32;
    if (!m.ok(out, 8)) return kFault;
    int whence;
    switch (a[2].i32) {
      case kWhenceSet: whence = SEEK_SET; break;
      case kWhenceCur: whence = SEEK_CUR; break;
      case kWhenceEnd: whence = SEEK_END; break;
      default: return kInval;
    }
    if (e->filetype == kFiletypeDirectory) return kBadf;
    off_t r = ::lseek(e->host, static_cast<off_t>(a[1].i64), whence);
    if (r < 0) return last_err();
    m.st<uint64_t>(out, static_cast<uint64_t>(r));
    return kSuccess;
  }
  Errno fd_tell(Mem& m, const Value* a) {
    FdEntry* e = get(a[0].i32);
    if (!e) return kBadf;
    if (!may_seek(*e, true)) return kNotCapable;
    if (!m.ok(a[1].i32, 8)) return kFault;
    if (e->filetype == kFiletypeDirectory) return kBadf;
    off_t r = ::lseek(e->host, 0, SEEK_CUR);
    if (r < 0) return last_err();
    m.st<uint64_t>(a[1].i32, static_cast<uint64_t>(r));
    return kSuccess;
  }
  Errno fd_close(Mem&, const Value* a) {
    auto it = fds.find(a[0].i32);
    if (it == fds.end()) return kBadf;
    if (it->second.owned) ::close(it->second.host);
    fds.erase(it);
    return kSuccess;
  }
  Errno fd_fdstat_get(Mem& m, const Value* a) {
    FdEntry* e = get(a[0].i32);
    if (!e) return kBadf;
    uint32_t p = a[1].i32;
    if (!m.ok(p, layout::kFdstatSize)) return kFault;
    int fl = ::fcntl(e->host, F_GETFL);
    if (fl < 0) return last_err();
    uint16_t flags = 0;
    if (fl & O_APPEND) flags |= kFdflagAppend;
    if (fl & O_NONBLOCK) flags |= kFdflagNonblock;
    if ((fl & O_SYNC) == O_SYNC)
      flags |= kFdflagSync;
    else if (fl & O_DSYNC)
      flags |= kFdflagDsync;
    std::memset(m.data + p, 0, layout::kFdstatSize);
    m.st<uint8_t>(p, e->filetype);
    m.st<uint16_t>(p + 2, flags);
    m.st<uint64_t>(p + 8, e->rights_base);
    m.st<uint64_t>(p + 16, e->rights_inheriting);
    return kSuccess;
  }
  Errno fd_fdstat_set_flags(Mem&, const Value* a) {
    Errno err = kSuccess;
    FdEntry* e = get(a[0].i32, kRightFdFdstatSetFlags, err);
    if (!e) return err;
    uint32_t f = a[1].i32 & 0xFFFF;
    if (f & (kFdflagDsync | kFdflagRsync | kFdflagSync)) return kNotSup;
    int fl = ::fcntl(e->host, F_GETFL);
    if (fl < 0) return last_err();
    fl &= ~(O_APPEND | O_NONBLOCK);
    if (f & kFdflagAppend) fl |= O_APPEND;
    if (f & kFdflagNonblock) fl |= O_NONBLOCK;
    if (::fcntl(e->host, F_SETFL, fl) != 0) return last_err();
    return kSuccess;
  }
  Errno fd_fdstat_set_rights(Mem&, const Value* a) {
    FdEntry* e = get(a[0].i32);
    if (!e) return kBadf;
    uint64_t base = a[1].i64, inh = a[2].i64;
    if ((base & ~e->rights_base) || (inh & ~e->rights_inheriting)) return kNotCapable;
    e->rights_base = base;
    e->rights_inheriting = inh;
    return kSuccess;
  }
  Errno fd_filestat_get(Mem& m, const Value* a) {
    Errno err = kSuccess;
    FdEntry* e = get(a[0].i32, kRightFdFilestatGet, err);
    if (!e) return err;
    if (!m.ok(a[1].i32, layout::kFilestatSize)) return kFault;
    struct stat st;
    if (::fstat(e->host, &st) != 0) return last_err();
    put_filestat(m, a[1].i32, st);
    return kSuccess;
  }
  Errno fd_filestat_set_size(Mem&, const Value* a) {
    Errno err = kSuccess;
    FdEntry* e = get(a[0].i32, kRightFdFilestatSetSize, err);
    if (!e) return err;
    if (a[1].i64 > static_cast<uint64_t>(INT64_MAX)) return kInval;
    if (::ftruncate(e->host, static_cast<off_t>(a[1].i64)) != 0) return last_err();
    return kSuccess;
  }
  static bool times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec out[2]) {
    if (((fst & kFstAtim) && (fst & kFstAtimNow)) || ((fst & kFstMtim) && (fst & kFstMtimNow))) return false;
    auto one = [](uint64_t v, bool set, bool now, struct timespec& t) {
      if (now) {
        t.tv_sec = 0;
        t.tv_nsec = UTIME_NOW;
      } else if (set) {
        t.tv_sec = static_cast<time_t>(v / 1000000000ull);
        t.tv_nsec = static_cast<long>(v % 1000000000ull);
      } else {
        t.tv_sec = 0;
        t.tv_nsec = UTIME_OMIT;
      }
    };
    one(atim, fst & kFstAtim, fst & kFstAtimNow, out[0]);
    one(mtim, fst & kFstMtim, fst & kFstMtimNow, out[1]);
    return true;
  }
  Errno fd_filestat_set_times(Mem&, const Value* a) {
    Errno err = kSuccess;
    FdEntry* e = get(a[0].i32, kRightFdFilestatSetTimes, err);
    if (!e) return err;
    struct timespec t[2];
    if (!times(a[1].i64, a[2].i64, a[3].i32, t)) return kInval;
    if (::futimens(e->host, t) != 0) return last_err();
    return kSuccess;
  }
  Errno fd_sync(Mem&, const Value* a) {
    Errno err = kSuccess;
    FdEntry* e = get(a[0].i32, kRightFdSync, err);
    if (!e) return err;
    if (::fsync(e->host) != 0) return last_err();
    return kSuccess;
  }
  Errno fd_datasync(Mem&, const Value* a) {
    Errno err = kSuccess;
    FdEntry* e = get(a[0].i32, kRightFdDatasync, err);
    if (!e) return err;
    if (::fdatasync(e->host) != 0) return last_err();
    return kSuccess;
  }
  Errno fd_advise(Mem&, const Value* a) {
    Errno err = kSuccess;
    FdEntry* e = get(a[0].i32, kRightFdAdvise, err);
    if (!e) return err;
    static const int map[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                              POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
    uint32_t adv = a[3].i32;
    if (adv > 5) return kInval;
    if (e->filetype == kFiletypeDirectory) return kBadf;
    int r = ::posix_fadvise(e->host, static_cast<off_t>(a[1].i64), static_cast<off_t>(a[2].i64), map[adv]);
    if (r == ESPIPE) return kSpipe;
    return r == 0 ? kSuccess : errno_from_host(r);
  }
  Errno fd_allocate(Mem&, const Value* a) {
    Errno err = kSuccess;
    FdEntry* e = get(a[0].i32, kRightFdAllocate, err);
    if (!e) return err;
    if (a[1].i64 > static_cast<uint64_t>(INT64_MAX) || a[2].i64 > static_cast<uint64_t>(INT64_MAX)) return kInval;
    int r = ::posix_fallocate(e->host, static_cast<off_t>(a[1].i64), static_cast<off_t>(a[2].i64));
    return r == 0 ? kSuccess : errno_from_host(r);
  }
  Errno fd_prestat_get(Mem& m, const Value* a) {
    FdEntry* e = get(a[0].i32);
    if (!e || !e->preopen) return kBadf;
    if (!m.ok(a[1].i32, layout::kPrestatSize)) return kFault;
    std::memset(m.data + a[1].i32, 0, layout::kPrestatSize);
    m.st<uint8_t>(a[1].i32, kPreopenDir);
    m.st<uint32_t>(a[1].i32 + 4, static_cast<uint32_t>(e->preopen->size()));
    return kSuccess;
  }
  Errno fd_prestat_dir_name(Mem& m, const Value* a) {
    FdEntry* e = get(a[0].i32);
    if (!e || !e->preopen) return kBadf;
    uint32_t p = a[1].i32, len = a[2].i32;
    if (!m.ok(p, len)) return kFault;
    if (len < e->preopen->size()) return kNameTooLong;
    std::memcpy(m.data + p, e->preopen->data(), e->preopen->size());
    return kSuccess;
  }
  Errno fd_renumber(Mem&, const Value* a) {
    uint32_t from = a[0].i32, to = a[1].i32;
    auto f = fds.find(from);
    if (f == fds.end()) return kBadf;
    if (from == to) return kSuccess;
    auto t = fds.find(to);
    if (t == fds.end()) return kBadf;
    if (t->second.owned) ::close(t->second.host);
    t->second = std::move(f->second);
    fds.erase(f);
    return kSuccess;
  }
  Errno load_dir(FdEntry& e) {
    e.dir_cache.clear();
    e.dir_cache_valid = false;
    int fd = ::openat(e.host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return last_err();
    DIR* d = ::fdopendir(fd);
    if (!d) {
      Errno err = last_err();
      ::close(fd);
      return err;
    }
    errno = 0;
    while (struct dirent* de = ::readdir(d)) {
      DirEntry x;
      x.name = de->d_name;
      x.ino = de->d_ino;
      switch (de->d_type) {
        case DT_DIR: x.type = kFiletypeDirectory; break;
        case DT_REG: x.type = kFiletypeRegularFile; break;
        case DT_LNK: x.type = kFiletypeSymbolicLink; break;
        case DT_CHR: x.type = kFiletypeCharacterDevice; break;
        case DT_BLK: x.type = kFiletypeBlockDevice; break;
        case DT_SOCK: x.type = kFiletypeSocketStream; break;
        case DT_UNKNOWN: {
          struct stat st;
          if (::fstatat(::dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) x.type = filetype_of(st.st_mode);
          break;
        }
        default: x.type = kFiletypeUnknown;
      }
      e.dir_cache.push_back(std::move(x));
    }
    ::closedir(d);
    e.dir_cache_valid = true;
    return kSuccess;
  }
  Errno fd_readdir(Mem& m, const Value* a) {
    Errno err = kSuccess;
    FdEntry* e = dir(a[0].i32, kRightFdReaddir, err);
    if (!e) return err;
    uint32_t buf = a[1].i32, len = a[2].i32, used_ptr = a[4].i32;
    uint64_t cookie = a[3].i64;
    if (!m.ok(buf, len) || !m.ok(used_ptr, 4)) return kFault;
    if (cookie == 0 || !e->dir_cache_valid)
      if (Errno r = load_dir(*e)) return r;
    uint32_t used = 0;
    for (uint64_t i = cookie; i < e->dir_cache.size() && used < len; ++i) {
      const DirEntry& d = e->dir_cache[i];
      uint8_t hdr[layout::kDirentSize] = {};
      uint64_t next = i + 1, ino = d.ino;
      uint32_t namlen = static_cast<uint32_t>(d.name.size());
      std::memcpy(hdr, &next, 8);
      std::memcpy(hdr + 8, &ino, 8);
      std::memcpy(hdr + 16, &namlen, 4);
      hdr[20] = d.type;
      uint32_t n = std::min<uint32_t>(layout::kDirentSize, len - used);
      std::memcpy(m.data + buf + used, hdr, n);
      used += n;
      n = std::min<uint32_t>(namlen, len - used);
      std::memcpy(m.data + buf + used, d.name.data(), n);
      used += n;
    }
    m.st<uint32_t>(used_ptr, used);
    return kSuccess;
  }

  // ---- paths ----
  Errno path_arg(Mem& m, uint32_t ptr, uint32_t len, std::string& out) {
    if (!m.str(ptr, len, out)) return kFault;
    if (out.find('\0') != std::string::npos) return kInval;
    return kSuccess;
  }

  Errno path_open(Mem& m, const Value* a) {
    uint32_t lookup = a[1].i32, oflags = a[4].i32 & 0xFFFF, fdflags = a[7].i32 & 0xFFFF, out = a[8].i32;
    // Creating and truncating are rights of the directory (path_create_file,
    // path_filestat_set_size), not of the file opened.
    uint64_t need = kRightPathOpen;
    if (oflags & kOflagCreat) need |= kRightPathCreateFile;
    if (oflags & kOflagTrunc) need |= kRightPathFilestatSetSize;
    Errno err = kSuccess;
    FdEntry* d = dir(a[0].i32, need, err);
    if (!d) return err;
    // What is asked beyond the directory's inheriting rights is not granted (not an
    // error: wasi-libc asks for everything a mode could use).
    uint64_t base = a[5].i64 & d->rights_inheriting, inh = a[6].i64 & d->rights_inheriting;
    if (!m.ok(out, 4)) return kFault;
    std::string path;
    if (Errno r = path_arg(m, a[2].i32, a[3].i32, path)) return r;

    // The host open mode follows the rights granted. A directory asked for writing is
    // opened for writing too, so that the kernel answers EISDIR as POSIX open() does.
    bool want_read = base & (kRightFdRead | kRightFdReaddir);
    bool want_write = base & (kRightFdDatasync | kRightFdWrite | kRightFdAllocate | kRightFdFilestatSetSize);
    int flags = want_write ? (want_read ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (oflags & kOflagDirectory) flags |= O_DIRECTORY;
    if (oflags & kOflagCreat) flags |= O_CREAT;
    if (oflags & kOflagExcl) flags |= O_EXCL;
    if (oflags & kOflagTrunc) flags |= O_TRUNC;
    if (fdflags & kFdflagAppend) flags |= O_APPEND;
    if (fdflags & kFdflagNonblock) flags |= O_NONBLOCK;
    if (fdflags & kFdflagDsync) flags |= O_DSYNC;
    if (fdflags & kFdflagSync) flags |= O_SYNC;
    if (fdflags & kFdflagRsync) flags |= O_RSYNC;
    int fd = open_beneath(d->host, path, flags, 0666, lookup & kLookupSymlinkFollow);
    if (fd < 0) return host_err(-fd);
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      Errno r = last_err();
      ::close(fd);
      return r;
    }
    FdEntry e;
    e.host = fd;
    e.filetype = filetype_of(st.st_mode);
    // A directory cannot be read, written or sought; a file has no path rights.
    e.rights_base = base & (e.filetype == kFiletypeDirectory ? kRightsDirectoryBase : kRightsRegularFileBase);
    e.rights_inheriting = inh;
    uint32_t n = alloc_fd();
    fds[n] = std::move(e);
    m.st<uint32_t>(out, n);
    return kSuccess;
  }

  // Opens the parent of `path` beneath directory fd `dirfd`, which must hold `need`.
  Errno parent(Mem& m, uint32_t dirfd, uint64_t need, uint32_t ptr, uint32_t len, ParentDir& out) {
    Errno err = kSuccess;
    FdEntry* d = dir(dirfd, need, err);
    if (!d) return err;
    std::string path;
    if (Errno r = path_arg(m, ptr, len, path)) return r;
    out = open_parent_beneath(d->host, path);
    if (out.fd < 0) return host_err(out.err);
    return kSuccess;
  }
  struct Closer {
    int fd;
    ~Closer() {
      if (fd >= 0) ::close(fd);
    }
  };
  static bool dot(const std::string& n) { return n == "." || n == ".."; }

  Errno path_create_directory(Mem& m, const Value* a) {
    ParentDir p;
    if (Errno r = parent(m, a[0].i32, kRightPathCreateDirectory, a[1].i32, a[2].i32, p)) return r;
    Closer c{p.fd};
    if (dot(p.name)) return kExist;
    if (::mkdirat(p.fd, p.name.c_str(), 0777) != 0) return last_err();
    return kSuccess;
  }
  Errno path_unlink_file(Mem& m, const Value* a) {
    ParentDir p;
    if (Errno r = parent(m, a[0].i32, kRightPathUnlinkFile, a[1].i32, a[2].i32, p)) return r;
    Closer c{p.fd};
    if (dot(p.name)) return kIsDir;
    if (p.trailing_slash) {
      struct stat st;
      if (::fstatat(p.fd, p.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return last_err();
      return S_ISDIR(st.st_mode) ? kIsDir : kNotDir;
    }
    if (::unlinkat(p.fd, p.name.c_str(), 0) != 0) return last_err();
    return kSuccess;
  }
  Errno path_remove_directory(Mem& m, const Value* a) {
    ParentDir p;
    if (Errno r = parent(m, a[0].i32, kRightPathRemoveDirectory, a[1].i32, a[2].i32, p)) return r;
    Closer c{p.fd};
    if (p.name == ".") return kInval;
    if (p.name == "..") return kNotEmpty;
    if (::unlinkat(p.fd, p.name.c_str(), AT_REMOVEDIR) != 0) return last_err();
    return kSuccess;
  }
  Errno path_rename(Mem& m, const Value* a) {
    ParentDir from, to;
    if (Errno r = parent(m, a[0].i32, kRightPathRenameSource, a[1].i32, a[2].i32, from)) return r;
    Closer c1{from.fd};
    if (Errno r = parent(m, a[3].i32, kRightPathRenameTarget, a[4].i32, a[5].i32, to)) return r;
    Closer c2{to.fd};
    if (dot(from.name) || dot(to.name)) return kBusy;
    struct stat st;
    if ((from.trailing_slash || to.trailing_slash) &&
        ::fstatat(from.fd, from.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode))
      return kNotDir;
    if (::renameat(from.fd, from.name.c_str(), to.fd, to.name.c_str()) != 0) return last_err();
    return kSuccess;
  }
  Errno path_filestat_get(Mem& m, const Value* a) {
    Errno err = kSuccess;
    FdEntry* d = dir(a[0].i32, kRightPathFilestatGet, err);
    if (!d) return err;
    std::string path;
    if (Errno r = path_arg(m, a[2].i32, a[3].i32, path)) return r;
    if (!m.ok(a[4].i32, layout::kFilestatSize)) return kFault;
    int fd = open_beneath(d->host, path, O_PATH, 0, a[1].i32 & kLookupSymlinkFollow);
    if (fd < 0) return host_err(-fd);
    Closer c{fd};
    struct stat st;
    if (::fstat(fd, &st) != 0) return last_err();
    put_filestat(m, a[4].i32, st);
    return kSuccess;
  }
  Errno path_filestat_set_times(Mem& m, const Value* a) {
    Errno err = kSuccess;
    FdEntry* d = dir(a[0].i32, kRightPathFilestatSetTimes, err);
    if (!d) return err;
    std::string path;
    if (Errno r = path_arg(m, a[2].i32, a[3].i32, path)) return r;
    struct timespec t[2];
    if (!times(a[4].i64, a[5].i64, a[6].i32, t)) return kInval;
    bool follow = a[1].i32 & kLookupSymlinkFollow;
    int fd = open_beneath(d->host, path, O_PATH, 0, follow);
    if (fd < 0) return host_err(-fd);
    Closer c{fd};
    struct stat st;
    if (::fstat(fd, &st) != 0) return last_err();
    if (S_ISLNK(st.st_mode)) {
      // The link itself (no symlink_follow): its final component, relative to its
      // parent resolved beneath the root, with AT_SYMLINK_NOFOLLOW, so nothing is
      // followed even if the link was swapped since.
      ParentDir p = open_parent_beneath(d->host, path);
      if (p.fd < 0) return host_err(p.err);
      Closer cp{p.fd};
      if (::utimensat(p.fd, p.name.c_str(), t, AT_SYMLINK_NOFOLLOW) != 0) return last_err();
      return kSuccess;
    }
    // utimensat on the O_PATH descriptor through /proc names exactly the object found.
    std::string proc = "/proc/self/fd/" + std::to_string(fd);
    if (::utimensat(AT_FDCWD, proc.c_str(), t, 0) != 0) return last_err();
    return kSuccess;
  }
  Errno path_readlink(Mem& m, const Value* a) {
    uint32_t buf = a[3].i32, len = a[4].i32, used = a[5].i32;
    ParentDir p;
    if (Errno r = parent(m, a[0].i32, kRightPathReadlink, a[1].i32, a[2].i32, p)) return r;
    Closer c{p.fd};
    if (!m.ok(buf, len) || !m.ok(used, 4)) return kFault;
    if (dot(p.name)) return kInval;
    std::vector<char> tmp(4096);
    ssize_t n = ::readlinkat(p.fd, p.name.c_str(), tmp.data(), tmp.size());
    if (n < 0) return last_err();
    uint32_t k = std::min<uint32_t>(len, static_cast<uint32_t>(n));
    std::memcpy(m.data + buf, tmp.data(), k);
    m.st<uint32_t>(used, k);
    return kSuccess;
  }
  // The name a new link is to be created as ends in '/', which only a directory can
  // have, so nothing is created. The parent split removed the slash; the error is the
  // one Linux gives for symlinkat/linkat on such a name: EEXIST for any existing
  // entry, ENOENT otherwise.
  static Errno trailing_slash_target(const ParentDir& to) {
    struct stat st;
    if (::fstatat(to.fd, to.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return last_err();
    return kExist;
  }
  Errno path_symlink(Mem& m, const Value* a) {
    std::string target;
    if (Errno r = path_arg(m, a[0].i32, a[1].i32, target)) return r;
    ParentDir p;
    if (Errno r = parent(m, a[2].i32, kRightPathSymlink, a[3].i32, a[4].i32, p)) return r;
    Closer c{p.fd};
    if (!target.empty() && target[0] == '/') return kNotCapable;  // could never resolve inside
    if (dot(p.name)) return kExist;
    if (p.trailing_slash) return trailing_slash_target(p);
    if (::symlinkat(target.c_str(), p.fd, p.name.c_str()) != 0) return last_err();
    return kSuccess;
  }
  Errno path_link(Mem& m, const Value* a) {
    ParentDir from, to;
    if (Errno r = parent(m, a[0].i32, kRightPathLinkSource, a[2].i32, a[3].i32, from)) return r;
    Closer c1{from.fd};
    if (Errno r = parent(m, a[4].i32, kRightPathLinkTarget, a[5].i32, a[6].i32, to)) return r;
    Closer c2{to.fd};
    if (dot(from.name) || dot(to.name)) return kPerm;
    struct stat st;
    if (::fstatat(from.fd, from.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return last_err();
    if (from.trailing_slash && !S_ISDIR(st.st_mode) && !S_ISLNK(st.st_mode)) return kNotDir;
    if (to.trailing_slash) return trailing_slash_target(to);
    if (S_ISLNK(st.st_mode) && (a[1].i32 & kLookupSymlinkFollow)) return link_followed(m, a, to);
    if (::linkat(from.fd, from.name.c_str(), to.fd, to.name.c_str(), 0) != 0) return last_err();
    return kSuccess;
  }
  // path_link with symlink_follow on a link: the file it leads to, resolved beneath the
  // source directory like any followed link (a dangling link is ENOENT, one that leaves
  // the sandbox ENOTCAPABLE), then linked through its descriptor, so what is linked
  // is exactly what was checked.
  Errno link_followed(Mem& m, const Value* a, const ParentDir& to) {
    Errno err = kSuccess;
    FdEntry* d = dir(a[0].i32, kRightPathLinkSource, err);
    if (!d) return err;
    std::string path;
    if (Errno r = path_arg(m, a[2].i32, a[3].i32, path)) return r;
    int fd = open_beneath(d->host, path, O_PATH, 0, true);
    if (fd < 0) return host_err(-fd);
    Closer c{fd};
    // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH on older kernels (ENOENT without it);
    // the descriptor's /proc name works for anyone.
    if (::linkat(fd, "", to.fd, to.name.c_str(), AT_EMPTY_PATH) == 0) return kSuccess;
    if (errno != ENOENT && errno != EPERM) return last_err();
    std::string proc = "/proc/self/fd/" + std::to_string(fd);
    if (::linkat(AT_FDCWD, proc.c_str(), to.fd, to.name.c_str(), AT_SYMLINK_FOLLOW) != 0) return last_err();
    return kSuccess;
  }

  // ---- poll ----
  Errno poll_oneoff(Mem& m, const Value* a) {
    uint32_t in = a[0].i32, out = a[1].i32, n = a[2].i32, nev_ptr = a[3].i32;
    if (n == 0) return kInval;
    if (!m.ok(in, uint64_t{n} * layout::kSubscriptionSize) || !m.ok(out, uint64_t{n} * layout::kEventSize) ||
        !m.ok(nev_ptr, 4))
      return kFault;
    struct Sub {
      uint64_t userdata;
      uint8_t tag;
      Errno err = kSuccess;
      int64_t deadline_ns = 0;  // clocks: nanoseconds from now
      int pfd = -1;             // index in pfds
    };
    std::vector<Sub> subs(n);
    std::vector<struct pollfd> pfds;
    int64_t min_wait = -1;
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t p = in + i * layout::kSubscriptionSize;
      Sub& s = subs[i];
      s.userdata = m.ld<uint64_t>(p);
      s.tag = m.ld<uint8_t>(p + 8);
      if (s.tag == kEventClock) {
        uint32_t id = m.ld<uint32_t>(p + 16);
        uint64_t timeout = m.ld<uint64_t>(p + 24);
        uint16_t flags = m.ld<uint16_t>(p + 40);
        clockid_t c;
        if (!clock_of(id, c)) {
          s.err = kInval;
          min_wait = 0;
          continue;
        }
        int64_t wait = static_cast<int64_t>(std::min<uint64_t>(timeout, INT64_MAX));
        if (flags & kSubclockAbstime) {
          struct timespec now;
          clock_gettime(c, &now);
          uint64_t t = ts(now);
          wait = timeout > t ? static_cast<int64_t>(std::min<uint64_t>(timeout - t, INT64_MAX)) : 0;
        }
        s.deadline_ns = wait;
        if (min_wait < 0 || wait < min_wait) min_wait = wait;
      } else if (s.tag == kEventFdRead || s.tag == kEventFdWrite) {
        // Waiting for input needs fd_read, for room to write fd_write (and both
        // poll_fd_readwrite): a descriptor that may not do it is never ready for it.
        uint64_t need = kRightPollFdReadwrite | (s.tag == kEventFdRead ? kRightFdRead : kRightFdWrite);
        Errno err = kSuccess;
        FdEntry* e = get(m.ld<uint32_t>(p + 16), need, err);
        if (!e) {
          s.err = err;
          min_wait = 0;
          continue;
        }
        s.pfd = static_cast<int>(pfds.size());
        pfds.push_back({e->host, static_cast<short>(s.tag == kEventFdRead ? POLLIN : POLLOUT), 0});
      } else {
        return kInval;
      }
    }
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    if (!pfds.empty()) {
      int ms = min_wait < 0 ? -1 : static_cast<int>(std::min<int64_t>((min_wait + 999999) / 1000000, INT_MAX));
      int r;
      do r = ::poll(pfds.data(), pfds.size(), ms);
      while (r < 0 && errno == EINTR);
      if (r < 0) return last_err();
    } else if (min_wait > 0) {
      struct timespec req {
        static_cast<time_t>(min_wait / 1000000000), static_cast<long>(min_wait % 1000000000)
      };
      while (::nanosleep(&req, &req) != 0 && errno == EINTR) {}
    }
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    int64_t elapsed = static_cast<int64_t>(ts(end) - ts(start));
    uint32_t nev = 0;
    for (auto& s : subs) {
      bool ready = false;
      uint64_t nbytes = 0;
      uint16_t evflags = 0;
      if (s.err) {
        ready = true;
      } else if (s.tag == kEventClock) {
        ready = s.deadline_ns <= elapsed || (pfds.empty() && s.deadline_ns == min_wait);
      } else {
        short re = pfds[s.pfd].revents;
        ready = re != 0;
        if (re & POLLHUP) evflags |= 1;  // fd_readwrite_hangup
        if (re & POLLNVAL) s.err = kBadf;
        if (re & POLLERR) s.err = kIo;
      }
      if (!ready) continue;
      uint32_t p = out + nev * layout::kEventSize;
      std::memset(m.data + p, 0, layout::kEventSize);
      m.st<uint64_t>(p, s.userdata);
      m.st<uint16_t>(p + 8, s.err);
      m.st<uint8_t>(p + 10, s.tag);
      m.st<uint64_t>(p + 16, nbytes);
      m.st<uint16_t>(p + 24, evflags);
      ++nev;
    }
    m.st<uint32_t>(nev_ptr, nev);
    return kSuccess;
  }

  // ---- sockets ----
  // Preview 1 cannot create sockets: the only ones are inherited as stdio. The fd is
  // checked as for any socket call (EBADF, ENOTSOCK, then the right).
  FdEntry* sock(uint32_t fd, uint64_t need, Errno& err) {
    FdEntry* e = get(fd);
    if (!e) {
      err = kBadf;
      return nullptr;
    }
    if (e->filetype != kFiletypeSocketStream && e->filetype != kFiletypeSocketDgram) {
      err = kNotSock;
      return nullptr;
    }
    if ((e->rights_base & need) != need) {
      err = kNotCapable;
      return nullptr;
    }
    return e;
  }
  Errno sock_shutdown(Mem&, const Value* a) {
    Errno err = kSuccess;
    FdEntry* e = sock(a[0].i32, kRightSockShutdown, err);
    if (!e) return err;
    int how;
    switch (a[1].i32 & 0xFF) {
      case kSdflagRd: how = SHUT_RD; break;
      case kSdflagWr: how = SHUT_WR; break;
      case kSdflagRd | kSdflagWr: how = SHUT_RDWR; break;
      default: return kInval;
    }
    if (::shutdown(e->host, how) != 0) return last_err();
    return kSuccess;
  }
  // Not implemented for the sockets there are; still EBADF / ENOTSOCK first.
  Errno sock_unsupported(uint32_t fd, uint64_t need) {
    Errno err = kSuccess;
    return sock(fd, need, err) ? kNoSys : err;
  }
  Errno sock_accept(Mem&, const Value* a) { return sock_unsupported(a[0].i32, kRightSockAccept); }
  Errno sock_recv(Mem&, const Value* a) { return sock_unsupported(a[0].i32, kRightFdRead); }
  Errno sock_send(Mem&, const Value* a) { return sock_unsupported(a[0].i32, kRightFdWrite); }

  Errno nosys(Mem&, const Value*) { return kNoSys; }
};

namespace {

using Handler = Errno (WasiContext::Impl::*)(Mem&, const Value*);
struct Entry {
  const char* name;
  const char* params;  // 'i' = i32, 'I' = i64
  bool result;         // one i32 (errno) result
  Handler fn;
};

using I = WasiContext::Impl;
const Entry kEntries[] = {
    {"args_get", "ii", true, &I::args_get},
    {"args_sizes_get", "ii", true, &I::args_sizes_get},
    {"environ_get", "ii", true, &I::environ_get},
    {"environ_sizes_get", "ii", true, &I::environ_sizes_get},
    {"clock_res_get", "ii", true, &I::clock_res_get},
    {"clock_time_get", "iIi", true, &I::clock_time_get},
    {"fd_advise", "iIIi", true, &I::fd_advise},
    {"fd_allocate", "iII", true, &I::fd_allocate},
    {"fd_close", "i", true, &I::fd_close},
    {"fd_datasync", "i", true, &I::fd_datasync},
    {"fd_fdstat_get", "ii", true, &I::fd_fdstat_get},
    {"fd_fdstat_set_flags", "ii", true, &I::fd_fdstat_set_flags},
    {"fd_fdstat_set_rights", "iII", true, &I::fd_fdstat_set_rights},
    {"fd_filestat_get", "ii", true, &I::fd_filestat_get},
    {"fd_filestat_set_size", "iI", true, &I::fd_filestat_set_size},
    {"fd_filestat_set_times", "iIIi", true, &I::fd_filestat_set_times},
    {"fd_pread", "iiiIi", true, &I::fd_pread},
    {"fd_prestat_get", "ii", true, &I::fd_prestat_get},
    {"fd_prestat_dir_name", "iii", true, &I::fd_prestat_dir_name},
    {"fd_pwrite", "iiiIi", true, &I::fd_pwrite},
    {"fd_read", "iiii", true, &I::fd_read},
    {"fd_readdir", "iiiIi", true, &I::fd_readdir},
    {"fd_renumber", "ii", true, &I::fd_renumber},
    {"fd_seek", "iIii", true, &I::fd_seek},
    {"fd_sync", "i", true, &I::fd_sync},
    {"fd_tell", "ii", true, &I::fd_tell},
    {"fd_write", "iiii", true, &I::fd_write},
    {"path_create_directory", "iii", true, &I::path_create_directory},
    {"path_filestat_get", "iiiii", true, &I::path_filestat_get},
    {"path_filestat_set_times", "iiiiIIi", true, &I::path_filestat_set_times},
    {"path_link", "iiiiiii", true, &I::path_link},
    {"path_open", "iiiiiIIii", true, &I::path_open},
    {"path_readlink", "iiiiii", true, &I::path_readlink},
    {"path_remove_directory", "iii", true, &I::path_remove_directory},
    {"path_rename", "iiiiii", true, &I::path_rename},
    {"path_symlink", "iiiii", true, &I::path_symlink},
    {"path_unlink_file", "iii", true, &I::path_unlink_file},
    {"poll_oneoff", "iiii", true, &I::poll_oneoff},
    {"proc_exit", "i", false, nullptr},
    {"proc_raise", "i", true, &I::nosys},
    {"sched_yield", "", true, &I::sched_yield},
    {"random_get", "ii", true, &I::random_get},
    {"sock_accept", "iii", true, &I::sock_accept},
    {"sock_recv", "iiiiii", true, &I::sock_recv},
    {"sock_send", "iiiii", true, &I::sock_send},
    {"sock_shutdown", "ii", true, &I::sock_shutdown},
};
constexpr size_t kNumEntries = sizeof kEntries / sizeof kEntries[0];

}  // namespace

const std::vector<WasiContext::FuncInfo>& WasiContext::functions() {
  static const std::vector<FuncInfo> list = [] {
    std::vector<FuncInfo> v;
    for (const Entry& e : kEntries) {
      FuncType t;
      for (const char* p = e.params; *p; ++p) t.params.push_back(*p == 'I' ? ValType::I64 : ValType::I32);
      if (e.result) t.results.push_back(ValType::I32);
      v.push_back({e.name, std::move(t)});
    }
    return v;
  }();
  return list;
}

WasiContext::WasiContext(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WasiContext::~WasiContext() = default;

Result<std::unique_ptr<WasiContext>> WasiContext::create(WasiOptions opts) {
  auto impl = std::make_unique<Impl>();
  int stdio[3] = {opts.stdin_fd, opts.stdout_fd, opts.stderr_fd};
  for (uint32_t i = 0; i < 3; ++i) {
    if (stdio[i] < 0) continue;
    FdEntry e;
    e.host = stdio[i];
    e.owned = false;
    struct stat st;
    if (::fstat(stdio[i], &st) == 0) e.filetype = filetype_of(st.st_mode);
    // Everything but the path rights a non-directory could never use.
    e.rights_base = kRightsAll & ~(kRightsDirectoryBase & ~kRightsRegularFileBase);
    if (e.filetype == kFiletypeCharacterDevice && ::isatty(stdio[i]))
      e.rights_base &= ~(kRightFdSeek | kRightFdTell);  // wasi-libc's isatty() looks for this
    e.rights_inheriting = 0;
    impl->fds[i] = std::move(e);
  }
  uint32_t next = 3;
  for (auto& p : opts.preopens) {
    int fd = ::open(p.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      Error err = make_error(ErrorKind::Io, "cannot open directory '" + p.host_path + "': " + std::strerror(errno));
      return err;
    }
    FdEntry e;
    e.host = fd;
    e.filetype = kFiletypeDirectory;
    e.rights_base = kRightsDirectoryBase;
    e.rights_inheriting = kRightsDirectoryInheriting;
    e.preopen = p.guest_path.empty() ? p.host_path : p.guest_path;
    impl->fds[next++] = std::move(e);
  }
  impl->opts = std::move(opts);
  return std::unique_ptr<WasiContext>(new WasiContext(std::move(impl)));
}

Status WasiContext::call_index(size_t index, std::span<uint8_t> memory, const Value* args, Value* results) {
  const Entry& e = kEntries[index];
  if (!e.fn) {  // proc_exit
    Error err = make_error(ErrorKind::Exit, "exit with code " + std::to_string(static_cast<int32_t>(args[0].i32)));
    err.exit_code = static_cast<int32_t>(args[0].i32);
    return err;
  }
  Mem m{memory.data(), memory.size()};
  Errno r = (impl_.get()->*e.fn)(m, args);
  if (e.result) results[0] = Value::from_i32(r);
  return {};
}

Status WasiContext::call(std::string_view name, std::span<uint8_t> memory, const Value* args, Value* results) {
  for (size_t i = 0; i < kNumEntries; ++i)
    if (name == kEntries[i].name) return call_index(i, memory, args, results);
  return make_host_trap("unknown WASI function " + std::string(name));
}

}  // namespace akira
