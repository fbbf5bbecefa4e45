// Linear-memory backing on POSIX: guarded reservations on 64-bit hosts (mmap PROT_NONE,
// committed with mprotect), plain allocations everywhere.
#include "platform/memory.h"

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>

namespace akira::platform {

// 32-bit hosts cannot reserve 8 GiB: their memories are bounded allocations.
bool has_guard_pages() { return sizeof(void*) == 8; }

uint8_t* reserve_guarded(uint64_t bytes) {
  if (!has_guard_pages() || bytes > SIZE_MAX) return nullptr;
  void* p = mmap(nullptr, static_cast<size_t>(bytes), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
}

bool commit_guarded(uint8_t* at, uint64_t bytes) {
  return mprotect(at, static_cast<size_t>(bytes), PROT_READ | PROT_WRITE) == 0;
}

void release_guarded(uint8_t* base, uint64_t bytes) {
  if (base) munmap(base, static_cast<size_t>(bytes));
}

uint8_t* resize_bounded(uint8_t* base, uint64_t old_bytes, uint64_t new_bytes) {
  if (new_bytes > SIZE_MAX) return nullptr;
  auto* p = static_cast<uint8_t*>(std::realloc(base, static_cast<size_t>(new_bytes)));
  if (!p) return nullptr;
  if (new_bytes > old_bytes) std::memset(p + old_bytes, 0, static_cast<size_t>(new_bytes - old_bytes));
  return p;
}

void release_bounded(uint8_t* base, uint64_t) { std::free(base); }

}  // namespace akira::platform
