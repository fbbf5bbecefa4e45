// The path resolver that confines WASI paths beneath a preopened directory, tested
// both with openat2(RESOLVE_BENEATH) and with the portable component-by-component walk.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "wasi/sandbox.h"

namespace fs = std::filesystem;
using namespace akira::wasi;

namespace {

class Sandbox : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    set_force_portable_resolver(GetParam());
    char tmpl[] = "/tmp/akira-sandbox-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root = tmpl;
    fs::create_directories(root / "box/a/b");
    fs::create_directories(root / "outside");
    std::ofstream(root / "box/a/b/file.txt") << "inside";
    std::ofstream(root / "outside/secret.txt") << "secret";
    fs::create_directory_symlink("a/b", root / "box/link_in");
    fs::create_directory_symlink("../outside", root / "box/link_out");
    fs::create_directory_symlink("/etc", root / "box/link_abs");
    fs::create_symlink("../outside/new.txt", root / "box/link_dangling_out");
    fs::create_symlink("a/b/file.txt", root / "box/link_file");
    fs::create_symlink("loop2", root / "box/loop1");
    fs::create_symlink("loop1", root / "box/loop2");
    fs::create_directory_symlink("../../..", root / "box/a/b/up3");
    dirfd = ::open((root / "box").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(dirfd, 0);
  }
  void TearDown() override {
    ::close(dirfd);
    set_force_portable_resolver(false);
    fs::remove_all(root);
  }
  std::string read_fd(int fd) {
    char buf[64];
    ssize_t n = ::read(fd, buf, sizeof buf);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  }
  // Opens read-only; returns the content or "E<errno>".
  std::string open_read(const std::string& p, bool follow = true) {
    int fd = open_beneath(dirfd, p, O_RDONLY, 0, follow);
    if (fd < 0) return "E" + std::to_string(-fd);
    std::string s = read_fd(fd);
    ::close(fd);
    return s;
  }
  fs::path root;
  int dirfd = -1;
};

const std::string kEsc = "E" + std::to_string(kEscape);

TEST_P(Sandbox, NormalNestedPaths) {
  EXPECT_EQ(open_read("a/b/file.txt"), "inside");
  EXPECT_EQ(open_read("./a//b/./file.txt"), "inside");
  EXPECT_EQ(open_read("a/../a/b/../b/file.txt"), "inside");
  EXPECT_EQ(open_read("a/b/missing"), "E" + std::to_string(ENOENT));
  EXPECT_EQ(open_read("a/b/file.txt/x"), "E" + std::to_string(ENOTDIR));
  EXPECT_EQ(open_read(""), "E" + std::to_string(ENOENT));
}

TEST_P(Sandbox, DotDotAboveRootIsRefused) {
  EXPECT_EQ(open_read(".."), kEsc);
  EXPECT_EQ(open_read("../outside/secret.txt"), kEsc);
  EXPECT_EQ(open_read("a/../../outside/secret.txt"), kEsc);
  EXPECT_EQ(open_read("a/b/../../../box/a/b/file.txt"), kEsc);
}

TEST_P(Sandbox, AbsolutePathsAreRefused) {
  EXPECT_EQ(open_read("/etc/passwd"), kEsc);
  EXPECT_EQ(open_read((root / "outside/secret.txt").string()), kEsc);
}

TEST_P(Sandbox, SymlinksInsideAreFollowed) {
  EXPECT_EQ(open_read("link_in/file.txt"), "inside");
  EXPECT_EQ(open_read("link_file"), "inside");
}

TEST_P(Sandbox, SymlinkEscapesAreRefused) {
  EXPECT_EQ(open_read("link_out/secret.txt"), kEsc);
  EXPECT_EQ(open_read("link_abs/passwd"), kEsc);
  EXPECT_EQ(open_read("a/b/up3/outside/secret.txt"), kEsc);
  // Creating through a dangling link that points outside creates nothing outside.
  int fd = open_beneath(dirfd, "link_dangling_out", O_WRONLY | O_CREAT, 0644, true);
  EXPECT_EQ(fd, -kEscape);
  EXPECT_FALSE(fs::exists(root / "outside/new.txt"));
}

TEST_P(Sandbox, NoFollowFinalComponent) {
  // Without follow, a final symlink is not followed: O_PATH gets the link itself...
  int fd = open_beneath(dirfd, "link_out", O_PATH, 0, false);
  ASSERT_GE(fd, 0);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  ::close(fd);
  // ...and a real open fails with ELOOP.
  EXPECT_EQ(open_read("link_file", false), "E" + std::to_string(ELOOP));
}

TEST_P(Sandbox, SymlinkLoops) { EXPECT_EQ(open_read("loop1"), "E" + std::to_string(ELOOP)); }

TEST_P(Sandbox, CreateInside) {
  int fd = open_beneath(dirfd, "a/new.txt", O_WRONLY | O_CREAT | O_EXCL, 0644, true);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "x", 1), 1);
  ::close(fd);
  EXPECT_TRUE(fs::exists(root / "box/a/new.txt"));
  EXPECT_EQ(open_beneath(dirfd, "a/new.txt", O_WRONLY | O_CREAT | O_EXCL, 0644, true), -EEXIST);
}

TEST_P(Sandbox, OpenDirectory) {
  int fd = open_beneath(dirfd, "a", O_RDONLY | O_DIRECTORY, 0, true);
  ASSERT_GE(fd, 0);
  ::close(fd);
  fd = open_beneath(dirfd, "link_in", O_RDONLY | O_DIRECTORY, 0, true);
  ASSERT_GE(fd, 0);
  ::close(fd);
  EXPECT_EQ(open_beneath(dirfd, "a/b/file.txt", O_RDONLY | O_DIRECTORY, 0, true), -ENOTDIR);
  EXPECT_EQ(open_beneath(dirfd, ".", O_RDONLY | O_DIRECTORY, 0, true) >= 0, true);
}

TEST_P(Sandbox, TrailingSlashMeansDirectory) {
  int fd = open_beneath(dirfd, "a/b/", O_RDONLY, 0, false);
  ASSERT_GE(fd, 0);
  ::close(fd);
  EXPECT_EQ(open_read("a/b/file.txt/"), "E" + std::to_string(ENOTDIR));
}

TEST_P(Sandbox, ParentResolution) {
  ParentDir p = open_parent_beneath(dirfd, "a/b/newdir/");
  ASSERT_GE(p.fd, 0);
  EXPECT_EQ(p.name, "newdir");
  EXPECT_TRUE(p.trailing_slash);
  ASSERT_EQ(mkdirat(p.fd, p.name.c_str(), 0755), 0);
  ::close(p.fd);
  EXPECT_TRUE(fs::is_directory(root / "box/a/b/newdir"));

  p = open_parent_beneath(dirfd, "top");
  ASSERT_GE(p.fd, 0);
  EXPECT_EQ(p.name, "top");
  ::close(p.fd);

  EXPECT_EQ(open_parent_beneath(dirfd, "../x").err, kEscape);
  EXPECT_EQ(open_parent_beneath(dirfd, "/tmp/x").err, kEscape);
  EXPECT_EQ(open_parent_beneath(dirfd, "link_out/x").err, kEscape);
  EXPECT_EQ(open_parent_beneath(dirfd, "").err, ENOENT);
}

INSTANTIATE_TEST_SUITE_P(Resolvers, Sandbox, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Portable" : "Openat2"; });

}  // namespace
