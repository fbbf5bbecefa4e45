// WASI host functions called directly on a guest memory buffer: ABI layouts, pointer
// bounds checks, the sandbox as seen through path_open and friends.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include "wasi/abi.h"
#include "wasi/wasi.h"

namespace fs = std::filesystem;
using namespace akira;
using namespace akira::wasi;

namespace {

constexpr uint32_t kMemSize = 65536;

class Host : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/akira-wasi-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root = tmpl;
    fs::create_directories(root / "box/sub");
    fs::create_directories(root / "outside");
    std::ofstream(root / "box/hello.txt") << "hello, world";
    std::ofstream(root / "outside/secret.txt") << "secret";
    fs::create_directory_symlink("../outside", root / "box/out");
    ASSERT_EQ(pipe(pipefd), 0);
    mem.assign(kMemSize, 0);
  }
  void TearDown() override {
    ctx.reset();
    close(pipefd[0]);
    if (pipefd[1] >= 0) close(pipefd[1]);
    fs::remove_all(root);
  }
  void make(WasiOptions o = {}) {
    if (o.preopens.empty()) o.preopens.push_back({(root / "box").string(), "/box"});
    o.stdout_fd = pipefd[1];
    auto r = WasiContext::create(std::move(o));
    ASSERT_TRUE(r.ok()) << r.error().message;
    ctx = std::move(r.value());
  }
  // Calls `name`, returns its errno result.
  uint32_t call(const char* name, std::initializer_list<uint64_t> a) {
    std::vector<Value> args;
    const auto& fns = WasiContext::functions();
    const WasiContext::FuncInfo* info = nullptr;
    for (auto& f : fns)
      if (f.name == name) info = &f;
    EXPECT_NE(info, nullptr) << name;
    if (!info) return 0xFFFF;
    EXPECT_EQ(info->type.params.size(), a.size()) << name;
    size_t i = 0;
    for (uint64_t v : a) {
      args.push_back(info->type.params[i++] == ValType::I64 ? Value::from_i64(v)
                                                            : Value::from_i32(static_cast<uint32_t>(v)));
    }
    Value res;
    Status st = ctx->call(name, std::span<uint8_t>(mem), args.data(), &res);
    EXPECT_TRUE(st.ok()) << st.error().message;
    return res.i32;
  }
  uint32_t put(uint32_t at, const std::string& s) {
    std::memcpy(mem.data() + at, s.data(), s.size());
    return static_cast<uint32_t>(s.size());
  }
  template <class T> T ld(uint32_t at) {
    T v;
    std::memcpy(&v, mem.data() + at, sizeof v);
    return v;
  }
  template <class T> void st(uint32_t at, T v) { std::memcpy(mem.data() + at, &v, sizeof v); }
  std::string str(uint32_t at, uint32_t n) { return std::string(reinterpret_cast<char*>(mem.data()) + at, n); }
  std::string drain() {
    close(pipefd[1]);
    pipefd[1] = -1;
    std::string s;
    char b[256];
    ssize_t n;
    while ((n = read(pipefd[0], b, sizeof b)) > 0) s.append(b, static_cast<size_t>(n));
    return s;
  }
  // Opens `path` under the preopen (fd 3); returns errno, the fd in *fd.
  uint32_t open(const std::string& path, uint32_t oflags, uint64_t rights, uint32_t* fd, uint32_t lookup = 1) {
    uint32_t n = put(1000, path);
    uint32_t e = call("path_open", {3, lookup, 1000, n, oflags, rights, kRightsAll, 0, 2000});
    *fd = ld<uint32_t>(2000);
    return e;
  }

  fs::path root;
  int pipefd[2] = {-1, -1};
  std::vector<uint8_t> mem;
  std::unique_ptr<WasiContext> ctx;
};

TEST_F(Host, ArgsLayout) {
  WasiOptions o;
  o.args = {"prog", "a b", ""};
  make(o);
  EXPECT_EQ(call("args_sizes_get", {100, 104}), kSuccess);
  EXPECT_EQ(ld<uint32_t>(100), 3u);
  EXPECT_EQ(ld<uint32_t>(104), 5u + 4u + 1u);
  EXPECT_EQ(call("args_get", {200, 300}), kSuccess);
  EXPECT_EQ(ld<uint32_t>(200), 300u);
  EXPECT_EQ(ld<uint32_t>(204), 305u);
  EXPECT_EQ(ld<uint32_t>(208), 309u);
  EXPECT_EQ(str(300, 10), std::string("prog\0a b\0\0", 10));
}

TEST_F(Host, EnvironLayout) {
  WasiOptions o;
  o.env = {"A=1", "PATH=/x"};
  make(o);
  EXPECT_EQ(call("environ_sizes_get", {100, 104}), kSuccess);
  EXPECT_EQ(ld<uint32_t>(100), 2u);
  EXPECT_EQ(ld<uint32_t>(104), 4u + 8u);
  EXPECT_EQ(call("environ_get", {200, 300}), kSuccess);
  EXPECT_EQ(ld<uint32_t>(200), 300u);
  EXPECT_EQ(ld<uint32_t>(204), 304u);
  EXPECT_EQ(str(300, 12), std::string("A=1\0PATH=/x\0", 12));
}

TEST_F(Host, BadPointersAreEfault) {
  WasiOptions o;
  o.args = {"prog", "arg"};
  make(o);
  EXPECT_EQ(call("args_sizes_get", {kMemSize - 2, 0}), kFault);
  EXPECT_EQ(call("args_get", {kMemSize - 4, 0}), kFault);  // 2 pointers need 8 bytes
  EXPECT_EQ(call("args_get", {0, kMemSize - 5}), kFault);  // "prog\0arg\0" needs 9
  EXPECT_EQ(call("args_get", {0xFFFFFFFC, 0}), kFault);
  EXPECT_EQ(call("clock_time_get", {kClockMonotonic, 0, kMemSize - 7}), kFault);
  EXPECT_EQ(call("random_get", {kMemSize - 10, 11}), kFault);
  EXPECT_EQ(call("random_get", {0xFFFFFFFF, 0xFFFFFFFF}), kFault);
  // fd_write: iovec array out of bounds, then a buffer out of bounds, then nwritten.
  EXPECT_EQ(call("fd_write", {1, kMemSize - 4, 1, 100}), kFault);
  st<uint32_t>(16, kMemSize - 2);
  st<uint32_t>(20, 3);
  EXPECT_EQ(call("fd_write", {1, 16, 1, 100}), kFault);
  st<uint32_t>(16, 0xFFFFFFF0);
  st<uint32_t>(20, 0x20);
  EXPECT_EQ(call("fd_write", {1, 16, 1, 100}), kFault);
  EXPECT_EQ(call("fd_write", {1, 16, 0x20000000, 100}), kFault);
  st<uint32_t>(16, 0);
  st<uint32_t>(20, 1);
  EXPECT_EQ(call("fd_write", {1, 16, 1, kMemSize}), kFault);
  EXPECT_EQ(call("fd_read", {0, 16, 1, kMemSize - 1}), kFault);
  EXPECT_EQ(call("path_open", {3, 1, kMemSize - 2, 5, 0, kRightsAll, kRightsAll, 0, 100}), kFault);
  EXPECT_EQ(call("path_open", {3, 1, 0, 1, 0, kRightsAll, kRightsAll, 0, kMemSize}), kFault);
  EXPECT_EQ(call("fd_prestat_dir_name", {3, kMemSize - 1, 4}), kFault);
  EXPECT_EQ(call("fd_filestat_get", {3, kMemSize - 63}), kFault);
  EXPECT_EQ(call("fd_fdstat_get", {3, kMemSize - 23}), kFault);
  EXPECT_EQ(call("poll_oneoff", {kMemSize - 47, 0, 1, 200}), kFault);
  EXPECT_EQ(call("fd_readdir", {3, kMemSize - 10, 100, 0, 0}), kFault);
  // Nothing at all was written by the failing calls.
  EXPECT_EQ(drain(), "");
}

TEST_F(Host, NoMemoryIsEfaultNotACrash) {
  make();
  Value args[4] = {Value::from_i32(1), Value::from_i32(0), Value::from_i32(1), Value::from_i32(8)};
  Value res;
  ASSERT_TRUE(ctx->call("fd_write", {}, args, &res).ok());
  EXPECT_EQ(res.i32, kFault);
}

TEST_F(Host, FdWriteToPipe) {
  make();
  uint32_t a = put(100, "hello ");
  uint32_t b = put(200, "pipe\n");
  st<uint32_t>(16, 100);
  st<uint32_t>(20, a);
  st<uint32_t>(24, 200);
  st<uint32_t>(28, b);
  EXPECT_EQ(call("fd_write", {1, 16, 2, 300}), kSuccess);
  EXPECT_EQ(ld<uint32_t>(300), a + b);
  EXPECT_EQ(call("fd_write", {1, 16, 0, 300}), kSuccess);
  EXPECT_EQ(ld<uint32_t>(300), 0u);
  EXPECT_EQ(call("fd_write", {42, 16, 1, 300}), kBadf);
  EXPECT_EQ(drain(), "hello pipe\n");
}

TEST_F(Host, ClocksAndRandom) {
  make();
  EXPECT_EQ(call("clock_res_get", {kClockMonotonic, 8}), kSuccess);
  EXPECT_GT(ld<uint64_t>(8), 0u);
  EXPECT_EQ(call("clock_time_get", {kClockMonotonic, 1, 16}), kSuccess);
  uint64_t t1 = ld<uint64_t>(16);
  EXPECT_EQ(call("clock_time_get", {kClockMonotonic, 1, 16}), kSuccess);
  EXPECT_GE(ld<uint64_t>(16), t1);
  EXPECT_EQ(call("clock_time_get", {kClockRealtime, 1, 16}), kSuccess);
  uint64_t now = static_cast<uint64_t>(time(nullptr)) * 1000000000ull;
  uint64_t got = ld<uint64_t>(16);
  EXPECT_LT(got > now ? got - now : now - got, 5'000'000'000ull);
  EXPECT_EQ(call("clock_time_get", {kClockProcessCputime, 1, 16}), kSuccess);
  EXPECT_EQ(call("clock_time_get", {99, 1, 16}), kInval);
  EXPECT_EQ(call("clock_res_get", {4, 8}), kInval);

  EXPECT_EQ(call("random_get", {1000, 4096}), kSuccess);
  std::set<uint8_t> seen(mem.begin() + 1000, mem.begin() + 1000 + 4096);
  EXPECT_GT(seen.size(), 200u);
  EXPECT_EQ(call("random_get", {0, 0}), kSuccess);
  EXPECT_EQ(call("sched_yield", {}), kSuccess);
}

TEST_F(Host, PollOneoffClock) {
  make();
  // One relative clock subscription of 20 ms.
  st<uint64_t>(0, 0xABCD);  // userdata
  st<uint8_t>(8, kEventClock);
  st<uint32_t>(16, kClockMonotonic);
  st<uint64_t>(24, 20'000'000);
  st<uint64_t>(32, 0);
  st<uint16_t>(40, 0);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(call("poll_oneoff", {0, 100, 1, 200}), kSuccess);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GE(ms, 19);
  EXPECT_EQ(ld<uint32_t>(200), 1u);
  EXPECT_EQ(ld<uint64_t>(100), 0xABCDu);
  EXPECT_EQ(ld<uint16_t>(108), kSuccess);
  EXPECT_EQ(ld<uint8_t>(110), kEventClock);
  EXPECT_EQ(call("poll_oneoff", {0, 100, 0, 200}), kInval);
  // An fd subscription on stdout (a pipe with room) is ready at once.
  st<uint64_t>(48, 7);
  st<uint8_t>(56, kEventFdWrite);
  st<uint32_t>(64, 1);
  st<uint64_t>(24, 5'000'000'000ull);
  EXPECT_EQ(call("poll_oneoff", {0, 100, 2, 200}), kSuccess);
  EXPECT_EQ(ld<uint32_t>(200), 1u);
  EXPECT_EQ(ld<uint64_t>(100), 7u);
  EXPECT_EQ(ld<uint8_t>(110), kEventFdWrite);
}

TEST_F(Host, Prestat) {
  make();
  EXPECT_EQ(call("fd_prestat_get", {3, 8}), kSuccess);
  EXPECT_EQ(ld<uint8_t>(8), kPreopenDir);
  EXPECT_EQ(ld<uint32_t>(12), 4u);
  EXPECT_EQ(call("fd_prestat_dir_name", {3, 100, 4}), kSuccess);
  EXPECT_EQ(str(100, 4), "/box");
  EXPECT_EQ(call("fd_prestat_dir_name", {3, 100, 2}), kNameTooLong);
  EXPECT_EQ(call("fd_prestat_get", {4, 8}), kBadf);
  EXPECT_EQ(call("fd_prestat_get", {1, 8}), kBadf);
  EXPECT_EQ(call("fd_fdstat_get", {3, 16}), kSuccess);
  EXPECT_EQ(ld<uint8_t>(16), kFiletypeDirectory);
}

TEST_F(Host, FileRoundTrip) {
  make();
  uint32_t fd = 0;
  ASSERT_EQ(open("sub/new.txt", kOflagCreat | kOflagExcl, kRightsRegularFileBase, &fd), kSuccess);
  EXPECT_EQ(fd, 4u);
  uint32_t n = put(500, "0123456789");
  st<uint32_t>(16, 500);
  st<uint32_t>(20, n);
  EXPECT_EQ(call("fd_write", {fd, 16, 1, 24}), kSuccess);
  EXPECT_EQ(ld<uint32_t>(24), 10u);
  EXPECT_EQ(call("fd_tell", {fd, 32}), kSuccess);
  EXPECT_EQ(ld<uint64_t>(32), 10u);
  EXPECT_EQ(call("fd_seek", {fd, static_cast<uint64_t>(-4), kWhenceCur, 32}), kSuccess);
  EXPECT_EQ(ld<uint64_t>(32), 6u);
  st<uint32_t>(16, 600);
  st<uint32_t>(20, 100);
  EXPECT_EQ(call("fd_read", {fd, 16, 1, 24}), kSuccess);
  EXPECT_EQ(ld<uint32_t>(24), 4u);
  EXPECT_EQ(str(600, 4), "6789");
  EXPECT_EQ(call("fd_pread", {fd, 16, 1, 2, 24}), kSuccess);
  EXPECT_EQ(str(600, 8), "23456789");
  EXPECT_EQ(call("fd_filestat_get", {fd, 64}), kSuccess);
  EXPECT_EQ(ld<uint8_t>(64 + 16), kFiletypeRegularFile);
  EXPECT_EQ(ld<uint64_t>(64 + 32), 10u);
  EXPECT_EQ(call("fd_filestat_set_size", {fd, 3}), kSuccess);
  EXPECT_EQ(call("fd_fdstat_get", {fd, 64}), kSuccess);
  EXPECT_EQ(ld<uint8_t>(64), kFiletypeRegularFile);
  EXPECT_EQ(call("fd_seek", {fd, 0, 7, 32}), kInval);
  EXPECT_EQ(call("fd_sync", {fd}), kSuccess);
  EXPECT_EQ(call("fd_datasync", {fd}), kSuccess);
  EXPECT_EQ(call("fd_advise", {fd, 0, 0, 1}), kSuccess);
  EXPECT_EQ(call("fd_allocate", {fd, 0, 100}), kSuccess);
  EXPECT_EQ(call("fd_close", {fd}), kSuccess);
  EXPECT_EQ(call("fd_close", {fd}), kBadf);
  EXPECT_EQ(fs::file_size(root / "box/sub/new.txt"), 100u);
  EXPECT_EQ(open("sub/new.txt", kOflagCreat | kOflagExcl, kRightFdWrite, &fd), kExist);
  // fd_renumber moves an fd over another one.
  uint32_t a = 0, b = 0;
  ASSERT_EQ(open("hello.txt", 0, kRightFdRead | kRightFdFilestatGet, &a), kSuccess);
  ASSERT_EQ(open("sub", kOflagDirectory, kRightFdReaddir, &b), kSuccess);
  EXPECT_EQ(call("fd_renumber", {a, b}), kSuccess);
  EXPECT_EQ(call("fd_filestat_get", {b, 64}), kSuccess);
  EXPECT_EQ(ld<uint8_t>(64 + 16), kFiletypeRegularFile);
  EXPECT_EQ(call("fd_close", {a}), kBadf);
}

TEST_F(Host, SandboxEscapesAreNotCapable) {
  make();
  uint32_t fd = 0;
  EXPECT_EQ(open("../outside/secret.txt", 0, kRightFdRead, &fd), kNotCapable);
  EXPECT_EQ(open("/etc/passwd", 0, kRightFdRead, &fd), kNotCapable);
  EXPECT_EQ(open("out/secret.txt", 0, kRightFdRead, &fd), kNotCapable);
  EXPECT_EQ(open("sub/../../outside/secret.txt", 0, kRightFdRead, &fd), kNotCapable);
  EXPECT_EQ(open("sub/../hello.txt", 0, kRightFdRead, &fd), kSuccess);
  EXPECT_EQ(open("hello.txt\0x", 0, kRightFdRead, &fd), kSuccess);  // std::string stops at NUL here
  uint32_t n = put(1000, std::string("hello.txt\0x", 11));
  EXPECT_EQ(call("path_open", {3, 1, 1000, n, 0, kRightFdRead, 0, 0, 2000}), kInval);

  auto path_call = [&](const char* fn, const std::string& p) {
    uint32_t len = put(1000, p);
    return call(fn, {3, 1000, len});
  };
  EXPECT_EQ(path_call("path_create_directory", "../evil"), kNotCapable);
  EXPECT_EQ(path_call("path_create_directory", "out/evil"), kNotCapable);
  EXPECT_EQ(path_call("path_unlink_file", "out/secret.txt"), kNotCapable);
  EXPECT_EQ(path_call("path_unlink_file", "../outside/secret.txt"), kNotCapable);
  EXPECT_EQ(path_call("path_remove_directory", "../outside"), kNotCapable);
  EXPECT_TRUE(fs::exists(root / "outside/secret.txt"));
  EXPECT_FALSE(fs::exists(root / "evil"));
  EXPECT_FALSE(fs::exists(root / "outside/evil"));

  // Renames out of (or into) the sandbox.
  uint32_t l1 = put(1000, "hello.txt"), l2 = put(1100, "../stolen.txt");
  EXPECT_EQ(call("path_rename", {3, 1000, l1, 3, 1100, l2}), kNotCapable);
  l1 = put(1000, "out/secret.txt");
  l2 = put(1100, "got.txt");
  EXPECT_EQ(call("path_rename", {3, 1000, l1, 3, 1100, l2}), kNotCapable);
  // Stat through an escaping link.
  l1 = put(1000, "out/secret.txt");
  EXPECT_EQ(call("path_filestat_get", {3, 1, 1000, l1, 2000}), kNotCapable);
  l1 = put(1000, "out");
  EXPECT_EQ(call("path_filestat_get", {3, 1, 1000, l1, 2000}), kNotCapable);
  EXPECT_EQ(call("path_filestat_get", {3, 0, 1000, l1, 2000}), kSuccess);  // the link itself
  EXPECT_EQ(ld<uint8_t>(2000 + 16), kFiletypeSymbolicLink);
  // readlink of the link is fine (it reveals only the link's text).
  EXPECT_EQ(call("path_readlink", {3, 1000, l1, 3000, 100, 3100}), kSuccess);
  EXPECT_EQ(str(3000, ld<uint32_t>(3100)), "../outside");
  // Symlinks with absolute targets are refused; relative ones are created.
  l1 = put(1000, "/etc/passwd");
  l2 = put(1100, "abs");
  EXPECT_EQ(call("path_symlink", {1000, l1, 3, 1100, l2}), kNotCapable);
  l1 = put(1000, "hello.txt");
  l2 = put(1100, "rel");
  EXPECT_EQ(call("path_symlink", {1000, l1, 3, 1100, l2}), kSuccess);
  EXPECT_EQ(open("rel", 0, kRightFdRead, &fd), kSuccess);
  EXPECT_EQ(open("rel", 0, kRightFdRead, &fd, 0), kLoop);
  // Path operations on a non-directory fd.
  EXPECT_EQ(call("path_create_directory", {1, 1000, 1}), kNotDir);
  EXPECT_EQ(call("path_create_directory", {77, 1000, 1}), kBadf);
}

TEST_F(Host, DirectoryOperations) {
  make();
  auto path_call = [&](const char* fn, const std::string& p) {
    uint32_t len = put(1000, p);
    return call(fn, {3, 1000, len});
  };
  EXPECT_EQ(path_call("path_create_directory", "d"), kSuccess);
  EXPECT_EQ(path_call("path_create_directory", "d"), kExist);
  EXPECT_EQ(path_call("path_create_directory", "d/e/"), kSuccess);
  EXPECT_TRUE(fs::is_directory(root / "box/d/e"));
  uint32_t l1 = put(1000, "hello.txt"), l2 = put(1100, "d/moved.txt");
  EXPECT_EQ(call("path_rename", {3, 1000, l1, 3, 1100, l2}), kSuccess);
  EXPECT_TRUE(fs::exists(root / "box/d/moved.txt"));
  EXPECT_EQ(path_call("path_remove_directory", "d"), kNotEmpty);
  EXPECT_EQ(path_call("path_unlink_file", "d/e"), kIsDir);
  EXPECT_EQ(path_call("path_unlink_file", "d/moved.txt"), kSuccess);
  EXPECT_EQ(path_call("path_unlink_file", "d/moved.txt"), kNoEnt);
  EXPECT_EQ(path_call("path_remove_directory", "d/e"), kSuccess);
  EXPECT_EQ(path_call("path_remove_directory", "d"), kSuccess);
  EXPECT_FALSE(fs::exists(root / "box/d"));

  // fd_readdir on sub/ with two files, with a buffer too small for everything.
  std::ofstream(root / "box/sub/alpha") << "a";
  std::ofstream(root / "box/sub/beta") << "b";
  uint32_t fd = 0;
  ASSERT_EQ(open("sub", kOflagDirectory, kRightFdReaddir, &fd), kSuccess);
  std::set<std::string> names;
  uint64_t cookie = 0;
  for (int guard = 0; guard < 20; ++guard) {
    const uint32_t kBuf = 40;  // one header + up to 16 bytes of name
    EXPECT_EQ(call("fd_readdir", {fd, 4000, kBuf, cookie, 3900}), kSuccess);
    uint32_t used = ld<uint32_t>(3900);
    if (used < layout::kDirentSize) break;
    uint32_t namlen = ld<uint32_t>(4000 + 16);
    ASSERT_LE(layout::kDirentSize + namlen, kBuf);
    names.insert(str(4000 + layout::kDirentSize, namlen));
    uint8_t type = ld<uint8_t>(4000 + 20);
    if (str(4000 + layout::kDirentSize, namlen) == "alpha") {
      EXPECT_EQ(type, kFiletypeRegularFile);
      struct stat s;
      ASSERT_EQ(stat((root / "box/sub/alpha").c_str(), &s), 0);
      EXPECT_EQ(ld<uint64_t>(4000 + 8), s.st_ino);
    }
    cookie = ld<uint64_t>(4000);
  }
  EXPECT_EQ(names, (std::set<std::string>{".", "..", "alpha", "beta"}));
  EXPECT_EQ(call("fd_readdir", {4 + 40, 4000, 100, 0, 3900}), kBadf);
  EXPECT_EQ(call("fd_close", {fd}), kSuccess);
}

TEST_F(Host, PreopenAndDirectoryRights) {
  make();
  EXPECT_EQ(call("fd_fdstat_get", {3, 16}), kSuccess);
  EXPECT_EQ(ld<uint64_t>(24), kRightsDirectoryBase);
  EXPECT_EQ(ld<uint64_t>(32), kRightsDirectoryInheriting);
  // A directory is not read, written or sought, whatever it was asked for.
  uint32_t d = 0;
  ASSERT_EQ(open("sub", kOflagDirectory, kRightFdSeek | kRightFdRead | kRightFdReaddir, &d), kSuccess);
  EXPECT_EQ(call("fd_fdstat_get", {d, 16}), kSuccess);
  EXPECT_EQ(ld<uint64_t>(24), kRightFdReaddir);
  EXPECT_EQ(call("fd_seek", {d, 0, kWhenceCur, 100}), kNotCapable);
  EXPECT_EQ(call("fd_tell", {d, 100}), kNotCapable);
  st<uint32_t>(16, 600);
  st<uint32_t>(20, 10);
  EXPECT_EQ(call("fd_read", {3, 16, 1, 24}), kNotCapable);
  EXPECT_EQ(call("fd_write", {3, 16, 1, 24}), kNotCapable);
  EXPECT_EQ(call("fd_filestat_set_size", {3, 0}), kNotCapable);
  EXPECT_EQ(call("fd_allocate", {3, 0, 1}), kNotCapable);
  // Opening a directory for writing is EISDIR, as open(2) says; reading is fine.
  EXPECT_EQ(open(".", kOflagDirectory, kRightFdRead | kRightFdWrite, &d), kIsDir);
  EXPECT_EQ(open(".", 0, kRightFdWrite, &d), kIsDir);
  EXPECT_EQ(open(".", kOflagDirectory, kRightFdRead, &d), kSuccess);
  EXPECT_EQ(open(".", 0, kRightsDirectoryBase, &d), kSuccess);
  // A file never holds path rights.
  uint32_t f = 0;
  ASSERT_EQ(open("hello.txt", 0, kRightsAll, &f), kSuccess);
  EXPECT_EQ(call("fd_fdstat_get", {f, 16}), kSuccess);
  EXPECT_EQ(ld<uint64_t>(24), kRightsRegularFileBase);
  EXPECT_EQ(call("path_create_directory", {f, 1000, put(1000, "x")}), kNotDir);
}

TEST_F(Host, FileRightsAreEnforced) {
  make();
  uint32_t fd = 0;
  ASSERT_EQ(open("hello.txt", 0, kRightFdRead, &fd), kSuccess);
  st<uint32_t>(16, 600);
  st<uint32_t>(20, 5);
  EXPECT_EQ(call("fd_read", {fd, 16, 1, 24}), kSuccess);
  EXPECT_EQ(str(600, 5), "hello");
  EXPECT_EQ(call("fd_write", {fd, 16, 1, 24}), kNotCapable);
  EXPECT_EQ(call("fd_pread", {fd, 16, 1, 0, 24}), kNotCapable);  // needs fd_seek too
  EXPECT_EQ(call("fd_seek", {fd, 0, kWhenceSet, 32}), kNotCapable);
  EXPECT_EQ(call("fd_tell", {fd, 32}), kNotCapable);
  EXPECT_EQ(call("fd_filestat_get", {fd, 64}), kNotCapable);
  EXPECT_EQ(call("fd_filestat_set_size", {fd, 0}), kNotCapable);
  EXPECT_EQ(call("fd_filestat_set_times", {fd, 0, 0, kFstAtimNow}), kNotCapable);
  EXPECT_EQ(call("fd_fdstat_set_flags", {fd, kFdflagAppend}), kNotCapable);
  EXPECT_EQ(call("fd_sync", {fd}), kNotCapable);
  EXPECT_EQ(call("fd_datasync", {fd}), kNotCapable);
  EXPECT_EQ(call("fd_advise", {fd, 0, 0, 0}), kNotCapable);
  EXPECT_EQ(call("fd_allocate", {fd, 0, 1}), kNotCapable);
  // fd_tell alone allows the seek that does not move, and fd_tell.
  ASSERT_EQ(call("fd_fdstat_set_rights", {fd, kRightFdRead, 0}), kSuccess);
  uint32_t t = 0;
  ASSERT_EQ(open("hello.txt", 0, kRightFdRead | kRightFdTell, &t), kSuccess);
  EXPECT_EQ(call("fd_seek", {t, 0, kWhenceCur, 32}), kSuccess);
  EXPECT_EQ(call("fd_seek", {t, 1, kWhenceCur, 32}), kNotCapable);
  EXPECT_EQ(call("fd_tell", {t, 32}), kSuccess);

  // Dropped rights are gone for good.
  uint32_t rw = 0;
  ASSERT_EQ(open("sub/data", kOflagCreat, kRightFdRead | kRightFdWrite | kRightFdSeek, &rw), kSuccess);
  uint32_t n = put(500, "abcd");
  st<uint32_t>(16, 500);
  st<uint32_t>(20, n);
  EXPECT_EQ(call("fd_write", {rw, 16, 1, 24}), kSuccess);
  EXPECT_EQ(call("fd_fdstat_set_rights", {rw, kRightFdSeek, 0}), kSuccess);
  EXPECT_EQ(call("fd_fdstat_get", {rw, 64}), kSuccess);
  EXPECT_EQ(ld<uint64_t>(72), kRightFdSeek);
  EXPECT_EQ(call("fd_seek", {rw, 0, kWhenceSet, 32}), kSuccess);
  EXPECT_EQ(call("fd_write", {rw, 16, 1, 24}), kNotCapable);
  EXPECT_EQ(call("fd_pwrite", {rw, 16, 1, 0, 24}), kNotCapable);
  EXPECT_EQ(call("fd_read", {rw, 16, 1, 24}), kNotCapable);
  EXPECT_EQ(call("fd_fdstat_set_rights", {rw, kRightFdSeek | kRightFdRead, 0}), kNotCapable);
  EXPECT_EQ(fs::file_size(root / "box/sub/data"), 4u);
  // poll_oneoff: an fd that may not read is never ready to read.
  st<uint64_t>(0, 9);
  st<uint8_t>(8, kEventFdRead);
  st<uint32_t>(16, rw);
  EXPECT_EQ(call("poll_oneoff", {0, 100, 1, 200}), kSuccess);
  EXPECT_EQ(ld<uint32_t>(200), 1u);
  EXPECT_EQ(ld<uint16_t>(108), kNotCapable);
}

TEST_F(Host, InheritingRightsBoundPathOpen) {
  make();
  // Without fd_write among the directory's inheriting rights a file opened through it
  // does not get it (and is opened read-only on the host).
  ASSERT_EQ(call("fd_fdstat_set_rights", {3, kRightsDirectoryBase, kRightsDirectoryInheriting & ~kRightFdWrite}),
            kSuccess);
  uint32_t fd = 0;
  ASSERT_EQ(open("hello.txt", 0, kRightFdRead | kRightFdWrite, &fd), kSuccess);
  EXPECT_EQ(call("fd_fdstat_get", {fd, 64}), kSuccess);
  EXPECT_EQ(ld<uint64_t>(72), kRightFdRead);
  uint32_t n = put(500, "XX");
  st<uint32_t>(16, 500);
  st<uint32_t>(20, n);
  EXPECT_EQ(call("fd_write", {fd, 16, 1, 24}), kNotCapable);
  // A directory opened through it passes the bound on.
  uint32_t d = 0;
  ASSERT_EQ(open("sub", kOflagDirectory, kRightsDirectoryBase, &d), kSuccess);
  EXPECT_EQ(call("fd_fdstat_get", {d, 64}), kSuccess);
  EXPECT_EQ(ld<uint64_t>(80), kRightsDirectoryInheriting & ~kRightFdWrite);

  // Creating needs path_create_file, truncating path_filestat_set_size, both on the
  // directory; each path function needs its own right.
  ASSERT_EQ(call("fd_fdstat_set_rights",
                 {3,
                  kRightsDirectoryBase & ~(kRightPathCreateFile | kRightPathFilestatSetSize | kRightPathUnlinkFile |
                                           kRightPathCreateDirectory | kRightPathSymlink | kRightPathOpen),
                  kRightsDirectoryInheriting & ~kRightFdWrite}),
            kSuccess);
  EXPECT_EQ(call("fd_fdstat_get", {3, 64}), kSuccess);
  EXPECT_EQ(ld<uint64_t>(72) & kRightPathCreateFile, 0u);
  EXPECT_EQ(open("new.txt", kOflagCreat, kRightFdRead, &fd), kNotCapable);
  EXPECT_FALSE(fs::exists(root / "box/new.txt"));
  auto path_call = [&](const char* fn, const std::string& p) {
    uint32_t len = put(1000, p);
    return call(fn, {3, 1000, len});
  };
  EXPECT_EQ(path_call("path_unlink_file", "hello.txt"), kNotCapable);
  EXPECT_EQ(path_call("path_create_directory", "newdir"), kNotCapable);
  EXPECT_EQ(call("path_symlink", {1000, put(1000, "hello.txt"), 3, 1100, put(1100, "ln")}), kNotCapable);
  EXPECT_EQ(open("hello.txt", 0, kRightFdRead, &fd), kNotCapable);
  EXPECT_TRUE(fs::exists(root / "box/hello.txt"));
  EXPECT_FALSE(fs::exists(root / "box/newdir"));
  EXPECT_FALSE(fs::is_symlink(root / "box/ln"));
  // Dropped rights cannot come back; the directory opened before keeps its own.
  EXPECT_EQ(call("fd_fdstat_set_rights", {3, kRightsDirectoryBase, 0}), kNotCapable);
  uint32_t len = put(1000, "made-in-sub");
  EXPECT_EQ(call("path_open", {d, 1, 1000, len, kOflagCreat, kRightFdRead, 0, 0, 2000}), kSuccess);
  EXPECT_TRUE(fs::exists(root / "box/sub/made-in-sub"));
}

TEST_F(Host, TruncateNeedsPathFilestatSetSize) {
  make();
  uint32_t fd = 0;
  ASSERT_EQ(
      call("fd_fdstat_set_rights", {3, kRightsDirectoryBase & ~kRightPathFilestatSetSize, kRightsDirectoryInheriting}),
      kSuccess);
  EXPECT_EQ(open("hello.txt", kOflagTrunc, 0, &fd), kNotCapable);
  EXPECT_EQ(fs::file_size(root / "box/hello.txt"), 12u);
  EXPECT_EQ(open("hello.txt", 0, 0, &fd), kSuccess);
}

TEST_F(Host, TrailingSlashOnNewLinkName) {
  make();
  auto symlink = [&](const std::string& target, const std::string& name) {
    uint32_t t = put(1000, target), n = put(1100, name);
    return call("path_symlink", {1000, t, 3, 1100, n});
  };
  auto link = [&](uint32_t follow, const std::string& from, const std::string& to) {
    uint32_t f = put(1000, from), t = put(1100, to);
    return call("path_link", {3, follow, 1000, f, 3, 1100, t});
  };
  EXPECT_EQ(symlink("hello.txt", "new/"), kNoEnt);
  EXPECT_FALSE(fs::exists(fs::symlink_status(root / "box/new")));
  EXPECT_EQ(symlink("hello.txt", "sub/"), kExist);
  EXPECT_EQ(symlink("x", "hello.txt/"), kExist);
  EXPECT_EQ(symlink("hello.txt", "new"), kSuccess);
  EXPECT_EQ(link(0, "hello.txt", "hard/"), kNoEnt);
  EXPECT_FALSE(fs::exists(fs::symlink_status(root / "box/hard")));
  EXPECT_EQ(link(0, "hello.txt", "sub/"), kExist);
  EXPECT_EQ(link(0, "hello.txt", "new/"), kExist);  // the symlink made above
  EXPECT_EQ(link(0, "hello.txt/", "hard"), kNotDir);
  EXPECT_EQ(link(0, "hello.txt", "hard"), kSuccess);
  EXPECT_EQ(fs::hard_link_count(root / "box/hello.txt"), 2u);
}

TEST_F(Host, PathLinkFollowStaysInside) {
  make();
  fs::create_symlink("hello.txt", root / "box/inside");
  fs::create_symlink("nothing-here", root / "box/dangling");
  fs::create_symlink("../outside/secret.txt", root / "box/escape");
  auto link = [&](uint32_t follow, const std::string& from, const std::string& to) {
    uint32_t f = put(1000, from), t = put(1100, to);
    return call("path_link", {3, follow, 1000, f, 3, 1100, t});
  };
  // Followed: the file the link leads to is linked.
  EXPECT_EQ(link(kLookupSymlinkFollow, "inside", "h2"), kSuccess);
  EXPECT_FALSE(fs::is_symlink(root / "box/h2"));
  EXPECT_TRUE(fs::equivalent(root / "box/h2", root / "box/hello.txt"));
  EXPECT_EQ(link(kLookupSymlinkFollow, "dangling", "d2"), kNoEnt);
  EXPECT_EQ(link(kLookupSymlinkFollow, "escape", "s2"), kNotCapable);
  EXPECT_FALSE(fs::exists(fs::symlink_status(root / "box/d2")));
  EXPECT_FALSE(fs::exists(fs::symlink_status(root / "box/s2")));
  EXPECT_EQ(fs::hard_link_count(root / "outside/secret.txt"), 1u);
  // Not followed: the link itself is linked.
  EXPECT_EQ(link(0, "dangling", "d3"), kSuccess);
  EXPECT_TRUE(fs::is_symlink(root / "box/d3"));
}

TEST_F(Host, SymlinkTimesWithoutFollowing) {
  make();
  fs::create_symlink("hello.txt", root / "box/ln");
  struct stat before;
  ASSERT_EQ(stat((root / "box/hello.txt").c_str(), &before), 0);
  uint32_t n = put(1000, "ln");
  const uint64_t t = 1'000'000'000ull * 1'000'000'000ull;  // 2001-09-09
  EXPECT_EQ(call("path_filestat_set_times", {3, 0, 1000, n, 0, t, kFstMtim}), kSuccess);
  struct stat l, f;
  ASSERT_EQ(lstat((root / "box/ln").c_str(), &l), 0);
  ASSERT_EQ(stat((root / "box/hello.txt").c_str(), &f), 0);
  EXPECT_EQ(l.st_mtim.tv_sec, 1'000'000'000);
  EXPECT_EQ(f.st_mtim.tv_sec, before.st_mtim.tv_sec);
  // Following it sets the file's.
  EXPECT_EQ(call("path_filestat_set_times", {3, kLookupSymlinkFollow, 1000, n, 0, t + 5'000'000'000ull, kFstMtim}),
            kSuccess);
  ASSERT_EQ(stat((root / "box/hello.txt").c_str(), &f), 0);
  EXPECT_EQ(f.st_mtim.tv_sec, 1'000'000'005);
  ASSERT_EQ(lstat((root / "box/ln").c_str(), &l), 0);
  EXPECT_EQ(l.st_mtim.tv_sec, 1'000'000'000);
  // A link that leaves the sandbox has its own times set, never its target's.
  n = put(1000, "out");
  EXPECT_EQ(call("path_filestat_set_times", {3, 0, 1000, n, 0, t, kFstMtim}), kSuccess);
  EXPECT_EQ(call("path_filestat_set_times", {3, kLookupSymlinkFollow, 1000, n, 0, t, kFstMtim}), kNotCapable);
  ASSERT_EQ(stat((root / "outside").c_str(), &f), 0);
  EXPECT_NE(f.st_mtim.tv_sec, 1'000'000'000);
}

TEST_F(Host, SocketCalls) {
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  WasiOptions o;
  o.stdin_fd = sv[0];  // a socket is only ever inherited
  make(o);
  EXPECT_EQ(call("sock_shutdown", {99, kSdflagWr}), kBadf);
  EXPECT_EQ(call("sock_shutdown", {3, kSdflagWr}), kNotSock);  // a directory
  EXPECT_EQ(call("sock_shutdown", {1, kSdflagWr}), kNotSock);  // a pipe
  EXPECT_EQ(call("sock_shutdown", {0, 0}), kInval);
  EXPECT_EQ(call("sock_shutdown", {0, 4}), kInval);
  EXPECT_EQ(call("sock_shutdown", {0, kSdflagWr}), kSuccess);
  char c;
  EXPECT_EQ(recv(sv[1], &c, 1, MSG_DONTWAIT), 0);  // the peer sees the end (not EAGAIN)
  EXPECT_EQ(call("sock_accept", {99, 0, 100}), kBadf);
  EXPECT_EQ(call("sock_accept", {1, 0, 100}), kNotSock);
  EXPECT_EQ(call("sock_accept", {0, 0, 100}), kNoSys);
  EXPECT_EQ(call("sock_recv", {3, 0, 0, 0, 100, 104}), kNotSock);
  EXPECT_EQ(call("sock_recv", {0, 0, 0, 0, 100, 104}), kNoSys);
  EXPECT_EQ(call("sock_send", {42, 0, 0, 0, 100}), kBadf);
  EXPECT_EQ(call("sock_send", {0, 0, 0, 0, 100}), kNoSys);
  // Without the right: ENOTCAPABLE.
  ASSERT_EQ(call("fd_fdstat_set_rights", {0, kRightFdRead, 0}), kSuccess);
  EXPECT_EQ(call("sock_shutdown", {0, kSdflagRd}), kNotCapable);
  ctx.reset();
  close(sv[0]);
  close(sv[1]);
}

TEST_F(Host, ProcExitAndUnknown) {
  make();
  Value arg = Value::from_i32(7);
  Status s = ctx->call("proc_exit", std::span<uint8_t>(mem), &arg, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Exit);
  EXPECT_EQ(s.error().exit_code, 7);
  Value res;
  s = ctx->call("proc_raise", std::span<uint8_t>(mem), std::vector<Value>(1).data(), &res);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(res.i32, kNoSys);
  EXPECT_FALSE(ctx->call("no_such_function", std::span<uint8_t>(mem), nullptr, &res).ok());
}

TEST_F(Host, MissingPreopenFails) {
  WasiOptions o;
  o.preopens.push_back({(root / "nope").string(), "/nope"});
  auto r = WasiContext::create(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Io);
}

}  // namespace

// Through the runtime: the functions link() defines, called as the interpreter would
// with a MemoryInst from the Store.
#include "runtime/instantiate.h"
#include "runtime/store.h"

namespace {

TEST_F(Host, LinkedHostFunctionsUseCallerMemory) {
  WasiOptions o;
  o.args = {"prog", "x"};
  make(o);
  Store store;
  auto mem = store.new_memory(MemoryType{Limits{1, 1}});
  ASSERT_TRUE(mem.ok());
  MemoryInst* m = mem.value();

  // A module importing an implemented function and one this build lacks.
  Module mod;
  mod.types.push_back(FuncType{{ValType::I32, ValType::I32}, {ValType::I32}});
  mod.types.push_back(FuncType{{ValType::I64}, {ValType::I32}});
  Import a;
  a.module = WasiContext::kModuleName;
  a.name = "args_sizes_get";
  a.func_type = 0;
  Import b = a;
  b.name = "some_future_function";
  b.func_type = 1;
  mod.imports = {a, b};

  Linker linker;
  ctx->link(linker, store, &mod);
  const Extern* e = linker.find(WasiContext::kModuleName, "args_sizes_get");
  ASSERT_NE(e, nullptr);
  FuncInst* f = e->func();
  ASSERT_TRUE(f->is_host());
  EXPECT_EQ(f->type, mod.types[0]);
  HostCall call{store, nullptr, m, f->host_user};
  Value args[2] = {Value::from_i32(100), Value::from_i32(65534)};
  Value res;
  ASSERT_TRUE(f->host(call, args, &res).ok());
  EXPECT_EQ(res.i32, kFault);  // 65534 + 4 is past the 64 KiB memory
  args[1] = Value::from_i32(104);
  ASSERT_TRUE(f->host(call, args, &res).ok());
  EXPECT_EQ(res.i32, kSuccess);
  uint32_t argc = 0, size = 0;
  std::memcpy(&argc, m->data + 100, 4);
  std::memcpy(&size, m->data + 104, 4);
  EXPECT_EQ(argc, 2u);
  EXPECT_EQ(size, 7u);

  // No memory at all: EFAULT, not a crash.
  HostCall nomem{store, nullptr, nullptr, f->host_user};
  ASSERT_TRUE(f->host(nomem, args, &res).ok());
  EXPECT_EQ(res.i32, kFault);

  const Extern* stub = linker.find(WasiContext::kModuleName, "some_future_function");
  ASSERT_NE(stub, nullptr);
  EXPECT_EQ(stub->func()->type, mod.types[1]);
  Value arg64 = Value::from_i64(1);
  ASSERT_TRUE(stub->func()->host(call, &arg64, &res).ok());
  EXPECT_EQ(res.i32, kNoSys);

  // proc_exit unwinds with an Exit error.
  FuncInst* exit_fn = linker.find(WasiContext::kModuleName, "proc_exit")->func();
  Value code = Value::from_i32(3);
  Status st = exit_fn->host(call, &code, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::Exit);
  EXPECT_EQ(st.error().exit_code, 3);
  auto r = store.invoke(exit_fn, {code});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Exit);
  EXPECT_EQ(r.error().exit_code, 3);
}

}  // namespace
