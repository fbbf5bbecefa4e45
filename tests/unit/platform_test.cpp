// The platform layer's services, as the runtime relies on them (src/platform).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "platform/clock.h"
#include "platform/code_memory.h"
#include "platform/files.h"
#include "platform/memory.h"
#include "platform/native_stack.h"
#include "platform/thread.h"

namespace akira {
namespace {

TEST(Platform, ClockIsMonotonic) {
  uint64_t a = platform::monotonic_ns(), ta = platform::ticks();
  volatile uint64_t sink = 0;
  for (int i = 0; i < 100000; ++i) sink = sink + i;
  uint64_t b = platform::monotonic_ns(), tb = platform::ticks();
  EXPECT_GT(a, 0u);
  EXPECT_GE(b, a);
  EXPECT_GE(tb, ta);
}

TEST(Platform, Threads) {
  EXPECT_NE(platform::current_thread(), 0u);
  EXPECT_EQ(platform::current_thread(), platform::current_thread());
}

TEST(Platform, NativeStack) {
  size_t left = platform::native_stack_remaining();
  EXPECT_GT(left, 16u << 10);
  uintptr_t limit = platform::native_stack_limit(0);
  if (limit) {
    uintptr_t here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    EXPECT_LT(limit, here);
    EXPECT_EQ(platform::native_stack_limit(4096), limit + 4096);
  }
}

TEST(Platform, GuardedMemory) {
  if (!platform::has_guard_pages()) GTEST_SKIP() << "no guard pages on this platform";
  uint8_t* p = platform::reserve_guarded(platform::kGuardedReservation);
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(platform::commit_guarded(p, 2 * 65536));
  EXPECT_EQ(p[0], 0);
  EXPECT_EQ(p[2 * 65536 - 1], 0);
  p[65536] = 5;
  ASSERT_TRUE(platform::commit_guarded(p + 2 * 65536, 65536));
  EXPECT_EQ(p[65536], 5);
  EXPECT_EQ(p[3 * 65536 - 1], 0);
  platform::release_guarded(p, platform::kGuardedReservation);
}

TEST(Platform, BoundedMemory) {
  uint8_t* p = platform::resize_bounded(nullptr, 0, 65536);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p[65535], 0);
  p[10] = 3;
  uint8_t* q = platform::resize_bounded(p, 65536, 4 * 65536);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q[10], 3);
  for (size_t i = 65536; i < 4 * 65536; i += 4096) ASSERT_EQ(q[i], 0);
  EXPECT_EQ(q[4 * 65536 - 1], 0);
  platform::release_bounded(q, 4 * 65536);
  platform::release_bounded(nullptr, 0);
}

TEST(Platform, CodeMemory) {
  size_t page = platform::code_page_size();
  ASSERT_GT(page, 0u);
  EXPECT_EQ(page & (page - 1), 0u);  // a power of two
  size_t size = 3 * page;
  uint8_t* p = platform::allocate_code(size);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % page, 0u);
  EXPECT_EQ(p[size - 1], 0);
  p[0] = 0xc3;
  p[page] = 1;      // rodata
  p[2 * page] = 2;  // data
  ASSERT_TRUE(platform::protect_code(p, 1, page, 1));
  EXPECT_EQ(p[0], 0xc3);  // code stays readable
  EXPECT_EQ(p[page], 1);
  p[2 * page] = 3;  // data stays writable
  EXPECT_EQ(p[2 * page], 3);
  platform::release_code(p, size);
}

TEST(Platform, Files) {
  char dir[] = "/tmp/akira-platform-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string d = dir;
  std::string big(200000, 'x');
  big[123456] = 'y';
  std::ofstream(d + "/b.bin", std::ios::binary) << big;
  std::ofstream(d + "/a.txt") << "hello";
  std::ofstream(d + "/empty");
  ASSERT_EQ(std::system(("mkdir " + d + "/sub").c_str()), 0);

  auto a = platform::read_file(d + "/a.txt");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(std::string(a->begin(), a->end()), "hello");
  auto b = platform::read_file(d + "/b.bin");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(std::string(b->begin(), b->end()), big);
  auto e = platform::read_file(d + "/empty");
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->empty());
  auto missing = platform::read_file(d + "/none");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::Io);
  EXPECT_EQ(missing.error().message, d + "/none: cannot open");

  auto list = platform::list_directory(d);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 4u);
  EXPECT_EQ((*list)[0].name, "a.txt");
  EXPECT_EQ((*list)[1].name, "b.bin");
  EXPECT_EQ((*list)[2].name, "empty");
  EXPECT_EQ((*list)[3].name, "sub");
  EXPECT_FALSE((*list)[0].is_dir);
  EXPECT_TRUE((*list)[3].is_dir);
  EXPECT_FALSE(platform::list_directory(d + "/none").ok());

  ASSERT_EQ(std::system(("rm -rf " + d).c_str()), 0);
}

}  // namespace
}  // namespace akira
